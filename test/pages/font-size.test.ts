// Issue 25: WeChat's font-size setting reaches every page. Each route of app.json renders
// <page-meta root-font-size="system"> (so its rem is the system font size), the pages' own text is
// sized in rem, and vant's sizes follow rem through styles/vant-rem.wxss, imported by app.wxss.
import fs from 'fs';
import path from 'path';
import { vantRemWxss } from '../../scripts/vant-rem';
import { installWx, renderPage } from './harness';

const MP = path.resolve(__dirname, '..', '..', 'miniprogram');
const app = JSON.parse(fs.readFileSync(path.join(MP, 'app.json'), 'utf8'));
const routes: string[] = [...app.pages, ...app.subpackages.flatMap((s: { root: string; pages: string[] }) => s.pages.map((p) => `${s.root}/${p}`))];

function ownWxss(): string[] {
  return (fs.readdirSync(MP, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.wxss') && !f.startsWith('miniprogram_npm') && !f.includes('node_modules'))
    .map((f) => path.join(MP, f));
}

describe('the font setting reaches the pages', () => {
  beforeEach(() => installWx({ openid: 'o-font-size-patron' }));

  test.each(routes)('%s follows the system font size', async (route) => {
    const page = await renderPage(route);
    // page-meta must be the page's first node (WeChat ignores it elsewhere).
    const first = page.root.dom.firstElementChild;
    expect(first?.tagName).toBe('PAGE-META');
    expect(first.__wxElement.data.rootFontSize).toBe('system');
  });

  test("the pages' own text is sized in rem (px and rpx would ignore the setting)", () => {
    const fixed: string[] = [];
    for (const file of ownWxss()) {
      const css = fs.readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
      for (const m of css.matchAll(/(font-size|line-height)\s*:\s*([^;}]+)/g)) {
        if (/\d(px|rpx)\b/.test(m[2])) fixed.push(`${path.relative(MP, file)}: ${m[1]}: ${m[2].trim()}`);
      }
    }
    expect(fixed).toEqual([]);
  });

  test("vant's sizes follow rem: app.wxss imports the generated theme, and it is up to date", () => {
    expect(fs.readFileSync(path.join(MP, 'app.wxss'), 'utf8')).toMatch(/@import\s+"styles\/vant-rem\.wxss"/);
    const committed = fs.readFileSync(path.join(MP, 'styles', 'vant-rem.wxss'), 'utf8');
    expect(committed).toBe(vantRemWxss()); // stale after a vant update: npx tsx scripts/vant-rem.ts
    expect(committed).toContain('--cell-font-size: 0.875rem;');
    expect(committed).toContain('--button-small-height: 2.75rem;');
  });
});
