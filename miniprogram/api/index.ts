// The typed client: one call per user action, e.g. `await api.points.checkin({})`.
import type { Contract } from '../contract';
import type { ActionSpec, InputOf, OutputOf } from '../contract/common';
import type { Envelope } from '../contract/errors';
import { call, type CallOptions } from './client';

type ActionFn<S extends ActionSpec> = (input?: InputOf<S>, opts?: CallOptions) => Promise<Envelope<OutputOf<S>>>;
export type Api = { [F in keyof Contract]: { [A in keyof Contract[F]]: Contract[F][A] extends ActionSpec ? ActionFn<Contract[F][A]> : never } };

// Which actions write (they carry a requestId kept across retries). The type makes the table
// complete; test/contract.test.ts checks it against the contract's own flags.
export const MUTATING: { [F in keyof Contract]: { [A in keyof Contract[F]]: boolean } } = {
  account: { profile: false, sendSmsCode: true, bindCard: true, unbindCard: true, setCurrentCard: true, changePhone: true, addMember: true, removeMember: true },
  points: { summary: false, checkin: true, calendar: false, ledger: false, rules: false, transfer: true },
  inbox: { messages: false, markRead: true, feedback: true, content: false },
  rewards: { list: false, redeem: true, mine: false, staffLookup: false, fulfil: true, expireSweep: true },
  admin: { importReaders: true, setRules: true, grantRole: true, setContent: true, upsertPrize: true },
};

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
