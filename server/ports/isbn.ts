import type { Db } from '../runtime/db';
import { catalogueIsbnSource } from './isbn-catalogue';
import { httpIsbnSource } from './isbn-http';
import { isbnConfig, type IsbnSource } from './isbn-meta';

export type { BookMeta, IsbnSource } from './isbn-meta';

const none: IsbnSource = { name: 'none', lookup: async () => null };

/**
 * The source in use: the HTTP service when YUE_ISBN_URL is set; on the local cloud (dev outbox
 * configured) the demo catalogue in the database; otherwise none (manual entry only).
 */
export function isbnSource(db: Db, opts: { local: boolean }, config = isbnConfig()): IsbnSource {
  if (config.url) return httpIsbnSource(config);
  if (opts.local) return catalogueIsbnSource(db);
  return none;
}
