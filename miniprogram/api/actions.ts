import type { Contract } from '../contract';

// Which actions write (they carry a requestId kept across retries). The type makes the table
// complete; test/contract.test.ts checks it against the contract's own flags.
export const MUTATING: { [F in keyof Contract]: { [A in keyof Contract[F]]: boolean } } = {
  account: { profile: false, sendSmsCode: true, bindCard: true, unbindCard: true, setCurrentCard: true, changePhone: true, addMember: true, removeMember: true },
  points: { summary: false, checkin: true, calendar: false, ledger: false, rules: false, transfer: true },
  inbox: { messages: false, markRead: true, feedback: true, content: false },
  rewards: { list: false, redeem: true, mine: false, staffLookup: false, fulfil: true, expireSweep: true },
  admin: { importReaders: true, setRules: true, grantRole: true, setContent: true, upsertPrize: true, listPrizes: false },
};
