import type { z } from 'zod';
import type { prizeInput } from '../../miniprogram/contract/rewards';
import type { Ctx } from '../runtime/context';
import { getOrNull, type Doc } from '../runtime/db';
import { fail } from '../runtime/fail';
import { randomId } from '../util/crypto';
import { transact } from '../runtime/tx';
import { loadUser } from './cards';
import { addPrizeWithStock, ensureSharded, readShards, setStock, stockOf, type StockFigures } from './prize-stock';

// prizes/<prizeId>: { name, description, cost, shards, active, sort, createdAt, updatedAt }; the
// stock lives in `shards` documents of prize_stock (prize-stock.ts). Old prizes have a plain
// `stock` instead until their first redeem or edit.
export type PrizeInput = z.output<typeof prizeInput>;

/** Where new prizes go in the catalogue unless the admin says otherwise (after the demo ones). */
const DEFAULT_SORT = 1000;
const CATALOGUE_LIMIT = 200;

/** Figures from prize-stock.ts: Σ of the prize's shards (or its plain field before it is split). */
export function prizeAdminView(doc: Doc, { stock, stockedTotal }: StockFigures) {
  return {
    prizeId: String(doc._id),
    name: String(doc.name),
    description: String(doc.description ?? ''),
    cost: Number(doc.cost),
    stock,
    active: doc.active !== false,
    sort: Number(doc.sort ?? DEFAULT_SORT),
    stockedTotal,
  };
}

function bySort(a: Doc, b: Doc): number {
  return (Number(a.sort ?? DEFAULT_SORT) - Number(b.sort ?? DEFAULT_SORT))
    || (new Date(a.createdAt ?? 0).getTime() - new Date(b.createdAt ?? 0).getTime())
    || String(a._id).localeCompare(String(b._id));
}

/**
 * The catalogue: active prizes by `sort`, each with whether the card can afford it.
 * Works without a card (balance 0, nothing affordable); a named card must be the caller's.
 */
export async function listPrizes(ctx: Ctx, cardNo?: string) {
  const [user, prizes] = await Promise.all([
    loadUser(ctx),
    ctx.db.collection('prizes').where({ active: true }).limit(CATALOGUE_LIMIT).get(),
  ]);
  if (cardNo && !user.cards.includes(cardNo)) fail('CARD_NOT_BOUND');
  const card = cardNo ?? user.current;
  const [cardDoc, shards] = await Promise.all([
    card ? getOrNull(ctx.db.collection('cards').doc(card)) : null,
    readShards(ctx.db, prizes.data.map((d) => String(d._id))),
  ]);
  const balance = Number(cardDoc?.balance ?? 0);
  return {
    balance,
    cardNo: card,
    prizes: [...prizes.data].sort(bySort).map((doc) => {
      const view = prizeAdminView(doc, stockOf(doc, shards));
      return {
        prizeId: view.prizeId, name: view.name, description: view.description, cost: view.cost,
        stock: view.stock, active: view.active,
        affordable: card !== null && balance >= view.cost && view.stock > 0,
      };
    }),
  };
}

/** Admin: every prize, active or not, in catalogue order. */
export async function listAllPrizes(ctx: Ctx) {
  const res = await ctx.db.collection('prizes').limit(CATALOGUE_LIMIT).get();
  const shards = await readShards(ctx.db, res.data.map((d) => String(d._id)));
  return { prizes: [...res.data].sort(bySort).map((doc) => prizeAdminView(doc, stockOf(doc, shards))) };
}

/**
 * Admin: creates a prize (generated id) or edits an existing one. On an edit the stock figure
 * becomes a change (`stock - stockSeen`, or against the current total without stockSeen) that is
 * safe while a rush is running (prize-stock.ts setStock). The answer's figures are read after.
 */
export async function upsertPrize(ctx: Ctx, input: PrizeInput) {
  const fields: Doc = { name: input.name, cost: input.cost, updatedAt: ctx.now, updatedBy: ctx.openid };
  if (input.active !== undefined) fields.active = input.active;
  if (input.description !== undefined) fields.description = input.description;
  if (input.sort !== undefined) fields.sort = input.sort;

  if (input.prizeId) {
    const ref = ctx.db.collection('prizes').doc(input.prizeId);
    const existing = await getOrNull(ref);
    if (!existing) fail('PRIZE_NOT_FOUND');
    const prize = await ensureSharded(ctx, existing);
    // Off the shelf before the stock changes, back on after: no redeem sees an active prize
    // with stock the admin did not mean it to have.
    const takingOff = fields.active === false;
    if (takingOff) await ref.update({ data: fields });
    const stock = await setStock(ctx, prize, input.stock, input.stockSeen);
    if (!takingOff) await ref.update({ data: fields });
    return { prize: prizeAdminView({ ...prize, ...fields }, stock) };
  }

  const doc: Doc = {
    _id: `prize_${randomId(6)}`,
    description: '', active: true, sort: DEFAULT_SORT,
    ...fields,
    createdAt: ctx.now,
  };
  await transact(ctx, (tx) => addPrizeWithStock(tx, doc, input.stock, ctx.config.prizeShards, ctx.now));
  return { prize: prizeAdminView(doc, { stock: input.stock, stockedTotal: input.stock }) };
}
