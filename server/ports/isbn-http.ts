import http from 'http';
import https from 'https';
import { z } from 'zod';
import { bookMetaSchema, outsideCover, outsideText, type BookMeta, type IsbnSource, type IsbnSourceConfig } from './isbn-meta';

// Production adapter: an HTTP ISBN service. URL template from YUE_ISBN_URL with {isbn} and {key}
// (YUE_ISBN_KEY), e.g. Open Library:
//   https://openlibrary.org/api/books?bibkeys=ISBN:{isbn}&format=json&jscmd=data
// Understood answers: Open Library's `{ "ISBN:<isbn>": { title, authors:[{name}], publishers:[{name}],
// cover:{medium} } }` (an unknown ISBN answers `{}`), or a flat `{ title, author, publisher, cover }`.
// Timeouts, non-2xx, oversized, malformed or unexpected answers all mean "not found".
const MAX_BYTES = 256 * 1024;

const named = z.array(z.object({ name: outsideText(100) }).passthrough()).max(20);
const openLibraryEntry = z.object({
  title: outsideText(100),
  subtitle: outsideText(100).optional(),
  authors: named.optional(),
  publishers: named.optional(),
  cover: z.object({ medium: outsideCover.optional(), large: outsideCover.optional(), small: outsideCover.optional() }).passthrough().optional(),
}).passthrough();
const flatEntry = z.object({
  title: outsideText(100),
  author: outsideText(100).optional(),
  publisher: outsideText(100).optional(),
  cover: outsideCover.nullable().optional(),
}).passthrough();

function getText(url: string, timeoutMs: number): Promise<string | null> {
  return new Promise((resolve) => {
    let settled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const done = (v: string | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(v);
    };
    const client = url.startsWith('https:') ? https : http;
    let req: http.ClientRequest;
    try {
      req = client.get(url, { headers: { accept: 'application/json' } }, (res) => {
        if ((res.statusCode ?? 0) < 200 || (res.statusCode ?? 0) >= 300) {
          res.resume();
          return done(null);
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > MAX_BYTES) {
            req.destroy();
            return done(null);
          }
          chunks.push(c);
        });
        res.on('end', () => done(Buffer.concat(chunks).toString('utf8')));
        res.on('error', () => done(null));
      });
    } catch {
      return done(null);
    }
    timer = setTimeout(() => {
      req.destroy();
      done(null);
    }, timeoutMs);
    req.on('error', () => done(null));
  });
}

/** The answer's book, validated, or null. */
function parseAnswer(isbn13: string, body: unknown): BookMeta | null {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return null;
  const record = body as Record<string, unknown>;
  const keyed = record[`ISBN:${isbn13}`] ?? Object.entries(record).find(([k]) => /^ISBN:/i.test(k))?.[1];
  let meta: unknown = null;
  if (keyed !== undefined) {
    const ol = openLibraryEntry.safeParse(keyed);
    if (!ol.success) return null;
    const e = ol.data;
    meta = {
      isbn13,
      title: e.subtitle ? `${e.title}：${e.subtitle}`.slice(0, 100) : e.title,
      author: (e.authors ?? []).map((a) => a.name).filter(Boolean).join('、').slice(0, 100),
      publisher: (e.publishers ?? []).map((p) => p.name).filter(Boolean).join('、').slice(0, 100),
      cover: e.cover?.medium ?? e.cover?.large ?? e.cover?.small ?? null,
    };
  } else if ('title' in record) {
    const flat = flatEntry.safeParse(record);
    if (!flat.success) return null;
    meta = { isbn13, title: flat.data.title, author: flat.data.author ?? '', publisher: flat.data.publisher ?? '', cover: flat.data.cover ?? null };
  }
  const parsed = bookMetaSchema.safeParse(meta);
  return parsed.success ? parsed.data : null;
}

export function httpIsbnSource(config: IsbnSourceConfig): IsbnSource {
  return {
    name: 'http',
    async lookup(isbn13) {
      const url = config.url.replace(/\{isbn\}/g, isbn13).replace(/\{key\}/g, encodeURIComponent(config.key));
      const text = await getText(url, config.timeoutMs);
      if (text === null) return null;
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        return null;
      }
      return parseAnswer(isbn13, body);
    },
  };
}
