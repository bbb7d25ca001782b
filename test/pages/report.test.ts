// 数据报表 and 积分明细查询 through the real functions, on a private local cloud seeded with May and
// June 2034: the page's figures equal those counted from the documents; 导出 Excel opens the file.
import ExcelJS from 'exceljs';
import fs from 'fs';
import { installWx, renderPage, settle } from './harness';
import { ADMIN, shanghai, storedDocs } from '../support/cloud';
import { startCloudProcess, type CloudProcess } from '../support/cloud-process';
import { makeStaff } from '../rewards/helpers';
import { REPORT_SECTIONS, figureAt } from '../../miniprogram/utils/report-labels';
import { JUNE, MAY, countFromDocuments, seedEarly, seedLate, timer } from '../reports/seed';

let cloud: CloudProcess;
let seeded: Awaited<ReturnType<typeof seedEarly>>;
const NOW = shanghai('2034-07-02', '12:00:00');

beforeAll(async () => {
  cloud = await startCloudProcess({ adminOpenids: [ADMIN], workers: 2 });
  process.env.YUE_TEST_URL = cloud.url;
  seeded = await seedEarly();
  await timer('2034-06-20');
  await seedLate(seeded);
  await timer('2034-07-02');
}, 300_000);
afterAll(() => cloud?.close());

async function until(check: () => boolean, ms = 20_000) {
  for (let waited = 0; !check() && waited < ms; waited += 20) await new Promise((r) => setTimeout(r, 20));
}

test('the admin opens 数据报表, picks 上月 → June beside May as counted from the documents; the trend by day; 导出 Excel opens the same figures', async () => {
  const wx = installWx({ openid: ADMIN, baseUrl: cloud.url, now: NOW });
  const page = await renderPage('staff/report/report');
  expect(page.text('#period-text')).toBe('2034-07-01 至 2034-07-31');
  await page.tap('#period-lastMonth');
  await settle();
  expect(page.text('#period-text')).toBe('2034-06-01 至 2034-06-30');
  expect(page.text('#previous-text')).toBe('上期 2034-05-01 至 2034-05-31');

  const [june, may] = [await countFromDocuments(JUNE), await countFromDocuments(MAY)];
  const sections = page.data().sections as { key: string; rows: { label: string; now: number; before: number }[] }[];
  for (const s of REPORT_SECTIONS) {
    const shown = sections.find((x) => x.key === s.key)!;
    s.rows.forEach(([path, label], i) => {
      expect([shown.rows[i].label, shown.rows[i].now, shown.rows[i].before])
        .toEqual([label, figureAt((june as any)[s.key], path), figureAt((may as any)[s.key], path)]);
    });
  }
  expect(page.text('#section-patrons')).toContain('签到次数上期 3 · +3（+100%）6');
  expect(page.text('#section-events')).toContain('举办活动场次上期 0 · +22');
  expect(page.text('#section-events')).toContain('到场率（%）上期 0 · +6767');
  // The lists: top events by attendance, each prize's redemptions (as counted from the documents).
  expect(page.text('#section-top')).toContain('热门活动（按签到人次）');
  const topShown = (page.data().lists.top as { title: string; value: string; label: string }[]);
  expect(topShown.map((e) => [e.title, e.value])).toEqual(june.events.top.map((e: any) => [e.title, `签到 ${e.attended}`]));
  expect(topShown[0].label).toBe('读者活动 · 2034-06-10 · 名额 10 · 报名 2');
  expect(page.text('#section-byPrize')).toContain(`${june.prizes.byPrize[0].name}兑换 2 · 领取 2`);

  const chart = page.data().chart as { categories: string[]; series: { name: string; data: number[] }[] };
  expect(chart.categories).toHaveLength(30);
  expect(chart.series.map((s) => s.name)).toEqual(['发放积分', '消耗积分', '签到次数', '活动签到人次']);
  expect(chart.series[2].data.reduce((a, b) => a + b, 0)).toBe(june.patrons.checkins);
  expect(chart.series[3].data[9]).toBe(1); // 10 June: the event

  await page.tap('#export');
  await until(() => wx.calls('openDocument').length > 0);
  const opened = wx.lastCall<{ filePath: string; showMenu: boolean; fileType: string }>('openDocument')!;
  expect(opened).toMatchObject({ showMenu: true, fileType: 'xlsx' });
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(fs.readFileSync(opened.filePath) as any);
  for (const s of REPORT_SECTIONS) {
    const rows = wb.getWorksheet(s.title)!.getSheetValues();
    for (const [path, label] of s.rows) {
      const row = rows.find((r: any) => r && r[1] === label) as any[];
      expect([label, row[2], row[3]]).toEqual([label, figureAt((june as any)[s.key], path), figureAt((may as any)[s.key], path)]);
    }
  }
  expect(String(wb.getWorksheet('按日')!.getCell('A1').value)).toContain('2034-06-01 至 2034-06-30');
  const topSheet = wb.getWorksheet('热门活动（按签到人次）')!.getSheetValues().filter((r: any) => r && r.length > 3).slice(1) as any[][];
  expect(topSheet.map((r) => [r[1], r[6]])).toEqual(june.events.top.map((e: any) => [e.title, e.attended]));
  const prizeSheet = wb.getWorksheet('各奖品兑换')!.getSheetValues().filter((r: any) => r && r.length > 2).slice(1) as any[][];
  expect(prizeSheet.map((r) => [r[1], r[2], r[3]])).toEqual(june.prizes.byPrize.map((x: any) => [x.name, x.redeemed, x.collected]));
});

test('本年 shows the trend by month; a year without activity shows the empty state; staff who are not admins are refused', async () => {
  installWx({ openid: ADMIN, baseUrl: cloud.url, now: NOW });
  const page = await renderPage('staff/report/report');
  await page.tap('#period-year');
  await settle();
  expect(page.data().chart.categories).toEqual(['1月', '2月', '3月', '4月', '5月', '6月', '7月', '8月', '9月', '10月', '11月', '12月']);
  expect(page.data().chart.series[2].data.slice(4, 7)).toEqual([3, 6, 1]);
  await page.tap('#period-lastYear');
  await settle();
  expect(page.text('#period-text')).toBe('2033-01-01 至 2033-12-31');
  expect(page.text()).toContain('这段时间没有数据');

  installWx({ openid: await makeStaff(), baseUrl: cloud.url, now: NOW });
  const denied = await renderPage('staff/report/report');
  expect(denied.text('#denied')).toContain('仅限管理员使用');
});

test('积分明细查询: staff search a card → masked reader, the whole ledger with reasons, more pages; the search is logged', async () => {
  const staff = await makeStaff();
  const wx = installWx({ openid: staff, baseUrl: cloud.url, now: NOW });
  const page = await renderPage('staff/card-history/card-history');
  await page.input('#card-no', seeded.a.cardNo);
  await page.tap('#search');
  const ledger = (await storedDocs('ledger')).filter((e: any) => e.cardNo === seeded.a.cardNo);
  expect(page.text('#reader')).not.toContain('王读者');
  expect(page.text('#reader')).toContain('王*');
  expect(page.text('#balance')).toContain(String(ledger.reduce((s: number, e: any) => s + e.delta, 0)));
  expect(page.data().entries).toHaveLength(ledger.length);
  expect(page.text('#entries')).toContain('每日签到');
  expect(page.text('#entries')).toContain('规则第 1 版');
  expect(page.text('#entries')).toMatch(/兑换奖品（测试奖品\w+）[^+]*-3/);
  expect((await storedDocs('card_history_log')).filter((l: any) => l.by === staff).map((l: any) => l.cardNo)).toEqual([seeded.a.cardNo]);
  await page.input('#card-no', 'NOSUCH0002');
  await page.tap('#search');
  expect(page.has('#not-found')).toBe(true);
  expect(wx.calls('callFunction').filter((c: any) => c.data?.action === 'cardHistory')).toHaveLength(2);
});
