// The accessibility walk (issue 25): the sweep of e2e/a11y.ts after the other walks (the patron
// then has a card, a pending redemption with its QR, an event signup). Fails on any axe violation
// of impact serious or critical, and on any layout problem (largest font: element wider than the
// screen or sticking out, sideways scrolling, clipped text; standard font: tap target < 44 px).
import { a11ySweep, isBlocking, pageQuery, type PageResult } from './a11y';
import type { Walk } from './walks';
import { PATRON } from './walks';

/** What fails the walk: serious/critical violations and layout problems, one line each. */
export function a11yProblems(results: PageResult[]): string[] {
  const problems: string[] = [];
  for (const r of results) {
    const at = `${r.caller} ${r.scale * 100}% ${r.route}`;
    for (const v of r.violations.filter(isBlocking)) problems.push(`${at}: ${v.rule} (${v.impact}, ${v.nodes}) ${v.help}: ${v.targets.join(' | ')}`);
    for (const l of r.layout) problems.push(`${at}: ${l}`);
  }
  return problems;
}

export const a11yWalk: Walk = {
  name: 'accessibility (无障碍): axe on every route × 4 callers × 100 %/200 % font, large-text layout, tap targets',
  async run(p, step) {
    let results: PageResult[] = [];
    await step('sweep every route', async () => {
      const routes: string[] = (await (await fetch(`${p.baseUrl}/preview/meta.json`)).json()).routes;
      results = await a11ySweep(p, routes, PATRON, await pageQuery(p.baseUrl));
    });
    await step('no serious or critical axe violation, no layout problem', async () => {
      const problems = a11yProblems(results);
      if (problems.length) throw new Error(`${problems.length} accessibility problem(s):\n${problems.slice(0, 40).join('\n')}`);
    });
  },
};
