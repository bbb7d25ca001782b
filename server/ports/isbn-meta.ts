import { z } from 'zod';
import { SINGLE_LINE_CONTROL } from '../../miniprogram/contract/common';
import { positiveInt } from '../runtime/config';

// The book metadata port: one ISBN-13 in, details or null ("not found": the page then asks for
// title and author by hand). Adapters never throw for a bad answer, a timeout or an outage.
export interface BookMeta { isbn13: string; title: string; author: string; publisher: string; cover: string | null }

export interface IsbnSource {
  /** Where the details came from (stored with cached hits). */
  name: string;
  lookup(isbn13: string): Promise<BookMeta | null>;
}

// Outside text is cleaned before it reaches the cache or a page: no control characters, trimmed,
// bounded. A field of the wrong type fails the whole answer (→ not found).
const CONTROL = new RegExp(SINGLE_LINE_CONTROL.source, 'gu');
export const outsideText = (max: number) => z.string().transform((s) => s.replace(CONTROL, ' ').replace(/\s+/g, ' ').trim().slice(0, max));
/** Only https images can be shown in the mini-program. */
export const outsideCover = z.string().max(500).transform((s) => (/^https:\/\/[^\s"'<>]+$/.test(s) ? s : null));

export const bookMetaSchema = z.object({
  isbn13: z.string().regex(/^97[89]\d{10}$/),
  title: outsideText(100).refine((s) => s.length > 0),
  author: outsideText(100),
  publisher: outsideText(100),
  cover: outsideCover.nullable(),
});

export interface IsbnSourceConfig {
  /** URL template with {isbn} (and optionally {key}); empty → no HTTP source. */
  url: string;
  key: string;
  timeoutMs: number;
}

export function isbnConfig(env: NodeJS.ProcessEnv = process.env): IsbnSourceConfig {
  return { url: env.YUE_ISBN_URL ?? '', key: env.YUE_ISBN_KEY ?? '', timeoutMs: positiveInt(env.YUE_ISBN_TIMEOUT_MS, 3000) };
}

