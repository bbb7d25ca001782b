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
 * Admin: adds ISBNs to the holdings. Bad values are reported by 1-based row with the reason; an
 * ISBN already held (or repeated in the call) is unchanged and not written again; `dryRun` writes nothing.
 */
export async function importHoldings(ctx: Ctx, isbns: string[], opts: { dryRun?: boolean } = {}) {
  const rejected: { row: number; value: string; reason: string }[] = [];
  const firstRow = new Map<string, number>();
  isbns.forEach((value, i) => {
    const r = parseIsbn(value);
    if (!r.ok) rejected.push({ row: i + 1, value: value.slice(0, 64), reason: isbnProblem(r) });
    else if (!firstRow.has(r.isbn13)) firstRow.set(r.isbn13, i + 1);
  });
  const held = await heldAmong(ctx, [...firstRow.keys()]);
  const changes = [...firstRow].filter(([isbn13]) => !held.has(isbn13)).map(([isbn13, row]) => ({ row, isbn13, change: 'created' as const }));
  if (!opts.dryRun) {
    for (let i = 0; i < changes.length; i += WRITE_PARALLEL) {
      await Promise.all(changes.slice(i, i + WRITE_PARALLEL).map(({ isbn13 }) =>
        ctx.db.collection(HOLDINGS).doc(isbn13).set({ data: { isbn13, importedAt: ctx.now, importedBy: ctx.openid } })));
    }
  }
  return { imported: changes.length, changes, unchanged: isbns.length - rejected.length - changes.length, rejected };
}
