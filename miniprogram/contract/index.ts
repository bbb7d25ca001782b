// The contract between pages, cloud functions and tests: every action's input, output and role.
import { account } from './account';
import { admin } from './admin';
import { books, importHoldings } from './books';
import { eventInput, events, upsertEventOutput } from './events';
import { inbox } from './inbox';
import { points } from './points';
import { reports } from './reports';
import { prizeAdminView, prizeInput, rewards } from './rewards';
import { command, query } from './common';
import { z } from 'zod';

export const contract = {
  account,
  points,
  inbox,
  rewards,
  books,
  events,
  admin: {
    ...admin,
    ...reports,
    importHoldings,
    /** `prizes`: every prize after the save, as listPrizes (奖品管理 needs no re-read). */
    upsertPrize: command(prizeInput, z.object({ prize: prizeAdminView, prizes: z.array(prizeAdminView) }), 'admin'),
    /** Every prize, including those taken off the shelf (the catalogue shows only active ones). */
    listPrizes: query(z.object({}), z.object({ prizes: z.array(prizeAdminView) }), 'admin'),
    /** Create or edit an event; status 'cancelled' cancels it and messages everyone signed up. */
    upsertEvent: command(eventInput, upsertEventOutput, 'admin'),
  },
} as const;

export type Contract = typeof contract;
export type FunctionName = keyof Contract;
export * from './errors';
export * from './common';
