import type { z } from 'zod';
import type { prizeInput } from '../../miniprogram/contract/rewards';
import type { Ctx } from '../runtime/context';
import { getOrNull, type Doc } from '../runtime/db';
import { fail } from '../runtime/fail';
import { randomId } from '../util/crypto';
import { loadUser } from './cards';

// prizes/<prizeId>: { name, description, cost, stock, active, sort, createdAt, updatedAt }.
export type PrizeInput = z.output<typeof prizeInput>;

/** Where new prizes go in the catalogue unless the admin says otherwise (after the demo ones). */
const DEFAULT_SORT = 1000;
const CATALOGUE_LIMIT = 200;

export function prizeAdminView(doc: Doc) {
  return {
    prizeId: String(doc._id),
    name: String(doc.name),
    description: String(doc.description ?? ''),
    cost: Number(doc.cost),
    stock: Number(doc.stock),
    active: doc.active !== false,
    sort: Number(doc.sort ?? DEFAULT_SORT),
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
  const cardDoc = card ? await getOrNull(ctx.db.collection('cards').doc(card)) : null;
  const balance = Number(cardDoc?.balance ?? 0);
  return {
    balance,
    cardNo: card,
    prizes: [...prizes.data].sort(bySort).map((doc) => {
      const view = prizeAdminView(doc);
      return {
        prizeId: view.prizeId, name: view.name, description: view.description, cost: view.cost,
        stock: Math.max(0, view.stock), active: view.active,
        affordable: card !== null && balance >= view.cost && view.stock > 0,
      };
    }),
  };
}

/** Admin: every prize, active or not, in catalogue order. */
export async function listAllPrizes(ctx: Ctx) {
  const res = await ctx.db.collection('prizes').limit(CATALOGUE_LIMIT).get();
  return { prizes: [...res.data].sort(bySort).map(prizeAdminView) };
}

/** Admin: creates a prize (generated id) or edits an existing one. */
export async function upsertPrize(ctx: Ctx, input: PrizeInput) {
  const fields: Doc = { name: input.name, cost: input.cost, stock: input.stock, updatedAt: ctx.now, updatedBy: ctx.openid };
  if (input.active !== undefined) fields.active = input.active;
  if (input.description !== undefined) fields.description = input.description;
  if (input.sort !== undefined) fields.sort = input.sort;

  if (input.prizeId) {
    const ref = ctx.db.collection('prizes').doc(input.prizeId);
    const existing = await getOrNull(ref);
    if (!existing) fail('PRIZE_NOT_FOUND');
    // A plain update: an absolute stock is the admin's statement of what is on the shelf.
    await ref.update({ data: fields });
    return { prize: prizeAdminView({ ...existing, ...fields, _id: input.prizeId }) };
  }

  const doc: Doc = {
    _id: `prize_${randomId(6)}`,
    description: '', active: true, sort: DEFAULT_SORT,
    ...fields,
    createdAt: ctx.now,
  };
  await ctx.db.collection('prizes').add({ data: doc });
  return { prize: prizeAdminView(doc) };
}
