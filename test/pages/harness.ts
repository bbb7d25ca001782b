// Page-test harness: one `wx` whose cloud calls go to the local cloud, and mini-program pages
// rendered by miniprogram-simulate (vant included). See docs/page-tests.md.
import './setup';
import fs from 'fs';
import http from 'http';
import os from 'os';
import path from 'path';
import simulate from 'miniprogram-simulate';
import { builtinStandIns, standIns } from './standins';

/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-require-imports */

export const MP_ROOT = path.resolve(__dirname, '../../miniprogram');
const NPM_DIR = path.join(MP_ROOT, 'miniprogram_npm');
/** Test-only pages (outside the mini-program) live here; the wxml compiler sees them too. */
export const FIXTURES_DIR = path.resolve(__dirname, 'fixtures');

const g = globalThis as any;

// ---------------------------------------------------------------------------------------------
// wx
// ---------------------------------------------------------------------------------------------

export interface InstallOptions {
  openid: string;
  /** Clock of the cloud functions (X-Dev-Now) and, unless pinClock is false, of the page. */
  now?: string | null;
  pinClock?: boolean;
  /** Local cloud address; default process.env.YUE_TEST_URL. */
  baseUrl?: string;
}

/** APIs whose answers a test scripts in advance (a queue each; defaults in comments). */
export type ScriptedApi =
  | 'showModal' // { confirm: true }
  | 'scanCode' // none: fails with "scanCode:fail cancel"; a string is the scanned result
  | 'requestSubscribeMessage' // 'accept' for every tmplId
  | 'showActionSheet'; // tapIndex 0; a number is the tapIndex; null cancels

type Answer = unknown;
type Failure = 'before' | 'after';

export interface WxHarness {
  readonly openid: string;
  setOpenid(openid: string): void;
  setNow(iso: string | null): void;
  /** First argument of every recorded call of `name` ('showToast', 'navigateTo', 'callFunction', …). */
  calls<T = any>(name: string): T[];
  lastCall<T = any>(name: string): T | undefined;
  /** Title of the last toast, if any. */
  lastToast(): string | undefined;
  /** Queue answers for the next calls of a scripted API. */
  script(name: ScriptedApi, ...answers: Answer[]): void;
  /** The next callFunction fails as a network error: 'before' sending, or 'after' the function ran. */
  failNextCall(when?: Failure): void;
  /** Calls to the local cloud not yet answered. */
  inflight(): number;
  readonly storage: Map<string, unknown>;
  readonly clipboard: string;
  /** Whether wx.showLoading is currently shown. */
  readonly loading: boolean;
}

let current: WxHarness | undefined;

const FAKE_ALL_BUT_DATE = [
  'hrtime', 'nextTick', 'performance', 'queueMicrotask', 'requestAnimationFrame',
  'cancelAnimationFrame', 'requestIdleCallback', 'cancelIdleCallback', 'setImmediate',
  'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout',
] as const;

function pinClientClock(iso: string | null): void {
  if (iso) jest.useFakeTimers({ now: new Date(iso), doNotFake: [...FAKE_ALL_BUT_DATE] });
  else jest.useRealTimers();
}

/** A wx API that answers through both callbacks and a promise, asynchronously like the real one. */
function api(record: (name: string, arg: unknown) => void, name: string, run: (opts: any) => any) {
  return (opts: any = {}) => {
    record(name, opts);
    const done = Promise.resolve().then(() => run(opts));
    const callbacks = opts.success || opts.fail || opts.complete;
    done.then(
      (res) => {
        opts.success?.(res);
        opts.complete?.(res);
      },
      (err) => {
        opts.fail?.(err);
        opts.complete?.(err);
      },
    );
    return callbacks ? undefined : done;
  };
}

/** Installs the global `wx` for this test: recorded UI calls, cloud calls to the local cloud. */
export function installWx(options: InstallOptions): WxHarness {
  const recorded = new Map<string, unknown[]>();
  const queues = new Map<ScriptedApi, Answer[]>();
  const failures: Failure[] = [];
  const storage = new Map<string, unknown>();
  let openid = options.openid;
  let now = options.now ?? null;
  let inflight = 0;
  let clipboard = '';
  let loading = false;
  let cloudReady = false;
  const pinClock = options.pinClock ?? true;

  const record = (name: string, arg: unknown) => {
    if (!recorded.has(name)) recorded.set(name, []);
    recorded.get(name)!.push(arg);
  };
  const next = (name: ScriptedApi) => queues.get(name)?.shift();
  const ok = (name: string, extra: object = {}) => ({ errMsg: `${name}:ok`, ...extra });
  const simple = (name: string, effect?: (opts: any) => void) =>
    api(record, name, (opts) => {
      effect?.(opts);
      return ok(name);
    });

  const post = (fn: string, body: object): Promise<unknown> => {
    const base = (options.baseUrl ?? process.env.YUE_TEST_URL ?? '').replace(/\/$/, '');
    if (!base) return Promise.reject({ errMsg: 'cloud.callFunction:fail YUE_TEST_URL is not set' });
    const headers: Record<string, string> = { 'content-type': 'application/json', 'x-wx-openid': openid };
    if (now) headers['x-dev-now'] = now;
    return new Promise((resolve, reject) => {
      // A fresh connection per call (agent: false): a kept-alive socket the local cloud closed
      // while a slow render ran would answer ECONNRESET, i.e. a network failure and a retry.
      const req = http.request(`${base}/fn/${fn}`, { method: 'POST', headers, agent: false }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          if (res.statusCode !== 200) {
            reject({ errMsg: `cloud.callFunction:fail HTTP ${res.statusCode} ${text.slice(0, 200)}` });
            return;
          }
          try {
            resolve(JSON.parse(text));
          } catch {
            reject({ errMsg: `cloud.callFunction:fail not JSON: ${text.slice(0, 200)}` });
          }
        });
      });
      req.on('error', (err) => reject({ errMsg: `cloud.callFunction:fail ${err.message}` }));
      req.end(JSON.stringify(body));
    });
  };

  const wx: Record<string, any> = {
    ...g.__yueSimulateWx,
    cloud: {
      init: (config: unknown) => {
        record('cloud.init', config);
        cloudReady = true;
      },
      callFunction: api(record, 'callFunction', async ({ name, data }: { name: string; data?: object }) => {
        if (!cloudReady) throw { errMsg: 'cloud.callFunction:fail call wx.cloud.init first' };
        const failure = failures.shift();
        if (failure === 'before') throw { errMsg: 'cloud.callFunction:fail network (scripted)' };
        inflight++;
        try {
          // The client SDK adds userInfo to every event; functions must ignore it.
          const result = await post(name, { ...data, userInfo: { appId: 'touristappid', openId: openid } });
          if (failure === 'after') throw { errMsg: 'cloud.callFunction:fail timeout (scripted)' };
          return ok('cloud.callFunction', { result, requestID: `req-${Date.now()}` });
        } finally {
          inflight--;
        }
      }),
    },
    showToast: simple('showToast'),
    hideToast: simple('hideToast'),
    showLoading: simple('showLoading', () => (loading = true)),
    hideLoading: simple('hideLoading', () => (loading = false)),
    showModal: api(record, 'showModal', () => {
      const answer = (next('showModal') ?? { confirm: true }) as { confirm: boolean; content?: string };
      return ok('showModal', { confirm: answer.confirm, cancel: !answer.confirm, content: answer.content });
    }),
    showActionSheet: api(record, 'showActionSheet', () => {
      const answer = next('showActionSheet');
      if (answer === null) throw { errMsg: 'showActionSheet:fail cancel' };
      return ok('showActionSheet', { tapIndex: typeof answer === 'number' ? answer : 0 });
    }),
    scanCode: api(record, 'scanCode', () => {
      const answer = next('scanCode');
      if (answer === undefined || answer === null) throw { errMsg: 'scanCode:fail cancel' };
      const res = typeof answer === 'string' ? { result: answer } : (answer as object);
      return ok('scanCode', { scanType: 'QR_CODE', charSet: 'utf-8', path: '', rawData: '', ...res });
    }),
    requestSubscribeMessage: api(record, 'requestSubscribeMessage', (opts: { tmplIds?: string[] }) => {
      const answer = next('requestSubscribeMessage') ?? 'accept';
      if (typeof answer !== 'string') return ok('requestSubscribeMessage', answer as object);
      return ok('requestSubscribeMessage', Object.fromEntries((opts.tmplIds ?? []).map((id) => [id, answer])));
    }),
    navigateTo: simple('navigateTo'),
    redirectTo: simple('redirectTo'),
    switchTab: simple('switchTab'),
    reLaunch: simple('reLaunch'),
    navigateBack: simple('navigateBack'),
    setClipboardData: simple('setClipboardData', (opts) => (clipboard = String(opts.data))),
    getClipboardData: api(record, 'getClipboardData', () => ok('getClipboardData', { data: clipboard })),
    stopPullDownRefresh: simple('stopPullDownRefresh'),
    startPullDownRefresh: simple('startPullDownRefresh'),
    vibrateShort: simple('vibrateShort'),
    vibrateLong: simple('vibrateLong'),
    setNavigationBarTitle: simple('setNavigationBarTitle'),
    pageScrollTo: simple('pageScrollTo'),
    getStorageSync: (key: string) => (storage.has(key) ? storage.get(key) : ''),
    setStorageSync: (key: string, value: unknown) => void storage.set(key, value),
    removeStorageSync: (key: string) => void storage.delete(key),
    clearStorageSync: () => storage.clear(),
    // Files: a real HTTP download into a temporary file (the local cloud's storage links), opened by path.
    downloadFile: api(record, 'downloadFile', ({ url }: { url: string }) => new Promise((resolve, reject) => {
      http.get(url, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const tempFilePath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wx-download-')), path.basename(new URL(url).pathname));
          fs.writeFileSync(tempFilePath, Buffer.concat(chunks));
          resolve(ok('downloadFile', { tempFilePath, statusCode: res.statusCode }));
        });
      }).on('error', (err) => reject({ errMsg: `downloadFile:fail ${err.message}` }));
    })),
    openDocument: api(record, 'openDocument', ({ filePath }: { filePath: string }) => {
      if (!fs.existsSync(filePath)) throw { errMsg: 'openDocument:fail file not found' };
      return ok('openDocument');
    }),
  };
  g.wx = wx;

  const harness: WxHarness = {
    get openid() {
      return openid;
    },
    setOpenid: (id) => void (openid = id),
    setNow: (iso) => {
      now = iso;
      if (pinClock) pinClientClock(iso);
    },
    calls: <T>(name: string) => (recorded.get(name) ?? []) as T[],
    lastCall: <T>(name: string) => (recorded.get(name) ?? []).at(-1) as T | undefined,
    lastToast: () => (recorded.get('showToast')?.at(-1) as { title?: string } | undefined)?.title,
    script: (name, ...answers) => {
      if (!queues.has(name)) queues.set(name, []);
      queues.get(name)!.push(...answers);
    },
    failNextCall: (when = 'before') => void failures.push(when),
    inflight: () => inflight,
    storage,
    get clipboard() {
      return clipboard;
    },
    get loading() {
      return loading;
    },
  };
  current = harness;
  if (pinClock && now) pinClientClock(now);
  launchApp();
  return harness;
}

/** Loads miniprogram/app.ts once per test file; each installWx() gets a fresh app from it. */
function launchApp(): void {
  if (!g.__yueAppOptions && fs.existsSync(path.join(MP_ROOT, 'app.ts'))) require(path.join(MP_ROOT, 'app'));
  const options = g.__yueAppOptions as Record<string, any> | undefined;
  if (!options) return;
  const app: Record<string, any> = { ...options, globalData: JSON.parse(JSON.stringify(options.globalData ?? {})) };
  g.__yueApp = app;
  const launch = { path: 'pages/home/home', query: {}, scene: 1001, referrerInfo: {} };
  app.onLaunch?.call(app, launch);
  app.onShow?.call(app, launch);
}

// ---------------------------------------------------------------------------------------------
// Pages
// ---------------------------------------------------------------------------------------------

// Simulator internals (same instances as miniprogram-simulate's own).
const jComponent = require('j-component');
const exparser = require('miniprogram-exparser');
const JWrapper = Object.getPrototypeOf(require('j-component/src/render/component').prototype).constructor;

/** Component file (absolute, no extension) → simulator id. A file's JS runs once per test file
 * (jest caches modules), so a component is registered once and reused by later pages. */
const registered = new Map<string, string>();
if (!jComponent.__yuePatched) {
  const register = jComponent.register;
  jComponent.register = (definition: any) => {
    const id = register.call(jComponent, definition);
    if (typeof definition?.path === 'string') registered.set(definition.path, id);
    return id;
  };
  jComponent.__yuePatched = true;
}
const standInIds = new Map<string, string>();

// Errors thrown inside component/page callbacks (exparser catches and logs them) fail the test.
const callbackErrors: unknown[] = [];
if (!exparser.__yueErrorListener) {
  exparser.addGlobalErrorListener((err: unknown) => {
    callbackErrors.push(err);
    return false; // reported by the test instead of console.error
  });
  exparser.__yueErrorListener = true;
}

function readJson(file: string): any {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

function filesUnder(dir: string, ext: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => f.endsWith(ext) && !f.split(path.sep).includes('node_modules'))
    .map((f) => path.relative(MP_ROOT, path.join(dir, f)).split(path.sep).join('/'));
}

let compilerOptions: object | undefined;
function getCompilerOptions(): object {
  // wcc compiles every wxml once per test file (cached by rootPath), fixtures included.
  compilerOptions ??= {
    wxmlList: [...filesUnder(MP_ROOT, '.wxml'), ...filesUnder(FIXTURES_DIR, '.wxml')],
    wxsList: filesUnder(MP_ROOT, '.wxs'),
    maxBuffer: 256 * 1024 * 1024,
  };
  return compilerOptions;
}

const appJson = () => readJson(path.join(MP_ROOT, 'app.json')) ?? {};

/** Every page route app.json declares, subpackages included. */
function appRoutes(): string[] {
  const app = appJson();
  const subs: Array<{ root: string; pages: string[] }> = app.subpackages ?? app.subPackages ?? [];
  return [...(app.pages ?? []), ...subs.flatMap((sub) => sub.pages.map((p) => `${sub.root.replace(/\/$/, '')}/${p}`))];
}

/** Where a usingComponents value points, as the mini-program resolves it (npm paths included). */
function resolveComponent(fromFile: string, value: string): string | undefined {
  const base = value.startsWith('/')
    ? path.join(MP_ROOT, value)
    : value.startsWith('.')
      ? path.resolve(path.dirname(fromFile), value)
      : path.join(NPM_DIR, value);
  if (fs.existsSync(`${base}.json`)) return base;
  if (fs.existsSync(path.join(base, 'index.json'))) return path.join(base, 'index');
  return undefined;
}

/** Tags a wxml file uses, following <import src> / <include src>. */
function tagsIn(wxmlFile: string, tags = new Set<string>(), seen = new Set<string>()): Set<string> {
  if (seen.has(wxmlFile) || !fs.existsSync(wxmlFile)) return tags;
  seen.add(wxmlFile);
  const src = fs.readFileSync(wxmlFile, 'utf8').replace(/<!--[\s\S]*?-->/g, '');
  for (const m of src.matchAll(/<([a-zA-Z][\w-]*)/g)) tags.add(m[1]);
  for (const m of src.matchAll(/<(?:import|include)\s[^>]*src="([^"]+)"/g)) {
    const target = m[1].startsWith('/') ? path.join(MP_ROOT, m[1]) : path.resolve(path.dirname(wxmlFile), m[1]);
    tagsIn(target.endsWith('.wxml') ? target : `${target}.wxml`, tags, seen);
  }
  return tags;
}

function standInId(tag: string): string {
  let id = standInIds.get(tag);
  if (!id) {
    id = simulate.load({ ...(standIns[tag] ?? builtinStandIns[tag]).definition, tagName: tag } as any) as unknown as string;
    standInIds.set(tag, id);
  }
  return id;
}

const rel = (file: string) => path.relative(path.resolve(MP_ROOT, '..'), file);

/**
 * usingComponents for simulate.load: every tag of the page's tree → already registered id,
 * stand-in id, or root-absolute path (npm-style paths and app.json globals resolved here).
 */
function planComponents(pageFile: string): Record<string, string> {
  const globals: Record<string, string> = appJson().usingComponents ?? {};
  const appFile = path.join(MP_ROOT, 'app');
  const plan: Record<string, string> = {};
  const targetOf = new Map<string, string>();
  const seen = new Set<string>();

  const assign = (tag: string, value: string, target: string, from: string) => {
    const prev = targetOf.get(tag);
    if (prev !== undefined && prev !== target) {
      throw new Error(`<${tag}> means ${rel(prev)} and ${rel(target)} (in ${rel(from)}): give one another tag`);
    }
    targetOf.set(tag, target);
    plan[tag] = value;
  };

  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const json = readJson(`${file}.json`);
    if (!json) throw new Error(`${rel(file)}.json not found`);
    const own: Record<string, string> = json.usingComponents ?? {};
    const entries: Array<[string, string, string]> = [];
    if (!file.startsWith(NPM_DIR)) {
      const used = tagsIn(`${file}.wxml`);
      for (const tag of used) {
        if (builtinStandIns[tag]) assign(tag, standInId(tag), `stand-in:${tag}`, file);
        if (tag in own) continue;
        if (tag in globals) entries.push([tag, globals[tag], appFile]);
        else if (tag.startsWith('van-')) {
          throw new Error(`${rel(file)}.wxml uses <${tag}>, declared neither in its .json nor in app.json`);
        }
      }
    }
    for (const [tag, value] of Object.entries(own)) entries.push([tag, value, file]);

    for (const [tag, value, from] of entries) {
      if (standIns[tag]) {
        assign(tag, standInId(tag), `stand-in:${tag}`, from);
        continue;
      }
      const target = resolveComponent(from, value);
      if (!target) throw new Error(`${rel(from)}: <${tag}> → '${value}' not found (run npx tsx scripts/build-npm.ts?)`);
      const id = registered.get(target);
      assign(tag, id ?? `/${path.relative(MP_ROOT, target).split(path.sep).join('/')}`, target, from);
      if (!id) visit(target);
    }
  };
  if (registered.size === 0) {
    // First load of this test file: register every vant component together, so relations
    // (checkbox ↔ checkbox-group, tabs ↔ tab, …) link even when a later page first uses the partner.
    const vantDir = path.join(NPM_DIR, '@vant/weapp');
    const all = fs.existsSync(vantDir) ? fs.readdirSync(vantDir) : [];
    const preload = all.filter((dir) => !standIns[`van-${dir}`] && fs.existsSync(path.join(vantDir, dir, 'index.json')));
    for (const dir of preload) {
      const target = path.join(vantDir, dir, 'index');
      assign(`van-${dir}`, `/${path.relative(MP_ROOT, target).split(path.sep).join('/')}`, target, appFile);
      visit(target);
    }
  }
  visit(pageFile);
  return plan;
}

/** 'home' → pages/home/home; 'pages/x/x' or '/staff/y/y' → under the mini-program; absolute paths as is. */
function pageFileOf(page: string): { file: string; route: string } {
  let file: string;
  if (path.isAbsolute(page) && fs.existsSync(`${page}.json`)) file = page;
  else {
    const clean = page.replace(/^\//, '');
    file = path.join(MP_ROOT, clean.includes('/') ? clean : `pages/${clean}/${clean}`);
  }
  return { file, route: path.relative(MP_ROOT, file).split(path.sep).join('/') };
}

function parseQuery(search: string): Record<string, string> {
  const query: Record<string, string> = {};
  for (const part of search.split('&').filter(Boolean)) {
    const [k, v = ''] = part.split('=');
    query[decodeURIComponent(k)] = decodeURIComponent(v);
  }
  return query;
}

export interface RenderOptions {
  /** Query passed to onLoad (also accepted as '?a=1' in the path). */
  query?: Record<string, string>;
}

export type Condition = string | RegExp | ((page: PageDriver) => boolean);

export interface PageDriver {
  /** The page's `this` (methods, data, setData). */
  readonly instance: any;
  /** The simulator's root component (querySelector, dispatchEvent, toJSON). */
  readonly root: any;
  readonly route: string;
  /** Visible text of the page (or of one element), whitespace collapsed. */
  text(selector?: string): string;
  data(): Record<string, any>;
  /** True when the selector matches something rendered. */
  has(selector: string): boolean;
  /**
   * Taps what the selector matches, as a finger would (vant buttons, cells, checkboxes, views).
   * A disabled or loading van-button emits no click, as in WeChat. `{ settle: false }` returns
   * at once, so a second tap can land while the first call is in flight (double-tap tests).
   */
  tap(selector: string, opts?: { settle?: boolean }): Promise<void>;
  /** False when the match is disabled or loading (a vant component's props, or a native `disabled`). */
  enabled(selector: string): boolean;
  /** Class names of the match as written in the wxml (the simulator's `main--` style prefix removed). */
  classes(selector: string): string[];
  /** Taps the element showing this text (tab titles, action-sheet items, dialog buttons, …). */
  tapText(text: string): Promise<void>;
  /** Types into the <input>/<textarea> inside the match (van-field, van-search, van-stepper). */
  input(selector: string, value: string): Promise<void>;
  /** Makes the matched component emit an event to the page (`bind:<event>`), e.g. calendar confirm. */
  trigger(selector: string, event: string, detail?: unknown): Promise<void>;
  /** Waits until the text shows / the predicate holds; throws with the page text on timeout. */
  waitFor(condition: Condition, timeoutMs?: number): Promise<void>;
  /** Lets pending cloud calls, timers and promises finish. */
  settle(): Promise<void>;
  pullDown(): Promise<void>;
  reachBottom(): Promise<void>;
  /** onShow again (e.g. coming back from another page). */
  show(): Promise<void>;
  /** onUnload, then removes the page. */
  unload(): Promise<void>;
}

const INTERACTION_WAIT_MS = 2000;
const rendered: Array<{ root: any; host: HTMLElement; instance: any }> = [];
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Waits until no cloud call is in flight and a few macrotask turns pass quietly. */
export async function settle(maxMs = 15000): Promise<void> {
  let quiet = 0;
  for (let waited = 0; quiet < 3 && waited < maxMs; ) {
    const busy = (current?.inflight() ?? 0) > 0;
    await sleep(busy ? 5 : 0);
    waited += busy ? 5 : 1;
    quiet = busy ? 0 : quiet + 1;
  }
}

const collapse = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

/** Hidden by `hidden`, or by display:none (closed vant popups/dialogs stay in the tree so). */
function isHidden(el: Element): boolean {
  return el.hasAttribute('hidden') || /display:\s*none/.test(el.getAttribute('style') ?? '');
}

/** Text a patron can see: hidden subtrees skipped. */
function visibleText(node: Node): string {
  if (node.nodeType === 3) return node.textContent ?? '';
  if (node.nodeType !== 1 || isHidden(node as Element)) return '';
  return Array.from(node.childNodes, visibleText).join('');
}

function isVisible(el: Element, root: Element): boolean {
  for (let node: Element | null = el; node && node !== root.parentElement; node = node.parentElement) {
    if (isHidden(node)) return false;
  }
  return true;
}

function deepestFirstElement(el: Element): Element {
  let node = el;
  while (node.firstElementChild) node = node.firstElementChild;
  return node;
}

function touch(el: Element): void {
  const node = (el as any).__wxElement;
  if (!node) throw new Error(`cannot tap <${el.tagName.toLowerCase()}>: not a rendered node`);
  const wrapper = new JWrapper(node);
  wrapper.dispatchEvent('touchstart');
  wrapper.dispatchEvent('touchend');
}

/** Renders a page, attaches it, then runs onLoad(query) → onShow → onReady like the runtime. */
export async function renderPage(page: string, options: RenderOptions = {}): Promise<PageDriver> {
  const [pagePath, search = ''] = page.split('?');
  const query = { ...parseQuery(search), ...options.query };
  const { file, route } = pageFileOf(pagePath);
  if (!fs.existsSync(`${file}.json`)) throw new Error(`no page at ${rel(file)} (.json missing)`);
  if (!current) throw new Error('call installWx({ openid }) before renderPage()');
  if (file.startsWith(MP_ROOT + path.sep) && !appRoutes().includes(route)) {
    throw new Error(`${route} is not listed in miniprogram/app.json (pages or subpackages)`);
  }
  if (!fs.existsSync(path.join(NPM_DIR, '.yue-build.json'))) {
    throw new Error('miniprogram/miniprogram_npm is not built: run npx tsx scripts/build-npm.ts');
  }

  const id =
    registered.get(file) ??
    simulate.load(file, {
      rootPath: MP_ROOT,
      compiler: 'official',
      compilerOptions: getCompilerOptions(),
      usingComponents: planComponents(file),
    } as any);
  const root: any = simulate.render(id, query);
  const host = document.createElement('div');
  document.body.appendChild(host);
  root.attach(host);
  const instance = root.instance;
  Object.assign(instance, { route, options: query });
  const entry = { root, host, instance };
  rendered.push(entry);
  g.__yuePages.push(instance);

  const pageJson = readJson(`${file}.json`) ?? {};
  // Lifecycle hooks are called, not awaited (as the runtime does); their failures fail the test.
  const hookErrors: unknown[] = [];
  const run = (hook: string, ...args: unknown[]) => {
    if (typeof instance[hook] !== 'function') return;
    try {
      const result = instance[hook](...args);
      if (result && typeof result.then === 'function') result.catch((err: unknown) => hookErrors.push(err));
    } catch (err) {
      hookErrors.push(err);
    }
  };
  const settled = async () => {
    await settle();
    const err = hookErrors.shift() ?? callbackErrors.shift();
    hookErrors.length = callbackErrors.length = 0;
    if (err) throw err;
  };
  const select = (selector: string): any => {
    // 'a >>> b' reaches into the component matched by 'a'.
    let node: any = root;
    for (const part of selector.split('>>>').map((s) => s.trim())) node = node?.querySelector(part);
    return node;
  };
  const find = (selector: string): any => {
    const node = select(selector);
    if (!node) throw new Error(`nothing matches '${selector}' on ${route}; page shows: ${collapse(visibleText(root.dom))}`);
    return node;
  };
  // Interactions wait for their target a little (popups and transitions render a frame later).
  const eventually = async <T>(lookup: () => T | undefined, what: string): Promise<T> => {
    for (let waited = 0; ; waited += 10) {
      const found = lookup();
      if (found) return found;
      if (waited >= INTERACTION_WAIT_MS) {
        throw new Error(`${what} not found on ${route}; page shows: ${collapse(visibleText(root.dom))}`);
      }
      await sleep(10);
    }
  };
  const ownText = (el: Element) =>
    collapse(Array.from(el.childNodes).filter((n) => n.nodeType === 3).map((n) => n.textContent).join(''));
  const showing = (text: string): Element | undefined => {
    const all = (Array.from(root.dom.querySelectorAll('*')) as Element[]).filter((el) => isVisible(el, root.dom));
    return all.find((el) => ownText(el) === text) ?? all.find((el) => ownText(el).includes(text));
  };

  const driver: PageDriver = {
    instance,
    root,
    route,
    text: (selector) => collapse(visibleText((selector ? find(selector) : root).dom)),
    data: () => instance.data,
    has: (selector) => !!select(selector),
    async tap(selector, opts = {}) {
      const target = await eventually(() => select(selector), `'${selector}'`);
      touch(deepestFirstElement(target.dom));
      if (opts.settle === false) return sleep(0); // let the handler start its call
      await settled();
    },
    classes: (selector) =>
      ((find(selector).dom as Element).getAttribute('class') ?? '').split(/\s+/).filter(Boolean).map((c) => c.replace(/^[a-z0-9]+--/i, '')),
    enabled(selector) {
      const target = find(selector);
      const props = target.instance?.data as { disabled?: unknown; loading?: unknown } | undefined;
      if (props) return !props.disabled && !props.loading;
      return !(target.dom as Element).hasAttribute('disabled');
    },
    async tapText(text) {
      touch(await eventually(() => showing(text), `an element showing '${text}'`));
      await settled();
    },
    async input(selector, value) {
      const dom: Element = (await eventually(() => select(selector), `'${selector}'`)).dom;
      const field = dom.matches('wx-input, wx-textarea') ? dom : dom.querySelector('wx-input, wx-textarea');
      if (!field) throw new Error(`no <input>/<textarea> inside '${selector}'`);
      const node = (field as any).__wxElement;
      if (exparser.Element.getMethodCaller(node)?.data?.disabled) throw new Error(`'${selector}' is disabled`);
      // Native input events do not bubble out of the component; vant re-emits input/change.
      const event = exparser.Event.create('input', { value, cursor: value.length, keyCode: 0 }, {});
      exparser.Event.dispatchEvent(node, event);
      await settled();
    },
    async trigger(selector, event, detail) {
      const target = await eventually(() => select(selector), `'${selector}'`);
      if (!target.instance?.triggerEvent) throw new Error(`'${selector}' is not a component`);
      target.instance.triggerEvent(event, detail);
      await settled();
    },
    async waitFor(condition, timeoutMs = 5000) {
      const holds =
        typeof condition === 'string'
          ? () => driver.text().includes(condition)
          : condition instanceof RegExp
            ? () => condition.test(driver.text())
            : () => condition(driver);
      for (let waited = 0; ; waited += 10) {
        if (holds()) return;
        if (waited >= timeoutMs) {
          throw new Error(`waitFor(${String(condition)}) timed out on ${route}; page shows: ${driver.text()}`);
        }
        await sleep(10);
      }
    },
    settle: settled,
    async pullDown() {
      const enabled = pageJson.enablePullDownRefresh ?? appJson().window?.enablePullDownRefresh;
      if (!enabled) throw new Error(`${route}.json does not set enablePullDownRefresh`);
      if (typeof instance.onPullDownRefresh !== 'function') throw new Error(`${route} has no onPullDownRefresh`);
      run('onPullDownRefresh');
      await settled();
    },
    async reachBottom() {
      if (typeof instance.onReachBottom !== 'function') throw new Error(`${route} has no onReachBottom`);
      run('onReachBottom');
      await settled();
    },
    async show() {
      run('onShow');
      root.triggerPageLifeTime('show');
      await settled();
    },
    async unload() {
      run('onUnload');
      detach(entry);
      await settled();
    },
  };

  run('onLoad', query);
  run('onShow');
  root.triggerPageLifeTime('show');
  run('onReady');
  await settled();
  return driver;
}

function detach(page: { root: any; host: HTMLElement; instance: any }): void {
  const at = rendered.indexOf(page);
  if (at >= 0) rendered.splice(at, 1);
  g.__yuePages = (g.__yuePages as unknown[]).filter((p) => p !== page.instance);
  page.root.detach();
  page.host.remove();
}

// Every test starts clean: pages detached (vant timers stop), real clock back.
afterEach(() => {
  for (const page of [...rendered]) detach(page);
  g.__yuePages = [];
  jest.useRealTimers();
  current = undefined;
});
