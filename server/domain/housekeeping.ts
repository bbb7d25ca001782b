import type { Ctx } from '../runtime/context';
import { addDays } from '../util/time';

// How long short-lived records are kept before the daily timer removes them.
export const KEEP = { requestsDays: 7, smsCodesDays: 1 } as const;

/** Removes stored idempotent answers and dead SMS codes past their use. Re-runnable. */
export async function purgeShortLived(ctx: Ctx): Promise<{ requests: number; smsCodes: number }> {
  const _ = ctx.db.command;
  const [requests, smsCodes] = await Promise.all([
    ctx.db.collection('requests').where({ createdAt: _.lt(addDays(ctx.now, -KEEP.requestsDays)) }).remove(),
    ctx.db.collection('sms_codes').where({ expiresAt: _.lt(addDays(ctx.now, -KEEP.smsCodesDays)) }).remove(),
  ]);
  return { requests: requests.stats.removed, smsCodes: smsCodes.stats.removed };
}
