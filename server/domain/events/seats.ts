import type { Ctx } from '../../runtime/context';
import { getOrNull, type Doc, type Tx } from '../../runtime/db';
import { together, transact } from '../../runtime/tx';
import { messageDoc, notify, type MessageInput } from '../inbox';
import { asDate } from '../../util/time';
import { SEATS, SIGNUPS, seatId } from './model';

// Seat slots (docs/RUSH.md "Event seats"): seat n of an event is the document seats/<eventId>_<n>,
// n = 1..capacity. A sign-up claims its seats by adding slot documents in its own transaction, so
// concurrent sign-ups only conflict when they pick the same slot; no document is written by every
// sign-up. seatsTaken = the number of slot documents = Σ seats of seated sign-ups.

const PAGE = 1000;

export interface SlotState {
  /** Free slot numbers ≤ capacity, as of the read (a few may have been taken since). */
  free: number[];
  taken: number;
  /** Taken slots above the capacity (left by an admin lowering it). */
  high: Doc[];
}

/** Plain (non-transactional) read of an event's taken slots. */
export async function slotState(ctx: Ctx, ev: Doc): Promise<SlotState> {
  const _ = ctx.db.command;
  const eventId = String(ev._id);
  const capacity = Number(ev.capacity);
  const docs: Doc[] = [];
  for (let last = 0; ;) {
    const res = await ctx.db.collection(SEATS).where({ eventId, n: _.gt(last) }).orderBy('n', 'asc').field({ n: true, signupId: true }).limit(PAGE).get();
    docs.push(...res.data);
    if (res.data.length < PAGE) break;
    last = Number(res.data[res.data.length - 1].n);
  }
  const taken = new Set(docs.map((d) => Number(d.n)));
  const free: number[] = [];
  for (let n = 1; n <= capacity; n++) if (!taken.has(n)) free.push(n);
  return { free, taken: docs.length, high: docs.filter((d) => Number(d.n) > capacity) };
}

/** `k` distinct random picks: concurrent sign-ups reading the same free list rarely pick the same slot. */
export function sample(free: number[], k: number): number[] {
  const a = [...free];
  for (let i = 0; i < k && i < a.length; i++) {
    const j = i + Math.floor(Math.random() * (a.length - i));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a.slice(0, k).sort((x, y) => x - y);
}

/** A slot's fields (without _id, for set). */
export function seatDoc(eventId: string, n: number, signupId: string, now: Date): Doc {
  return { eventId, n, signupId, createdAt: now };
}

/** Claims slot n inside a transaction: fails (conflict or duplicate) when someone else holds it. */
export function claimSeat(tx: Tx, eventId: string, n: number, signupId: string, now: Date): Promise<unknown> {
  return tx.collection(SEATS).add({ data: { _id: seatId(eventId, n), ...seatDoc(eventId, n, signupId, now) } });
}

/** Moves a taken slot (above the capacity) to slot `low`; the holder's slot list follows. */
async function moveSeat(tx: Tx, ctx: Ctx, eventId: string, slot: Doc, low: number, lowExists: boolean): Promise<void> {
  const holder = await getOrNull(tx.collection(SIGNUPS).doc(String(slot.signupId)));
  const data = seatDoc(eventId, low, String(slot.signupId), ctx.now);
  await (lowExists ? tx.collection(SEATS).doc(seatId(eventId, low)).set({ data }) : claimSeat(tx, eventId, low, String(slot.signupId), ctx.now));
  await tx.collection(SEATS).doc(String(slot._id)).remove();
  if (holder) {
    const slots = ((holder.slots as number[] | undefined) ?? []).map((n) => (n === Number(slot.n) ? low : n)).sort((a, b) => a - b);
    await tx.collection(SIGNUPS).doc(String(holder._id)).update({ data: { slots, updatedAt: ctx.now } });
  }
}

export interface Promotion { signupId: string; openid: string; cardNo: string; seats: number; round: number }

export function promotedMessage(ev: Doc, p: Promotion): MessageInput {
  return {
    openid: p.openid, cardNo: p.cardNo, title: '候补成功',
    body: `您候补的活动“${String(ev.title)}”有了空位，已为您保留 ${p.seats} 个名额，请按时参加。`,
    page: `events/detail/detail?eventId=${String(ev._id)}`,
  };
}

export interface PromoteInput {
  ev: Doc;
  /** Slots this transaction freed (still present, to be re-assigned or removed). */
  reusable: number[];
  /** Free slots from the plain read, verified inside the transaction before use. */
  free: number[];
  /** Taken slots above the capacity: moved into freed low slots first. */
  high: Doc[];
  /** Waitlisted sign-ups, earliest first (plain read; each re-read here by id). */
  waiting: Doc[];
}

/**
 * Inside a transaction: moves seats above the capacity into freed slots, then gives the remaining
 * free seats to the earliest waitlisted sign-ups that fit (re-read by id). Freed slots not re-used
 * are removed. Writes the promoted patrons' messages (deterministic ids) in the same transaction.
 */
export async function promoteInTx(tx: Tx, ctx: Ctx, p: PromoteInput): Promise<Promotion[]> {
  const eventId = String(p.ev._id);
  const capacity = Number(p.ev.capacity);
  const reusable = p.reusable.filter((n) => n <= capacity);
  const drop = p.reusable.filter((n) => n > capacity);

  // 1. Seats above a lowered capacity move down into freed slots (the holder keeps their seats).
  for (const high of p.high) {
    if (!reusable.length) break;
    const cur = await getOrNull(tx.collection(SEATS).doc(String(high._id)));
    if (!cur) continue;
    await moveSeat(tx, ctx, eventId, cur, reusable.shift()!, true);
  }

  // 2. The earliest waitlisted sign-ups that fit.
  const extra = p.high.length ? [] : [...p.free]; // over capacity: no other slot may be used
  const promoted: Promotion[] = [];
  const pool: { n: number; reuse: boolean }[] = reusable.map((n) => ({ n, reuse: true }));
  for (const cand of p.waiting) {
    if (Number(cand.seats) > pool.length + extra.length) continue;
    const cur = await getOrNull(tx.collection(SIGNUPS).doc(String(cand._id)));
    if (!cur || cur.status !== 'waitlisted') continue;
    const need = Number(cur.seats);
    while (pool.length < need && extra.length) {
      const batch = extra.splice(0, need - pool.length);
      const seen = await Promise.all(batch.map((n) => getOrNull(tx.collection(SEATS).doc(seatId(eventId, n)))));
      batch.forEach((n, i) => { if (!seen[i]) pool.push({ n, reuse: false }); });
    }
    if (pool.length < need) continue;
    const mine = pool.splice(0, need);
    const round = Number(cur.round ?? 1);
    const promotion: Promotion = { signupId: String(cur._id), openid: String(cur.openid), cardNo: String(cur.cardNo), seats: need, round };
    await together([
      ...mine.map((s) => (s.reuse
        ? tx.collection(SEATS).doc(seatId(eventId, s.n)).set({ data: seatDoc(eventId, s.n, String(cur._id), ctx.now) })
        : claimSeat(tx, eventId, s.n, String(cur._id), ctx.now))),
      tx.collection(SIGNUPS).doc(String(cur._id)).update({
        data: { status: 'confirmed', slots: mine.map((s) => s.n).sort((a, b) => a - b), waitKey: null, promotedAt: ctx.now, updatedAt: ctx.now },
      }),
      tx.collection('messages').add({ data: { _id: `event_promoted_${String(cur._id)}_${round}`, ...messageDoc(ctx, promotedMessage(p.ev, promotion)) } }),
    ]);
    promoted.push(promotion);
    if (!pool.length && !extra.length) break;
  }

  // 3. Freed slots nobody took.
  await together([...pool.filter((s) => s.reuse).map((s) => s.n), ...drop]
    .map((n) => tx.collection(SEATS).doc(seatId(eventId, n)).remove()));
  return promoted;
}

/** Waitlisted sign-ups of an event, earliest first (plain read). */
export async function waitingList(ctx: Ctx, eventId: string, limit = 50): Promise<Doc[]> {
  const res = await ctx.db.collection(SIGNUPS).where({ eventId, status: 'waitlisted' }).orderBy('waitKey', 'asc')
    .field({ _id: true, seats: true }).limit(limit).get();
  return res.data;
}

/** Tells promoted patrons by subscribe message (their inbox message was written with the promotion). */
export async function notifyPromoted(ctx: Ctx, ev: Doc, promoted: Promotion[]): Promise<void> {
  await Promise.all(promoted.map((p) => notify(ctx, promotedMessage(ev, p))));
}

/**
 * Gives free seats to waitlisted sign-ups that fit (after a capacity raise, and on the timer for a
 * sign-up that joined the waitlist at the instant seats were freed). `ev` is the event as the
 * caller just read or wrote it. Returns how many were promoted.
 */
export async function promoteWaitlisted(ctx: Ctx, ev: Doc): Promise<number> {
  const eventId = String(ev._id);
  if (ev.status !== 'published' || ctx.now.getTime() >= asDate(ev.startAt).getTime()) return 0;
  const waiting = await waitingList(ctx, eventId);
  if (!waiting.length) return 0;
  const state = await slotState(ctx, ev);
  if (!state.free.length || state.high.length) return 0;
  const promoted = await transact(ctx, (tx) => promoteInTx(tx, ctx, { ev, reusable: [], free: state.free, high: [], waiting }));
  await notifyPromoted(ctx, ev, promoted);
  return promoted.length;
}

/**
 * After an admin lowered the capacity: moves seats above it into free slots below it, one holder
 * at a time (each in its own transaction). Seats never disappear: what does not fit stays above.
 * `ev` is the event as the caller just read or wrote it (its capacity).
 */
export async function compactSeats(ctx: Ctx, ev: Doc): Promise<number> {
  const eventId = String(ev._id);
  const state = await slotState(ctx, ev);
  let moved = 0;
  const free = [...state.free];
  for (const high of state.high) {
    const low = free.shift();
    if (low === undefined) break;
    const ok = await transact(ctx, async (tx) => {
      const [cur, target] = await Promise.all([
        getOrNull(tx.collection(SEATS).doc(String(high._id))),
        getOrNull(tx.collection(SEATS).doc(seatId(eventId, low))),
      ]);
      if (!cur || target) return false;
      await moveSeat(tx, ctx, eventId, cur, low, false);
      return true;
    });
    if (ok) moved += 1;
  }
  return moved;
}
