import { readerRow } from '../../miniprogram/contract/admin';
import type { Ctx } from '../runtime/context';
import type { Doc } from '../runtime/db';
import { keyedHash } from '../util/crypto';
import { isValidIdNumber, normalizeIdNumber } from '../util/idcard';

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

/** Admin: upserts readers by card number; rows that fail validation are reported, not written. */
export async function importReaders(ctx: Ctx, rows: unknown[]) {
  const rejected: { row: number; cardNo: string | null; reason: string }[] = [];
  const docs: ReaderDoc[] = [];
  const seen = new Set<string>();
  rows.forEach((row, i) => {
    const res = readerFromRow(row, ctx.config.hmacKey);
    if (!res.ok) rejected.push({ row: i + 1, cardNo: res.cardNo, reason: res.reason });
    else if (seen.has(res.doc.cardNo)) rejected.push({ row: i + 1, cardNo: res.doc.cardNo, reason: '与前面的行读者证号重复' });
    else {
      seen.add(res.doc.cardNo);
      docs.push(res.doc);
    }
  });
  // Bounded parallelism: a 500-row import stays quick without flooding the database.
  for (let i = 0; i < docs.length; i += 20) {
    await Promise.all(docs.slice(i, i + 20).map(({ _id, ...data }) =>
      ctx.db.collection('readers').doc(_id).set({ data: { ...data, importedAt: ctx.now } })));
  }
  return { imported: docs.length, rejected };
}
