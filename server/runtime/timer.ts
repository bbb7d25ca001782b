import { errorMessage, type Envelope } from '../../miniprogram/contract/errors';
import { randomId } from '../util/crypto';
import type { Ctx } from './context';
import { cloudRuntime, type Runtime } from './router';
import { logFailure, redact } from './log';

export type TimerJob<T> = (ctx: Ctx) => Promise<T>;

/**
 * Builds the `main` of a timer-triggered function. A timer event carries no OPENID, so the job
 * runs as 'timer'; a call that does carry one comes from a client and is refused.
 * Jobs must be re-runnable: a timer may fire more than once.
 */
export function createTimerMain<T>(fn: string, job: TimerJob<T>, runtime: () => Runtime = cloudRuntime) {
  return async function main(): Promise<Envelope<T>> {
    const logId = randomId(6);
    try {
      const rt = runtime();
      if (rt.openid()) return { ok: false, error: { code: 'FORBIDDEN', message: errorMessage('FORBIDDEN') } };
      const ctx: Ctx = {
        fn, action: 'timer', openid: 'timer', db: rt.db, now: new Date(), config: rt.config, ports: rt.ports,
        roles: [], request: { key: null, recorded: false }, logId,
      };
      const data = await job(ctx);
      console.log(`[${fn}] timer run done (log ${logId}): ${redact(JSON.stringify(data))}`);
      return { ok: true, data };
    } catch (err) {
      logFailure({ fn, logId }, 'timer run failed', err, { stack: true });
      return { ok: false, error: { code: 'INTERNAL', message: `${errorMessage('INTERNAL')}（${logId}）` } };
    }
  };
}
