// `npm run build:mp`: compiles miniprogram/ with WeChat's own pipeline (miniprogram-ci, the
// compiler DevTools uses: babel TypeScript plugin → ES5, WXSS, JSON, ignoreUploadUnusedFiles,
// subpackages) offline with project.config.json's settings, checks every WXML with wcc, writes the
// result to .build/miniprogram and prints per package the file count and bytes against WeChat's
// limits. Exits 1 on a compiler error or a package over its limit.
// Usage: npx tsx scripts/build-mp.ts [--project <dir with project.config.json>] [--out <dir>]
// (through the tsx CLI, not `node --import tsx`: the compiler forks workers with our execArgv
// and the project as cwd, where a bare `tsx` would not resolve).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '..');
const MiB = 1024 * 1024;
const LARGEST = 8;
// Output lines of the compiler that are progress chatter, or the one request that fails offline
// (getwhiteextlist falls back to the built-in list).
const NOISE = /^\[(summer-compiler|miniprogram-builder)\]|^serialize mini-|getwhiteextlist|get white ext list fail/;

export interface PackageSize {
  name: string;
  root: string; // '' for the main package
  files: number;
  bytes: number;
  limit: number;
}

export interface BuildMpResult {
  ok: boolean;
  error?: string; // the compiler's message
  packages: PackageSize[];
  total: { files: number; bytes: number; limit: number };
  largest: { file: string; bytes: number }[];
  ms: number;
  outDir: string;
  compilerVersion: string;
}

interface Attr {
  setting: { MaxCodeSize: number; MaxSubpackageSubCodeSize: number; MaxSubpackageFullCodeSize: number };
}

function subpackagesOf(appJson: string): { name: string; root: string }[] {
  const app = JSON.parse(appJson) as { subpackages?: { root: string; name?: string }[]; subPackages?: { root: string; name?: string }[] };
  return (app.subpackages ?? app.subPackages ?? []).map((p) => {
    const r = p.root.replace(/^\/+/, '').replace(/\/*$/, '/');
    return { name: p.name ?? r.slice(0, -1), root: r };
  });
}

/** Sizes per package of the compiled files (what an upload sends: no source maps). */
export function measure(files: Record<string, Buffer>, attr: Attr): Pick<BuildMpResult, 'packages' | 'total' | 'largest'> {
  const subs = subpackagesOf(files['app.json'].toString('utf8'));
  const packages: PackageSize[] = [
    { name: 'main', root: '', files: 0, bytes: 0, limit: attr.setting.MaxCodeSize * MiB },
    ...subs.map((s) => ({ ...s, files: 0, bytes: 0, limit: attr.setting.MaxSubpackageSubCodeSize * MiB })),
  ];
  const sizes = Object.entries(files).map(([file, buf]) => ({ file, bytes: buf.length }));
  for (const { file, bytes } of sizes) {
    const pkg = packages.find((p) => p.root && file.startsWith(p.root)) ?? packages[0];
    pkg.files += 1;
    pkg.bytes += bytes;
  }
  return {
    packages,
    total: {
      files: sizes.length,
      bytes: packages.reduce((s, p) => s + p.bytes, 0),
      limit: attr.setting.MaxSubpackageFullCodeSize * MiB,
    },
    largest: sizes.sort((a, b) => b.bytes - a.bytes).slice(0, LARGEST),
  };
}

/**
 * miniprogram-ci passes WXML through as text (WeChat compiles it later), so a broken template would
 * only fail in DevTools or at upload: compile every WXML/WXS of the output with wcc, WeChat's WXML
 * compiler (the miniprogram-compiler package that miniprogram-simulate uses). Returns its message.
 */
function checkWxml(dir: string): string | null {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const wcc = require('miniprogram-compiler') as { wxmlToJs(root: string): string };
  try {
    wcc.wxmlToJs(dir);
    return null;
  } catch (e) {
    return `WXML: ${String((e as Error)?.message ?? e).trim()}`;
  }
}

/** Runs `fn` with console output captured; returns what was printed besides the known chatter. */
async function quietly<T>(fn: () => Promise<T>): Promise<{ value?: T; error?: unknown; said: string[] }> {
  const said: string[] = [];
  const saved = { log: console.log, info: console.info, warn: console.warn, error: console.error };
  const keep = (...args: unknown[]) => {
    const line = args.map((a) => (typeof a === 'string' ? a : a instanceof Error ? a.message : JSON.stringify(a))).join(' ');
    if (!NOISE.test(line)) said.push(line);
  };
  Object.assign(console, { log: keep, info: keep, warn: keep, error: keep });
  try {
    return { value: await fn(), said };
  } catch (error) {
    return { error, said };
  } finally {
    Object.assign(console, saved);
  }
}

/** Compiles the project at `projectPath` as DevTools would and writes the result to `outDir`. */
export async function buildMp(options: { projectPath?: string; outDir?: string } = {}): Promise<BuildMpResult & { said: string[] }> {
  const projectPath = path.resolve(options.projectPath ?? root);
  const outDir = path.resolve(options.outDir ?? path.join(root, '.build', 'miniprogram'));
  const config = require('miniprogram-ci/dist/config/config') as { DefaultProjectAttr: Attr; CI_VERSION: string };
  if (projectPath === root) {
    // The compiler reads miniprogram_npm (vant): make sure it is there and current.
    const { buildNpm } = await import('./build-npm');
    await buildNpm({ quiet: true });
  }
  const started = Date.now();
  // The compiler leaves an empty md5-named folder in the working directory: give it a temporary one.
  const cwd = process.cwd();
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'yue-build-mp-'));
  process.chdir(scratch);
  const run = await quietly(async () => {
    // Loaded here (slow, and chatty on load). getCompiler, not getCompiledResult: its compiler
    // can be destroyed, so the process exits by itself.
    const ci = await import('miniprogram-ci');
    const { getCompiler } = require('miniprogram-ci/dist/ci/getcompiler') as typeof import('miniprogram-ci/dist/@types/ci/getcompiler');
    const appid = (JSON.parse(fs.readFileSync(path.join(projectPath, 'project.config.json'), 'utf8')) as { appid: string }).appid;
    // The attributes an upload would fetch from WeChat's server, supplied locally: no network,
    // and the private key is never used.
    const project = new ci.Project({
      appid, type: 'miniProgram', projectPath, privateKey: 'offline',
      attr: async () => ({ ...config.DefaultProjectAttr }),
    } as ConstructorParameters<typeof ci.Project>[0]);
    const setting = { useProjectConfig: true };
    const compiler = await getCompiler(project, setting);
    try {
      const options = { setting, resultType: 'prod', disableSpreadingUsingComponents: true, onProgressUpdate: () => undefined };
      return (await compiler.compile(options as never)) as Record<string, string | Buffer>;
    } finally {
      compiler.destroy();
    }
  });
  process.chdir(cwd);
  fs.rmSync(scratch, { recursive: true, force: true });
  const base = { outDir, compilerVersion: config.CI_VERSION, said: run.said, ms: Date.now() - started };
  if (!run.value) {
    const e = run.error as { message?: string } | undefined;
    return { ...base, ok: false, error: String(e?.message ?? e), packages: [], total: { files: 0, bytes: 0, limit: 0 }, largest: [] };
  }
  const files: Record<string, Buffer> = {};
  for (const [file, content] of Object.entries(run.value)) {
    if (!file.endsWith('.map')) files[file] = Buffer.isBuffer(content) ? content : Buffer.from(content);
  }
  fs.rmSync(outDir, { recursive: true, force: true });
  for (const [file, buf] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(outDir, file)), { recursive: true });
    fs.writeFileSync(path.join(outDir, file), buf);
  }
  const wxmlError = checkWxml(outDir);
  if (wxmlError) {
    fs.rmSync(outDir, { recursive: true, force: true });
    return { ...base, ok: false, error: wxmlError, packages: [], total: { files: 0, bytes: 0, limit: 0 }, largest: [] };
  }
  const sizes = measure(files, config.DefaultProjectAttr);
  const over = [...sizes.packages, { name: 'all packages', ...sizes.total }].filter((p) => p.bytes > p.limit);
  return {
    ...base, ...sizes, ok: over.length === 0,
    error: over.length ? over.map((p) => `${p.name} is ${kib(p.bytes)} KiB, over its limit of ${kib(p.limit)} KiB`).join('; ') : undefined,
  };
}

const kib = (bytes: number) => (bytes / 1024).toFixed(1);

/** The size table `build:mp` and `npm run bench` print. */
export function sizeTable(r: BuildMpResult): string {
  const pct = (b: number, l: number) => `${((100 * b) / l).toFixed(1)}%`;
  const rows: string[][] = [
    ['package', 'root', 'files', 'KiB', 'limit KiB', 'used'],
    ...r.packages.map((p) => [p.name, p.root || '/', String(p.files), kib(p.bytes), kib(p.limit), pct(p.bytes, p.limit)]),
    ['all', '', String(r.total.files), kib(r.total.bytes), kib(r.total.limit), pct(r.total.bytes, r.total.limit)],
  ];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  const fmt = (row: string[]) => row.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  const big = r.largest.map((f) => `  ${kib(f.bytes).padStart(7)} KiB  ${f.file}`);
  return [...rows.map(fmt), '', 'largest files:', ...big].join('\n');
}

if (require.main === module) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  buildMp({ projectPath: arg('--project'), outDir: arg('--out') }).then((r) => {
    for (const line of r.said) console.log(line);
    if (r.packages.length) {
      console.log(`\n## Mini-program compiled by miniprogram-ci ${r.compilerVersion} in ${(r.ms / 1000).toFixed(1)} s → ${path.relative(process.cwd(), r.outDir) || r.outDir}`);
      console.log(sizeTable(r));
    }
    if (!r.ok) {
      console.error(`\nbuild:mp failed: ${r.error}`);
      process.exitCode = 1;
    }
  }, (err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
