// Builds miniprogram/miniprogram_npm offline (no DevTools): packNpmManually packs each
// dependency's main entry; the dayjs plugins/locales pages need are copied beside it, then
// every packed entry is loaded the way the mini-program would (its own require, no node builtins).
// Usage: npx tsx scripts/build-npm.ts [--force], or buildNpm() from a jest globalSetup.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { PALETTE } from './vant-rem';

const root = path.resolve(__dirname, '..');
const mpRoot = path.join(root, 'miniprogram');
const npmDir = path.join(mpRoot, 'miniprogram_npm');
const stampFile = path.join(npmDir, '.yue-build.json');
const packageJsonPath = path.join(root, 'package.json');

// Files outside each package's main entry that the mini-program requires by subpath.
const EXTRA_FILES: Record<string, string[]> = {
  dayjs: ['plugin/utc.js', 'plugin/timezone.js', 'plugin/isoWeek.js', 'locale/zh-cn.js'],
};
const STAMP_VERSION = 5; // 3: vant made accessible and local (adaptVant)

function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}

/** Hash of everything the output depends on: installed versions of shipped deps + extras. */
function inputHash(): string {
  const pkg = readJson<{ dependencies?: Record<string, string> }>(packageJsonPath);
  const deps = Object.keys(pkg.dependencies ?? {}).sort();
  const installed = deps.map((name) => {
    const p = readJson<{ version: string }>(path.join(root, 'node_modules', name, 'package.json'));
    return `${name}@${p.version}`;
  });
  return createHash('sha256')
    .update(JSON.stringify({ STAMP_VERSION, installed, EXTRA_FILES }))
    .digest('hex');
}

function upToDate(hash: string): boolean {
  if (!fs.existsSync(stampFile)) return false;
  try {
    return readJson<{ hash: string }>(stampFile).hash === hash;
  } catch {
    return false;
  }
}

function copyExtras(): void {
  for (const [name, files] of Object.entries(EXTRA_FILES)) {
    for (const rel of files) {
      const from = path.join(root, 'node_modules', name, rel);
      const to = path.join(npmDir, name, rel);
      fs.mkdirSync(path.dirname(to), { recursive: true });
      fs.copyFileSync(from, to);
    }
  }
}

/**
 * Accessibility of vant (issue 25). Nothing loads from outside the package: vant fetches its icon font from
 * at.alicdn.com and van-empty's preset pictures from img.yzcdn.cn: the font becomes the same
 * font inline (@vant/icons ships it as base64; WXSS may not point fonts at package files), the
 * pictures are the package's own SVGs in miniprogram/assets/empty/, marked decorative for screen
 * readers (the description under them says what they mean). Each edit fails loudly when a vant
 * update moves what it edits; test/no-external.test.ts checks the built result.
 */
function adaptVant(): void {
  const edit = (rel: string, from: RegExp | string, to: string) => {
    const file = path.join(npmDir, '@vant/weapp', rel);
    const text = fs.readFileSync(file, 'utf8');
    const found = typeof from === 'string' ? text.includes(from) : from.test(text);
    if (!found) throw new Error(`adaptVant: ${rel} no longer contains ${String(from)}`);
    fs.writeFileSync(file, text.replace(from, () => to));
  };
  const less = fs.readFileSync(path.join(root, 'node_modules/@vant/icons/src/encode-woff2.less'), 'utf8');
  const font = /url\('(data:font\/woff2[^']+)'\)/.exec(less)?.[1];
  if (!font) throw new Error('adaptVant: @vant/icons/src/encode-woff2.less has no woff2 data');
  edit('icon/index.wxss', /@font-face\{[^}]*at\.alicdn\.com[^}]*\}/,
    `@font-face{font-display:auto;font-family:vant-icon;font-style:normal;font-weight:400;src:url('${font}') format("woff2")}`);
  edit('empty/index.wxs', "'https://img.yzcdn.cn/vant/empty-image-' + image + '.png'", "'/assets/empty/' + image + '.svg'");
  edit('empty/index.wxml', '<image wx:if="{{ image }}"', '<image wx:if="{{ image }}" aria-hidden="true"');
  // Large text and contrast: vant's few hard-coded text sizes (e.g. van-empty's description) in rem,
  // its hard-coded low-contrast colours darkened as scripts/vant-rem.ts darkens its variables.
  for (const rel of (fs.readdirSync(path.join(npmDir, '@vant/weapp'), { recursive: true }) as string[]).filter((f) => f.endsWith('.wxss'))) {
    const file = path.join(npmDir, '@vant/weapp', rel);
    const text = fs.readFileSync(file, 'utf8');
    const out = text
      .replace(/([;{])(font-size|line-height):(\d*\.?\d+)px/g, (_m, b: string, prop: string, px: string) => `${b}${prop}:${+(Number(px) / 16).toFixed(4)}rem`)
      .replace(/:#([0-9a-fA-F]{6})\b/g, (m, hex: string) => (PALETTE[`#${hex.toLowerCase()}`] ? `:${PALETTE[`#${hex.toLowerCase()}`]}` : m));
    if (out !== text) fs.writeFileSync(file, out);
  }
  // A disabled or loading van-button says so (vant only dims it and drops the tap).
  edit('button/index.wxml', 'aria-label="{{ ariaLabel }}"', 'aria-label="{{ ariaLabel }}"\n  aria-disabled="{{ disabled || loading }}"');
  // A field's input is named by its label (else its placeholder) for screen readers: vant shows
  // the label beside the input but does not tie them together.
  for (const f of ['field/input.wxml', 'field/textarea.wxml']) {
    edit(f, 'placeholder="{{ placeholder }}"', 'placeholder="{{ placeholder }}"\n  aria-label="{{ label || placeholder }}"');
  }
}

/** A require that resolves like the mini-program runtime: relative files, or miniprogram_npm/<id>. */
function mpRequire(fromFile: string, cache: Map<string, unknown>) {
  return (id: string): unknown => {
    const base = id.startsWith('.') ? path.resolve(path.dirname(fromFile), id) : path.join(npmDir, id);
    const file = [base, `${base}.js`, path.join(base, 'index.js')].find(
      (f) => fs.existsSync(f) && fs.statSync(f).isFile(),
    );
    if (!file) throw new Error(`mini-program cannot resolve '${id}' from ${path.relative(root, fromFile)}`);
    if (cache.has(file)) return cache.get(file);
    const module = { exports: {} as unknown };
    cache.set(file, module.exports);
    const wrapper = vm.runInNewContext(
      `(function (module, exports, require) {${fs.readFileSync(file, 'utf8')}\n})`,
      { console },
      { filename: file },
    ) as (m: typeof module, e: unknown, r: (id: string) => unknown) => void;
    wrapper(module, module.exports, mpRequire(file, cache));
    cache.set(file, module.exports);
    return module.exports;
  };
}

type DayjsLike = ((d?: string) => {
  utcOffset(o: number): { format(f: string): string };
  tz(z: string): { format(f: string): string };
}) & { extend(p: unknown): void; locale(l: string): void };

type QrFactory = (t: number, e: string) => {
  addData(s: string): void;
  make(): void;
  getModuleCount(): number;
};

/** Loads the packed output as the mini-program would and checks what pages rely on. */
function verify(): void {
  const req = mpRequire(path.join(mpRoot, 'app.js'), new Map());
  const dayjs = req('dayjs') as DayjsLike;
  dayjs.extend(req('dayjs/plugin/utc'));
  dayjs.extend(req('dayjs/plugin/timezone'));
  dayjs.extend(req('dayjs/plugin/isoWeek'));
  req('dayjs/locale/zh-cn');
  const at = '2024-12-31T16:30:00Z';
  const viaOffset = dayjs(at).utcOffset(480).format('YYYY-MM-DD HH:mm');
  const viaTz = dayjs(at).tz('Asia/Shanghai').format('YYYY-MM-DD HH:mm');
  if (viaOffset !== '2025-01-01 00:30' || viaTz !== viaOffset) {
    throw new Error(`dayjs Asia/Shanghai check failed: ${viaOffset} / ${viaTz}`);
  }
  const qrcode = req('qrcode-generator') as QrFactory;
  const qr = qrcode(0, 'M');
  qr.addData('YUE-CHECK');
  qr.make();
  if (!(qr.getModuleCount() > 0)) throw new Error('qrcode-generator check failed');
  for (const comp of ['button', 'cell', 'field', 'calendar', 'dialog/dialog', 'toast/toast']) {
    const f = path.join(npmDir, '@vant/weapp', comp);
    if (!fs.existsSync(`${f}.js`) && !fs.existsSync(path.join(f, 'index.js'))) {
      throw new Error(`@vant/weapp/${comp} missing from miniprogram_npm`);
    }
  }
}

/** Builds miniprogram_npm unless it is up to date with the installed dependencies. */
export async function buildNpm(options: { force?: boolean; quiet?: boolean } = {}): Promise<'up-to-date' | 'built'> {
  const log = options.quiet ? () => undefined : console.log;
  const hash = inputHash();
  if (!options.force && upToDate(hash)) {
    log('miniprogram_npm is up to date');
    return 'up-to-date';
  }
  const started = Date.now();
  fs.rmSync(npmDir, { recursive: true, force: true });
  // Imported lazily: miniprogram-ci is slow to load and not needed when up to date.
  const ci = await import('miniprogram-ci');
  const result = await ci.packNpmManually({ packageJsonPath, miniprogramNpmDistDir: mpRoot });
  if (result.warnList.length) console.warn(result.warnList);
  copyExtras();
  adaptVant();
  verify();
  fs.writeFileSync(stampFile, JSON.stringify({ hash, builtAt: new Date().toISOString() }, null, 2));
  log(
    `miniprogram_npm built in ${Date.now() - started} ms ` +
      `(${result.miniProgramPackNum} mini-program + ${result.otherNpmPackNum} other packages)`,
  );
  return 'built';
}

if (require.main === module) {
  buildNpm({ force: process.argv.includes('--force') }).catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
