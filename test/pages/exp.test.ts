import path from 'path';
import fs from 'fs';
import simulate from 'miniprogram-simulate';
const root = path.resolve(__dirname, '../../miniprogram');
test('exp', async () => {
  const glob = require('glob');
  const files = glob.sync('**/*.wxml', { cwd: root, nodir: true });
  const fixtures = glob.sync('**/*.wxml', { cwd: path.join(__dirname, 'fixtures'), nodir: true }).map((f: string) => path.relative(root, path.join(__dirname, 'fixtures', f)));
  const wxs = glob.sync('**/*.wxs', { cwd: root, nodir: true });
  const list = [...files, ...fixtures];
  const using: Record<string, string> = {};
  for (const n of fs.readdirSync(path.join(root, 'miniprogram_npm/@vant/weapp'))) {
    if (fs.existsSync(path.join(root, 'miniprogram_npm/@vant/weapp', n, 'index.json'))) using['van-' + n] = `/miniprogram_npm/@vant/weapp/${n}/index`;
  }
  const t0 = Date.now();
  const id = simulate.load(path.join(__dirname, 'fixtures/gallery/gallery'), {
    rootPath: root, compiler: 'official',
    compilerOptions: { wxmlList: list, wxsList: wxs, maxBuffer: 64 << 20 },
    usingComponents: using,
  } as any);
  console.log('load ms', Date.now() - t0);
  const page = simulate.render(id);
  page.attach(document.createElement('parent-wrapper'));
  await simulate.sleep(50);
  const out: string[] = [];
  for (const el of Array.from(page.dom.querySelectorAll('[id^="s-"], wx-view')) as any[]) {}
  const sections = page.querySelectorAll('view');
  console.log(sections.length);
  for (const s of page.dom.firstElementChild!.children as any) {
    out.push(`${s.getAttribute('id') ?? s.id}: ${(s.textContent || '').replace(/\s+/g, ' ').trim()} | ${s.innerHTML.length}`);
  }
  console.log(out.join('\n'));
  page.detach();
});
