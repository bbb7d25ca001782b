// Browser preview, build side: turns miniprogram/ (pages, components, vant from miniprogram_npm)
// into what the browser runtime needs — one compiled WXML template function for every file,
// component metadata (tags, usingComponents, processed WXSS) and one script holding every
// module of the mini-program. Nothing here is bundled into the mini-program or the functions.
import { build, buildSync } from 'esbuild';
import fs from 'fs';
import path from 'path';
import { buildNpm } from '../../scripts/build-npm';
import { ROOT } from '../../scripts/functions';
import type { ComponentMeta, PreviewMeta } from './meta';

/* eslint-disable @typescript-eslint/no-require-imports */

export const MP_ROOT = path.join(ROOT, 'miniprogram');
const NPM_DIR = path.join(MP_ROOT, 'miniprogram_npm');
const RUNTIME_ENTRY = path.join(__dirname, 'runtime', 'index.ts');

export interface PreviewBuild extends PreviewMeta {
  /** The script the preview frame loads: templates, metadata and modules. */
  script: string;
  /** The browser runtime (j-component + exparser + wx + router), independent of miniprogram/. */
  runtime: string;
  /** Wall time of the build in ms (printed by the bench). */
  ms: number;
}

const posix = (p: string) => p.split(path.sep).join('/');
const readJson = (file: string): any => JSON.parse(fs.readFileSync(file, 'utf8'));

function filesUnder(dir: string, ext: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => f.endsWith(ext) && !f.split(path.sep).includes('node_modules'))
    .map((f) => posix(path.relative(MP_ROOT, path.join(dir, f))));
}

export function appRoutes(app: Record<string, any>): string[] {
  const subs: Array<{ root: string; pages: string[] }> = app.subpackages ?? app.subPackages ?? [];
  return [...(app.pages ?? []), ...subs.flatMap((s) => s.pages.map((p) => `${s.root.replace(/\/$/, '')}/${p}`))];
}

/** Where a usingComponents value points, as the mini-program resolves it (npm paths included). */
function resolveComponent(fromRel: string, value: string): string | null {
  const fromDir = path.dirname(path.join(MP_ROOT, fromRel));
  const base = value.startsWith('/') ? path.join(MP_ROOT, value) : value.startsWith('.') ? path.resolve(fromDir, value) : path.join(NPM_DIR, value);
  if (fs.existsSync(`${base}.json`)) return posix(path.relative(MP_ROOT, base));
  if (fs.existsSync(path.join(base, 'index.json'))) return posix(path.relative(MP_ROOT, path.join(base, 'index')));
  return null;
}

// ---------------------------------------------------------------------------------------------
// WXSS → CSS
// ---------------------------------------------------------------------------------------------

/** rpx is 1/750 of the screen width; the preview frame's viewport is the phone screen. */
export const rpxToVw = (css: string) => css.replace(/(-?\d*\.?\d+)rpx/g, (_m, n: string) => `${+(Number(n) / 7.5).toFixed(4)}vw`);
/** vh in a page means the window below the navigation bar (and above the tab bar). */
const vhToWindow = (css: string) => css.replace(/(-?\d*\.?\d+)vh/g, (_m, n: string) => `calc(${n} * var(--vh, 1vh))`);

function inlineImports(file: string, seen = new Set<string>()): string {
  if (seen.has(file) || !fs.existsSync(file)) return '';
  seen.add(file);
  const src = fs.readFileSync(file, 'utf8');
  return src.replace(/@import\s+(?:"([^"]+)"|'([^']+)');?/g, (_m, a?: string, b?: string) => {
    const target = (a ?? b)!;
    return inlineImports(target.startsWith('/') ? path.join(MP_ROOT, target) : path.resolve(path.dirname(file), target), seen);
  });
}

let iconFontFace: string | null = null;
/** vant's icon font comes from a CDN; @vant/icons ships the same font as base64. */
function vantIconFont(): string {
  if (iconFontFace === null) {
    const less = fs.readFileSync(path.join(ROOT, 'node_modules/@vant/icons/src/encode-woff2.less'), 'utf8');
    const url = /url\('(data:font\/woff2[^']+)'\)/.exec(less)?.[1];
    iconFontFace = url ? `@font-face{font-family:vant-icon;font-style:normal;font-weight:400;font-display:auto;src:url('${url}') format('woff2')}` : '';
  }
  return iconFontFace;
}

/** Prefixes class selectors (`.x` → `.p--x`), maps `page` and `:host`, like the runtime's style isolation. */
function scopeSelector(selector: string, prefix: string, hostTag: string): string {
  return selector
    .replace(/(.)?\.([-_a-zA-Z][-_a-zA-Z0-9]*)/g, (all, before: string | undefined, name: string) =>
      before && /\d/.test(before) ? all : `${before ?? ''}.${prefix}--${name}`)
    .replace(/(^|[\s>+~,(])page(?![-\w])/g, '$1.yue-page')
    .replace(/:host/g, hostTag);
}

/** A small CSS walker: scopes selectors of plain rules, keeps at-rule blocks' inner rules scoped. */
export function scopeCss(css: string, prefix: string, hostTag: string): string {
  css = css.replace(/\/\*[\s\S]*?\*\//g, '');
  let out = '';
  let i = 0;
  while (i < css.length) {
    const open = css.indexOf('{', i);
    if (open < 0) break;
    const prelude = css.slice(i, open).trim();
    // Find the matching close brace.
    let depth = 1;
    let j = open + 1;
    for (; j < css.length && depth > 0; j++) {
      if (css[j] === '{') depth++;
      else if (css[j] === '}') depth--;
    }
    const body = css.slice(open + 1, j - 1);
    if (/^@(media|supports)/.test(prelude)) out += `${prelude}{${scopeCss(body, prefix, hostTag)}}`;
    else if (prelude.startsWith('@font-face') && /vant-icon/.test(body)) out += vantIconFont();
    else if (prelude.startsWith('@')) out += `${prelude}{${body}}`;
    else if (prelude) out += `${prelude.split(',').map((s) => scopeSelector(s.trim(), prefix, hostTag)).join(',')}{${body}}`;
    i = j;
  }
  // Units are converted outside url(…) only (base64 data can contain "3rpx" or "12vh").
  return out.split(/(url\([^)]*\))/).map((part, i) => (i % 2 ? part : vhToWindow(rpxToVw(part)))).join('');
}

// ---------------------------------------------------------------------------------------------
// Components
// ---------------------------------------------------------------------------------------------

function tagOf(rel: string): string {
  const vant = /^miniprogram_npm\/@vant\/weapp\/([^/]+)\/index$/.exec(rel);
  if (vant) return `van-${vant[1]}`;
  return rel.replace(/[^a-zA-Z0-9]+/g, '-').toLowerCase().replace(/^-+|-+$/g, '');
}

function collectComponents(app: Record<string, any>, routes: string[]): Record<string, ComponentMeta> {
  const globals: Record<string, string> = app.usingComponents ?? {};
  const appCss = inlineImports(path.join(MP_ROOT, 'app.wxss'));
  const out: Record<string, ComponentMeta> = {};
  const visit = (rel: string, isPage: boolean) => {
    if (out[rel]) return;
    const json = readJson(path.join(MP_ROOT, `${rel}.json`));
    const isNpm = rel.startsWith('miniprogram_npm/');
    const using: Record<string, string> = {};
    const entries: Array<[string, string, string]> = [];
    if (!isNpm) for (const [tag, value] of Object.entries(globals)) entries.push([tag, value, 'app']);
    for (const [tag, value] of Object.entries((json.usingComponents ?? {}) as Record<string, string>)) entries.push([tag, value, rel]);
    for (const [tag, value, from] of entries) {
      const target = resolveComponent(from, value);
      if (!target) throw new Error(`${from}.json: <${tag}> → '${value}' not found (run npm run build:npm?)`);
      using[tag] = target;
    }
    const tag = isPage ? 'yue-page-body' : tagOf(rel);
    const prefix = isNpm ? tagOf(rel) : tagOf(rel).replace(/^(pages|components)-/, '');
    const own = inlineImports(path.join(MP_ROOT, `${rel}.wxss`));
    // app.wxss applies to pages (not to custom components, which are style-isolated).
    const css = (isPage ? scopeCss(appCss, prefix, tag) : '') + scopeCss(own, prefix, tag);
    out[rel] = { tag, prefix, using, css, ...(isPage ? { page: { ...json, usingComponents: undefined } } : {}) };
    for (const target of Object.values(using)) visit(target, false);
  };
  for (const route of routes) visit(route, true);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Modules: every page/component script and what it imports, in one bundle with one module cache
// ---------------------------------------------------------------------------------------------

function bundleModules(components: Record<string, ComponentMeta>): string {
  const lines = ["import './app';", 'const m: Record<string, () => unknown> = {};'];
  for (const rel of Object.keys(components)) {
    const ts = fs.existsSync(path.join(MP_ROOT, `${rel}.ts`));
    const file = `./${rel}${ts ? '.ts' : '.js'}`;
    lines.push(`m[${JSON.stringify(rel)}] = () => require(${JSON.stringify(file)});`);
  }
  lines.push('(window as any).__YUE_MODULES__ = m;');
  const res = buildSync({
    stdin: { contents: lines.join('\n'), resolveDir: MP_ROOT, sourcefile: '__preview_modules__.ts', loader: 'ts' },
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    // Same module instances as vant's components: '@vant/weapp/x' is the built miniprogram_npm copy.
    alias: { '@vant/weapp': path.join(NPM_DIR, '@vant/weapp') },
    nodePaths: [NPM_DIR, path.join(ROOT, 'node_modules')],
    logLevel: 'silent',
  });
  return res.outputFiles[0].text;
}

function compileTemplates(): string {
  const compiler = require('miniprogram-compiler') as { wxmlToJs(root: string, o: object): string };
  const src = compiler.wxmlToJs(MP_ROOT, {
    wxmlList: filesUnder(MP_ROOT, '.wxml'),
    wxsList: filesUnder(MP_ROOT, '.wxs'),
    maxBuffer: 256 * 1024 * 1024,
  });
  return `window.__YUE_GWX__=(function(){${src}\n})();`;
}

let runtimeCache: string | null = null;
async function buildRuntime(): Promise<string> {
  if (runtimeCache) return runtimeCache;
  const patches = [
    // Element ids the pages set become DOM ids (browser tests select them as page tests do).
    { file: /j-component[\\/]src[\\/]componentmanager\.js$/, from: 'writeIdToDOM: false', to: 'writeIdToDOM: true' },
    // rpx in inline styles: 1/750 of the screen width, not 1 px.
    { file: /j-component[\\/]src[\\/]tool[\\/]utils\.js$/, from: "style.replace(/(\\d+)rpx/ig, '$1px')", to: 'window.__yueRpx(style)' },
    // `animation` data: the runtime runs the steps on timers (j-component waits for an exparser
    // transitionend that a browser never sends, and re-applies the static style on top).
    { file: /j-component[\\/]src[\\/]render[\\/]render\.js$/, from: "} else if (isComponentNode && name === 'animation') {", to: "} else if (isComponentNode && name === 'animation' && window.__yueAnimate) {\n      window.__yueAnimate(exparserNode, value)\n    } else if (isComponentNode && name === 'animation') {" },
    { file: /j-component[\\/]src[\\/]render[\\/]render\.js$/, from: 'exparserNode.setNodeStyle(_.transformRpx(value || \'\', true) + animationStyle)', to: "exparserNode.setNodeStyle(_.transformRpx(value || '', true) + animationStyle + (exparserNode.__yueAnimatedStyle || ''))" },
    // WeChat's aria-* attributes reach the DOM (role, aria-label, aria-hidden, …; see builtins.ts);
    // wcc hands them over camelCased (ariaLabel).
    { file: /j-component[\\/]src[\\/]render[\\/]render\.js$/, from: '} else if (/^data-/.test(name)) {', to: '} else if (/^aria(-|[A-Z])/.test(name)) {\n      window.__yueAria(exparserNode, name, value)\n    } else if (/^data-/.test(name)) {' },
  ];
  const res = await build({
    entryPoints: [RUNTIME_ENTRY],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    define: { global: 'window' },
    logLevel: 'silent',
    plugins: [{
      name: 'yue-patch',
      setup(b) {
        b.onLoad({ filter: /j-component[\\/]src[\\/].*\.js$/ }, (args) => {
          let text = fs.readFileSync(args.path, 'utf8');
          for (const p of patches) {
            if (!p.file.test(args.path)) continue;
            if (!text.includes(p.from)) throw new Error(`preview patch no longer applies to ${args.path}: ${p.from}`);
            text = text.replace(p.from, p.to);
          }
          return { contents: text, loader: 'js' };
        });
      },
    }],
  });
  runtimeCache = res.outputFiles[0].text;
  return runtimeCache;
}

/** Builds everything the preview serves (about a second; cached by the server until sources change). */
export async function buildPreview(): Promise<PreviewBuild> {
  const started = Date.now();
  await buildNpm({ quiet: true }); // miniprogram_npm as DevTools' 构建 npm makes it (skipped when up to date)
  const app = readJson(path.join(MP_ROOT, 'app.json'));
  const routes = appRoutes(app);
  const components = collectComponents(app, routes);
  const meta = { app, routes, components };
  const script = [compileTemplates(), `window.__YUE_META__=${JSON.stringify(meta)};`, bundleModules(components)].join('\n');
  return { app, routes, components, script, runtime: await buildRuntime(), ms: Date.now() - started };
}

/** Newest modification time under miniprogram/ (rebuild trigger; the server takes it at most every 500 ms). */
export function sourcesStamp(): number {
  let newest = 0;
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.name === 'node_modules') continue;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else newest = Math.max(newest, fs.statSync(p).mtimeMs);
    }
  };
  walk(MP_ROOT);
  walk(path.join(__dirname, 'runtime'));
  return newest;
}
