import type { BookView } from '../../../miniprogram/contract/books';
import type { Ctx } from '../../runtime/context';
import { getOrNull, type Doc } from '../../runtime/db';
import { isbnSource } from '../../ports/isbn';
import { logFailure } from '../../runtime/log';

// books/<isbn13>: the metadata cache. Only answers of the metadata source are cached (what a
// patron types stays on their own recommendation), so a wrong manual entry never spreads.
export const BOOKS = 'books';

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
  const source = isbnSource(ctx.db, { local: !!ctx.config.devOutboxUrl });
  let meta;
  try {
    meta = await source.lookup(isbn13);
  } catch (err) {
    logFailure(ctx, `ISBN source ${source.name} failed`, err, { warn: true });
    return null;
  }
  if (!meta) return null;
  await ctx.db.collection(BOOKS).doc(isbn13).set({ data: { ...meta, source: source.name, fetchedAt: ctx.now } });
  return bookView(meta);
}
