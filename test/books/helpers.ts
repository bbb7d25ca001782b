// Shared steps of the books tests: valid random ISBNs (checked by isbn3), staff, the desk.
import { randomInt } from 'crypto';
import { parse } from 'isbn3';
import { call, uid } from '../support/cloud';
import { expectOverlap, race, warmAll } from '../support/race';

/** A random valid ISBN-13 in 978-7-02 (the check digit is whichever one isbn3 accepts). */
export function randomIsbn(): string {
  const base = `978702${String(randomInt(0, 1_000_000)).padStart(6, '0')}`;
  for (let c = 0; c <= 9; c++) if (parse(`${base}${c}`)?.isValid) return `${base}${c}`;
  throw new Error(`no check digit for ${base}`);
}

/** The same book with a wrong check digit. */
export function withWrongCheckDigit(isbn13: string): string {
  const last = Number(isbn13[12]);
  return isbn13.slice(0, 12) + String((last + 1) % 10);
}

export { makeStaff } from '../rewards/helpers';

export function recommendEvent(isbn: string, extra: Record<string, unknown> = {}) {
  return { action: 'recommend', isbn, title: `测试图书${isbn.slice(-4)}`, author: '测试作者', requestId: uid('req'), ...extra };
}

/** Warms every books instance, releases the calls together and checks they overlapped. */
export async function raceBooks(openid: string | ((i: number) => string), events: Record<string, unknown>[]) {
  await warmAll('books');
  const r = await race(events.length, (i) => call('books', typeof openid === 'string' ? openid : openid(i), events[i]));
  expectOverlap(r);
  return r;
}
