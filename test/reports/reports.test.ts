// Reports through the real functions on a private local cloud (its outstanding points are exactly
// what this file wrote): figures = counts of the documents, rollups re-runnable, missed days caught up.
import ExcelJS from 'exceljs';
import { startCloudProcess, type CloudProcess } from '../support/cloud-process';
import { ADMIN, call, ok, request, shanghai, storedDocs, uid } from '../support/cloud';
import { makeStaff } from '../rewards/helpers';
import { JUNE, MAY, countFromDocuments, seedEarly, seedLate, timer } from './seed';

let cloud: CloudProcess;
let seeded: Awaited<ReturnType<typeof seedEarly>>;
const REPORT_NOW = shanghai('2034-07-02', '12:00:00');
const report = (p: { from: string; to: string }, now = REPORT_NOW) => ok('admin', ADMIN, { action: 'report', ...p }, { now });
const strip = (d: any) => ({ figures: d.figures, sets: d.sets, stock: d.stock });

beforeAll(async () => {
  cloud = await startCloudProcess({ adminOpenids: [ADMIN], workers: 2 });
  process.env.YUE_TEST_URL = cloud.url;
  seeded = await seedEarly();
}, 300_000);
afterAll(() => cloud?.close());

describe('report figures', () => {
  test('the timer rolls up finished days; a missed run is caught up; June and May equal the documents', async () => {
    const first = await timer('2034-06-20');
    expect(first.reports.days).toContain('2034-06-19');
    expect(first.reports.days).not.toContain('2034-06-20');
    expect(first.reports.months).toContain('2034-05');
    expect(first.reports.months).not.toContain('2034-06');
    await seedLate(seeded);
    // No run from 06-21 to 07-01: the run on 07-02 fills 06-20 … 07-01 and completes June.
    const second = await timer('2034-07-02');
    expect(second.reports.days[0]).toBe('2034-06-20');
    expect(second.reports.days[second.reports.days.length - 1]).toBe('2034-07-01');
    expect(second.reports.months).toEqual(['2034-06']);
    expect((await timer('2034-07-02')).reports).toEqual({ days: [], months: [] });

    const res = await report(JUNE);
    expect(res.period).toEqual(JUNE);
    expect(res.previous).toEqual(MAY);
    expect(res.current).toEqual(await countFromDocuments(JUNE));
    expect(res.before).toEqual(await countFromDocuments(MAY));
    // The seed is not empty where it matters.
    expect(res.current.patrons).toMatchObject({ newlyBound: 1, activeCards: 3, checkinCards: 3, checkins: 6 });
    expect(res.current.events).toMatchObject({
      held: 2, signups: 3, attended: 2, noShows: 1, capacity: 14, attendanceRate: 67, capacityFilled: 21,
      byKind: { reader: { held: 1, signups: 2, attended: 1 }, volunteer: { held: 1, signups: 1, attended: 1 } },
    });
    expect(res.current.events.top.map((e: any) => [e.title, e.kind, e.day, e.signups, e.attended])).toEqual([
      ['六月读书会', 'reader', '2034-06-10', 2, 1], ['六月导读志愿', 'volunteer', '2034-06-15', 1, 1],
    ]);
    expect(res.current.patrons.familyMembers).toBe(1);
    expect(res.current.books).toMatchObject({ recommended: 2, distinctIsbns: 1 });
    expect(res.current.prizes.byPrize).toEqual([expect.objectContaining({ redeemed: 2, collected: 2 })]);
    expect(res.current.prizes.byPrize[0].name).toMatch(/^测试奖品/);
    expect(res.before.patrons).toMatchObject({ newlyBound: 2, checkins: 3 });
    expect(res.series).toHaveLength(30);
    expect(res.series.find((s: any) => s.date === '2034-06-10').attended).toBe(1);
    expect(res.series.reduce((n: number, s: any) => n + s.checkins, 0)).toBe(6);
  });

  test('a year reads month rollups and gives the same figures as its days; the trend is by month', async () => {
    const year = await report({ from: '2034-01-01', to: '2034-12-31' });
    expect(year.current).toEqual(await countFromDocuments({ from: '2034-01-01', to: '2034-12-31' }));
    expect(year.series.map((s: any) => s.date)).toHaveLength(12);
    expect(year.series[5]).toMatchObject({ date: '2034-06', checkins: 6 });
    expect(year.series[4]).toMatchObject({ date: '2034-05', checkins: 3 });
  });

  test("today's live figures count before any rollup; a custom range works", async () => {
    const live = await report({ from: '2034-06-21', to: '2034-06-21' }, shanghai('2034-06-21', '18:00:00'));
    expect(live.current.patrons.checkins).toBe(1);
    const custom = await report({ from: '2034-06-03', to: '2034-06-05' });
    expect(custom.current).toEqual(await countFromDocuments({ from: '2034-06-03', to: '2034-06-05' }));
    expect(custom.previous).toEqual({ from: '2034-05-31', to: '2034-06-02' });
  });

  test('issued − spent over all time = the sum of card balances = outstanding', async () => {
    const cards = await storedDocs('cards');
    const balances = cards.reduce((s: number, c: any) => s + c.balance, 0);
    const all = await report({ from: '2034-01-01', to: '2034-12-31' });
    const ledger = await storedDocs('ledger');
    const issued = ledger.filter((e: any) => e.delta > 0 && !String(e.reason).startsWith('transfer')).reduce((s: number, e: any) => s + e.delta, 0);
    const spent = -ledger.filter((e: any) => e.reason === 'redeem').reduce((s: number, e: any) => s + e.delta, 0);
    expect(balances).toBeGreaterThan(0);
    expect(issued - spent).toBe(balances);
    expect(all.current.points.outstanding).toBe(balances);
  });

  test('a rollup re-run for a past day gives the same figures', async () => {
    const before = (await storedDocs('report_days')).find((d: any) => d._id === '2034-06-10');
    expect(before.figures.events.attended).toBe(1);
    const { directDb } = await import('../support/db');
    await directDb().collection('report_days').doc('2034-06-10').remove();
    expect((await timer('2034-07-02')).reports.days).toEqual(['2034-06-10']);
    const after = (await storedDocs('report_days')).find((d: any) => d._id === '2034-06-10');
    expect(strip(after)).toEqual(strip(before));
  });

  test('only admins; a bad period is refused', async () => {
    const staff = await makeStaff();
    expect((await call('admin', staff, { action: 'report', ...JUNE })).error?.code).toBe('FORBIDDEN');
    expect((await call('admin', ADMIN, { action: 'report', from: '2034-06-10', to: '2034-06-01' })).error?.code).toBe('INVALID_INPUT');
    expect((await call('admin', ADMIN, { action: 'report', from: '2034-01-01', to: '2035-01-02' })).error?.code).toBe('INVALID_INPUT');
    expect((await call('admin', ADMIN, { action: 'report', from: '2034-02-30', to: '2034-03-01' })).error?.code).toBe('INVALID_INPUT');
  });
});

describe('export', () => {
  test('the .xlsx in cloud storage holds the report, a sheet per section and a by-day sheet; the timer deletes it later', async () => {
    const res = await ok('admin', ADMIN, { action: 'exportReport', ...JUNE }, { now: REPORT_NOW });
    expect(res.fileID).toMatch(/^cloud:\/\/.+\.xlsx$/);
    const file = await fetch(res.url);
    expect(file.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await file.arrayBuffer()) as any);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['积分', '读者', '活动', '志愿者', '图书', '奖品', '热门活动（按签到人次）', '各奖品兑换', '按日']);
    const rep = await report(JUNE);
    const row = (sheet: string, label: string) => wb.getWorksheet(sheet)!.getSheetValues().find((r: any) => r && r[1] === label) as any[];
    expect(String(wb.getWorksheet('积分')!.getCell('A1').value)).toContain('2034-06-01 至 2034-06-30');
    expect(row('积分', '发放合计').slice(2, 4)).toEqual([rep.current.points.issuedTotal, rep.before.points.issuedTotal]);
    expect(row('积分', '期末未使用积分（负债）')[2]).toBe(rep.current.points.outstanding);
    expect(row('读者', '签到次数').slice(2, 4)).toEqual([6, 3]);
    expect(row('活动', '签到人次')[2]).toBe(2);
    expect(row('活动', '到场率（%）')[2]).toBe(rep.current.events.attendanceRate);
    expect(row('活动', '名额使用率（%）')[2]).toBe(rep.current.events.capacityFilled);
    expect(row('活动', '志愿活动场次')[2]).toBe(1);
    expect(row('读者', '新增家庭成员')[2]).toBe(1);
    expect(row('图书', '荐书涉及书目（不同 ISBN）')[2]).toBe(1);
    expect(row('热门活动（按签到人次）', '六月读书会').slice(2, 8)).toEqual(['读者活动', '2034-06-10', 10, 2, 1]);
    expect(row('热门活动（按签到人次）', '六月导读志愿').slice(2, 8)).toEqual(['志愿活动', '2034-06-15', 4, 1, 1]);
    const prizeRow = row('各奖品兑换', rep.current.prizes.byPrize[0].name);
    expect(prizeRow.slice(2, 4)).toEqual([2, 2]);
    expect(row('图书', '捐赠入藏册数')[2]).toBe(rep.current.books.copiesAccepted);
    const byDay = wb.getWorksheet('按日')!.getSheetValues().filter((r: any) => r && /^\d{4}-\d\d-\d\d$/.test(String(r[1])));
    expect(byDay).toHaveLength(30);
    expect(byDay.reduce((n: number, r: any) => n + r[4], 0)).toBe(6);
    // Kept 7 days, then deleted from storage by the maintenance timer.
    expect((await timer('2034-07-05')).exports.files).toBe(0);
    expect((await timer('2034-07-10')).exports.files).toBe(1);
    expect((await fetch(res.url)).status).toBe(404);
  });
});

describe('card history (desk)', () => {
  test('staff page through a masked card\'s whole ledger; every search is logged; patrons are refused', async () => {
    const staff = await makeStaff();
    const { a } = seeded;
    const first = await ok('admin', staff, { action: 'cardHistory', cardNo: a.cardNo });
    expect(first.reader.name).not.toBe('王读者');
    expect(first.reader.name).toContain('*');
    expect(first.reader.phone).toMatch(/^\d{3}\*{4}\d{4}$/);
    const ledger = (await storedDocs('ledger')).filter((e: any) => e.cardNo === a.cardNo);
    expect(ledger.length).toBeGreaterThan(0);
    expect(first.entries.map((e: any) => e.delta).reduce((s: number, d: number) => s + d, 0)).toBe(first.balance);
    expect(first.entries).toHaveLength(ledger.length);
    expect(first.entries[0].createdAt >= first.entries[first.entries.length - 1].createdAt).toBe(true);
    const redeem = first.entries.find((e: any) => e.reason === 'redeem');
    expect(redeem.reasonText).toMatch(/^兑换奖品（测试奖品/);
    expect(redeem.rulesVersion).toBe(1);
    expect(redeem.refId).toMatch(/\S/);
    expect(first.cursor).toBeNull();
    const unknown = await call('admin', staff, { action: 'cardHistory', cardNo: 'NOSUCH0001' });
    expect(unknown.error?.code).toBe('CARD_NOT_FOUND');
    expect((await call('admin', a.openid, { action: 'cardHistory', cardNo: a.cardNo })).error?.code).toBe('FORBIDDEN');
    const log = (await storedDocs('card_history_log')).filter((l: any) => l.by === staff);
    expect(log.map((l: any) => [l.cardNo, l.found])).toEqual([[a.cardNo, true], ['NOSUCH0001', false]]);
    expect(log.every((l: any) => !Number.isNaN(Date.parse(l.at)))).toBe(true);
  });

  test('more than a page: the cursor walks the whole ledger once', async () => {
    const staff = await makeStaff();
    const { a } = seeded;
    for (let d = 1; d <= 22; d++) await ok('points', a.openid, { action: 'checkin', requestId: uid('req') }, { now: shanghai(`2034-08-${String(d).padStart(2, '0')}`) });
    const all = (await storedDocs('ledger')).filter((e: any) => e.cardNo === a.cardNo);
    const seen: any[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: any = await ok('admin', staff, { action: 'cardHistory', cardNo: a.cardNo, ...(cursor ? { cursor } : {}) });
      seen.push(...page.entries);
      cursor = page.cursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(Math.ceil(all.length / 20));
    expect(seen).toHaveLength(all.length);
    expect(new Set(seen.map((e) => `${e.createdAt}${e.reason}`)).size).toBe(all.length);
    expect((await storedDocs('card_history_log')).filter((l: any) => l.by === staff)).toHaveLength(pages);
  });
});

test('the local storage answers the SDK and serves only signed, unexpired links', async () => {
  const res = await ok('admin', ADMIN, { action: 'exportReport', from: '2034-06-01', to: '2034-06-01' }, { now: REPORT_NOW });
  const tampered = res.url.replace(/sign=[0-9a-f]+/, 'sign=00');
  expect((await fetch(tampered)).status).toBe(403);
  expect((await request('GET', '/storage/files/../db')).status).not.toBe(200);
});
