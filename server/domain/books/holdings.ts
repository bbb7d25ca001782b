import type { Ctx } from '../../runtime/context';
import { getOrNull } from '../../runtime/db';
import { isbnProblem, parseIsbn } from './isbn';

// holdings/<isbn13>: the library's own catalogue (imported), for the 馆藏已有 flag.
export const HOLDINGS = 'holdings';
const WRITE_PARALLEL = 20;

export async function isHeld(ctx: Ctx, isbn13: string): Promise<boolean> {
  return !!(await getOrNull(ctx.db.collection(HOLDINGS).doc(isbn13)));
}

/** Which of these ISBN-13s the library holds (one query). */
export async function heldAmong(ctx: Ctx, isbn13s: string[]): Promise<Set<string>> {
  if (!isbn13s.length) return new Set();
  const res = await ctx.db.collection(HOLDINGS).where({ _id: ctx.db.command.in(isbn13s) }).field({ _id: true }).limit(1000).get();
  return new Set(res.data.map((d) => String(d._id)));
}

/**
 * Admin: adds ISBNs to the holdings (re-importing one is harmless). Bad values are reported by
 * 1-based row with the reason; repeats within the call count once.
 */
export async function importHoldings(ctx: Ctx, isbns: string[]) {
  const rejected: { row: number; value: string; reason: string }[] = [];
  const unique = new Set<string>();
  isbns.forEach((value, i) => {
    const r = parseIsbn(value);
    if (r.ok) unique.add(r.isbn13);
    else rejected.push({ row: i + 1, value: value.slice(0, 64), reason: isbnProblem(r) });
  });
  const list = [...unique];
  for (let i = 0; i < list.length; i += WRITE_PARALLEL) {
    await Promise.all(list.slice(i, i + WRITE_PARALLEL).map((isbn13) =>
      ctx.db.collection(HOLDINGS).doc(isbn13).set({ data: { isbn13, importedAt: ctx.now, importedBy: ctx.openid } })));
  }
  return { imported: list.length, rejected };
}
