import type { Figures } from '../../../miniprogram/contract/reports';
import { BY_PRIZE_HEAD, BY_PRIZE_TITLE, EVENT_KIND_TEXT, REPORT_SECTIONS, SERIES_LABELS, TOP_EVENTS_HEAD, TOP_EVENTS_TITLE, changeText, figureAt } from '../../../miniprogram/utils/report-labels';
import type { Ctx } from '../../runtime/context';
import { randomId } from '../../util/crypto';
import { addDays, toIso } from '../../util/time';
import { periodFigures, previousPeriod, series, type Period } from './report';

// admin.exportReport: the report as an .xlsx in cloud storage (one sheet per section, a by-day
// sheet, the period in every title). Files are listed in report_exports and deleted by the timer.
export const EXPORTS = 'report_exports';
/** How long the download link and the file live. */
export const EXPORT_URL_SECONDS = 3600;
export const EXPORT_KEEP_DAYS = 7;

export async function buildWorkbook(p: Period, prev: Period, current: Figures, before: Figures, byDay: ReturnType<typeof series>): Promise<Buffer> {
  // Required here, not at the top: other admin actions do not pay exceljs's load time.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ExcelJS = require('exceljs') as typeof import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'YUE积分社';
  const title = `YUE积分社数据报表 ${p.from} 至 ${p.to}`;
  for (const section of REPORT_SECTIONS) {
    const ws = wb.addWorksheet(section.title);
    ws.addRow([`${title} · ${section.title}`]).font = { bold: true, size: 14 };
    ws.addRow([`上期：${prev.from} 至 ${prev.to}`]);
    ws.addRow([]);
    ws.addRow(['指标', '本期', '上期', '变化']).font = { bold: true };
    const cur = current[section.key] as unknown as Record<string, unknown>;
    const old = before[section.key] as unknown as Record<string, unknown>;
    for (const [path, label] of section.rows) {
      const a = figureAt(cur, path);
      const b = figureAt(old, path);
      ws.addRow([label, a, b, changeText(a, b)]);
    }
    ws.getColumn(1).width = 34;
    for (const c of [2, 3, 4]) ws.getColumn(c).width = 16;
  }
  // The lists, current period only: a sheet each.
  const lists: [string, readonly string[], unknown[][]][] = [
    [TOP_EVENTS_TITLE, TOP_EVENTS_HEAD, current.events.top.map((e) => [e.title, EVENT_KIND_TEXT[e.kind] ?? e.kind, e.day, e.capacity, e.signups, e.attended])],
    [BY_PRIZE_TITLE, BY_PRIZE_HEAD, current.prizes.byPrize.map((x) => [x.name, x.redeemed, x.collected])],
  ];
  for (const [name, head, rows] of lists) {
    const sheet = wb.addWorksheet(name);
    sheet.addRow([`${title} · ${name}`]).font = { bold: true, size: 14 };
    sheet.addRow([]);
    sheet.addRow([...head]).font = { bold: true };
    for (const r of rows) sheet.addRow(r);
    sheet.getColumn(1).width = 34;
  }
  const ws = wb.addWorksheet('按日');
  ws.addRow([`${title} · 按日`]).font = { bold: true, size: 14 };
  ws.addRow([]);
  ws.addRow(['日期', ...Object.values(SERIES_LABELS)]).font = { bold: true };
  for (const pt of byDay) ws.addRow([pt.date, pt.issued, pt.spent, pt.checkins, pt.attended]);
  ws.getColumn(1).width = 14;
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function exportReport(ctx: Ctx, p: Period) {
  const prev = previousPeriod(p);
  const [cur, old] = await Promise.all([periodFigures(ctx, p, false), periodFigures(ctx, prev, true)]);
  const file = await buildWorkbook(p, prev, cur.figures, old.figures, series(p, cur.slices, false));
  const cloudPath = `reports/${p.from}_${p.to}_${randomId(6)}.xlsx`;
  const fileID = await ctx.ports.storage.upload(cloudPath, file);
  await ctx.db.collection(EXPORTS).add({ data: { fileID, from: p.from, to: p.to, by: ctx.openid, createdAt: ctx.now } });
  const url = await ctx.ports.storage.tempUrl(fileID, EXPORT_URL_SECONDS);
  return { fileID, url, expiresAt: toIso(new Date(ctx.now.getTime() + EXPORT_URL_SECONDS * 1000)) };
}

/** Timer: deletes export files older than EXPORT_KEEP_DAYS (storage first, then the listing). */
export async function purgeExports(ctx: Ctx): Promise<{ files: number }> {
  const old = (await ctx.db.collection(EXPORTS).where({ createdAt: ctx.db.command.lt(addDays(ctx.now, -EXPORT_KEEP_DAYS)) }).limit(100).get()).data;
  if (!old.length) return { files: 0 };
  await ctx.ports.storage.remove(old.map((d) => String(d.fileID)));
  await ctx.db.collection(EXPORTS).where({ _id: ctx.db.command.in(old.map((d) => d._id)) }).remove();
  return { files: old.length };
}
