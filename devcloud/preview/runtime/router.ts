// Page stack, navigation bar and tab bar, after app.json: navigateTo / redirectTo / navigateBack /
// switchTab / reLaunch with query strings and the page lifecycles.
/* eslint-disable @typescript-eslint/no-explicit-any */
import jComponent from 'j-component';
import { loadComponent, meta } from './loader';
import { banner } from './overlays';
import { applyRootFont } from './session';

export interface PageEntry {
  route: string;
  query: Record<string, string>;
  root: any;
  instance: any;
  frame: HTMLElement;
  scroller: HTMLElement;
  json: Record<string, any>;
  title: string;
  reachedBottom: boolean;
}

const MAX_STACK = 10;
const stack: PageEntry[] = [];
const tabPages = new Map<string, PageEntry>();
let pagesEl: HTMLElement;
let navEl: HTMLElement;
let tabEl: HTMLElement;
let refreshEl: HTMLElement;

export const currentPages = () => stack.map((p) => p.instance);
export const topPage = (): PageEntry | undefined => stack[stack.length - 1];

const windowOf = () => (meta().app.window ?? {}) as Record<string, any>;
const tabList = (): Array<{ pagePath: string; text: string }> => meta().app.tabBar?.list ?? [];
export const isTab = (route: string) => tabList().some((t) => t.pagePath === route);

export function parseUrl(url: string, from?: string): { route: string; query: Record<string, string> } {
  const [p, search = ''] = url.split('?');
  let route: string;
  if (p.startsWith('/')) route = p.slice(1);
  else {
    const parts = (from ?? '').split('/').slice(0, -1);
    for (const seg of p.split('/')) {
      if (seg === '..') parts.pop();
      else if (seg !== '.') parts.push(seg);
    }
    route = parts.join('/');
  }
  const query: Record<string, string> = {};
  for (const part of search.split('&').filter(Boolean)) {
    const [k, v = ''] = part.split('=');
    query[decodeURIComponent(k)] = decodeURIComponent(v);
  }
  return { route, query };
}

/** Calls a page hook the way the runtime does: not awaited; a failure is reported, never swallowed. */
function hook(entry: PageEntry, name: string, ...args: unknown[]): unknown {
  const fn = entry.instance?.[name];
  if (typeof fn !== 'function') return undefined;
  const report = (err: unknown) => {
    console.error(`[preview] ${entry.route} ${name}:`, err);
    banner(`页面 ${entry.route} 的 ${name} 出错：${(err as Error)?.message ?? String(err)}`);
  };
  try {
    const out = fn.apply(entry.instance, args);
    if (out && typeof out.then === 'function') out.catch(report);
    return out;
  } catch (err) {
    report(err);
    return undefined;
  }
}

function setHash(entry: PageEntry | undefined): void {
  if (!entry) return;
  const q = new URLSearchParams(entry.query).toString();
  history.replaceState(null, '', `${location.pathname}${location.search}#/${entry.route}${q ? `?${q}` : ''}`);
}

function createPage(route: string, query: Record<string, string>): PageEntry {
  const m = meta().components[route];
  if (!m || !meta().routes.includes(route)) throw new Error(`页面 ${route} 不在 app.json 中`);
  const json = m.page ?? {};
  const id = loadComponent(route);
  const frame = document.createElement('div');
  frame.className = 'yue-page-frame';
  const scroller = document.createElement('div');
  scroller.className = 'yue-scroller';
  scroller.tabIndex = 0; // the page scrolls by keyboard too (as a screen reader's swipe scrolls it)
  const body = document.createElement('div');
  body.className = 'yue-page';
  const bg = json.backgroundColor ?? windowOf().backgroundColor;
  if (bg) frame.style.background = bg;
  scroller.appendChild(body);
  frame.appendChild(scroller);
  pagesEl.appendChild(frame);
  const root = jComponent.create(id as any, {}) as any;
  root.attach(body);
  const instance = root.instance;
  Object.assign(instance, { route, __route__: route, options: query });
  const entry: PageEntry = { route, query, root, instance, frame, scroller, json, title: json.navigationBarTitleText ?? windowOf().navigationBarTitleText ?? '', reachedBottom: false };
  scroller.addEventListener('scroll', () => {
    hook(entry, 'onPageScroll', { scrollTop: scroller.scrollTop });
    const distance = json.onReachBottomDistance ?? windowOf().onReachBottomDistance ?? 50;
    const atBottom = scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - distance;
    if (atBottom && !entry.reachedBottom && scroller.scrollHeight > scroller.clientHeight) hook(entry, 'onReachBottom');
    entry.reachedBottom = atBottom;
  });
  installPull(entry);
  hook(entry, 'onLoad', query);
  return entry;
}

function show(entry: PageEntry): void {
  for (const p of pagesEl.children) {
    (p as HTMLElement).style.display = p === entry.frame ? '' : 'none';
    p.toggleAttribute('yue-top', p === entry.frame);
  }
  applyRootFont(); // the page on top decides the root font size (its page-meta, else 16 px)
  hook(entry, 'onShow');
  entry.root.triggerPageLifeTime('show');
  if (!entry.instance.__yueReady) {
    entry.instance.__yueReady = true;
    hook(entry, 'onReady');
  }
  setHash(entry);
  renderChrome();
}

function hide(entry: PageEntry): void {
  hook(entry, 'onHide');
  entry.root.triggerPageLifeTime('hide');
}

function unload(entry: PageEntry): void {
  hook(entry, 'onUnload');
  entry.root.detach();
  entry.frame.remove();
  if (tabPages.get(entry.route) === entry) tabPages.delete(entry.route);
}

type Nav = { url?: string; delta?: number };
const fail = (api: string, msg: string) => Object.assign(new Error(`${api}:fail ${msg}`), { errMsg: `${api}:fail ${msg}` });

export function navigateTo({ url = '' }: Nav): void {
  const { route, query } = parseUrl(url, topPage()?.route);
  if (isTab(route)) throw fail('navigateTo', 'can not navigateTo a tabbar page');
  if (stack.length >= MAX_STACK) throw fail('navigateTo', 'webview count limit exceed');
  const prev = topPage();
  const entry = createPage(route, query);
  if (prev) hide(prev);
  stack.push(entry);
  show(entry);
}

export function redirectTo({ url = '' }: Nav): void {
  const { route, query } = parseUrl(url, topPage()?.route);
  if (isTab(route)) throw fail('redirectTo', 'can not redirectTo a tabbar page');
  const prev = stack.pop();
  if (prev) (isTab(prev.route) ? hide(prev) : unload(prev));
  const entry = createPage(route, query);
  stack.push(entry);
  show(entry);
}

export function navigateBack({ delta = 1 }: Nav = {}): void {
  if (stack.length <= 1) throw fail('navigateBack', 'cannot navigate back at first page.');
  const n = Math.min(Math.max(1, delta), stack.length - 1);
  for (let i = 0; i < n; i++) {
    const p = stack.pop()!;
    if (isTab(p.route)) hide(p);
    else unload(p);
  }
  show(topPage()!);
}

function clearStack(keepTabs: boolean): void {
  const top = topPage();
  while (stack.length) {
    const p = stack.pop()!;
    if (keepTabs && isTab(p.route)) {
      if (p === top) hide(p);
    } else unload(p);
  }
  if (!keepTabs) for (const p of [...tabPages.values()]) unload(p);
}

export function switchTab({ url = '' }: Nav): void {
  const { route } = parseUrl(url, topPage()?.route);
  if (!isTab(route)) throw fail('switchTab', `can not switch to no-tabBar page`);
  if (topPage()?.route === route && stack.length === 1) return;
  clearStack(true);
  let entry = tabPages.get(route);
  if (!entry) {
    entry = createPage(route, {});
    tabPages.set(route, entry);
  }
  stack.push(entry);
  show(entry);
}

export function reLaunch({ url = '' }: Nav): void {
  const { route, query } = parseUrl(url, topPage()?.route);
  clearStack(false);
  const entry = createPage(route, query);
  if (isTab(route)) tabPages.set(route, entry);
  stack.push(entry);
  show(entry);
}

export function setTitle(title: string): void {
  const top = topPage();
  if (top) top.title = title;
  renderChrome();
}

// ---- pull-down refresh: a refresh control in the bar, or pulling the page down at its top ----
let refreshing: ReturnType<typeof setTimeout> | undefined;
const pullEnabled = (entry: PageEntry) => !!(entry.json.enablePullDownRefresh ?? windowOf().enablePullDownRefresh);

export function startPullDownRefresh(entry = topPage()): void {
  if (!entry || !pullEnabled(entry)) return;
  refreshEl.classList.add('yue-refreshing');
  clearTimeout(refreshing);
  refreshing = setTimeout(stopPullDownRefresh, 3000);
  hook(entry, 'onPullDownRefresh');
}

export function stopPullDownRefresh(): void {
  clearTimeout(refreshing);
  refreshEl.classList.remove('yue-refreshing');
}

function installPull(entry: PageEntry): void {
  let pulled = 0;
  entry.scroller.addEventListener('wheel', (e) => {
    if (entry.scroller.scrollTop > 0 || e.deltaY >= 0) { pulled = 0; return; }
    pulled -= e.deltaY;
    if (pulled > 150) { pulled = 0; startPullDownRefresh(entry); }
  }, { passive: true });
  let startY: number | null = null;
  entry.scroller.addEventListener('mousedown', (e) => { startY = entry.scroller.scrollTop === 0 ? e.clientY : null; });
  entry.scroller.addEventListener('mouseup', (e) => {
    if (startY !== null && e.clientY - startY > 80) startPullDownRefresh(entry);
    startY = null;
  });
}

// ---- chrome: status bar, navigation bar, tab bar ----
export function mountChrome(root: HTMLElement): void {
  root.insertAdjacentHTML('beforeend', `
    <div id="yue-status" aria-hidden="true"><span>9:41</span><span>●●●● 100%</span></div>
    <div id="yue-nav" role="banner"><span id="yue-back" role="button" aria-label="返回"></span><span id="yue-title"></span><span id="yue-capsule"><span id="yue-refresh" role="button" title="下拉刷新">⟳</span><span class="yue-capsule-sep"></span><span title="更多">•••</span></span></div>
    <div id="yue-pages" role="main"></div>
    <nav aria-label="标签栏"><div id="yue-tabbar" role="tablist"></div></nav>`);
  pagesEl = root.querySelector('#yue-pages')!;
  navEl = root.querySelector('#yue-nav')!;
  tabEl = root.querySelector('#yue-tabbar')!;
  refreshEl = root.querySelector('#yue-refresh')!;
  refreshEl.addEventListener('click', () => startPullDownRefresh());
  root.querySelector('#yue-back')!.addEventListener('click', () => {
    if (stack.length > 1) navigateBack({});
    else reLaunch({ url: `/${tabList()[0]?.pagePath ?? meta().routes[0]}` });
  });
  const bar = meta().app.tabBar ?? {};
  for (const t of tabList()) {
    const item = document.createElement('div');
    item.className = 'yue-tab';
    item.setAttribute('role', 'tab');
    item.dataset.route = t.pagePath;
    item.textContent = t.text;
    item.addEventListener('click', () => switchTab({ url: `/${t.pagePath}` }));
    tabEl.appendChild(item);
  }
  tabEl.style.background = bar.backgroundColor ?? '#fff';
  tabEl.style.borderTopColor = bar.borderStyle === 'white' ? '#f2f2f2' : 'rgba(0,0,0,.15)';
}

function renderChrome(): void {
  const top = topPage();
  if (!top) return;
  const w = windowOf();
  const bg = top.json.navigationBarBackgroundColor ?? w.navigationBarBackgroundColor ?? '#000000';
  const fg = (top.json.navigationBarTextStyle ?? w.navigationBarTextStyle) === 'black' ? '#000' : '#fff';
  navEl.style.background = bg;
  navEl.style.color = fg;
  (document.querySelector('#yue-status') as HTMLElement).style.background = bg;
  (document.querySelector('#yue-status') as HTMLElement).style.color = fg;
  navEl.querySelector('#yue-title')!.textContent = top.title;
  document.title = top.title || 'YUE积分社';
  const back = navEl.querySelector('#yue-back') as HTMLElement;
  const isFirst = stack.length === 1;
  back.textContent = isFirst ? (isTab(top.route) ? '' : '⌂') : '‹';
  back.style.visibility = isFirst && isTab(top.route) ? 'hidden' : 'visible';
  refreshEl.style.visibility = pullEnabled(top) ? 'visible' : 'hidden';
  const tab = isTab(top.route);
  document.body.classList.toggle('yue-with-tabbar', tab);
  const bar = meta().app.tabBar ?? {};
  for (const item of tabEl.children) {
    const on = (item as HTMLElement).dataset.route === top.route;
    (item as HTMLElement).style.color = on ? bar.selectedColor ?? '#07c160' : bar.color ?? '#7a7e83';
    item.setAttribute('aria-selected', String(on));
  }
}

export const CHROME_CSS = `
html,body{margin:0;height:100%;overflow:hidden;-webkit-tap-highlight-color:transparent}
body{font-family:-apple-system,BlinkMacSystemFont,'PingFang SC','Noto Sans CJK SC','Noto Sans SC','Helvetica Neue',sans-serif;font-size:16px;user-select:none}
*::-webkit-scrollbar{display:none}
*{scrollbar-width:none}
#yue-status{height:20px;display:flex;justify-content:space-between;align-items:center;padding:0 16px;font-size:12px;font-weight:600}
#yue-nav{height:44px;display:flex;align-items:center;position:relative;font-size:17px}
#yue-title{position:absolute;left:96px;right:96px;text-align:center;font-weight:600;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
#yue-back{width:44px;height:44px;display:flex;align-items:center;justify-content:center;font-size:30px;cursor:pointer;line-height:1}
#yue-capsule{position:absolute;right:7px;top:6px;height:30px;width:86px;border-radius:15px;border:1px solid rgba(0,0,0,.12);background:rgba(255,255,255,.6);display:flex;align-items:center;justify-content:space-around;font-size:14px;color:#000;box-sizing:border-box}
.yue-capsule-sep{width:1px;height:18px;background:rgba(0,0,0,.15)}
#yue-refresh{cursor:pointer;font-size:18px}
#yue-refresh.yue-refreshing{animation:yue-spin .8s linear infinite;color:#1989fa}
#yue-pages{position:absolute;left:0;right:0;top:64px;bottom:0}
.yue-with-tabbar #yue-pages{bottom:50px}
.yue-page-frame{position:absolute;inset:0;overflow:hidden;transform:translateZ(0);--vh:calc((100vh - 64px) / 100)}
.yue-with-tabbar .yue-page-frame{--vh:calc((100vh - 114px) / 100)}
.yue-scroller{position:absolute;inset:0;overflow-y:auto;overflow-x:hidden}
.yue-page{min-height:100%}
#yue-tabbar{display:none;position:absolute;left:0;right:0;bottom:0;height:50px;border-top:1px solid;box-sizing:border-box}
.yue-with-tabbar #yue-tabbar{display:flex}
.yue-tab{flex:1;display:flex;align-items:center;justify-content:center;font-size:14px;cursor:pointer}
`;
