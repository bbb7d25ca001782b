// Browser preview runtime: loaded by /preview/app.html before the mini-program's own script.
/* eslint-disable @typescript-eslint/no-explicit-any */
import jComponent from 'j-component';
import exparser from 'miniprogram-exparser';
import { applyAria, BUILTIN_CSS, registerBuiltins } from './builtins';
import { Component, meta } from './loader';
import * as overlays from './overlays';
import * as router from './router';
import { caller, fontScale, installClock, setFontScale, stats } from './session';
import { missing, wx } from './wx';

const w = window as any;
installClock();

// ---- globals of the mini-program runtime ----
let appOptions: Record<string, any> | null = null;
let app: Record<string, any> | null = null;
w.wx = wx;
w.Component = Component;
w.Behavior = (definition: object) => jComponent.behavior(definition as any);
w.App = (options: Record<string, any>) => { appOptions = options; };
w.getApp = () => app ?? appOptions;
w.getCurrentPages = () => router.currentPages();
w.Page = () => {
  missing('Page()（本项目的页面用 Component() 编写）');
};
w.requirePlugin = (name: string) => missing(`requirePlugin('${name}')`);

// Base library >= 2.4 batches setData with groupSetData (vant tabs): run the batch at once.
const proto = (exparser as any).Component.prototype;
if (typeof proto.groupSetData !== 'function') proto.groupSetData = function groupSetData(cb: () => void) { cb(); };

// Errors thrown in component callbacks (exparser catches them) are shown, not only logged.
(exparser as any).addGlobalErrorListener((err: any) => {
  console.error('[preview]', err);
  overlays.banner(`页面脚本出错：${err?.message ?? String(err)}`);
  return true;
});
window.addEventListener('unhandledrejection', (e) => {
  console.error('[preview] unhandled rejection', e.reason);
  overlays.banner(`未处理的异步错误：${e.reason?.errMsg ?? e.reason?.message ?? String(e.reason)}`);
});

// ---- aria-* attributes from the templates (patched j-component render) ----
w.__yueAria = applyAria;

// ---- rpx in inline styles, as in the WXSS: 1/750 of the screen width ----
w.__yueRpx = (style: string) => String(style).replace(/(-?\d*\.?\d+)rpx/g, (_m: string, n: string) => `${+(Number(n) / 7.5).toFixed(4)}vw`);

// ---- `animation` data: run the steps on timers, keep the last step's styles ----
w.__yueAnimate = (node: any, value: any) => {
  const dom: HTMLElement | undefined = node.$$;
  const actions: any[] = value?.actions ?? [];
  if (!dom || !actions.length) return;
  const token = (node.__yueAnimToken = (node.__yueAnimToken ?? 0) + 1);
  const px = (v: unknown) => (typeof v === 'number' ? `${v}px` : w.__yueRpx(String(v)));
  const run = (i: number) => {
    if (i >= actions.length || node.__yueAnimToken !== token) return;
    const { animates = [], option = {} } = actions[i];
    const t = option.transition ?? { duration: 0, timingFunction: 'linear', delay: 0 };
    const styles: Record<string, string> = {};
    const transforms: string[] = [];
    for (const a of animates) {
      if (a.type === 'style') styles[a.args[0]] = px(a.args[1]);
      else transforms.push(`${a.type}(${a.args.map((x: unknown) => (/^(translate|skew|rotate)/.test(a.type) ? (a.type.startsWith('translate') ? px(x) : `${x}deg`) : x)).join(',')})`);
    }
    dom.style.transition = t.duration ? `all ${t.duration}ms ${t.timingFunction} ${t.delay}ms` : 'none';
    if (transforms.length) dom.style.transform = transforms.join(' ');
    if (option.transformOrigin) dom.style.transformOrigin = option.transformOrigin;
    for (const [k, v] of Object.entries(styles)) dom.style.setProperty(k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`), v);
    node.__yueAnimatedStyle = `;transition:none;${transforms.length ? `transform:${transforms.join(' ')};` : ''}${Object.entries(styles).map(([k, v]) => `${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}:${v}`).join(';')}`;
    setTimeout(() => run(i + 1), (t.duration ?? 0) + (t.delay ?? 0) + 16);
  };
  requestAnimationFrame(() => run(0));
};

// ---- mouse → touch: j-component makes `tap` from touchstart/touchend ----
function touchFrom(e: MouseEvent, target: EventTarget) {
  return new Touch({ identifier: 1, target, clientX: e.clientX, clientY: e.clientY, pageX: e.pageX, pageY: e.pageY, screenX: e.screenX, screenY: e.screenY });
}
let touchTarget: EventTarget | null = null;
const formField = (t: EventTarget | null) => t instanceof Element && !!t.closest('input,textarea,select,#yue-overlays,#yue-banner,#yue-nav,#yue-tabbar');
document.addEventListener('mousedown', (e) => {
  if (e.button !== 0 || formField(e.target) || !e.target) return;
  touchTarget = e.target;
  const t = touchFrom(e, touchTarget);
  touchTarget.dispatchEvent(new TouchEvent('touchstart', { bubbles: true, cancelable: true, composed: true, touches: [t], targetTouches: [t], changedTouches: [t] }));
}, true);
document.addEventListener('mousemove', (e) => {
  if (!touchTarget) return;
  const t = touchFrom(e, touchTarget);
  touchTarget.dispatchEvent(new TouchEvent('touchmove', { bubbles: true, cancelable: true, composed: true, touches: [t], targetTouches: [t], changedTouches: [t] }));
}, true);
document.addEventListener('mouseup', (e) => {
  if (!touchTarget) return;
  const target = touchTarget;
  touchTarget = null;
  const t = touchFrom(e, target);
  target.dispatchEvent(new TouchEvent('touchend', { bubbles: true, cancelable: true, composed: true, touches: [], targetTouches: [], changedTouches: [t] }));
}, true);

// ---- boot ----
registerBuiltins();

function boot(): void {
  const style = document.createElement('style');
  style.textContent = router.CHROME_CSS + BUILTIN_CSS + overlays.OVERLAY_CSS;
  document.head.prepend(style);
  const phone = document.getElementById('yue-phone') ?? document.body;
  router.mountChrome(phone);
  overlays.mountOverlays(document.body);

  app = { ...(appOptions ?? {}), globalData: JSON.parse(JSON.stringify(appOptions?.globalData ?? {})) };
  const first = meta().app.tabBar?.list?.[0]?.pagePath ?? meta().routes[0];
  const wanted = decodeURIComponent(location.hash.replace(/^#\/?/, '')) || first;
  const { route } = router.parseUrl(`/${wanted}`);
  const entry = meta().routes.includes(route) ? `/${wanted}` : `/${first}`;
  w.__yueLaunch = { route };
  const launch = { path: route, query: {}, scene: 1001, referrerInfo: {} };
  try {
    app.onLaunch?.call(app, launch);
    app.onShow?.call(app, launch);
  } catch (err) {
    console.error('[preview] App onLaunch', err);
    overlays.banner(`App onLaunch 出错：${(err as Error).message}`);
  }
  try {
    router.reLaunch({ url: entry });
    // A non-tab entry page still gets its tab page below it, so 返回 leads home as in a share link.
  } catch (err) {
    console.error('[preview] first page', err);
    overlays.banner(`无法打开 ${entry}：${(err as Error).message}`);
  }
  w.__yuePreview.ready = true;
}

/** Handles the e2e walks, the screenshots and the bench read. */
w.__yuePreview = { boot, overlays, missing, stats, caller, router, fontScale, setFontScale, ready: false };
