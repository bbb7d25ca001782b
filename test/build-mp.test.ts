// The build:mp gate (scripts/build-mp.ts) on a small temporary project that uses this repo's own
// project.config.json: WeChat's compilers reject what DevTools would reject (TS syntax, WXML), and
// sizes are checked.
import { execFile } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';

const ROOT = path.resolve(__dirname, '..');
const SCRIPT = path.join(ROOT, 'scripts', 'build-mp.ts');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

interface Run { code: number; output: string }

function buildMp(project: string, out: string): Promise<Run> {
  return new Promise((resolve) => {
    execFile(TSX, [SCRIPT, '--project', project, '--out', out], { cwd: ROOT }, (err, stdout, stderr) => {
      resolve({ code: err ? Number(err.code ?? 1) : 0, output: `${stdout}${stderr}` });
    });
  });
}

/** A main package with page `pages/a/a` (source `pageTs`) and a subpackage `sub` with page `b/b`. */
function writeProject(dir: string, pageTs: string): void {
  const mp = path.join(dir, 'miniprogram');
  const put = (rel: string, text: string | Buffer) => {
    fs.mkdirSync(path.dirname(path.join(mp, rel)), { recursive: true });
    fs.writeFileSync(path.join(mp, rel), text);
  };
  fs.copyFileSync(path.join(ROOT, 'project.config.json'), path.join(dir, 'project.config.json'));
  put('app.json', JSON.stringify({ pages: ['pages/a/a'], subpackages: [{ root: 'sub', name: 'sub', pages: ['b/b'] }] }));
  put('app.ts', 'App({});\n');
  put('pages/a/a.ts', pageTs);
  put('sub/b/b.ts', 'Component({ data: { n: 2 } });\n');
  for (const page of ['pages/a/a', 'sub/b/b']) {
    put(`${page}.wxml`, '<view>{{n}}</view>\n');
    put(`${page}.json`, '{}\n');
  }
}

const GOOD_PAGE = 'const start: number = 1;\nComponent({ data: { n: start as number }, methods: { async load() { return start; } } });\n';

describe('npm run build:mp', () => {
  const dirs: string[] = [];
  const tmp = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yue-build-mp-test-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  test('a TS syntax error fails the build with the compiler\'s message, and nothing is written', async () => {
    const dir = tmp();
    writeProject(dir, 'const start: number = (1;\nComponent({ data: { n: start } });\n');
    const out = path.join(dir, 'out');
    const run = await buildMp(dir, out);
    expect(run.code).toBe(1);
    expect(run.output).toContain('build:mp failed');
    expect(run.output).toMatch(/pages\/a\/a\.ts[\s\S]*Unexpected token/);
    expect(fs.existsSync(out)).toBe(false);
  });

  test('an unclosed WXML tag fails the build with wcc\'s message (miniprogram-ci alone passes WXML through)', async () => {
    const dir = tmp();
    writeProject(dir, GOOD_PAGE);
    fs.writeFileSync(path.join(dir, 'miniprogram/sub/b/b.wxml'), '<view>{{n}}</view>\n<view class="x">\n');
    const out = path.join(dir, 'out');
    const run = await buildMp(dir, out);
    expect(run.code).toBe(1);
    expect(run.output).toMatch(/build:mp failed: WXML: .*sub\/b\/b\.wxml/);
    expect(fs.existsSync(out)).toBe(false);
  });

  test('the same project with the page fixed compiles to ES5 and prints each package against 2 MiB', async () => {
    const dir = tmp();
    writeProject(dir, GOOD_PAGE);
    const out = path.join(dir, 'out');
    const run = await buildMp(dir, out);
    expect(run.output).not.toContain('build:mp failed');
    expect(run.code).toBe(0);
    expect(run.output).toMatch(/^main\s+\/\s+\d+\s+[\d.]+\s+2048\.0\s/m);
    expect(run.output).toMatch(/^sub\s+sub\/\s+3\s+[\d.]+\s+2048\.0\s/m);
    // Babel's TypeScript plugin: types stripped, ES5 (no const; async through @babel/runtime).
    const js = fs.readFileSync(path.join(out, 'pages/a/a.js'), 'utf8');
    expect(js).not.toMatch(/\bconst\b|: number|as number/);
    expect(js).toContain('@babel/runtime/helpers/');
    // Leaves no md5-named folder in the working directory.
    expect(fs.readdirSync(ROOT).filter((f) => /^[0-9a-f]{32}$/.test(f))).toEqual([]);
  });

  test('a subpackage over its 2 MiB limit fails the build', async () => {
    const dir = tmp();
    writeProject(dir, GOOD_PAGE);
    fs.writeFileSync(path.join(dir, 'miniprogram/sub/b/big.png'), Buffer.alloc(2100 * 1024, 1));
    const run = await buildMp(dir, path.join(dir, 'out'));
    expect(run.code).toBe(1);
    expect(run.output).toMatch(/build:mp failed: sub is 2\d{3}\.\d KiB, over its limit of 2048\.0 KiB/);
  });
});
