import type { Db } from '../runtime/db';
import { getOrNull } from '../runtime/db';
import { bookMetaSchema, type IsbnSource } from './isbn-meta';

// Local adapter (npm start, tests): the demo catalogue shipped in the seed, books_catalogue/<isbn13>.
export const CATALOGUE = 'books_catalogue';

export function catalogueIsbnSource(db: Db): IsbnSource {
  return {
    name: 'catalogue',
    async lookup(isbn13) {
      const doc = await getOrNull(db.collection(CATALOGUE).doc(isbn13));
      if (!doc) return null;
      const parsed = bookMetaSchema.safeParse({ isbn13, title: doc.title, author: doc.author ?? '', publisher: doc.publisher ?? '', cover: doc.cover ?? null });
      return parsed.success ? parsed.data : null;
    },
  };
}
