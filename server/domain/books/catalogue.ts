import type { BookView } from '../../../miniprogram/contract/books';
import type { Ctx } from '../../runtime/context';
import { getOrNull, type Doc } from '../../runtime/db';
import { transact } from '../../runtime/tx';
import { digest } from '../../util/crypto';
import { shanghaiDay } from '../../util/time';
import { isbnSource } from '../../ports/isbn';
import { logFailure } from '../../runtime/log';
import { loadRules } from '../rules';

// books/<isbn13>: the metadata cache. Only answers of the metadata source are cached (what a
// patron types stays on their own recommendation), so a wrong manual entry never spreads.
// book_misses/<isbn13>: { at } — the source did not know it; not asked again for rules.isbnMissCacheHours.
// isbn_quota/<digest(openid)>: { day, count } — external lookups this user caused today
// (rules.isbnLookupsPerDay), taken in a transaction before the calls, so it is exact under concurrency.
export const BOOKS = 'books';
export const BOOK_MISSES = 'book_misses';
export const ISBN_QUOTA = 'isbn_quota';
/** External lookups of one call in flight at once. */
const FETCH_PARALLEL = 4;

export function bookView(doc: Doc): BookView {
  return {
    isbn13: String(doc.isbn13 ?? doc._id),
    title: String(doc.title ?? ''),
    author: String(doc.author ?? ''),
    publisher: String(doc.publisher ?? ''),
    cover: typeof doc.cover === 'string' ? doc.cover : null,
  };
}

export async function cachedBook(ctx: Ctx, isbn13: string): Promise<BookView | null> {
  const doc = await getOrNull(ctx.db.collection(BOOKS).doc(isbn13));
  return doc ? bookView(doc) : null;
}

/** Cached titles of several ISBNs (one query). */
export async function cachedBooks(ctx: Ctx, isbn13s: string[]): Promise<Map<string, BookView>> {
  if (!isbn13s.length) return new Map();
  const res = await ctx.db.collection(BOOKS).where({ _id: ctx.db.command.in(isbn13s) }).limit(1000).get();
  return new Map(res.data.map((d) => [String(d._id), bookView(d)]));
}

/** The metadata source behind the cache; a hit is cached. null: not found (manual entry). */
export async function fetchBook(ctx: Ctx, isbn13: string): Promise<BookView | null> {
  return (await fetchBooks(ctx, [isbn13])).get(isbn13) ?? null;
}

/** Takes up to `wanted` of the caller's external lookups left today; answers how many were granted. */
async function takeLookups(ctx: Ctx, wanted: number, perDay: number): Promise<number> {
  const id = digest(ctx.openid);
  const today = shanghaiDay(ctx.now);
  return transact(ctx, async (tx) => {
    const quota = await getOrNull(tx.collection(ISBN_QUOTA).doc(id));
    const used = quota?.day === today ? Number(quota.count ?? 0) : 0;
    const granted = Math.max(0, Math.min(wanted, perDay - used));
    if (granted) await tx.collection(ISBN_QUOTA).doc(id).set({ data: { day: today, count: used + granted, updatedAt: ctx.now } });
    return granted;
  });
}

/**
 * Asks the metadata source for these ISBNs (not cached ones: callers read the cache first).
 * ISBNs it recently did not know are not asked again; the rest are asked only within the
 * caller's daily allowance, a few at a time. Hits are cached; what is not asked stays unknown (manual entry).
 */
export async function fetchBooks(ctx: Ctx, isbn13s: string[]): Promise<Map<string, BookView>> {
  const out = new Map<string, BookView>();
  const source = isbnSource(ctx.db, { local: !!ctx.config.devOutboxUrl });
  const wanted = [...new Set(isbn13s)];
  if (!wanted.length || source.name === 'none') return out;
  const rules = await loadRules(ctx);
  const since = ctx.now.getTime() - rules.isbnMissCacheHours * 3_600_000;
  const misses = await ctx.db.collection(BOOK_MISSES).where({ _id: ctx.db.command.in(wanted) }).limit(wanted.length).get();
  const known = new Set(misses.data.filter((m) => new Date(m.at).getTime() > since).map((m) => String(m._id)));
  const ask = wanted.filter((i) => !known.has(i));
  if (!ask.length) return out;
  const granted = await takeLookups(ctx, ask.length, rules.isbnLookupsPerDay);
  const batch = ask.slice(0, granted);
  for (let i = 0; i < batch.length; i += FETCH_PARALLEL) {
    await Promise.all(batch.slice(i, i + FETCH_PARALLEL).map(async (isbn13) => {
      let meta;
      try {
        meta = await source.lookup(isbn13);
      } catch (err) {
        // A failing source is not a miss: asked again next time.
        logFailure(ctx, `ISBN source ${source.name} failed`, err, { warn: true });
        return;
      }
      if (!meta) {
        await ctx.db.collection(BOOK_MISSES).doc(isbn13).set({ data: { at: ctx.now } });
        return;
      }
      await ctx.db.collection(BOOKS).doc(isbn13).set({ data: { ...meta, source: source.name, fetchedAt: ctx.now } });
      out.set(isbn13, bookView(meta));
    }));
  }
  return out;
}
