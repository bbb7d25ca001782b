import type { Ctx } from '../runtime/context';
import { getOrNull, isDuplicateKey, type Db, type Doc, type Tx } from '../runtime/db';
import { fail } from '../runtime/fail';
import { together, transact } from '../runtime/tx';
import { asDate } from '../util/time';

// prize_stock/<prizeId>_<i> (i < prize.shards): { prizeId, shard: i, stock, added, held, updatedAt }.
// A prize's stock is the sum of its shards, so a rush spreads its writes over `shards` documents
// instead of one (docs/RUSH.md). Every change of a shard is a single-document update: a redeem
// takes a unit with a conditional decrement that records a hold (`held.<code>`, see below), an
// admin edit adds or conditionally takes units. `added` counts the units the admin put on sale on
// that shard: Σ added = Σ stock + Σ holds + redemptions taken from shards. Prizes stored before
// sharding carry a plain `stock` and no `shards`: they are split on their first redeem or edit
// (ensureSharded).
export const PRIZE_STOCK = 'prize_stock';
const PAGE = 1000;

export function shardId(prizeId: string, i: number): string {
  return `${prizeId}_${i}`;
}

export function isSharded(prize: Doc): boolean {
  return Number.isInteger(prize.shards) && prize.shards > 0;
}

/** Units per shard for `stock` over `n` shards: as even as possible. */
function split(stock: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => Math.floor(stock / n) + (i < stock % n ? 1 : 0));
}

/** The shard documents of a new prize (also used by the demo seed). */
export function shardDocs(prizeId: string, stock: number, n: number, now: Date): Doc[] {
  return split(stock, n).map((units, i) => ({ _id: shardId(prizeId, i), prizeId, shard: i, stock: units, added: units, updatedAt: now }));
}

/** Writes a new prize and its shards in one transaction. */
export async function addPrizeWithStock(tx: Tx, prize: Doc, stock: number, n: number, now: Date): Promise<void> {
  await together([
    tx.collection('prizes').add({ data: { ...prize, shards: n } }),
    ...shardDocs(String(prize._id), stock, n, now).map((d) => tx.collection(PRIZE_STOCK).add({ data: d })),
  ]);
}

/** Current shards of the given prizes (a plain read, not a snapshot), by prizeId. */
export async function readShards(db: Db, prizeIds: string[]): Promise<Map<string, Doc[]>> {
  const out = new Map<string, Doc[]>(prizeIds.map((id) => [id, []]));
  if (!prizeIds.length) return out;
  const _ = db.command;
  for (let skip = 0; ; skip += PAGE) {
    const res = await db.collection(PRIZE_STOCK).where({ prizeId: _.in(prizeIds) })
      .field({ prizeId: true, shard: true, stock: true, added: true, held: true }).skip(skip).limit(PAGE).get();
    for (const d of res.data) out.get(String(d.prizeId))?.push(d);
    if (res.data.length < PAGE) return out;
  }
}

export function sumStock(shards: Doc[]): number {
  return shards.reduce((s, d) => s + Math.max(0, Number(d.stock)), 0);
}

export interface StockFigures { stock: number; stockedTotal: number }

function figures(shards: Doc[]): StockFigures {
  return { stock: sumStock(shards), stockedTotal: shards.reduce((s, d) => s + Number(d.added ?? 0), 0) };
}

/** A prize's stock for display: Σ shards (or the plain field of a prize not yet split). */
export function stockOf(prize: Doc, shards: Map<string, Doc[]>): StockFigures {
  if (isSharded(prize)) return figures(shards.get(String(prize._id)) ?? []);
  const stock = Math.max(0, Number(prize.stock ?? 0));
  return { stock, stockedTotal: stock };
}

/**
 * Splits a prize stored with a plain `stock` into shards, once: the transaction writes the
 * prize document, so concurrent first redeems serialise here and all but one find it done.
 * Returns the prize as stored afterwards.
 */
export async function ensureSharded(ctx: Ctx, prize: Doc): Promise<Doc> {
  if (isSharded(prize)) return prize;
  const n = ctx.config.prizeShards;
  const prizes = ctx.db.collection('prizes');
  try {
    return await transact(ctx, async (tx) => {
      const ref = tx.collection('prizes').doc(String(prize._id));
      const cur = await getOrNull(ref);
      if (!cur || isSharded(cur)) return cur ?? prize;
      const _ = ctx.db.command;
      await ref.update({ data: { shards: n, stock: _.remove(), updatedAt: ctx.now } });
      await together(shardDocs(String(cur._id), Math.max(0, Number(cur.stock ?? 0)), n, ctx.now)
        .map((d) => tx.collection(PRIZE_STOCK).add({ data: d })));
      const { stock: _legacy, ...rest } = cur;
      return { ...rest, shards: n };
    });
  } catch (err) {
    // A concurrent first caller split it after this transaction's snapshot: use theirs.
    const cur = isDuplicateKey(err) ? await getOrNull(prizes.doc(String(prize._id))) : null;
    if (cur && isSharded(cur)) return cur;
    throw err;
  }
}

/**
 * The order a redeem tries the shards in: those with stock, drawn at random weighted by their
 * stock, so callers spread out and the fuller shards drain first. Shards that looked empty are
 * left out: the next fresh read shows an admin's raise.
 */
function shardOrder(shards: Doc[]): Doc[] {
  const full = shards.filter((d) => Number(d.stock) > 0);
  const order: Doc[] = [];
  while (full.length) {
    let r = Math.random() * sumStock(full);
    let k = 0;
    while (k < full.length - 1 && (r -= Number(full[k].stock)) >= 0) k++;
    order.push(...full.splice(k, 1));
  }
  return order;
}

// Holds: a redeem takes its unit before its transaction, with one conditional single-document
// update that also records `held.<code>` (the redemption's code) on the shard. The transaction
// then commits the redemption without touching the shard, so redeems never conflict on stock.
// Afterwards the hold is dropped (redeemed) or the unit given back (refused). A hold left by a
// call that died in between is reclaimed once older than HOLD_STALE_MS: its unit goes back unless
// the redemption with that code exists. At every moment Σ added = Σ stock + Σ holds + redemptions.

/** Far past the rewards function's 10 s timeout (CloudBase kills it there): no call can still commit. */
export const HOLD_STALE_MS = 5 * 60 * 1000;
/** Shards tried from one read before reading again; rounds of that before BUSY. */
const TRIES_PER_READ = 4;
const RESERVE_ROUNDS = 8;

/** The shard a unit was taken from: its document id and number. */
export interface Held { id: string; shard: number }

/** Which of these redemption codes were committed (the redemptions are redemption.ts's). */
export type Redeemed = (codes: string[]) => Promise<Set<string>>;

function holdsOf(shard: Doc): [string, Date][] {
  const held = (shard.held ?? {}) as Record<string, unknown>;
  return Object.entries(held).map(([code, at]) => [code, asDate(at)]);
}

/**
 * Takes one unit of the prize for the redemption `code`: `where({ _id, stock > 0 })` with
 * `stock − 1` and the hold, shard after shard in shardOrder, reading the shards again when the
 * tries run out. Concurrent takes on one shard are serialised by the database, never a conflict,
 * and never take a unit that is not there. Returns the shard taken from; null when a fresh read has no
 * unit left (out of stock, exactly as of that read; stale holds are reclaimed first).
 */
export async function reserveUnit(ctx: Ctx, prizeId: string, shards: Doc[], code: string, redeemed: Redeemed): Promise<Held | null> {
  const _ = ctx.db.command;
  let current = shards;
  for (let round = 0; round < RESERVE_ROUNDS; round++) {
    if (sumStock(current) > 0) {
      for (const d of shardOrder(current).slice(0, TRIES_PER_READ)) {
        const id = String(d._id);
        const res = await ctx.db.collection(PRIZE_STOCK).where({ _id: id, stock: _.gt(0) })
          .update({ data: { stock: _.inc(-1), [`held.${code}`]: ctx.now, updatedAt: ctx.now } });
        if (res.stats.updated === 1) return { id, shard: Number(d.shard) };
      }
    } else if (!(await reclaimStaleHolds(ctx, current, redeemed))) {
      return null;
    }
    current = (await readShards(ctx.db, [prizeId])).get(prizeId)!;
  }
  fail('BUSY');
}

/** The redemption `code` committed: its unit is sold, the hold goes. */
export async function dropHold(ctx: Ctx, id: string, code: string): Promise<void> {
  const _ = ctx.db.command;
  await ctx.db.collection(PRIZE_STOCK).doc(id).update({ data: { [`held.${code}`]: _.remove() } });
}

/** The redemption `code` was refused, nothing committed: the unit goes back (once, whoever calls). */
export async function releaseHold(ctx: Ctx, id: string, code: string): Promise<boolean> {
  const _ = ctx.db.command;
  const res = await ctx.db.collection(PRIZE_STOCK).where({ _id: id, [`held.${code}`]: _.exists(true) })
    .update({ data: { stock: _.inc(1), [`held.${code}`]: _.remove(), updatedAt: ctx.now } });
  return res.stats.updated === 1;
}

function staleHolds(ctx: Ctx, shards: Doc[]): { id: string; code: string }[] {
  const cutoff = ctx.now.getTime() - HOLD_STALE_MS;
  return shards.flatMap((s) => holdsOf(s).filter(([, at]) => at.getTime() <= cutoff).map(([code]) => ({ id: String(s._id), code })));
}

/** Nothing to take and nothing to reclaim in this read: out of stock. */
export function soldOut(ctx: Ctx, shards: Doc[]): boolean {
  return sumStock(shards) <= 0 && !staleHolds(ctx, shards).length;
}

/** Settles the holds on these shards older than HOLD_STALE_MS; returns the units given back. */
export async function reclaimStaleHolds(ctx: Ctx, shards: Doc[], redeemed: Redeemed): Promise<number> {
  const stale = staleHolds(ctx, shards);
  if (!stale.length) return 0;
  const sold = await redeemed(stale.map((h) => h.code));
  const back = await Promise.all(stale.map((h) => (sold.has(h.code) ? dropHold(ctx, h.id, h.code).then(() => false) : releaseHold(ctx, h.id, h.code))));
  return back.filter(Boolean).length;
}

/** The maintenance timer: settles stale holds on every shard (re-runnable). */
export async function sweepStaleHolds(ctx: Ctx, redeemed: Redeemed): Promise<{ released: number }> {
  const _ = ctx.db.command;
  let released = 0;
  for (let skip = 0; ; skip += PAGE) {
    const res = await ctx.db.collection(PRIZE_STOCK).where({ held: _.exists(true) }).field({ held: true }).skip(skip).limit(PAGE).get();
    released += await reclaimStaleHolds(ctx, res.data, redeemed);
    if (res.data.length < PAGE) return { released };
  }
}

/** Per-shard amounts that move `shards` towards even stock by `delta` units (+ add, - take). */
export function plan(shards: Doc[], delta: number): Map<string, number> {
  const level = new Map(shards.map((d) => [String(d._id), Math.max(0, Number(d.stock))]));
  const out = new Map<string, number>();
  let left = Math.abs(delta);
  const sign = Math.sign(delta);
  while (left > 0) {
    // Lowest shards first when adding, highest first when taking; one "layer" per loop.
    const ids = [...level.keys()].filter((id) => sign > 0 || level.get(id)! > 0);
    if (!ids.length) break;
    ids.sort((a, b) => sign * (level.get(a)! - level.get(b)!));
    const edge = level.get(ids[0])!;
    const group = ids.filter((id) => level.get(id) === edge);
    const next = ids.find((id) => level.get(id) !== edge);
    const gap = next === undefined ? Infinity : Math.abs(level.get(next)! - edge);
    const each = Math.min(Math.max(1, Math.floor(left / group.length)), gap, sign < 0 ? edge : Infinity);
    for (const id of group) {
      if (left <= 0) break;
      const step = Math.min(each, left);
      level.set(id, level.get(id)! + sign * step);
      out.set(id, (out.get(id) ?? 0) + step);
      left -= step;
    }
  }
  return out;
}

// stock_edits/<request key>: { prizeId, delta, createdAt } — one per stock change an admin
// request made; purged with the stored answers (housekeeping.ts).
export const STOCK_EDITS = 'stock_edits';

/** False when this request's stock change was claimed before (a retry or a twin). */
async function claimEdit(ctx: Ctx, prizeId: string, delta: number): Promise<boolean> {
  if (!ctx.request.key) return true;
  try {
    await ctx.db.collection(STOCK_EDITS).add({ data: { _id: ctx.request.key, prizeId, delta, createdAt: ctx.now } });
    return true;
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
}

/**
 * Admin: changes the prize's stock while redeems may be running. With `seen` (the stock the
 * admin's form showed) the change is `target - seen`; without it `target` is measured against
 * the total read now. Either way an absolute figure becomes a delta, applied shard by shard with
 * single-document updates: an addition is an increment, a take is conditional on the shard still
 * holding that many, so a concurrent redeem is never undone and no shard goes below zero. A take
 * a redeem beat is re-planned on a fresh read; if redeems empty the shelf first, the reduction
 * stops at zero. Returns the figures after the edit (a fresh read: may include later redeems).
 */
export async function setStock(ctx: Ctx, prize: Doc, target: number, seen?: number): Promise<StockFigures> {
  const prizeId = String(prize._id);
  const db = ctx.db;
  const _ = db.command;
  const shards = (await readShards(db, [prizeId])).get(prizeId)!;
  const delta = target - (seen ?? sumStock(shards));
  // The request claims its change first: a retry of the same requestId (or its twin running at
  // the same time) finds the claim and changes nothing more. A call that dies after its claim
  // leaves a partial change, as a crash between shards does.
  if (delta !== 0 && !(await claimEdit(ctx, prizeId, delta))) return figures(shards);
  if (delta > 0) {
    await Promise.all([...plan(shards, delta)].map(([id, units]) => db.collection(PRIZE_STOCK).doc(id)
      .update({ data: { stock: _.inc(units), added: _.inc(units), updatedAt: ctx.now } })));
  } else if (delta < 0) {
    let need = -delta;
    // Each pass takes what the last read saw; a shard a redeem got to first is re-read next pass.
    for (let pass = 0; need > 0 && pass < 20; pass++) {
      const current = pass === 0 ? shards : (await readShards(db, [prizeId])).get(prizeId)!;
      if (sumStock(current) === 0) break;
      const takes = [...plan(current, -need)];
      const taken = await Promise.all(takes.map(async ([id, units]) => {
        const res = await db.collection(PRIZE_STOCK).where({ _id: id, stock: _.gte(units) })
          .update({ data: { stock: _.inc(-units), added: _.inc(-units), updatedAt: ctx.now } });
        return res.stats.updated === 1 ? units : 0;
      }));
      need -= taken.reduce((s, u) => s + u, 0);
    }
  }
  return figures((await readShards(db, [prizeId])).get(prizeId)!);
}
