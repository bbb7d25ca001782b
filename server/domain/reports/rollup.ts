import type { Figures } from '../../../miniprogram/contract/reports';
import type { Ctx } from '../../runtime/context';
import type { Doc } from '../../runtime/db';
import { addDays, dayStart, previousDay, shanghaiDay } from '../../util/time';
import { ISSUE_REASONS, addFigures, mergeByPrize, topEvents, emptySets, mergeSets, loadSets, storeSets, zeroFigures, type Sets, type Stock, type StoredSets } from './figures';

// One rollup document per finished Shanghai day (report_days/<YYYY-MM-DD>) and per finished month
// (report_months/<YYYY-MM>), written only by the maintenance timer from aggregate queries over the
// day's documents. Nothing a patron does writes them (docs/RUSH.md holds). Rules: docs/DATA.md "Reports".
export const DAYS = 'report_days';
export const MONTHS = 'report_months';
/** The timer fills days missing within this many finished days back (a missed run is caught up). */
export const CATCH_UP_DAYS = 366;
/** Rollup work per timer run (the function's timeout is 120 s); the rest waits for the next run. */
const TIMER_BUDGET_MS = 60_000;
/** Days covered by one activity scan. */
export const SCAN_DAYS = 31;
const PAGE = 1000;
const ROLLUP_VERSION = 1;

export interface DayRollup { day: string; figures: Figures; sets: StoredSets; stock: Stock }
export interface DayFigures { figures: Figures; sets: Sets }

const nextDay = (day: string) => shanghaiDay(addDays(dayStart(day), 1));

/** [start, end) of a Shanghai day, the end capped at `until` (today's live figures). */
function window(day: string, until?: Date): { start: Date; end: Date } {
  const start = dayStart(day);
  const end = addDays(start, 1);
  return { start, end: until && until < end ? until : end };
}

async function sumGroups(ctx: Ctx, coll: string, match: Doc, group: Doc): Promise<Doc[]> {
  return (await ctx.db.collection(coll).aggregate().match(match).group(group).limit(PAGE).end()).list;
}

/** Every group of a pipeline, a page at a time (distinct card numbers of a busy day). */
async function allGroups(ctx: Ctx, coll: string, match: Doc, group: Doc): Promise<Doc[]> {
  const out: Doc[] = [];
  for (let skip = 0; ; skip += PAGE) {
    const page = (await ctx.db.collection(coll).aggregate().match(match).group(group).sort({ _id: 1 }).skip(skip).limit(PAGE).end()).list;
    out.push(...page);
    if (page.length < PAGE) return out;
  }
}

const count = async (ctx: Ctx, coll: string, where: Doc) => (await ctx.db.collection(coll).where(where).count()).total;

/** The additive figures and distinct sets of one day (up to `until` for today), by aggregates. */
export async function dayFigures(ctx: Ctx, day: string, until?: Date): Promise<DayFigures> {
  const _ = ctx.db.command;
  const { start, end } = window(day, until);
  const inDay = _.gte(start).and(_.lt(end));
  const f = zeroFigures();
  const sets = emptySets();
  const events = ctx.db.collection('events').where({ status: 'published', startAt: inDay }).field({ _id: true, kind: true, title: true, capacity: true }).limit(PAGE).get();
  const [byReason, cards, newlyBound, recommended, history, pledged, confirmed, redeemed, collected, expired, registered, approved, service, held,
    family, isbns, redeemedByPrize, collectedByPrize] = await Promise.all([
    sumGroups(ctx, 'ledger', { createdAt: inDay }, { _id: '$reason', sum: { $sum: '$delta' }, n: { $sum: 1 } }),
    allGroups(ctx, 'ledger', { createdAt: inDay, reason: _.nin(['transfer_in', 'transfer_out']) },
      { _id: '$cardNo', checkin: { $max: { $cond: [{ $eq: ['$reason', 'checkin'] }, 1, 0] } } }),
    count(ctx, 'cards', { createdAt: inDay }),
    count(ctx, 'recommendations', { createdAt: inDay }),
    ctx.db.collection('recommendations').aggregate().match({ 'history.at': inDay }).unwind('$history')
      .match({ 'history.at': inDay, 'history.status': _.in(['adopted', 'ordered']) }).group({ _id: '$history.status', n: { $sum: 1 } }).end(),
    count(ctx, 'donations', { createdAt: inDay }),
    allGroups(ctx, 'donations', { confirmedAt: inDay }, {
      _id: '$cardNo', accepted: { $sum: { $sum: '$accepted.copies' } }, declined: { $sum: { $sum: '$declined.copies' } },
    }),
    count(ctx, 'redemptions', { createdAt: inDay }),
    count(ctx, 'redemptions', { collectedAt: inDay }),
    sumGroups(ctx, 'redemptions', { status: _.in(['pending', 'expired']), expiresAt: inDay }, { _id: null, n: { $sum: 1 }, cost: { $sum: '$cost' } }),
    count(ctx, 'volunteers', { createdAt: inDay }),
    count(ctx, 'volunteers', { status: 'approved', reviewedAt: inDay }),
    sumGroups(ctx, 'service', { confirmedAt: inDay }, { _id: null, n: { $sum: 1 }, hours: { $sum: '$hours' } }),
    events,
    count(ctx, 'members', { createdAt: inDay }),
    allGroups(ctx, 'recommendations', { createdAt: inDay }, { _id: '$isbn13' }),
    sumGroups(ctx, 'redemptions', { createdAt: inDay }, { _id: '$prizeId', name: { $max: '$prizeName' }, n: { $sum: 1 } }),
    sumGroups(ctx, 'redemptions', { collectedAt: inDay }, { _id: '$prizeId', name: { $max: '$prizeName' }, n: { $sum: 1 } }),
  ]);
  f.patrons.familyMembers = family;
  for (const g of isbns) sets.isbns.add(String(g._id));
  const prize = (g: Doc, redeemedN: number, collectedN: number) => ({ prizeId: String(g._id), name: String(g.name ?? ''), redeemed: redeemedN, collected: collectedN });
  f.prizes.byPrize = mergeByPrize(redeemedByPrize.map((g) => prize(g, Number(g.n), 0)), collectedByPrize.map((g) => prize(g, 0, Number(g.n))));
  for (const g of byReason) {
    const reason = String(g._id);
    const sum = Number(g.sum);
    if ((ISSUE_REASONS as readonly string[]).includes(reason)) f.points.issued[reason as (typeof ISSUE_REASONS)[number]] += sum;
    else if (reason === 'redeem') f.points.spent += -sum;
    else if (reason === 'transfer_in') f.points.transferred += sum;
    if (reason === 'checkin') f.patrons.checkins += Number(g.n);
  }
  f.points.issuedTotal = ISSUE_REASONS.reduce((s, r) => s + f.points.issued[r], 0);
  for (const c of cards) {
    sets.active.add(String(c._id));
    if (Number(c.checkin) === 1) sets.checkin.add(String(c._id));
  }
  f.patrons.newlyBound = newlyBound;
  f.books.recommended = recommended;
  for (const g of history.list) {
    if (g._id === 'adopted') f.books.adopted = Number(g.n);
    if (g._id === 'ordered') f.books.purchased = Number(g.n);
  }
  f.books.donationsPledged = pledged;
  for (const d of confirmed) {
    f.books.copiesAccepted += Number(d.accepted ?? 0);
    f.books.copiesDeclined += Number(d.declined ?? 0);
    if (Number(d.accepted ?? 0) > 0) sets.donors.add(String(d._id));
  }
  f.prizes.redeemed = redeemed;
  f.prizes.collected = collected;
  f.prizes.expired = Number(expired[0]?.n ?? 0);
  f.points.expiredInRedemptions = Number(expired[0]?.cost ?? 0);
  f.volunteers.registered = registered;
  f.volunteers.approved = approved;
  f.volunteers.sessions = Number(service[0]?.n ?? 0);
  f.volunteers.hours = Math.round(Number(service[0]?.hours ?? 0));
  const eventIds = held.data.map((e) => String(e._id));
  f.events.held = eventIds.length;
  if (eventIds.length) {
    const seats = await allGroups(ctx, 'signups', { eventId: _.in(eventIds) }, { _id: { e: '$eventId', s: '$status' }, seats: { $sum: { $ifNull: ['$seats', 1] } } });
    const per = new Map(held.data.map((e) => [String(e._id), { signups: 0, attended: 0 }]));
    for (const g of seats) {
      const n = Number(g.seats);
      const ev = per.get(String(g._id.e));
      if (!ev) continue;
      if (g._id.s === 'attended' || g._id.s === 'served') ev.attended += n;
      if (['attended', 'served', 'confirmed', 'absent'].includes(g._id.s)) ev.signups += n;
    }
    const top = [];
    for (const e of held.data) {
      const ev = per.get(String(e._id))!;
      const kind = e.kind === 'volunteer' ? 'volunteer' : 'reader';
      const k = f.events.byKind[kind];
      k.held += 1;
      k.signups += ev.signups;
      k.attended += ev.attended;
      f.events.attended += ev.attended;
      f.events.signups += ev.signups;
      f.events.capacity += Number(e.capacity ?? 0);
      top.push({ eventId: String(e._id), title: String(e.title ?? ''), kind, day, capacity: Number(e.capacity ?? 0), ...ev });
    }
    f.events.noShows = f.events.signups - f.events.attended;
    f.events.top = topEvents(top);
  }
  return { figures: f, sets };
}

/**
 * Outstanding points and pending redemptions at the end of `day` (or now, for today): the latest
 * rollup before it (or on it, unless `recompute`) plus the change since, by aggregates.
 */
export async function stockAfter(ctx: Ctx, day: string, opts: { recompute?: boolean } = {}): Promise<Stock> {
  const _ = ctx.db.command;
  const base = (await ctx.db.collection(DAYS).where({ day: opts.recompute ? _.lt(day) : _.lte(day) }).orderBy('day', 'desc').limit(1).field({ day: true, stock: true }).get()).data[0];
  if (base && base.day === day) return { outstanding: Number(base.stock.outstanding), pending: Number(base.stock.pending) };
  const from = base ? dayStart(nextDay(String(base.day))) : new Date(0);
  const to = window(day, ctx.now).end;
  const range = _.gte(from).and(_.lt(to));
  const [net, redeemed, collected, expired] = await Promise.all([
    sumGroups(ctx, 'ledger', { createdAt: range }, { _id: null, sum: { $sum: '$delta' } }),
    count(ctx, 'redemptions', { createdAt: range }),
    count(ctx, 'redemptions', { collectedAt: range }),
    count(ctx, 'redemptions', { status: _.in(['pending', 'expired']), expiresAt: range }),
  ]);
  return {
    outstanding: Number(base?.stock.outstanding ?? 0) + Number(net[0]?.sum ?? 0),
    pending: Number(base?.stock.pending ?? 0) + redeemed - collected - expired,
  };
}

/** The (collection, time field) pairs a day's figures are counted from. */
const DATED: [string, string][] = [
  ['ledger', 'createdAt'], ['cards', 'createdAt'], ['events', 'startAt'], ['volunteers', 'createdAt'], ['volunteers', 'reviewedAt'],
  ['service', 'confirmedAt'], ['recommendations', 'createdAt'], ['recommendations', 'history.at'], ['donations', 'createdAt'],
  ['donations', 'confirmedAt'], ['members', 'createdAt'], ['redemptions', 'createdAt'], ['redemptions', 'collectedAt'], ['redemptions', 'expiresAt'],
];

/**
 * The days of [first, last] on which anything countable happened, by one grouped aggregate per
 * collection and time field: the other days' figures are zeros and need no queries of their own.
 */
export async function activeDays(ctx: Ctx, first: string, last: string): Promise<Set<string>> {
  const _ = ctx.db.command;
  const range = _.gte(dayStart(first)).and(_.lt(window(last, ctx.now).end));
  const lists = await Promise.all(DATED.map(([coll, field]) => {
    let agg = ctx.db.collection(coll).aggregate().match({ [field]: range });
    if (field.includes('.')) agg = agg.unwind(`$${field.split('.')[0]}`).match({ [field]: range });
    return agg.group({ _id: { $dateToString: { format: '%Y-%m-%d', date: `$${field}`, timezone: '+08:00' } } }).limit(PAGE).end();
  }));
  return new Set(lists.flatMap((l) => l.list.map((g) => String(g._id))));
}

/** Computes and stores one finished day's rollup (a re-run recomputes the same figures). */
export async function rollupDay(ctx: Ctx, day: string, quiet?: { stock: Stock }): Promise<DayRollup> {
  // A day without activity: zeros, and the levels of the day before.
  const { figures, sets } = quiet ? { figures: zeroFigures(), sets: emptySets() } : await dayFigures(ctx, day);
  const stock = quiet ? quiet.stock : await stockAfter(ctx, day, { recompute: true });
  const doc = { day, figures, sets: storeSets(sets), stock, version: ROLLUP_VERSION, computedAt: ctx.now };
  await ctx.db.collection(DAYS).doc(day).set({ data: doc });
  return doc;
}

const monthOf = (day: string) => day.slice(0, 7);
export function monthDays(month: string): string[] {
  const out: string[] = [];
  for (let d = `${month}-01`; monthOf(d) === month; d = nextDay(d)) out.push(d);
  return out;
}

/** Sums a finished month's day rollups into report_months/<YYYY-MM>; null when a day is missing. */
export async function rollupMonth(ctx: Ctx, month: string): Promise<boolean> {
  const days = monthDays(month);
  const docs = (await ctx.db.collection(DAYS).where({ day: ctx.db.command.gte(days[0]).and(ctx.db.command.lte(days[days.length - 1])) }).limit(31).get()).data;
  if (docs.length !== days.length) return false;
  docs.sort((a, b) => String(a.day).localeCompare(String(b.day)));
  const { figures, sets } = sumDays(docs);
  const stock = docs[docs.length - 1].stock as Stock;
  await ctx.db.collection(MONTHS).doc(month).set({ data: { month, figures, sets: storeSets(sets), stock, version: ROLLUP_VERSION, computedAt: ctx.now } });
  return true;
}

/** Sums day (or month) rollup documents: additive figures added, sets merged. */
export function sumDays(docs: Doc[]): DayFigures {
  const figures = zeroFigures();
  const sets = emptySets();
  for (const d of docs) {
    addFigures(figures, d.figures as Figures);
    mergeSets(sets, loadSets(d.sets));
  }
  return { figures, sets };
}

/**
 * Timer: rolls up, oldest first, every finished day of the last CATCH_UP_DAYS that has no rollup
 * yet (each day's levels build on the day before), then each finished month it completed. Days
 * without activity get zero rollups without queries of their own. Stops after TIMER_BUDGET_MS and
 * goes on at the next run. Re-runnable: a second run finds nothing missing.
 */
export async function rollupTimer(ctx: Ctx): Promise<{ days: string[]; months: string[] }> {
  const started = Date.now();
  const _ = ctx.db.command;
  const yesterday = previousDay(shanghaiDay(ctx.now));
  let first = yesterday;
  for (let i = 1; i < CATCH_UP_DAYS; i += 1) first = previousDay(first);
  const have = new Set((await ctx.db.collection(DAYS).where({ day: _.gte(first).and(_.lte(yesterday)) }).field({ day: true }).limit(PAGE).get()).data.map((d) => String(d.day)));
  const todo: string[] = [];
  for (let d = first; d <= yesterday; d = nextDay(d)) if (!have.has(d)) todo.push(d);
  const done: string[] = [];
  if (todo.length) {
    let active = new Set<string>();
    let scannedTo = '';
    let stock: Stock | null = null;
    for (const [i, d] of todo.entries()) {
      if (Date.now() - started > TIMER_BUDGET_MS) break;
      if (d > scannedTo) {
        // Which days had activity, a month of days at a time (one aggregate per source each).
        scannedTo = todo[Math.min(todo.length - 1, i + SCAN_DAYS - 1)];
        active = await activeDays(ctx, d, scannedTo);
      }
      // The levels carry over only from the day just before (else they are read again).
      if (done[done.length - 1] !== previousDay(d)) stock = null;
      if (!active.has(d)) stock ??= await stockAfter(ctx, d, { recompute: true });
      const doc = await rollupDay(ctx, d, active.has(d) ? undefined : { stock: stock! });
      stock = doc.stock;
      done.push(d);
    }
  }
  const months: string[] = [];
  for (const m of [...new Set(done.map(monthOf))]) {
    const days = monthDays(m);
    if (days[days.length - 1] <= yesterday && (await rollupMonth(ctx, m))) months.push(m);
  }
  return { days: done, months };
}
