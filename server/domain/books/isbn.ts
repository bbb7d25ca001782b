import { audit, parse } from 'isbn3';
import { fail } from '../../runtime/fail';

// ISBNs as typed or scanned: ISBN-10 or ISBN-13, hyphens and spaces ignored, checked by isbn3
// (check digit and the registration ranges it knows); always stored as ISBN-13 (978/979 only).
export type IsbnResult =
  | { ok: true; isbn13: string }
  | { ok: false; reason: string; suggestion: string | null };

const SHAPE = /^(\d{9}[\dX]|\d{13})$/;

function invalid(reason: string, suggestion: string | null = null): IsbnResult {
  return { ok: false, reason, suggestion };
}

/** The library's likeliest correction of a mistyped ISBN (hyphenated ISBN-13), if any. */
function suggest(compact: string): string | null {
  try {
    for (const clue of audit(compact).clues) {
      const candidate = (clue as { candidate?: unknown }).candidate as { isbn13h?: string } | undefined;
      if (candidate?.isbn13h) return candidate.isbn13h;
    }
  } catch {
    // audit throws on lengths other than 10/13; nothing to suggest then
  }
  return null;
}

export function parseIsbn(raw: string): IsbnResult {
  const compact = raw.replace(/[\s-]/g, '').toUpperCase();
  if (!SHAPE.test(compact)) {
    const misplacedX = compact.includes('X') && !(compact.length === 10 && compact.indexOf('X') === 9);
    return invalid(/[^\dX]/.test(compact) || misplacedX ? 'ISBN 只能包含数字（ISBN-10 末位可为 X）' : 'ISBN 应为 10 位或 13 位');
  }
  if (compact.length === 13 && !/^97[89]/.test(compact)) return invalid('ISBN-13 应以 978 或 979 开头');
  const parsed = parse(compact);
  if (!parsed?.isValid || !/^97[89]\d{10}$/.test(parsed.isbn13)) {
    const suggestion = suggest(compact);
    return invalid(suggestion ? '校验位不符' : '校验位不符或不在 ISBN 号段内', suggestion);
  }
  return { ok: true, isbn13: parsed.isbn13 };
}

/** Text of an ISBN_INVALID detail: the reason, and the suggestion when there is one. */
export function isbnProblem(r: { reason: string; suggestion: string | null }): string {
  return r.suggestion ? `${r.reason}，您要输入的是否为 ${r.suggestion}？` : r.reason;
}


/** The ISBN-13 of what was typed or scanned, or ISBN_INVALID (field, with a hint) before any read. */
export function isbn13Of(raw: string, field = 'isbn'): string {
  const r = parseIsbn(raw);
  if (!r.ok) fail('ISBN_INVALID', field, isbnProblem(r));
  return r.isbn13;
}
