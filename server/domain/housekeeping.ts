import type { Ctx } from '../runtime/context';
import { addDays } from '../util/time';
import { STOCK_EDITS } from './prize-stock';

// How long short-lived records are kept before the daily timer removes them.
export const KEEP = { requestsDays: 7, smsCodesDays: 1 } as const;

/** Removes stored idempotent answers (and the stock-edit claims kept as long), and dead SMS codes past their use. Re-runnable. */
export async function purgeShortLived(ctx: Ctx): Promise<{ requests: number; stockEdits: number; smsCodes: number }> {
  const _ = ctx.db.command;
  const answered = _.lt(addDays(ctx.now, -KEEP.requestsDays));
  const [requests, stockEdits, smsCodes] = await Promise.all([
    ctx.db.collection('requests').where({ createdAt: answered }).remove(),
    ctx.db.collection(STOCK_EDITS).where({ createdAt: answered }).remove(),
    ctx.db.collection('sms_codes').where({ expiresAt: _.lt(addDays(ctx.now, -KEEP.smsCodesDays)) }).remove(),
  ]);
  return { requests: requests.stats.removed, stockEdits: stockEdits.stats.removed, smsCodes: smsCodes.stats.removed };
}
