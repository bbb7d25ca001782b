// `npm run bench` (via bench/a11y.ts): the accessibility sweep (e2e/a11y.ts) on a fresh local
// cloud, every violation counted by rule, plus the layout problems at the largest font size.
import { startLocalCloud } from '../devcloud/server';
import { table } from '../bench/lib';
import { a11ySweep, countByRule, FONT_SCALES, pageQuery } from './a11y';
import { chromiumPath, launchChromium } from './browser';
import { Preview } from './driver';
import { ensureStaff } from './setup';
import { bindWalk, PATRON } from './walks';
import { a11yProblems } from './walks-a11y';

export async function a11yBench(): Promise<void> {
  console.log(`\n## Accessibility (axe-core in the browser preview; every route × 4 callers × font ${FONT_SCALES.map((s) => `${s * 100} %`).join(' / ')})`);
  try {
    chromiumPath();
  } catch (err) {
    console.log(`skipped: ${(err as Error).message.split('\n')[0]}`);
    return;
  }
  const cloud = await startLocalCloud({ port: 0, dataDir: null, seed: 'demo', adminOpenids: ['admin-local'], workers: 2, preview: true });
  const browser = await launchChromium();
  try {
    await ensureStaff(cloud.url);
    const p = await Preview.open(browser, cloud.url);
    await bindWalk.run(p, (_name, fn) => fn());
    const routes: string[] = (await (await fetch(`${cloud.url}/preview/meta.json`)).json()).routes;
    const started = Date.now();
    const verbose = !!process.env.YUE_A11Y_VERBOSE;
    const results = await a11ySweep(p, routes, PATRON, await pageQuery(cloud.url), (r) => {
      if (!verbose) return;
      const at = `${((Date.now() - started) / 1000).toFixed(1)} s ${r.caller} ${r.scale * 100}% ${r.route}`;
      console.log(`${at}: ${r.violations.length} rules, ${r.layout.length} layout`);
      for (const v of r.violations) console.log(`    ${v.rule} (${v.impact}, ${v.nodes}) ${v.targets.join(' | ')}`);
      for (const l of r.layout) console.log(`    layout: ${l}`);
    });
    const seconds = (Date.now() - started) / 1000;
    const rows = countByRule(results);
    console.log(table([['rule', 'worst impact', 'page views', 'nodes'], ...rows.map((r) => [r.rule, r.impact, r.pages, r.nodes])]));
    const blocking = rows.filter((r) => r.impact === 'serious' || r.impact === 'critical');
    console.log(`${results.length} page views in ${seconds.toFixed(1)} s; violations: ${rows.reduce((s, r) => s + r.nodes, 0)} nodes in ${rows.length} rules (serious/critical: ${blocking.reduce((s, r) => s + r.nodes, 0)} nodes)`);
    const layout = results.filter((r) => r.layout.length);
    console.log(`layout problems (largest font: too wide / clipped; standard font: tap targets < 44 px): ${layout.reduce((s, r) => s + r.layout.length, 0)} on ${layout.length} page views`);
    const problems = a11yProblems(results);
    console.log(`the e2e accessibility walk would ${problems.length ? `fail on ${problems.length} problem(s)` : 'pass'}`);
    await p.close();
  } finally {
    await browser.close();
    await cloud.close();
  }
}

if (require.main === module) {
  a11yBench().then(() => process.exit(0), (err) => {
    console.error(err);
    process.exit(1);
  });
}
