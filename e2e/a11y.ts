// Accessibility sweep of the preview (issue 25): every route of app.json, as an unbound patron,
// a bound patron, staff and admin, at WeChat's standard and largest font size. axe-core checks
// the phone frame (injected into it once per load: @axe-core/playwright's AxeBuilder takes a
// page, found nothing inside the shell's iframe and took ~8 s a run); at the largest size a layout check finds elements
// wider than the screen, sideways scrolling and clipped text; at the standard size tap targets
// smaller than 44 × 44 px. Used by `npm run e2e` (fails on serious/critical) and `npm run bench`
// (prints every violation by rule).
import axeCore from 'axe-core';
import type { Frame } from 'playwright-core';
import type { Preview } from './driver';

export const FONT_SCALES = [1, 2] as const;
/** The smallest tap target (WCAG 2.5.5, Apple HIG), in CSS px. */
export const MIN_TARGET_PX = 44;

export interface Caller {
  name: 'unbound' | 'bound' | 'staff' | 'admin';
  openid: string;
  /** Which routes this caller opens. */
  routes(all: string[]): string[];
}

const isStaffRoute = (r: string) => r.startsWith('staff/');
export function callers(patron: string): Caller[] {
  return [
    { name: 'unbound', openid: 'a11y-unbound-patron', routes: (all) => all.filter((r) => !isStaffRoute(r)) },
    { name: 'bound', openid: patron, routes: (all) => all.filter((r) => !isStaffRoute(r)) },
    // Staff see the staff entry on home and mine, and the console (admin pages say 仅限管理员使用).
    { name: 'staff', openid: 'staff-local', routes: (all) => ['pages/home/home', 'pages/mine/mine', ...all.filter(isStaffRoute)] },
    { name: 'admin', openid: 'admin-local', routes: (all) => all.filter(isStaffRoute) },
  ];
}

export interface Violation { rule: string; impact: string; help: string; nodes: number; targets: string[] }
export interface PageResult { caller: string; scale: number; route: string; violations: Violation[]; layout: string[] }

export const isBlocking = (v: Violation) => v.impact === 'serious' || v.impact === 'critical';

function phone(p: Preview): Frame {
  const frame = p.page.frames().find((f) => f.url().includes('/preview/app.html'));
  if (!frame) throw new Error('the phone frame is not loaded');
  return frame;
}

/** axe-core on the phone frame's document (the dev panel is not part of the app). */
/** At the largest font only what text size can change is run again (names and roles do not change). */
const SIZE_RULES = ['color-contrast', 'scrollable-region-focusable', 'target-size'];

async function axe(p: Preview, large: boolean): Promise<Violation[]> {
  const frame = phone(p);
  if (!(await frame.evaluate(() => 'axe' in window))) await frame.evaluate(axeCore.source);
  const res = await frame.evaluate((only) => (window as unknown as { axe: typeof axeCore }).axe.run(document, { resultTypes: ['violations'], ...(only ? { runOnly: only } : {}) }), large ? SIZE_RULES : null);
  return res.violations.map((v) => ({
    rule: v.id,
    impact: v.impact ?? 'minor',
    help: v.help,
    nodes: v.nodes.length,
    targets: v.nodes.map((n) => n.target.map(String).join(' >>> ')).slice(0, 5),
  }));
}

/**
 * Layout problems of the page on top: `large` (the largest font) looks for elements wider than the
 * screen or sticking out of it, sideways scrolling and clipped text; otherwise tap targets that are
 * smaller than MIN_TARGET_PX.
 */
async function layout(p: Preview, large: boolean): Promise<string[]> {
  const frame = phone(p);
  // Plain JavaScript text: tsx would wrap named functions in a helper the frame does not have.
  return frame.evaluate(`((large, min) => {\n${LAYOUT_CHECK}})(${large}, ${MIN_TARGET_PX})`) as Promise<string[]>;
}

const LAYOUT_CHECK = String.raw`
    const out = [];
    const W = document.documentElement.clientWidth;
    const top = document.querySelector('.yue-page-frame[yue-top]');
    if (!top) return ['no page on top'];
    const name = (el) => {
      const cls = [...el.classList].map((c) => c.replace(/^.*--/, '')).slice(0, 2).join('.');
      const txt = (el.textContent || '').replace(/\s+/g, ' ').trim().slice(0, 24);
      return '<' + el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (cls ? '.' + cls : '') + '>' + (txt ? ' “' + txt + '”' : '');
    };
    const rootPx = parseFloat(getComputedStyle(document.documentElement).fontSize);
    if (large && rootPx < 31.5) out.push('the page does not follow the font-size setting (root font ' + rootPx + ' px)');
    const sw = document.documentElement.scrollWidth;
    if (large && sw > W + 1) out.push('the screen scrolls sideways (' + sw + ' px > ' + W + ' px)');
    for (const el of Array.from(top.querySelectorAll('*'))) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      const cs = getComputedStyle(el);
      if (cs.visibility === 'hidden' || el.closest('[aria-hidden="true"]')) continue;
      // Inside a horizontal scroller (tabs) things may lie beyond the edge: the scroller scrolls.
      const scroller = el.parentElement && el.parentElement.closest('[yue-scroll-x],[class*="van-tabs__scroll"]');
      if (large && !scroller) {
        if (r.width > W + 1) out.push(name(el) + ' is ' + Math.round(r.width) + ' px wide (screen ' + W + ' px)');
        else if (r.right > W + 1 || r.left < -1) out.push(name(el) + ' sticks out of the screen (' + Math.round(r.left) + '…' + Math.round(r.right) + ' px)');
        const ownText = Array.from(el.childNodes).some((n) => n.nodeType === 3 && (n.textContent || '').trim());
        if (ownText) {
          const clipsX = cs.overflowX !== 'visible' || cs.textOverflow === 'ellipsis';
          const clipsY = cs.overflowY === 'hidden' || cs.overflowY === 'clip' || Number(cs.webkitLineClamp) > 0;
          // A collapsed disclosure (aria-expanded="false", e.g. a message preview) shows the rest on tap.
          const collapsed = !!el.closest('[aria-expanded="false"]');
          if (collapsed) continue;
          if (clipsX && el.scrollWidth > el.clientWidth + 1) out.push(name(el) + ' text is cut off (' + el.scrollWidth + ' px in ' + el.clientWidth + ' px)');
          else if (clipsY && el.scrollHeight > el.clientHeight + 1) out.push(name(el) + ' text is cut off (' + el.scrollHeight + ' px high in ' + el.clientHeight + ' px)');
        }
      }
      if (!large && el.matches('[role="button"],[role="link"],[role="checkbox"],[role="radio"],[role="tab"],[role="switch"],wx-button')) {
        if (r.width < min - 0.5 || r.height < min - 0.5) out.push('tap target ' + name(el) + ' is ' + Math.round(r.width) + ' × ' + Math.round(r.height) + ' px');
      }
    }
    return [...new Set(out)];
`;

/** Opens a route in the running frame (wx.reLaunch: no reload, the frame keeps its scripts). */
async function go(p: Preview, url: string): Promise<void> {
  await phone(p).evaluate((u) => (window as unknown as { wx: { reLaunch(o: { url: string }): void } }).wx.reLaunch({ url: `/${u}` }), url);
  await p.waitRoute(url.split('?')[0]);
  await p.settle();
}

async function setScale(p: Preview, scale: number): Promise<void> {
  const frame = phone(p);
  await frame.evaluate((s) => (window as unknown as { __yuePreview: { setFontScale(n: number): void } }).__yuePreview.setFontScale(s), scale);
  await frame.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

/** The sweep: every caller × route × font scale. `query` gives pages the ids they read. */
export async function a11ySweep(p: Preview, routes: string[], patron: string, query: string, onPage?: (r: PageResult) => void): Promise<PageResult[]> {
  const results: PageResult[] = [];
  for (const c of callers(patron)) {
    await p.switchCaller(c.openid);
    for (const route of c.routes(routes)) {
      await go(p, `${route}?${query}`);
      for (const scale of FONT_SCALES) {
        await setScale(p, scale);
        const r: PageResult = { caller: c.name, scale, route, violations: await axe(p, scale > 1), layout: await layout(p, scale > 1) };
        results.push(r);
        onPage?.(r);
      }
      await setScale(p, 1);
    }
  }
  return results;
}

/** Violations counted by rule (nodes summed), with the worst impact seen. */
export function countByRule(results: PageResult[]): Array<{ rule: string; impact: string; pages: number; nodes: number }> {
  const by = new Map<string, { rule: string; impact: string; pages: number; nodes: number }>();
  const rank = ['minor', 'moderate', 'serious', 'critical'];
  for (const r of results) {
    for (const v of r.violations) {
      const e = by.get(v.rule) ?? { rule: v.rule, impact: v.impact, pages: 0, nodes: 0 };
      e.pages += 1;
      e.nodes += v.nodes;
      if (rank.indexOf(v.impact) > rank.indexOf(e.impact)) e.impact = v.impact;
      by.set(v.rule, e);
    }
  }
  return [...by.values()].sort((a, b) => b.nodes - a.nodes);
}

/** Query ids every page of this app may read (the others ignore them). */
export async function pageQuery(baseUrl: string): Promise<string> {
  const first = async (coll: string) => {
    const res = await fetch(`${baseUrl}/dev/db/${coll}`);
    return (((await res.json()) as { docs?: Array<{ _id: string }> }).docs?.[0]?._id) ?? '';
  };
  return new URLSearchParams({ prizeId: 'prize-bookmark', eventId: await first('events'), donationId: await first('donations') }).toString();
}
