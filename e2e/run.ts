// `npm run e2e`: the browser walks against a local cloud of their own (port 0, in memory, demo
// seed), in Debian's chromium. A failing step leaves a screenshot and the console log in .e2e/.
import { startLocalCloud } from '../devcloud/server';
import { launchChromium, chromiumPath } from './browser';
import { ARTIFACTS, Preview } from './driver';
import { ensureStaff, expectPreviewBuilds } from './setup';
import { CORE_WALKS, type Walk } from './walks';
import { extraWalks } from './walks-more';
import { ecardWalk } from './walks-sip2';
import { a11yWalk } from './walks-a11y';
import { reportWalk } from './walks-reports';

async function main(): Promise<number> {
  try {
    chromiumPath();
  } catch (err) {
    console.error((err as Error).message);
    return 1;
  }
  const only = process.argv.slice(2);
  const walks = [...CORE_WALKS, ...extraWalks(), a11yWalk];
  // Walks that need no patron history: a suite of their own, run alone when named.
  const adminWalks = [reportWalk];
  const sip2Walks = [ecardWalk];
  const unmatched = only.filter((o) => ![...walks, ...adminWalks, ...sip2Walks].some((w) => w.name.includes(o)));
  if (unmatched.length) {
    console.error(`e2e: no walk is named like ${unmatched.map((o) => JSON.stringify(o)).join(', ')}; the walks are:\n${walks.map((w) => `  ${w.name}`).join('\n')}`);
    return 1;
  }
  const cloud = await startLocalCloud({ port: 0, dataDir: null, seed: 'demo', adminOpenids: ['admin-local'], workers: 2, preview: true });
  const browser = await launchChromium();
  let failed = 0;
  try {
    await ensureStaff(cloud.url);
    await expectPreviewBuilds(cloud.url);
    // One patron all along: each walk builds on the last (card, points, clock).
    // The e-card walk runs on a local cloud of its own with the stand-in library system (SIP2).
    const suites: Array<{ name: string; walks: Walk[]; sip2?: boolean }> = [{ name: 'walk', walks }, { name: 'admin', walks: adminWalks }, { name: 'sip2', walks: sip2Walks, sip2: true }];
    for (const suite of suites) {
      if (only.length && !suite.walks.some((w) => only.some((o) => w.name.includes(o)))) continue;
      const own = suite.sip2 ? await startLocalCloud({ port: 0, dataDir: null, seed: 'demo', adminOpenids: ['admin-local'], workers: 2, preview: true, build: false, sip2: {} }) : null;
      const preview = await Preview.open(browser, (own ?? cloud).url);
      let skipRest = false;
      // A filter runs the walks up to the last one it names: each walk builds on the ones before.
      const named = suite.walks.map((w, i) => (only.some((o) => w.name.includes(o)) ? i : -1));
      const last = only.length ? Math.max(...named) : suite.walks.length - 1;
      for (const walk of suite.walks.slice(0, last + 1)) {
        const started = Date.now();
        if (skipRest) {
          console.log(`  - ${walk.name} (skipped: an earlier walk of this suite failed)`);
          continue;
        }
        let current = '';
        try {
          await walk.run(preview, async (name, fn) => {
            current = name;
            await fn();
          });
          const banner = await preview.banner();
          if (banner) throw new Error(`the preview shows a banner: ${banner}`);
          console.log(`  ✓ ${walk.name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
        } catch (err) {
          failed++;
          skipRest = true;
          const files = await preview.saveFailure(`${suite.name}-${walk.name.slice(0, 40)}-${current}`);
          console.log(`  ✗ ${walk.name}\n    step: ${current}\n    ${(err as Error).message.split('\n').join('\n    ')}\n    saved: ${files.join(', ')}`);
        }
      }
      await preview.close();
      await own?.close();
    }
  } finally {
    await browser.close();
    await cloud.close();
  }
  if (failed) console.log(`e2e: ${failed} walk(s) failed; screenshots and console logs in ${ARTIFACTS}`);
  else console.log('e2e: all walks passed');
  return failed ? 1 : 0;
}

main().then((code) => process.exit(code), (err) => {
  console.error(err);
  process.exit(1);
});
