import type { Ctx } from '../runtime/context';
import { getOrNull, isDuplicateKey, type Db, type Doc, type Tx } from '../runtime/db';
import { together, transact } from '../runtime/tx';

// prize_stock/<prizeId>_<i> (i < prize.shards): { prizeId, shard: i, stock, added, updatedAt }.
// A prize's stock is the sum of its shards, so a rush spreads its writes over `shards` documents
// instead of one (docs/RUSH.md). `stock` only goes down by a redeem transaction (one unit of one
// shard) and changes by an admin edit only through single-document conditional updates; `added`
// counts the units the admin put on sale on that shard (Σ added = Σ stock + redemptions taken
// from shards). Prizes stored before sharding carry a plain `stock` and no `shards`: they are
// split on their first redeem or edit (ensureSharded).
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
      .field({ prizeId: true, shard: true, stock: true, added: true }).skip(skip).limit(PAGE).get();
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

// This instance's shard per prize: the one its last redeem took without a conflict. Instances
// that win keep their shard and those that lose move on, so under a rush the instances settle
// on different shards instead of colliding at random on every call (a function instance runs
// one call at a time).
const home = new Map<string, string>();

/** After a redeem: keep the shard it took (committed first time) or forget it (it lost a conflict). */
export function rememberShard(prizeId: string, shard: string | null): void {
  if (shard) home.set(prizeId, shard);
  else home.delete(prizeId);
}

/**
 * The order a redeem tries the shards in: this instance's shard first if it has stock, then
 * those with stock drawn at random weighted by their stock (so callers spread out and the
 * fuller shards drain first), then the ones that looked empty (a fallback scan: the plain read
 * may be a moment old).
 */
export function shardOrder(prize: Doc, shards: Doc[]): string[] {
  const n = Number(prize.shards);
  const stockById = new Map(shards.map((d) => [String(d._id), Math.max(0, Number(d.stock))]));
  const pool = Array.from({ length: n }, (_, i) => shardId(String(prize._id), i));
  const full = pool.filter((id) => (stockById.get(id) ?? 0) > 0);
  const empty = pool.filter((id) => (stockById.get(id) ?? 0) <= 0);
  const order: string[] = [];
  while (full.length) {
    let r = Math.random() * full.reduce((s, id) => s + stockById.get(id)!, 0);
    let k = 0;
    while (k < full.length - 1 && (r -= stockById.get(full[k])!) >= 0) k++;
    order.push(...full.splice(k, 1));
  }
  const mine = home.get(String(prize._id));
  const at = mine ? order.indexOf(mine) : -1;
  if (at > 0) order.unshift(...order.splice(at, 1));
  for (let i = empty.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [empty[i], empty[j]] = [empty[j], empty[i]];
  }
  return [...order, ...empty];
}

/** How many shards a redeem reads with its first batch of reads (more only when all are empty). */
export const FIRST_READS = 3;

/** Reads the first FIRST_READS shards of `order` inside the transaction. */
export function readFirstShards(tx: Tx, order: string[]): Promise<(Doc | null)[]> {
  return together(order.slice(0, FIRST_READS).map((id) => getOrNull(tx.collection(PRIZE_STOCK).doc(id))));
}

/**
 * Inside a redeem transaction: a shard with a unit left, from the snapshot. The first of the
 * first reads that has one; when the snapshot has them all empty, reads all the others at once
 * and takes one at random. Null means every shard is empty in the snapshot: out of stock, exactly.
 */
export async function findUnit(tx: Tx, order: string[], first: (Doc | null)[]): Promise<Doc | null> {
  const hit = first.find((d) => d && Number(d.stock) > 0);
  if (hit) return hit;
  const rest = await together(order.slice(first.length).map((id) => getOrNull(tx.collection(PRIZE_STOCK).doc(id))));
  const found = rest.filter((d): d is Doc => !!d && Number(d.stock) > 0);
  return found.length ? found[Math.floor(Math.random() * found.length)] : null;
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
