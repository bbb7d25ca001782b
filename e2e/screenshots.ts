// `npm run screenshots`: PNGs of the main pages, taken from the live preview (a local cloud of its
// own, in memory, demo data) after the core walks made a card, a check-in and a redemption.
// Writes docs/screenshots/*.png (shown in the README).
import fs from 'fs';
import path from 'path';
import { startLocalCloud } from '../devcloud/server';
import { launchChromium } from './browser';
import { Preview } from './driver';
import { CORE_WALKS, PATRON, STAFF } from './walks';
import { ensureStaff, expectPreviewBuilds } from './setup';

const OUT = path.resolve(__dirname, '..', 'docs', 'screenshots');

interface Shot { file: string; route: string; as?: string; then?: (p: Preview) => Promise<void> }

const SHOTS: Shot[] = [
  { file: 'home', route: 'pages/home/home' },
  { file: 'checkin', route: 'pages/checkin/checkin' },
  { file: 'rewards', route: 'pages/rewards/rewards' },
  { file: 'prize', route: 'pages/prize/prize?prizeId=prize-canvas-bag' },
  { file: 'redemptions', route: 'pages/redemptions/redemptions' },
  { file: 'mine', route: 'pages/mine/mine' },
  { file: 'ledger', route: 'pages/ledger/ledger' },
  { file: 'faq', route: 'pages/faq/faq', then: async (p) => { await p.tap('van-collapse-item'); await p.page.waitForTimeout(400); } },
  { file: 'staff-index', route: 'staff/index/index', as: STAFF },
  { file: 'staff-scan', route: 'staff/redeem-scan/redeem-scan', as: STAFF, then: async (p) => { await p.tap('#scan'); await p.page.waitForTimeout(300); } },
  { file: 'events-list', route: 'events/list/list' },
  { file: 'events-mine', route: 'events/mine/mine' },
  { file: 'books-recommend', route: 'books/recommend/recommend' },
  { file: 'books-mine', route: 'books/mine/mine' },
];

async function main(): Promise<void> {
  fs.mkdirSync(OUT, { recursive: true });
  const cloud = await startLocalCloud({ port: 0, dataDir: null, seed: 'demo', adminOpenids: ['admin-local'], workers: 2, preview: true });
  const browser = await launchChromium();
  try {
    await ensureStaff(cloud.url);
    await expectPreviewBuilds(cloud.url);
    const p = await Preview.open(browser, cloud.url);
    for (const walk of CORE_WALKS) await walk.run(p, (_name, fn) => fn());
    // One more redemption, left pending: its QR on 我的兑换, its code in the desk's scan dialog.
    await p.open('pages/prize/prize?prizeId=prize-bookmark');
    await p.tap('#redeem');
    await p.tap('#yue-modal-confirm');
    await p.see('兑换成功');
    let caller = PATRON;
    for (const shot of SHOTS) {
      const as = shot.as ?? PATRON;
      if (as !== caller) {
        await p.switchCaller(as);
        caller = as;
      }
      await p.open(shot.route);
      await shot.then?.(p);
      await p.page.waitForTimeout(300);
      const file = path.join(OUT, `${shot.file}.png`);
      await p.page.locator('#phone-frame').screenshot({ path: file });
      const banner = await p.banner();
      console.log(`  ${path.relative(process.cwd(), file)}${banner ? `  (banner: ${banner})` : ''}`);
    }
    await p.close();
  } finally {
    await browser.close();
    await cloud.close();
  }
}

main().then(() => process.exit(0), (err) => {
  console.error(err);
  process.exit(1);
});
