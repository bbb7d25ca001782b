import { MAX_REPORT_DAYS, type Figures } from '../../../miniprogram/contract/reports';
import type { Ctx } from '../../runtime/context';
import type { Doc } from '../../runtime/db';
import { addDays, dayStart, previousDay, shanghaiDay } from '../../util/time';
import { addFigures, emptySets, finish, mergeSets, loadSets, zeroFigures, type Sets } from './figures';
import { DAYS, MONTHS, activeDays, dayFigures, monthDays, stockAfter } from './rollup';

// A report reads the rollups of its period plus today's live figures (docs/DATA.md "Reports").
/** Periods up to this many days get a series by day, longer ones by month. */
export const SERIES_BY_DAY_MAX = 62;
/** Days without a rollup computed at once (each is about fifteen aggregate queries). */
const LIVE_PARALLEL = 4;

export interface Period { from: string; to: string }
export interface SeriesPoint { date: string; issued: number; spent: number; checkins: number; attended: number }
/** One slice of a period: a whole month (when longer periods read month rollups) or one day. */
interface Slice { key: string; figures: Figures; sets: Sets }

const nextDay = (day: string) => shanghaiDay(addDays(dayStart(day), 1));
export function periodDays(p: Period): string[] {
  const out: string[] = [];
  for (let d = p.from; d <= p.to; d = nextDay(d)) out.push(d);
  return out;
}

const lastOfMonth = (month: string) => previousDay(`${shiftMonth(month, 1)}-01`);
function shiftMonth(month: string, by: number): string {
  const [y, m] = month.split('-').map(Number);
  const t = y * 12 + (m - 1) + by;
  return `${Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}`;
}

/**
 * The period of the same length just before: whole calendar months (本月, 本季度, 本年) compare
 * with as many whole months before (June with May, a year with the year before); other periods
 * with as many days before.
 */
export function previousPeriod(p: Period): Period {
  if (p.from.endsWith('-01') && p.to === lastOfMonth(p.to.slice(0, 7))) {
    const fromM = p.from.slice(0, 7);
    const months = (Number(p.to.slice(0, 4)) * 12 + Number(p.to.slice(5, 7))) - (Number(p.from.slice(0, 4)) * 12 + Number(p.from.slice(5, 7))) + 1;
    const start = shiftMonth(fromM, -months);
    return { from: `${start}-01`, to: previousDay(p.from) };
  }
  const n = periodDays(p).length;
  const to = previousDay(p.from);
  let from = to;
  for (let i = 1; i < n; i += 1) from = previousDay(from);
  return { from, to };
}

const point = (date: string, f: Figures): SeriesPoint => ({ date, issued: f.points.issuedTotal, spent: f.points.spent, checkins: f.patrons.checkins, attended: f.events.attended });

/** The figures of a period, slice by slice (days, or whole finished months for long periods). */
export async function periodSlices(ctx: Ctx, p: Period, opts: { byMonth: boolean }): Promise<{ slices: Slice[]; days: Map<string, Doc> }> {
  const _ = ctx.db.command;
  const today = shanghaiDay(ctx.now);
  const days = periodDays(p).filter((d) => d <= today);
  const months = opts.byMonth
    ? [...new Set(days.map((d) => d.slice(0, 7)))].filter((m) => monthDays(m).every((d) => d >= p.from && d <= p.to && d < today))
    : [];
  const monthDocs = new Map<string, Doc>();
  if (months.length) {
    for (const m of (await ctx.db.collection(MONTHS).where({ _id: _.in(months) }).limit(months.length).get()).data) monthDocs.set(String(m._id), m);
  }
  const dayList = days.filter((d) => !monthDocs.has(d.slice(0, 7)));
  const dayDocs = new Map<string, Doc>();
  const finished = dayList.filter((d) => d < today);
  if (finished.length) {
    const res = await ctx.db.collection(DAYS).where({ day: _.in(finished) }).limit(1000).get();
    for (const d of res.data) dayDocs.set(String(d.day), d);
  }
  const slices: Slice[] = [];
  for (const [key, m] of monthDocs) slices.push({ key, figures: m.figures as Figures, sets: loadSets(m.sets) });
  // Days without a rollup (before the timer ran, or today) are computed live.
  let missing = dayList.filter((d) => !dayDocs.has(d));
  if (missing.length > 1) {
    const active = new Set<string>();
    // One scan for the whole span: days without rollups are rare (before the timer ran), and a
    // range without activity (the year before the club started) answers at once.
    for (let i = 0; i < missing.length; i += MAX_REPORT_DAYS) {
      const chunk = missing.slice(i, i + MAX_REPORT_DAYS);
      for (const d of await activeDays(ctx, chunk[0], chunk[chunk.length - 1])) active.add(d);
    }
    missing = missing.filter((d) => active.has(d));
  }
  for (let i = 0; i < missing.length; i += LIVE_PARALLEL) {
    const live = await Promise.all(missing.slice(i, i + LIVE_PARALLEL).map(async (d) => ({ d, f: await dayFigures(ctx, d, d === today ? ctx.now : undefined) })));
    for (const { d, f } of live) slices.push({ key: d, figures: f.figures, sets: f.sets });
  }
  for (const [key, doc] of dayDocs) slices.push({ key, figures: doc.figures as Figures, sets: loadSets(doc.sets) });
  slices.sort((a, b) => a.key.localeCompare(b.key));
  return { slices, days: dayDocs };
}

/** Sums a period's slices and adds its levels at the end: the period's Figures. */
export async function periodFigures(ctx: Ctx, p: Period, byMonth: boolean): Promise<{ figures: Figures; slices: Slice[] }> {
  const { slices, days } = await periodSlices(ctx, p, { byMonth });
  const figures = zeroFigures();
  const sets = emptySets();
  for (const s of slices) {
    addFigures(figures, s.figures);
    mergeSets(sets, s.sets);
  }
  const today = shanghaiDay(ctx.now);
  const end = p.to < today ? p.to : today;
  const endDoc = days.get(end);
  const stock = endDoc ? { outstanding: Number(endDoc.stock.outstanding), pending: Number(endDoc.stock.pending) } : await stockAfter(ctx, end);
  return { figures: finish(figures, sets, stock), slices };
}

/** The trend: by day for short periods, else by month. */
export function series(p: Period, slices: Slice[], byMonth: boolean): SeriesPoint[] {
  const keys = byMonth ? [...new Set(periodDays(p).map((d) => d.slice(0, 7)))] : periodDays(p);
  const sums = new Map(keys.map((k) => [k, zeroFigures()]));
  for (const s of slices) {
    const target = sums.get(byMonth ? s.key.slice(0, 7) : s.key);
    if (target) addFigures(target, s.figures);
  }
  return keys.map((k) => point(k, sums.get(k)!));
}

/** admin.report */
export async function report(ctx: Ctx, p: Period) {
  const byMonth = periodDays(p).length > SERIES_BY_DAY_MAX;
  const previous = previousPeriod(p);
  const [current, before] = await Promise.all([periodFigures(ctx, p, byMonth), periodFigures(ctx, previous, byMonth)]);
  return { period: p, previous, current: current.figures, before: before.figures, series: series(p, current.slices, byMonth) };
}
