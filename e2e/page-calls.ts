// `npm run bench` (via bench/page-calls.ts): cloud calls per page load, measured in the browser preview: every route of app.json opened fresh
// (a patron with a bound card; staff pages as admin-local), calls counted until the page settles.
import { startLocalCloud } from '../devcloud/server';
import { chromiumPath, launchChromium } from './browser';
import { Preview } from './driver';
import { ensureStaff } from './setup';
import { bindWalk, PATRON } from './walks';
import { getJson, table } from '../bench/lib';

const ADMIN = 'admin-local';

export async function pageCalls(): Promise<void> {
  console.log('\n## Cloud calls per page load (browser preview, first load of each page; target 1)');
  try {
    chromiumPath();
  } catch (err) {
    console.log(`skipped: ${(err as Error).message.split('\n')[0]}`);
    return;
  }
  const cloud = await startLocalCloud({ port: 0, dataDir: null, seed: 'demo', adminOpenids: [ADMIN], workers: 2, preview: true });
  const browser = await launchChromium();
  try {
    await ensureStaff(cloud.url);
    const p = await Preview.open(browser, cloud.url);
    await bindWalk.run(p, (_name, fn) => fn());
    const first = async (coll: string) => ((await getJson(`${cloud.url}/dev/db/${coll}`)).docs?.[0]?._id as string | undefined) ?? '';
    // Every page gets every id a page of this app reads from its query; the others ignore them.
    const query = new URLSearchParams({ prizeId: 'prize-bookmark', eventId: await first('events'), donationId: await first('donations') }).toString();
    const routes: string[] = (await getJson(`${cloud.url}/preview/meta.json`)).routes;
    const rows: (string | number)[][] = [['page', 'as', 'calls', 'goal', 'actions', 'banner']];
    let caller = PATRON;
    for (const route of routes) {
      const as = route.startsWith('staff/') ? ADMIN : PATRON;
      if (as !== caller) {
        await p.switchCaller(as);
        caller = as;
      }
      await p.open(`${route}?${query}`);
      await p.page.waitForTimeout(200);
      await p.ready();
      const calls = (await p.calls()).filter((c) => c.route === route);
      const banner = (await p.banner()).replace(/^×/, '').replace(/\s+/g, ' ').trim();
      rows.push([route, as === ADMIN ? 'admin' : 'patron', calls.length, 1, calls.map((c) => `${c.fn}.${c.action ?? '?'}`).join(' '), banner || '-']);
    }
    console.log(table(rows));
    const over = rows.slice(1).filter((r) => Number(r[2]) > 1);
    console.log(over.length ? `pages above the goal of 1 call: ${over.map((r) => `${r[0]} (${r[2]})`).join(', ')}` : 'pages above the goal of 1 call: none');
    console.log('0 calls: forms with nothing to load (bind-card, feedback). Desk scan pages (redeem-scan, donation-scan) spend'
      + ' their one call on the role check: they have no data until a code is scanned. Exceptions and why: docs/PAGES.md.');
    await p.close();
  } finally {
    await browser.close();
    await cloud.close();
  }
}

if (require.main === module) {
  pageCalls().then(() => process.exit(0), (err) => {
    console.error(err);
    process.exit(1);
  });
}
