// The admin's 数据报表 in the preview: figures, the uCharts trend drawn on a real canvas, 导出 Excel.
import assert from 'assert/strict';
import type { Preview } from './driver';
import type { Walk } from './walks';

const ADMIN = 'admin-local';

function phone(p: Preview) {
  const frame = p.page.frames().find((f) => f.url().includes('/preview/app.html'));
  if (!frame) throw new Error('no phone frame');
  return frame;
}

export const reportWalk: Walk = {
  name: '数据报表: the admin opens the report, the trend chart is drawn, 上月 compares, 导出 Excel downloads the file',
  async run(p, step) {
    await step('the admin opens 数据报表 from the console', async () => {
      await p.switchCaller(ADMIN);
      await p.open('staff/index/index');
      await p.tap('#entry-report');
      await p.waitRoute('staff/report/report');
      await p.expectText('#period-text', /^\d{4}-\d\d-01 至 \d{4}-\d\d-\d\d$/);
      await p.see('期末未使用积分（负债）');
    });
    await step('the trend is drawn on the canvas by uCharts', async () => {
      const painted = await phone(p).waitForFunction(() => {
        const c = document.querySelector('wx-canvas canvas') as HTMLCanvasElement | null;
        if (!c || !c.width) return 0;
        const px = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        let ink = 0;
        for (let i = 0; i < px.length; i += 4) if (px[i + 3] > 0 && (px[i] < 200 || px[i + 1] < 200 || px[i + 2] < 200)) ink++;
        return ink > 200 ? ink : 0;
      }, null, { timeout: 15_000 });
      assert.ok(Number(await painted.jsonValue()) > 200, 'the chart left no ink');
    });
    await step('上月 shows last month beside the month before', async () => {
      await p.tap('#period-lastMonth');
      await p.expectText('#previous-text', /^上期 \d{4}-\d\d-01 至/);
    });
    await step('导出 Excel downloads the .xlsx and opens it', async () => {
      const download = p.page.waitForEvent('download');
      await p.tap('#export');
      const file = await download;
      assert.match(file.suggestedFilename(), /\.xlsx$/);
      const opened = await phone(p).evaluate(() => (window as any).__yueOpenedDocument);
      assert.equal(opened.showMenu, true);
      assert.ok(opened.size > 4000, `the file has ${opened.size} bytes`);
    });
  },
};
