import { maskName, maskPhone } from '../../../miniprogram/utils/mask';
import type { Ctx } from '../../runtime/context';
import { getOrNull } from '../../runtime/db';
import { fail } from '../../runtime/fail';
import { pageLedger } from '../points';

// admin.cardHistory: the desk reads a card's whole ledger ("my points are missing"), read-only.
// Every search (each page) is logged in card_history_log with who and when.
export const HISTORY_LOG = 'card_history_log';
const PAGE_SIZE = 20;

export async function cardHistory(ctx: Ctx, input: { cardNo: string; cursor?: string }) {
  const { cardNo } = input;
  const [reader, card] = await Promise.all([
    getOrNull(ctx.db.collection('readers').doc(cardNo)),
    getOrNull(ctx.db.collection('cards').doc(cardNo)),
  ]);
  // Logged before answering, found or not: who looked for which card, and when.
  await ctx.db.collection(HISTORY_LOG).add({ data: { by: ctx.openid, cardNo, found: Boolean(reader), page: input.cursor ? 'next' : 'first', at: ctx.now } });
  if (!reader) fail('CARD_NOT_FOUND');
  const page = await pageLedger(ctx, { cardNo }, input.cursor, PAGE_SIZE);
  return {
    reader: { cardNo, name: maskName(String(reader.name)), phone: maskPhone(String(reader.phone)) },
    balance: Number(card?.balance ?? 0),
    entries: page.entries.map(({ delta, reason, reasonText, refId, rulesVersion, createdAt }) => ({ delta, reason, reasonText, refId, rulesVersion, createdAt })),
    cursor: page.cursor,
  };
}
