import { randomInt } from 'crypto';

// Redemption codes: DATA_LENGTH characters from a CSPRNG plus one check character.
// The alphabet leaves out look-alikes (0/O, 1/I/L); its size, 31, is prime, so a weighted
// sum mod 31 catches every single-character typo and every swap of two neighbours.
export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const CODE_DATA_LENGTH = 10;
export const CODE_LENGTH = CODE_DATA_LENGTH + 1;

const N = CODE_ALPHABET.length;

function checkChar(data: string): string {
  let sum = 0;
  for (let i = 0; i < data.length; i++) sum += (i + 1) * CODE_ALPHABET.indexOf(data[i]);
  // The check character has weight data.length + 1: choose it so the full weighted sum is 0 mod N.
  const w = data.length + 1;
  for (let c = 0; c < N; c++) if ((sum + w * c) % N === 0) return CODE_ALPHABET[c];
  throw new Error('unreachable: N is prime');
}

/** A new code: CSPRNG data characters + check character. */
export function generateCode(): string {
  let data = '';
  for (let i = 0; i < CODE_DATA_LENGTH; i++) data += CODE_ALPHABET[randomInt(0, N)];
  return data + checkChar(data);
}

/** What staff typed or scanned, without spaces/hyphens and in upper case. */
export function normalizeCode(raw: string): string {
  return raw.replace(/[\s-]/g, '').toUpperCase();
}

/** Splits a code into groups for display: ABCD-EFGH-JKM. */
export function formatCode(code: string): string {
  return code.replace(/(.{4})(?=.)/g, '$1-');
}

/** True when `code` (normalized) has the right length, alphabet and check character. */
export function isWellFormedCode(code: string): boolean {
  if (code.length !== CODE_LENGTH) return false;
  for (const ch of code) if (!CODE_ALPHABET.includes(ch)) return false;
  return checkChar(code.slice(0, CODE_DATA_LENGTH)) === code[CODE_DATA_LENGTH];
}
