// The typed client: one call per user action, e.g. `await api.points.checkin({})`.
import type { Contract } from '../contract';
import type { ActionSpec, InputOf, OutputOf } from '../contract/common';
import type { Envelope } from '../contract/errors';
import { MUTATING } from './actions';
import { call, type CallOptions } from './client';

export { MUTATING };

type ActionFn<S extends ActionSpec> = (input?: InputOf<S>, opts?: CallOptions) => Promise<Envelope<OutputOf<S>>>;
export type Api = { [F in keyof Contract]: { [A in keyof Contract[F]]: Contract[F][A] extends ActionSpec ? ActionFn<Contract[F][A]> : never } };

function build(): Api {
  const api: Record<string, Record<string, unknown>> = {};
  for (const [fn, actions] of Object.entries(MUTATING)) {
    api[fn] = {};
    for (const [action, mutating] of Object.entries(actions as Record<string, boolean>)) {
      api[fn][action] = (input: object = {}, opts: CallOptions = {}) => call(fn, action, input, { mutating, ...opts });
    }
  }
  return api as unknown as Api;
}

export const api = build();
