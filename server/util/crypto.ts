import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from 'crypto';

/** Keyed hash (HMAC-SHA256, hex) with the key from configuration, never from the database. */
export function keyedHash(key: string, purpose: string, value: string): string {
  return createHmac('sha256', key).update(`${purpose}\u0000${value}`).digest('hex');
}

export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Six decimal digits from a CSPRNG. */
export function sixDigitCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

export function randomId(bytes = 12): string {
  return randomBytes(bytes).toString('hex');
}

/** Short stable digest, for deterministic ids built from caller-supplied values. */
export function digest(value: string, length = 32): string {
  return createHash('sha256').update(value).digest('hex').slice(0, length);
}
