import { TOP_EVENTS, type Figures } from '../../../miniprogram/contract/reports';
import { DistinctSet, type StoredSet } from './distinct';

// The report's figures: additive counts per day, distinct sets beside them, and the two "stock"
// figures (outstanding points, pending redemptions) that are levels at an instant, not sums.
export const ISSUE_REASONS = ['bind_bonus', 'checkin', 'event', 'volunteer', 'recommend', 'donation'] as const;

export function zeroFigures(): Figures {
  return {
    points: { issued: { bind_bonus: 0, checkin: 0, event: 0, volunteer: 0, recommend: 0, donation: 0 }, issuedTotal: 0, spent: 0, transferred: 0, outstanding: 0, expiredInRedemptions: 0 },
    patrons: { newlyBound: 0, activeCards: 0, checkinCards: 0, checkins: 0, familyMembers: 0 },
    events: {
      held: 0, signups: 0, attended: 0, noShows: 0,
      byKind: { reader: { held: 0, signups: 0, attended: 0 }, volunteer: { held: 0, signups: 0, attended: 0 } },
      capacity: 0, attendanceRate: 0, capacityFilled: 0, top: [],
    },
    volunteers: { registered: 0, approved: 0, sessions: 0, hours: 0 },
    books: { recommended: 0, adopted: 0, purchased: 0, donationsPledged: 0, copiesAccepted: 0, copiesDeclined: 0, donors: 0, distinctIsbns: 0 },
    prizes: { redeemed: 0, collected: 0, pending: 0, expired: 0, byPrize: [] },
  };
}

/** Distinct figures: which key of Figures each set fills. */
export const DISTINCT = { active: ['patrons', 'activeCards'], checkin: ['patrons', 'checkinCards'], donors: ['books', 'donors'], isbns: ['books', 'distinctIsbns'] } as const;
export type DistinctKey = keyof typeof DISTINCT;
export type StoredSets = Record<DistinctKey, StoredSet>;
export type Sets = Record<DistinctKey, DistinctSet>;
/** Level figures, at the end of a day or period. */
export interface Stock { outstanding: number; pending: number }

export function emptySets(): Sets {
  return { active: new DistinctSet(), checkin: new DistinctSet(), donors: new DistinctSet(), isbns: new DistinctSet() };
}

export function loadSets(stored: Partial<StoredSets> | undefined): Sets {
  return { active: DistinctSet.from(stored?.active), checkin: DistinctSet.from(stored?.checkin), donors: DistinctSet.from(stored?.donors), isbns: DistinctSet.from(stored?.isbns) };
}

export function storeSets(sets: Sets): StoredSets {
  return { active: sets.active.toStored(), checkin: sets.checkin.toStored(), donors: sets.donors.toStored(), isbns: sets.isbns.toStored() };
}

/**
 * Adds b's additive figures into a (distinct and level figures, and the rates, are set apart: see
 * finish). Lists merge: prizes by prize (summed), top events (each event counts on one day only,
 * so the period's top events are among its days' top events).
 */
export function addFigures(a: Figures, b: Figures): void {
  addNested(a as unknown as Record<string, unknown>, b as unknown as Record<string, unknown>);
  a.events.top = topEvents([...a.events.top, ...(b.events?.top ?? [])]);
  a.prizes.byPrize = mergeByPrize(a.prizes.byPrize, b.prizes?.byPrize ?? []);
}

function addNested(a: Record<string, unknown>, b: Record<string, unknown> | undefined): void {
  for (const k of Object.keys(a)) {
    if (typeof a[k] === 'number') a[k] = (a[k] as number) + Number(b?.[k] ?? 0);
    else if (!Array.isArray(a[k])) addNested(a[k] as Record<string, unknown>, b?.[k] as Record<string, unknown> | undefined);
  }
}

type Top = Figures['events']['top'][number];
/** Most attended first (then most signed up, then by id): the first TOP_EVENTS. */
export function topEvents(list: Top[]): Top[] {
  return [...list].sort((x, y) => y.attended - x.attended || y.signups - x.signups || x.eventId.localeCompare(y.eventId)).slice(0, TOP_EVENTS);
}

type ByPrize = Figures['prizes']['byPrize'];
export function mergeByPrize(a: ByPrize, b: ByPrize): ByPrize {
  const m = new Map(a.map((p) => [p.prizeId, { ...p }]));
  for (const p of b) {
    const t = m.get(p.prizeId);
    if (t) { t.redeemed += p.redeemed; t.collected += p.collected; } else m.set(p.prizeId, { ...p });
  }
  return [...m.values()].sort((x, y) => y.redeemed - x.redeemed || y.collected - x.collected || x.prizeId.localeCompare(y.prizeId));
}

export function mergeSets(into: Sets, from: Sets): void {
  for (const k of Object.keys(DISTINCT) as DistinctKey[]) into[k].merge(from[k]);
}

/** Writes the distinct counts and the levels at the end into summed figures. */
export function finish(f: Figures, sets: Sets, stock: Stock): Figures {
  for (const [key, [section, field]] of Object.entries(DISTINCT) as [DistinctKey, readonly [string, string]][]) {
    (f as unknown as Record<string, Record<string, number>>)[section][field] = sets[key].size;
  }
  const pct = (x: number, of: number) => (of ? Math.round((x * 100) / of) : 0);
  f.events.attendanceRate = pct(f.events.attended, f.events.signups);
  f.events.capacityFilled = pct(f.events.signups, f.events.capacity);
  f.points.outstanding = stock.outstanding;
  f.prizes.pending = stock.pending;
  return f;
}
