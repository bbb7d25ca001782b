import type { Ctx } from '../../runtime/context';
import type { Doc } from '../../runtime/db';

const MINE_LIMIT = 100;

/** A stored time (Date from the database, or an ISO string) as a Date. */
/** Documents of `collection` belonging to these cards, newest first (My recommendations / donations). */
export async function ofCards(ctx: Ctx, collection: string, cards: string[]): Promise<Doc[]> {
  if (!cards.length) return [];
  const res = await ctx.db.collection(collection).where({ cardNo: ctx.db.command.in(cards) }).orderBy('createdAt', 'desc').limit(MINE_LIMIT).get();
  return res.data;
}
