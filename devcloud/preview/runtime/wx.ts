// The `wx` the pages use, for the browser. Cloud calls go to the local cloud as the chosen caller;
// UI calls draw overlays; anything missing fails loudly (console + banner), never silently.
/* eslint-disable @typescript-eslint/no-explicit-any */
import Animation from 'miniprogram-simulate/src/api/animation';
import SelectorQuery from 'j-component/src/tool/selectorquery';
import * as overlays from './overlays';
import * as router from './router';
import { caller, devNow, stats } from './session';

type Opts = Record<string, any>;

/** A wx API answering through callbacks and a promise, asynchronously like the real one. */
function api(name: string, run: (o: Opts) => unknown) {
  return (o: Opts = {}) => {
    const done = Promise.resolve().then(() => run(o)).then(
      (res) => ({ errMsg: `${name}:ok`, ...(res as object) }),
      (err) => {
        const errMsg = err?.errMsg ?? `${name}:fail ${err?.message ?? String(err)}`;
        throw { ...(typeof err === 'object' ? err : {}), errMsg };
      },
    );
    if (o.success || o.fail || o.complete) {
      done.then((r) => { o.success?.(r); o.complete?.(r); }, (e) => { o.fail?.(e); o.complete?.(e); });
      return undefined;
    }
    return done;
  };
}

export function missing(name: string): void {
  console.error(`[preview] ${name} is not implemented by the browser preview`);
  overlays.banner(`预览未实现 ${name}（见控制台）`);
}

async function callFunction({ name, data }: Opts): Promise<object> {
  const openid = caller();
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-wx-openid': openid };
  const now = devNow();
  if (now) headers['x-dev-now'] = now;
  stats.calls.push({ fn: name, action: data?.action, route: router.topPage()?.route ?? '' });
  stats.inflight++;
  try {
    let res: Response;
    try {
      res = await fetch(`/fn/${encodeURIComponent(name)}`, { method: 'POST', headers, body: JSON.stringify({ ...data, userInfo: { appId: 'wx-preview', openId: openid } }) });
    } catch (err) {
      throw { errMsg: `cloud.callFunction:fail ${(err as Error).message}` };
    }
    const text = await res.text();
    if (!res.ok) throw { errMsg: `cloud.callFunction:fail HTTP ${res.status} ${text.slice(0, 200)}` };
    return { result: JSON.parse(text), requestID: `preview-${Date.now()}` };
  } finally {
    // Counted down a turn later, so the page's setData after the answer has run.
    setTimeout(() => stats.inflight--, 0);
  }
}

const storeKey = (key: string) => `yue.preview.storage.${caller()}.${key}`;
let clipboard = '';

function systemInfo() {
  const width = window.innerWidth;
  const height = window.innerHeight;
  return {
    brand: 'devtools', model: 'browser preview', pixelRatio: window.devicePixelRatio || 2,
    screenWidth: width, screenHeight: height, windowWidth: width, windowHeight: height - 64,
    statusBarHeight: 20, language: 'zh_CN', version: '8.0.50', system: 'Browser', platform: 'devtools',
    fontSizeSetting: 16, SDKVersion: '3.3.4', theme: 'light',
    safeArea: { left: 0, right: width, top: 20, bottom: height, width, height: height - 20 },
  };
}

const impl: Record<string, any> = {
  cloud: {
    init: () => undefined,
    callFunction: api('cloud.callFunction', callFunction),
  },
  showToast: api('showToast', (o) => overlays.showToast(o)),
  hideToast: api('hideToast', () => overlays.hideToast()),
  showLoading: api('showLoading', (o) => overlays.showToast(o, true)),
  hideLoading: api('hideLoading', () => { if (overlays.isLoading()) overlays.hideToast(); }),
  showModal: api('showModal', (o) => overlays.modal(o)),
  showActionSheet: api('showActionSheet', async (o) => {
    const tapIndex = await overlays.actionSheet(o.itemList ?? [], o.alertText);
    if (tapIndex === null) throw { errMsg: 'showActionSheet:fail cancel' };
    return { tapIndex };
  }),
  scanCode: api('scanCode', async () => {
    const now = devNow();
    const code = await overlays.scanDialog(async () => (await (await fetch(`/dev/scan-codes${now ? `?now=${encodeURIComponent(now)}` : ''}`)).json()).codes ?? []);
    if (code === null) throw { errMsg: 'scanCode:fail cancel' };
    return { result: code, scanType: 'QR_CODE', charSet: 'utf-8', path: '', rawData: btoa(unescape(encodeURIComponent(code))) };
  }),
  requestSubscribeMessage: api('requestSubscribeMessage', async (o) => {
    const ids: string[] = o.tmplIds ?? [];
    const answer = await overlays.subscribeDialog(ids);
    return Object.fromEntries(ids.map((id) => [id, answer]));
  }),
  navigateTo: api('navigateTo', (o) => router.navigateTo(o)),
  redirectTo: api('redirectTo', (o) => router.redirectTo(o)),
  navigateBack: api('navigateBack', (o) => router.navigateBack(o)),
  switchTab: api('switchTab', (o) => router.switchTab(o)),
  reLaunch: api('reLaunch', (o) => router.reLaunch(o)),
  setNavigationBarTitle: api('setNavigationBarTitle', (o) => router.setTitle(String(o.title ?? ''))),
  startPullDownRefresh: api('startPullDownRefresh', () => router.startPullDownRefresh()),
  stopPullDownRefresh: api('stopPullDownRefresh', () => router.stopPullDownRefresh()),
  pageScrollTo: api('pageScrollTo', (o) => {
    const s = router.topPage()?.scroller;
    if (s) s.scrollTo({ top: Number(o.scrollTop ?? 0), behavior: o.duration === 0 ? 'auto' : 'smooth' });
  }),
  setClipboardData: api('setClipboardData', async (o) => {
    clipboard = String(o.data ?? '');
    await navigator.clipboard?.writeText(clipboard).catch(() => undefined);
    overlays.showToast({ title: '内容已复制', icon: 'none' });
  }),
  getClipboardData: api('getClipboardData', () => ({ data: clipboard })),
  makePhoneCall: api('makePhoneCall', async (o) => {
    const ok = await overlays.modal({ title: '拨打电话（预览）', content: String(o.phoneNumber ?? ''), confirmText: '呼叫' });
    if (!ok.confirm) throw { errMsg: 'makePhoneCall:fail cancel' };
  }),
  // The staff QR screen keeps the display on: the browser's wake lock when it grants one.
  setKeepScreenOn: api('setKeepScreenOn', async (o) => {
    const lock = (navigator as Navigator & { wakeLock?: { request(t: 'screen'): Promise<unknown> } }).wakeLock;
    if (o.keepScreenOn && lock) await lock.request('screen').catch(() => undefined);
  }),
  vibrateShort: api('vibrateShort', () => undefined),
  vibrateLong: api('vibrateLong', () => undefined),
  previewImage: api('previewImage', (o) => { window.open(o.current ?? o.urls?.[0], '_blank'); }),
  getStorageSync: (key: string) => {
    const raw = localStorage.getItem(storeKey(key));
    return raw === null ? '' : JSON.parse(raw);
  },
  setStorageSync: (key: string, value: unknown) => localStorage.setItem(storeKey(key), JSON.stringify(value)),
  removeStorageSync: (key: string) => localStorage.removeItem(storeKey(key)),
  clearStorageSync: () => {
    const prefix = storeKey('');
    for (const k of Object.keys(localStorage)) if (k.startsWith(prefix)) localStorage.removeItem(k);
  },
  getStorage: api('getStorage', (o) => {
    const raw = localStorage.getItem(storeKey(o.key));
    if (raw === null) throw { errMsg: 'getStorage:fail data not found' };
    return { data: JSON.parse(raw) };
  }),
  setStorage: api('setStorage', (o) => localStorage.setItem(storeKey(o.key), JSON.stringify(o.data))),
  removeStorage: api('removeStorage', (o) => localStorage.removeItem(storeKey(o.key))),
  getSystemInfoSync: systemInfo,
  getSystemInfo: api('getSystemInfo', systemInfo),
  getWindowInfo: () => systemInfo(),
  getDeviceInfo: () => systemInfo(),
  getAppBaseInfo: () => systemInfo(),
  getMenuButtonBoundingClientRect: () => ({ width: 86, height: 30, top: 26, right: window.innerWidth - 7, bottom: 56, left: window.innerWidth - 93 }),
  canIUse: () => true,
  nextTick: (fn: () => void) => setTimeout(fn, 0),
  createAnimation: (o: Opts) => new Animation(o),
  // Page-wide unless .in(component) narrows it (vant calls it while a page is being created).
  createSelectorQuery: () => withCanvasNodes(router.topPage() ? router.topPage()!.instance.createSelectorQuery() : new SelectorQuery(null)),
  getLaunchOptionsSync: () => ({ path: (window as any).__yueLaunch?.route ?? '', query: {}, scene: 1001, referrerInfo: {} }),
  getEnterOptionsSync: () => ({ path: '', query: {}, scene: 1001, referrerInfo: {} }),
  onAppShow: () => undefined,
  onAppHide: () => undefined,
  offAppShow: () => undefined,
  offAppHide: () => undefined,
  reportAnalytics: () => undefined,
  // Files: a download becomes a blob behind a wxfile:// path; openDocument saves it as the browser does.
  downloadFile: api('downloadFile', async (o) => {
    const res = await fetch(String(o.url));
    const name = decodeURIComponent(new URL(String(o.url), location.href).pathname.split('/').pop() || 'file');
    const tempFilePath = `wxfile://tmp_${Date.now()}_${name}`;
    downloads.set(tempFilePath, { blob: await res.blob(), name });
    return { tempFilePath, statusCode: res.status };
  }),
  openDocument: api('openDocument', (o) => {
    const file = downloads.get(String(o.filePath));
    if (!file) throw { errMsg: 'openDocument:fail file not found' };
    const a = document.createElement('a');
    a.href = URL.createObjectURL(file.blob);
    a.download = file.name;
    a.id = 'yue-opened-document';
    document.body.appendChild(a);
    a.click();
    (window as any).__yueOpenedDocument = { name: file.name, size: file.blob.size, showMenu: !!o.showMenu };
  }),
};
const downloads = new Map<string, { blob: Blob; name: string }>();

/**
 * `fields({ node: true })` answers the HTML <canvas> of a <canvas type="2d"> (the chart libraries'
 * way in); `.in(component)` of a component the query cannot see keeps the page-wide query.
 */
function withCanvasNodes(q: any): any {
  const origIn = q.in.bind(q);
  q.in = (c: any) => (c && c._exparserNode ? origIn(c) : q);
  const origExec = q.exec.bind(q);
  q.exec = (cb?: (res: any[]) => void) => {
    const nodes = (q._queue as any[]).map((it) => {
      if (!it.fields?.node || !it.exparserNode) return undefined;
      const el: HTMLElement | undefined = it.exparserNode.shadowRoot.querySelector(it.selector)?.$$;
      return el ? (el.querySelector('canvas') ?? el) : null;
    });
    return origExec((res: any[]) => {
      nodes.forEach((n, i) => { if (n !== undefined && res[i]) res[i].node = n; });
      cb?.(res);
    });
  };
  return q;
}

/** `wx`: the implementation above; every other name is a loud stub. */
export const wx = new Proxy(impl, {
  get(target, key) {
    if (typeof key === 'symbol' || key in target) return (target as any)[key];
    return (...args: unknown[]) => {
      missing(`wx.${key}`);
      const o = args[0] as Opts | undefined;
      const err = { errMsg: `${key}:fail not supported by the browser preview` };
      if (o && (o.fail || o.complete)) { o.fail?.(err); o.complete?.(err); return undefined; }
      return Promise.reject(err);
    };
  },
});
