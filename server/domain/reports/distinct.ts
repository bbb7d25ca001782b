import { createHash } from 'crypto';

// Distinct counts across days (active cards, check-in cards, donors) are not additive: a card
// active on two days counts once in the period. Each rollup keeps the day's set: exact (sorted
// card numbers) while small, else a HyperLogLog sketch (2^11 registers, about ±2.3%). Sets merge
// exactly while their union stays small; past EXACT_MAX they merge as sketches. docs/DATA.md "Reports".
export const EXACT_MAX = 256;
const P = 11;
const M = 1 << P;

/** Stored form: `{ ids }` (exact) or `{ hll }` (base64 registers). */
export type StoredSet = { ids: string[] } | { hll: string };

export class DistinctSet {
  private ids: Set<string> | null = new Set();
  private regs: Uint8Array | null = null;

  static from(stored: StoredSet | undefined | null): DistinctSet {
    const s = new DistinctSet();
    if (stored && 'hll' in stored) {
      s.ids = null;
      s.regs = new Uint8Array(Buffer.from(stored.hll, 'base64'));
    } else if (stored && 'ids' in stored) {
      for (const id of stored.ids) s.add(id);
    }
    return s;
  }

  add(id: string): void {
    if (this.ids) {
      this.ids.add(id);
      if (this.ids.size > EXACT_MAX) this.toSketch();
      return;
    }
    addToRegisters(this.regs!, id);
  }

  merge(other: DistinctSet): void {
    if (other.ids) {
      for (const id of other.ids) this.add(id);
      return;
    }
    if (this.ids) this.toSketch();
    const a = this.regs!;
    const b = other.regs!;
    for (let i = 0; i < M; i += 1) if (b[i] > a[i]) a[i] = b[i];
  }

  get size(): number {
    if (this.ids) return this.ids.size;
    return estimate(this.regs!);
  }

  toStored(): StoredSet {
    if (this.ids) return { ids: [...this.ids].sort() };
    return { hll: Buffer.from(this.regs!).toString('base64') };
  }

  private toSketch(): void {
    const regs = new Uint8Array(M);
    for (const id of this.ids!) addToRegisters(regs, id);
    this.ids = null;
    this.regs = regs;
  }
}

function addToRegisters(regs: Uint8Array, id: string): void {
  const h = createHash('sha1').update(id).digest();
  const idx = h.readUInt32BE(0) >>> (32 - P);
  const rest = ((h.readUInt32BE(0) << P) | (h[4] >>> (8 - P))) >>> 0; // 32 bits after the index
  const rank = rest === 0 ? 33 : Math.clz32(rest) + 1;
  if (rank > regs[idx]) regs[idx] = rank;
}

function estimate(regs: Uint8Array): number {
  let sum = 0;
  let zeros = 0;
  for (let i = 0; i < M; i += 1) {
    sum += 2 ** -regs[i];
    if (regs[i] === 0) zeros += 1;
  }
  const alpha = 0.7213 / (1 + 1.079 / M);
  const raw = (alpha * M * M) / sum;
  // Linear counting for small cardinalities (HyperLogLog's usual correction).
  if (raw <= 2.5 * M && zeros > 0) return Math.round(M * Math.log(M / zeros));
  return Math.round(raw);
}
