import type { Ctx } from './context';
import { isConflict, type Tx } from './db';
import { fail } from './fail';

const MAX_ATTEMPTS = 12;

/**
 * Runs `work` in a database transaction, retrying lost write conflicts with jittered backoff.
 * `work` may run more than once: no SMS, messages or other external calls inside it.
 */
export async function transact<T>(ctx: Ctx, work: (tx: Tx) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      // times = 0: one attempt per call; this loop owns the retries and their backoff.
      return await ctx.db.runTransaction(work, 0);
    } catch (err) {
      if (!isConflict(err)) throw err;
      if (attempt >= MAX_ATTEMPTS) fail('BUSY');
      await new Promise((r) => setTimeout(r, Math.random() * 15 * attempt));
    }
  }
}

/** Stores the action's result under the request key inside the same transaction as its effects. */
export async function recordResult(tx: Tx, ctx: Ctx, result: unknown): Promise<void> {
  if (!ctx.request.key) return;
  await tx.collection('requests').add({
    data: { _id: ctx.request.key, openid: ctx.openid, fn: ctx.fn, action: ctx.action, result, createdAt: ctx.now },
  });
  ctx.request.recorded = true;
}
