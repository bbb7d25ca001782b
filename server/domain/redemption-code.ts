import { randomInt } from 'crypto';

// Desk codes (redemptions, donations): data characters from a CSPRNG plus one check character.
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

/** A family of codes with `dataLength` CSPRNG characters + one check character. */
export interface CodeFormat {
  length: number;
  generate(): string;
  /** True when `code` (normalized) has the right length, alphabet and check character. */
  isWellFormed(code: string): boolean;
}

export function codeFormat(dataLength: number): CodeFormat {
  return {
    length: dataLength + 1,
    generate() {
      let data = '';
      for (let i = 0; i < dataLength; i++) data += CODE_ALPHABET[randomInt(0, N)];
      return data + checkChar(data);
    },
    isWellFormed(code) {
      if (code.length !== dataLength + 1) return false;
      for (const ch of code) if (!CODE_ALPHABET.includes(ch)) return false;
      return checkChar(code.slice(0, dataLength)) === code[dataLength];
    },
  };
}

const REDEMPTION_CODES = codeFormat(CODE_DATA_LENGTH);

/** A new redemption code: CSPRNG data characters + check character. */
export function generateCode(): string {
  return REDEMPTION_CODES.generate();
}

/** What staff typed or scanned, without spaces/hyphens and in upper case. */
export function normalizeCode(raw: string): string {
  return raw.replace(/[\s-]/g, '').toUpperCase();
}

/** Splits a code into groups for display: ABCD-EFGH-JKM. */
export function formatCode(code: string): string {
  return code.replace(/(.{4})(?=.)/g, '$1-');
}

/** True when a redemption code (normalized) has the right length, alphabet and check character. */
export function isWellFormedCode(code: string): boolean {
  return REDEMPTION_CODES.isWellFormed(code);
}
