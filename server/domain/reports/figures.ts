import type { Figures } from '../../../miniprogram/contract/reports';
import { DistinctSet, type StoredSet } from './distinct';

// The report's figures: additive counts per day, distinct sets beside them, and the two "stock"
// figures (outstanding points, pending redemptions) that are levels at an instant, not sums.
export const ISSUE_REASONS = ['bind_bonus', 'checkin', 'event', 'volunteer', 'recommend', 'donation'] as const;

export function zeroFigures(): Figures {
  return {
    points: { issued: { bind_bonus: 0, checkin: 0, event: 0, volunteer: 0, recommend: 0, donation: 0 }, issuedTotal: 0, spent: 0, transferred: 0, outstanding: 0, expiredInRedemptions: 0 },
    patrons: { newlyBound: 0, activeCards: 0, checkinCards: 0, checkins: 0 },
    events: { held: 0, signups: 0, attended: 0, noShows: 0 },
    volunteers: { registered: 0, approved: 0, sessions: 0, hours: 0 },
    books: { recommended: 0, adopted: 0, purchased: 0, donationsPledged: 0, copiesAccepted: 0, copiesDeclined: 0, donors: 0 },
    prizes: { redeemed: 0, collected: 0, pending: 0, expired: 0 },
  };
}

/** Distinct figures: which key of Figures each set fills. */
export const DISTINCT = { active: ['patrons', 'activeCards'], checkin: ['patrons', 'checkinCards'], donors: ['books', 'donors'] } as const;
export type DistinctKey = keyof typeof DISTINCT;
export type StoredSets = Record<DistinctKey, StoredSet>;
export type Sets = Record<DistinctKey, DistinctSet>;
/** Level figures, at the end of a day or period. */
export interface Stock { outstanding: number; pending: number }

export function emptySets(): Sets {
  return { active: new DistinctSet(), checkin: new DistinctSet(), donors: new DistinctSet() };
}

export function loadSets(stored: Partial<StoredSets> | undefined): Sets {
  return { active: DistinctSet.from(stored?.active), checkin: DistinctSet.from(stored?.checkin), donors: DistinctSet.from(stored?.donors) };
}

export function storeSets(sets: Sets): StoredSets {
  return { active: sets.active.toStored(), checkin: sets.checkin.toStored(), donors: sets.donors.toStored() };
}

/** Adds b's additive figures into a (distinct and level figures are set apart: see finish). */
export function addFigures(a: Figures, b: Figures): void {
  for (const section of Object.keys(a) as (keyof Figures)[]) {
    const sa = a[section] as Record<string, unknown>;
    const sb = b[section] as Record<string, unknown>;
    for (const k of Object.keys(sa)) {
      if (typeof sa[k] === 'number') sa[k] = (sa[k] as number) + Number(sb[k] ?? 0);
      else addFlat(sa[k] as Record<string, number>, sb[k] as Record<string, number>);
    }
  }
}

function addFlat(a: Record<string, number>, b: Record<string, number> | undefined): void {
  for (const k of Object.keys(a)) a[k] += Number(b?.[k] ?? 0);
}

export function mergeSets(into: Sets, from: Sets): void {
  for (const k of Object.keys(DISTINCT) as DistinctKey[]) into[k].merge(from[k]);
}

/** Writes the distinct counts and the levels at the end into summed figures. */
export function finish(f: Figures, sets: Sets, stock: Stock): Figures {
  for (const [key, [section, field]] of Object.entries(DISTINCT) as [DistinctKey, readonly [string, string]][]) {
    (f as unknown as Record<string, Record<string, number>>)[section][field] = sets[key].size;
  }
  f.points.outstanding = stock.outstanding;
  f.prizes.pending = stock.pending;
  return f;
}
