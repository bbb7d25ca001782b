import { z } from 'zod';
import { cardNo, command, personName, phone, query, text } from './common';
import { rulesSchema } from './points';

export const readerRow = z.object({
  cardNo,
  name: personName,
  idNumber: z.string().trim().min(1).max(18),
  phone,
  status: z.enum(['active', 'inactive']).optional(),
  /** The library's reason for an inactive card (e.g. 挂失), shown to the patron with CARD_INACTIVE. */
  statusReason: text(50).optional(),
});

const staffRole = z.enum(['staff', 'admin']);
/** One line of 角色管理: no full OPENID (`holderId` is opaque, a keyed hash). */
const roleHolder = z.object({ holderId: z.string(), openidTail: z.string(), roles: z.array(staffRole), note: z.string(), fixed: z.boolean() });
/** The rules' versions, newest first: who changed what and when. */
const ruleVersions = z.array(z.object({ version: z.number().int(), changedBy: z.string(), changedAt: z.string(), changes: z.array(z.object({ key: z.string(), from: z.string(), to: z.string() })) }));
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
  /** Saves a new rules version; answers the rules in force and the history, as rulesEditor (the editor needs no re-read). */
  setRules: command(z.object({ rules: rulesSchema.omit({ version: true }).partial() }), z.object({ rules: rulesSchema, versions: ruleVersions }), 'admin'),
  /** Answers the holder's roles and, as `holders`, everyone's after it as listRoles shows them (the page needs no re-read). */
  grantRole: command(
    z.object({ openid: z.string().trim().min(1).max(64), role: staffRole, revoke: z.boolean().optional(), note: text(30).optional() }),
    z.object({ roles: z.array(staffRole), holders: z.array(roleHolder) }),
    'admin',
  ),
  /** By `holderId` (from listRoles) or by the full `openid` the admin knows; one of them. */
  revokeRole: command(
    z.object({ holderId: z.string().trim().min(1).max(64).optional(), openid: z.string().trim().min(1).max(64).optional(), role: staffRole }),
    z.object({ roles: z.array(staffRole), holders: z.array(roleHolder) }),
    'admin',
  ),
  /** Staff and admins; YUE_ADMIN_OPENIDS admins are `fixed` (set by the deployment). No full OPENID: `holderId` is opaque (keyed hash). */
  listRoles: query(z.object({}), z.object({
    roles: z.array(roleHolder),
  }), 'admin'),
  rulesHistory: query(z.object({}), z.object({
    versions: ruleVersions,
  }), 'admin'),
  readerStats: query(z.object({}), z.object({
    total: z.number().int(), active: z.number().int(), inactive: z.number().int(), bound: z.number().int(),
    lastImport: importSummary.extend({ at: z.string() }).nullable(),
  }), 'admin'),
  findReader: query(z.object({ cardNo }), z.object({
    reader: z.object({ cardNo: z.string(), name: z.string(), phone: z.string(), status: z.enum(['active', 'inactive']), importedAt: z.string().nullable(), phoneChangedInApp: z.boolean() }),
    bound: z.boolean(),
    balance: z.number().int(),
  }), 'admin'),
  /** Staff home: what waits in each queue. */
  consoleSummary: query(z.object({}), z.object({
    feedbackUnread: z.number().int(), volunteersPending: z.number().int(), recommendationsPending: z.number().int(), donationsPledged: z.number().int(),
    /** The caller's roles (the console shows the admin entries by them). */
    roles: z.array(z.enum(['staff', 'admin'])),
  }), 'staff'),
  /** 积分规则 editor in one call: the rules in force and their history. */
  rulesEditor: query(z.object({}), z.object({
    rules: rulesSchema,
    versions: ruleVersions,
  }), 'admin'),
  /** The content editor's text (admins; the same text inbox.content shows patrons). */
  contentEditor: query(z.object({ key: z.enum(['faq', 'returnGuide', 'register']) }), z.object({
    content: z.object({ key: z.string(), title: z.string(), sections: z.array(z.object({ title: z.string(), body: z.string() })) }),
  }), 'admin'),
  setContent: command(
    z.object({ key: z.enum(['faq', 'rules', 'returnGuide', 'pickup', 'register']), title: text(50, { min: 1 }), sections: z.array(z.object({ title: text(100), body: text(5000, { multiline: true }) })).min(1).max(50) }),
    z.object({}),
    'admin',
  ),
};
