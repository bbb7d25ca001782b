// Issue 25: the built mini-program loads nothing from outside its package (vant's CDN icon font
// and empty-state pictures are made local by scripts/build-npm.ts), except the allow-list of
// scripts/external-refs.ts. Checks `npm run build:mp`'s output (.build/miniprogram, fresh in
// `npm test`); when that is missing or older than miniprogram/, builds into a temporary directory.
import { execFileSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { ALLOWED, externalRefs } from '../../scripts/external-refs';

const ROOT = path.resolve(__dirname, '..', '..');
const BUILT = path.join(ROOT, '.build', 'miniprogram');

function newest(dir: string): number {
  let t = 0;
  for (const f of fs.readdirSync(dir, { recursive: true }) as string[]) {
    if (f.split(path.sep).includes('node_modules')) continue;
    const s = fs.statSync(path.join(dir, f));
    if (s.isFile()) t = Math.max(t, s.mtimeMs);
  }
  return t;
}

function builtMiniProgram(): string {
  if (fs.existsSync(path.join(BUILT, 'app.json')) && fs.statSync(path.join(BUILT, 'app.json')).mtimeMs >= newest(path.join(ROOT, 'miniprogram'))) return BUILT;
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'yue-no-external-'));
  execFileSync(path.join(ROOT, 'node_modules', '.bin', 'tsx'), [path.join(ROOT, 'scripts', 'build-mp.ts'), '--out', path.join(out, 'mp')], { cwd: ROOT, stdio: 'pipe' });
  return path.join(out, 'mp');
}

describe('no resource from outside the package', () => {
  test('the built mini-program references no external http(s) resource beyond the allow-list', () => {
    const dir = builtMiniProgram();
    expect(externalRefs(dir)).toEqual([]);
    // The build ships vant's icon font inline and van-empty's pictures (what the scan saw).
    expect(fs.readFileSync(path.join(dir, 'miniprogram_npm/@vant/weapp/icon/index.wxss'), 'utf8')).toContain('data:font/woff2');
    expect(fs.existsSync(path.join(dir, 'miniprogram_npm/@vant/weapp/empty/index.wxs'))).toBe(true);
    for (const picture of ['default', 'error', 'search', 'network']) expect(fs.existsSync(path.join(dir, `assets/empty/${picture}.svg`))).toBe(true);
  });

  test('the scan finds each kind of reference, and the allow-list passes only its own prefixes', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yue-refs-'));
    const put = (rel: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), text);
    };
    put('a.wxss', '.x{background:url(https://cdn.example.com/a.png)}@font-face{src:url(//fonts.example.com/f.woff2)}');
    put('a.wxml', '<image src="http://img.example.com/b.png" /><view>http://just.text.example.com</view>');
    put('a.js', '// see https://comment.example.com\nconst u = "https://api.example.com/c"; /* https://block.example.com */');
    put('a.wxs', "var u = 'https://img.example.com/d-' + x + '.png';");
    put('a.json', '{ "icon": "https://img.example.com/e.png" }');
    put('b.svg', '<svg xmlns="http://www.w3.org/2000/svg"><image href="https://img.example.com/f.png"/></svg>');
    put('c.js', `const article = '${ALLOWED[0].prefix}s/abc';`);
    const urls = externalRefs(dir).map((r) => r.url).sort();
    expect(urls).toEqual([
      '//fonts.example.com/f.woff2',
      'http://img.example.com/b.png',
      'https://api.example.com/c',
      'https://cdn.example.com/a.png',
      'https://img.example.com/d-',
      'https://img.example.com/e.png',
      'https://img.example.com/f.png',
    ]);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
