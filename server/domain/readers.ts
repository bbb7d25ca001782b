import type { z } from 'zod';
import { readerRow, type importSummary } from '../../miniprogram/contract/admin';
import { maskName, maskPhone } from '../../miniprogram/utils/mask';
import type { Ctx } from '../runtime/context';
import { getOrNull, type Doc } from '../runtime/db';
import { fail } from '../runtime/fail';
import { keyedHash } from '../util/crypto';
import { isValidIdNumber, normalizeIdNumber } from '../util/idcard';
import { toIso } from '../util/time';

// readers/<cardNo>: the library's reader directory. ID numbers are kept only as keyed hashes.
export interface ReaderDoc { _id: string; cardNo: string; name: string; idHash: string; phone: string; status: 'active' | 'inactive' }

export function idHash(key: string, idNumber: string): string {
  return keyedHash(key, 'id-number', normalizeIdNumber(idNumber));
}

export type RowResult = { ok: true; doc: ReaderDoc } | { ok: false; cardNo: string | null; reason: string };

/** Validates one import row (GB 11643 check digit) and turns it into a reader document. */
export function readerFromRow(row: unknown, hmacKey: string): RowResult {
  const parsed = readerRow.safeParse(row);
  const rawCard = typeof (row as Doc)?.cardNo === 'string' ? String((row as Doc).cardNo).trim() : null;
  if (!parsed.success) {
    const field = parsed.error.issues[0]?.path.join('.') ?? '';
    const reasons: Record<string, string> = { cardNo: '读者证号格式有误', name: '姓名缺失或过长', phone: '手机号格式有误', idNumber: '身份证号缺失', status: '状态只能是 active 或 inactive' };
    return { ok: false, cardNo: rawCard, reason: reasons[field] ?? '数据格式有误' };
  }
  const r = parsed.data;
  if (!isValidIdNumber(r.idNumber)) return { ok: false, cardNo: r.cardNo, reason: '身份证号校验位不正确' };
  return {
    ok: true,
    doc: { _id: r.cardNo, cardNo: r.cardNo, name: r.name, idHash: idHash(hmacKey, r.idNumber), phone: r.phone, status: r.status ?? 'active' },
  };
}

type RowNote = { row: number; cardNo: string | null; reason: string };

const COMPARED: (keyof ReaderDoc)[] = ['name', 'idHash', 'phone', 'status'];
const WRITE_PARALLEL = 25;

/**
 * Admin: upserts readers by card number; rows that fail validation are reported, not written.
 * A row equal to the stored record is not written (re-running a file changes nothing). When the
 * patron changed the phone in the app and the file says otherwise, the library's record wins
 * and the row is reported as a conflict, so the desk can bring the ILS up to date.
 */
export async function importReaders(ctx: Ctx, rows: unknown[], opts: { dryRun?: boolean } = {}) {
  const rejected: RowNote[] = [];
  const conflicts: RowNote[] = [];
  const docs: { row: number; doc: ReaderDoc }[] = [];
  const seen = new Set<string>();
  rows.forEach((row, i) => {
    const res = readerFromRow(row, ctx.config.hmacKey);
    if (!res.ok) rejected.push({ row: i + 1, cardNo: res.cardNo, reason: res.reason });
    else if (seen.has(res.doc.cardNo)) rejected.push({ row: i + 1, cardNo: res.doc.cardNo, reason: '与前面的行读者证号重复' });
    else {
      seen.add(res.doc.cardNo);
      docs.push({ row: i + 1, doc: res.doc });
    }
  });

  const _ = ctx.db.command;
  const stored = new Map<string, Doc>();
  if (docs.length) {
    const res = await ctx.db.collection('readers').where({ _id: _.in(docs.map((d) => d.doc._id)) }).limit(docs.length).get();
    for (const d of res.data) stored.set(String(d._id), d);
  }
  const writes: ReaderDoc[] = [];
  const changes: { row: number; cardNo: string; change: 'created' | 'updated' }[] = [];
  for (const { row, doc } of docs) {
    const old = stored.get(doc._id);
    if (old && COMPARED.every((k) => old[k] === doc[k])) continue;
    changes.push({ row, cardNo: doc.cardNo, change: old ? 'updated' : 'created' });
    if (old) {
      if (old.phoneChangedAt && old.phone !== doc.phone) {
        conflicts.push({ row, cardNo: doc.cardNo, reason: `读者已在小程序中改为 ${maskPhone(String(old.phone))}，已按馆方记录改回，请核对馆内系统` });
      }
    }
    writes.push(doc);
  }
  if (!opts.dryRun) {
    // Bounded parallelism: a 500-row batch stays quick without flooding the database.
    for (let i = 0; i < writes.length; i += WRITE_PARALLEL) {
      await Promise.all(writes.slice(i, i + WRITE_PARALLEL).map(({ _id, ...data }) =>
        ctx.db.collection('readers').doc(_id).set({ data: { ...data, importedAt: ctx.now } })));
    }
  }
  const created = changes.filter((c) => c.change === 'created').length;
  return { imported: changes.length, changes, created, updated: changes.length - created, unchanged: docs.length - changes.length, conflicts, rejected };
}

export type ImportSummary = z.output<typeof importSummary>;

/** Admin: keeps one whole file's import summary (the reader directory shows the latest). */
export async function recordImport(ctx: Ctx, summary: ImportSummary) {
  const res = await ctx.db.collection('imports').add({ data: { ...summary, by: ctx.openid, at: ctx.now } });
  return { importId: String(res._id) };
}

/** Admin: the reader directory at a glance, with the last import's summary. */
export async function readerStats(ctx: Ctx) {
  const _ = ctx.db.command;
  const readers = ctx.db.collection('readers');
  const [total, inactive, bound, last] = await Promise.all([
    readers.count(),
    readers.where({ status: 'inactive' }).count(),
    ctx.db.collection('cards').where({ boundTo: _.exists(true).and(_.neq(null)) }).count(),
    ctx.db.collection('imports').where({ kind: 'readers' }).orderBy('at', 'desc').limit(1).get(),
  ]);
  const imp = last.data[0];
  return {
    total: total.total,
    active: total.total - inactive.total,
    inactive: inactive.total,
    bound: bound.total,
    lastImport: imp ? {
      kind: 'readers' as const, source: String(imp.source), rows: Number(imp.rows), created: Number(imp.created), updated: Number(imp.updated),
      unchanged: Number(imp.unchanged), conflicts: Number(imp.conflicts), rejected: Number(imp.rejected),
      reasons: ((imp.reasons ?? []) as { reason: string; count: number }[]).map((r) => ({ reason: String(r.reason), count: Number(r.count) })),
      at: toIso(new Date(imp.at)),
    } : null,
  };
}

/** Admin: one reader by card number, masked, with the card's binding state. */
export async function findReader(ctx: Ctx, cardNo: string) {
  const [reader, card] = await Promise.all([
    getOrNull(ctx.db.collection('readers').doc(cardNo)),
    getOrNull(ctx.db.collection('cards').doc(cardNo)),
  ]);
  if (!reader) fail('CARD_NOT_FOUND');
  return {
    reader: {
      cardNo, name: maskName(String(reader.name)), phone: maskPhone(String(reader.phone)),
      status: (reader.status === 'inactive' ? 'inactive' : 'active') as 'active' | 'inactive',
      importedAt: reader.importedAt ? toIso(new Date(reader.importedAt)) : null,
      phoneChangedInApp: Boolean(reader.phoneChangedAt),
    },
    bound: typeof card?.boundTo === 'string' && card.boundTo !== '',
    balance: Number(card?.balance ?? 0),
  };
}

/** Sets a reader's status (and why, in Chinese, for an inactive card); the reason is cleared when active. */
export async function setReaderStatus(ctx: Ctx, cardNo: string, status: 'active' | 'inactive', reason?: string) {
  await ctx.db.collection('readers').doc(cardNo).update({ data: { status, statusReason: status === 'inactive' ? reason ?? null : null, statusChangedAt: ctx.now } });
}
