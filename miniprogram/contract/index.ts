// The contract between pages, cloud functions and tests: every action's input, output and role.
import { account } from './account';
import { admin } from './admin';
import { inbox } from './inbox';
import { points } from './points';
import { rewards, prizeInput } from './rewards';
import { command } from './common';
import { z } from 'zod';

export const contract = {
  account,
  points,
  inbox,
  rewards,
  admin: {
    ...admin,
    upsertPrize: command(prizeInput, z.object({ prize: z.object({ prizeId: z.string(), name: z.string(), cost: z.number().int(), stock: z.number().int(), active: z.boolean() }) }), 'admin'),
  },
} as const;

export type Contract = typeof contract;
export type FunctionName = keyof Contract;
export * from './errors';
export * from './common';
