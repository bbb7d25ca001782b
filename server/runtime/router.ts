import { z } from 'zod';
import type { ActionSpec, FunctionSpec, ParsedInput, OutputOf, Role } from '../../miniprogram/contract/common';
import { errorMessage, type Envelope, type ErrorCode } from '../../miniprogram/contract/errors';
import { requestId as requestIdSchema } from '../../miniprogram/contract/common';
import { cloudPorts } from '../ports/cloud';
import { devOutboxPorts } from '../ports/dev-outbox';
import { cloudStorage } from '../ports/storage';
import type { Ports } from '../ports';
import { loadRoles } from '../domain/roles';
import { digest, randomId } from '../util/crypto';
import { loadConfig, productionProblems, type Config } from './config';
import type { Ctx } from './context';
import { getOrNull, isDuplicateKey, type Db } from './db';
import { Fail } from './fail';
import { logFailure } from './log';

export type Handler<S extends ActionSpec> = (ctx: Ctx, input: ParsedInput<S>) => Promise<OutputOf<S>>;
export type Handlers<F extends FunctionSpec> = { [A in keyof F]: Handler<F[A]> };

/** The shell around the core: what one cloud instance needs (wx-server-sdk, config, ports). */
export interface Runtime {
  db: Db;
  config: Config;
  ports: Ports;
  openid(): string | undefined;
}

// Never taken from the event as the caller's identity. An action whose schema names `openid`
// (e.g. admin.grantRole's target) receives it as plain data, never as the caller.
const IGNORED_FIELDS = ['action', 'openid', 'userInfo', 'requestId'];
const RANK: Record<Role, number> = { user: 0, staff: 1, admin: 2 };

function errorEnvelope(code: ErrorCode, field?: string, detail?: string): Envelope<never> {
  const message = detail ? `${errorMessage(code)}（${detail}）` : errorMessage(code);
  return { ok: false, error: { code, message, ...(field ? { field } : {}), ...(detail ? { detail } : {}) } };
}

function firstIssue(err: z.ZodError): string {
  const issue = err.issues[0];
  return issue && issue.path.length ? issue.path.join('.') : '';
}

let cachedRuntime: Runtime | null = null;

/** The production runtime: wx-server-sdk required once per instance. */
export function cloudRuntime(): Runtime {
  if (cachedRuntime) return cachedRuntime;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const cloud = require('wx-server-sdk');
  cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });
  const config = loadConfig();
  // A weak key would make hashes reversible; a dev outbox in the cloud would send codes away.
  const problems = productionProblems();
  if (problems.length) throw new Error(`refusing to run: ${problems.join('; ')} in the function's environment`);
  cachedRuntime = {
    db: cloud.database() as Db,
    config,
    ports: { ...(config.devOutboxUrl ? devOutboxPorts(config.devOutboxUrl) : cloudPorts(cloud, config)), storage: cloudStorage(cloud) },
    openid: () => cloud.getWXContext().OPENID,
  };
  return cachedRuntime;
}

/**
 * Builds a cloud function's `main`: resolve the caller, check the role (staff/admin actions),
 * validate the event with the contract, answer repeated requestIds once, call the core, answer the envelope.
 */
export function createMain<F extends FunctionSpec>(fn: string, spec: F, handlers: Handlers<F>, runtime: () => Runtime = cloudRuntime) {
  return async function main(event: unknown): Promise<Envelope<unknown>> {
    const logId = randomId(6);
    let rt: Runtime | undefined;
    try {
      const ev = (event && typeof event === 'object' ? event : {}) as Record<string, unknown>;
      const action = typeof ev.action === 'string' ? ev.action : '';
      if (!Object.prototype.hasOwnProperty.call(spec, action)) return errorEnvelope('UNKNOWN_ACTION');
      const actionSpec = spec[action];

      rt = runtime();
      const openid = rt.openid();
      if (!openid) return errorEnvelope('NOT_LOGGED_IN');
      const ctx: Ctx = {
        fn, action, openid, db: rt.db, now: new Date(), config: rt.config, ports: rt.ports, roles: [],
        request: { key: null, recorded: false },
        logId,
      };
      // Staff and admin actions check the role before the input: a patron learns nothing of their
      // fields (any input answers FORBIDDEN), and a large payload is never parsed for him.
      if (actionSpec.role !== 'user') {
        ctx.roles = await loadRoles(ctx);
        const rank = Math.max(0, ...ctx.roles.map((r) => RANK[r]));
        if (rank < RANK[actionSpec.role]) return errorEnvelope('FORBIDDEN');
      }

      const shape = (actionSpec.input as unknown as { shape: Record<string, unknown> }).shape;
      const fields: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(ev)) if (!IGNORED_FIELDS.includes(k) || (k !== 'action' && k in shape)) fields[k] = v;
      const parsed = actionSpec.input.safeParse(fields);
      if (!parsed.success) return errorEnvelope('INVALID_INPUT', firstIssue(parsed.error));
      let requestId: string | undefined;
      if (actionSpec.mutating && ev.requestId !== undefined) {
        const rid = requestIdSchema.safeParse(ev.requestId);
        if (!rid.success) return errorEnvelope('INVALID_INPUT', 'requestId');
        requestId = rid.data;
      }
      const input = parsed.data as Record<string, unknown>;
      if (requestId && 'requestId' in shape) input.requestId = requestId;
      if (requestId) ctx.request.key = `req_${digest(`${openid}|${fn}|${action}|${requestId}`)}`;

      if (ctx.request.key) {
        const prior = await getOrNull(ctx.db.collection('requests').doc(ctx.request.key));
        if (prior) return { ok: true, data: prior.result };
      }

      let data: unknown;
      try {
        data = await handlers[action](ctx, input as ParsedInput<F[string]>);
      } catch (err) {
        // A concurrent twin with the same requestId may have succeeded first: answer its result.
        if (ctx.request.key) {
          const prior = await getOrNull(ctx.db.collection('requests').doc(ctx.request.key));
          if (prior) return { ok: true, data: prior.result };
        }
        throw err;
      }
      if (ctx.request.key && !ctx.request.recorded) {
        try {
          await ctx.db.collection('requests').add({ data: { _id: ctx.request.key, openid, fn, action, result: data, createdAt: ctx.now } });
        } catch (err) {
          if (!isDuplicateKey(err)) throw err;
        }
      }
      if (process.env.YUE_CONTRACT_CHECK === '1') actionSpec.output.parse(data);
      return { ok: true, data };
    } catch (err) {
      if (err instanceof Fail) return errorEnvelope(err.errorCode, err.field, err.detail);
      // Log without personal data: function, action, log id and the error itself.
      const action = (event as { action?: unknown })?.action;
      logFailure({ fn, logId }, `${typeof action === 'string' && action in spec ? action : 'call'} failed`, err, { stack: true });
      return { ok: false, error: { code: 'INTERNAL', message: `${errorMessage('INTERNAL')}（${logId}）` } };
    }
  };
}
