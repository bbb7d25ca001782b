import { z } from 'zod';
import { cardNo, command, personName, phone, text } from './common';
import { rulesSchema } from './points';

export const readerRow = z.object({
  cardNo,
  name: personName,
  idNumber: z.string().trim().min(1).max(18),
  phone,
  status: z.enum(['active', 'inactive']).optional(),
});

export const importRowNote = z.object({ row: z.number().int(), cardNo: z.string().nullable(), reason: z.string() });
const count = z.number().int().min(0).max(10_000_000);
export const importSummary = z.object({
  kind: z.enum(['readers', 'holdings']),
  source: text(200, { min: 1 }),
  rows: count,
  created: count,
  updated: count,
  unchanged: count,
  conflicts: count,
  rejected: count,
  /** The most frequent rejection reasons. */
  reasons: z.array(z.object({ reason: text(200, { min: 1 }), count })).max(20),
});

export const admin = {
  /**
   * Upserts up to 500 rows by card number. `dryRun` classifies without writing. Rows equal to the
   * stored record are left alone; a phone changed in the app is overwritten by the library's
   * record and reported as a conflict.
   */
  importReaders: command(
    z.object({ readers: z.array(z.unknown()).min(1).max(500), dryRun: z.boolean().optional() }),
    z.object({
      imported: z.number().int(),
      /** The rows that were (or, in a dry run, would be) written. */
      changes: z.array(z.object({ row: z.number().int(), cardNo: z.string(), change: z.enum(['created', 'updated']) })),
      created: z.number().int(),
      updated: z.number().int(),
      unchanged: z.number().int(),
      conflicts: z.array(importRowNote),
      rejected: z.array(importRowNote),
    }),
    'admin',
  ),
  /** The summary of one whole file import, kept for the reader directory page. */
  recordImport: command(importSummary, z.object({ importId: z.string() }), 'admin'),
  setRules: command(z.object({ rules: rulesSchema.omit({ version: true }).partial() }), z.object({ rules: rulesSchema }), 'admin'),
  grantRole: command(
    z.object({ openid: z.string().min(1).max(64), role: z.enum(['staff', 'admin']), revoke: z.boolean().optional() }),
    z.object({ roles: z.array(z.enum(['staff', 'admin'])) }),
    'admin',
  ),
  setContent: command(
    z.object({ key: z.enum(['faq', 'rules', 'returnGuide', 'pickup', 'register']), title: text(50, { min: 1 }), sections: z.array(z.object({ title: text(100), body: text(5000, { multiline: true }) })).min(1).max(50) }),
    z.object({}),
    'admin',
  ),
};
