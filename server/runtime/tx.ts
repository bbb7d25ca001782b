import { performance } from 'perf_hooks';
import type { Ctx } from './context';
import { isConflict, isDuplicateKey, type Tx } from './db';
import { fail } from './fail';

/** A safety net only: the time budget is what normally ends the retries. */
const MAX_ATTEMPTS = 40;
const BACKOFF_BASE_MS = 4;
const BACKOFF_CAP_MS = 80;

/**
 * Runs `work` in a database transaction, retrying lost write conflicts with jittered, growing
 * backoff until `config.txBudgetMs` (YUE_TX_BUDGET_MS, default 5000 ms, well inside the 10 s
 * timeout of the functions that transact under rushes) would be exceeded; then BUSY, which
 * changes nothing. An attempt is not started when the time left is less than the last attempt took. `work` may run more than
 * once (it gets the attempt number, from 1): no SMS, messages or other external calls inside it.
 */
export async function transact<T>(ctx: Ctx, work: (tx: Tx, attempt: number) => Promise<T>): Promise<T> {
  const budget = ctx.config.txBudgetMs;
  const started = performance.now();
  let last = 0;
  for (let attempt = 1; ; attempt++) {
    const t0 = performance.now();
    try {
      // times = 0: one attempt per call; this loop owns the retries and their backoff.
      return await ctx.db.runTransaction((tx) => work(tx, attempt), 0);
    } catch (err) {
      if (!isConflict(err) && !isAborted(err)) throw err;
      last = performance.now() - t0;
      const pause = Math.random() * Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt);
      const left = budget - (performance.now() - started) - pause;
      if (attempt >= MAX_ATTEMPTS || left < last) fail('BUSY');
      await new Promise((r) => setTimeout(r, pause));
    }
  }
}

/**
 * A transaction's operation answered after a sibling operation failed and aborted it: CloudBase
 * (and the emulator) then say the transaction does not exist. Nothing was committed; retried
 * like a conflict (a sibling's duplicate key is thrown by `together`, not this).
 */
function isAborted(err: unknown): boolean {
  const e = err as { errMsg?: string; message?: string };
  return /TransactionNotExist|Transaction does not exist/i.test(String(e?.errMsg ?? e?.message ?? ''));
}

/**
 * Awaits operations of one transaction sent together. Answers may arrive in any order, so when
 * one fails the others may report an aborted transaction first: throw the cause (a conflict
 * first, then a duplicate id, then any other error) rather than whichever answer came back first.
 */
export async function together<T extends readonly unknown[]>(ops: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const settled = await Promise.allSettled(ops as readonly Promise<unknown>[]);
  const errors = settled.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
  if (errors.length) throw errors.find(isConflict) ?? errors.find(isDuplicateKey) ?? errors.find((e) => !isAborted(e)) ?? errors[0];
  return settled.map((r) => (r as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

/** Stores the action's result under the request key inside the same transaction as its effects. */
export async function recordResult(tx: Tx, ctx: Ctx, result: unknown): Promise<void> {
  if (!ctx.request.key) return;
  await tx.collection('requests').add({
    data: { _id: ctx.request.key, openid: ctx.openid, fn: ctx.fn, action: ctx.action, result, createdAt: ctx.now },
  });
  ctx.request.recorded = true;
}
