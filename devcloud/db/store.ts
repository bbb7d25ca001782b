import { duplicateKey } from './errors';
import { isPlainObject, toWire, type Doc, type DocId } from './ejson';
import type { Journal, JournalRecord } from './journal';

export interface IndexDef {
  name: string;
  keys: Record<string, number>;
  unique?: boolean;
  /** Skip documents that have none of the indexed fields (MongoDB's sparse); default false: missing = null. */
  sparse?: boolean;
}
/** Parsed db/indexes.json. */
export interface IndexSpec {
  collections?: Record<string, IndexDef[]>;
  [key: string]: unknown;
}

/** A committed write: the document's after-image, or null for a delete. */
export interface Change {
  coll: string;
  id: DocId;
  doc: Doc | null;
}

interface Version {
  seq: number;
  doc: Doc | null;
  prev: Version | null;
  coll: Collection;
  key: string;
}

interface UniqueIndex {
  name: string;
  fields: string[];
  sparse: boolean;
  /** value key -> id key of the committed owner */
  owners: Map<string, string>;
}

class Collection {
  readonly heads = new Map<string, Version>();
  /** Bumped on every write: range caches built before it are stale. */
  version = 0;
  constructor(readonly name: string, readonly unique: UniqueIndex[]) {}
}

/** Inclusive date bounds of a field condition ({$gte,$gt,$lt,$lte} of Dates, or $and of those); a superset is fine. */
function dateBounds(cond: unknown): { lo?: number; hi?: number } | null {
  if (!isPlainObject(cond)) return null;
  const out: { lo?: number; hi?: number } = {};
  const parts = Array.isArray(cond.$and) && Object.keys(cond).length === 1 ? cond.$and : [cond];
  for (const part of parts) {
    if (!isPlainObject(part)) return null;
    for (const [op, v] of Object.entries(part)) {
      if (!(v instanceof Date)) return null;
      if (op === '$gte' || op === '$gt') out.lo = Math.max(out.lo ?? -Infinity, v.getTime());
      else if (op === '$lt' || op === '$lte') out.hi = Math.min(out.hi ?? Infinity, v.getTime());
      else return null;
    }
  }
  return out.lo === undefined && out.hi === undefined ? null : out;
}

/** First index with times[i] >= t (or > t when `after`). */
function lowerBound(times: number[], t: number, after = false): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid] < t || (after && times[mid] === t)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export const idKey = (id: DocId): string => (typeof id === 'number' ? `n:${id}` : `s:${id}`);

const getPath = (doc: unknown, path: string): unknown => {
  let cur: unknown = doc;
  for (const part of path.split('.')) {
    if (!isPlainObject(cur)) return undefined;
    cur = cur[part];
  }
  return cur;
};

/**
 * Committed state: per document a chain of versions (newest first) so that open transactions
 * read the snapshot of their start; older versions are pruned once no transaction needs them.
 */
export class Store {
  /** Sequence number of the last commit; a transaction's snapshot is the seq at its start. */
  seq = 0;
  private readonly colls = new Map<string, Collection>();
  /** Heads that carry history or are tombstones (candidates for pruning). */
  private readonly versioned = new Set<Version>();

  constructor(private readonly spec: IndexSpec, private journal: Journal | null) {
    for (const name of Object.keys(spec.collections ?? {})) this.ensure(name);
  }

  has(coll: string): boolean {
    return this.colls.has(coll);
  }

  names(): string[] {
    return [...this.colls.keys()];
  }

  private ensure(name: string): Collection {
    let c = this.colls.get(name);
    if (!c) {
      const unique = (this.spec.collections?.[name] ?? [])
        .filter((d) => d.unique)
        .map((d) => ({ name: d.name, fields: Object.keys(d.keys), sparse: !!d.sparse, owners: new Map<string, string>() }));
      c = new Collection(name, unique);
      this.colls.set(name, c);
    }
    return c;
  }

  /** Creates a collection; false if it existed. */
  create(name: string): boolean {
    if (this.colls.has(name)) return false;
    this.journal?.append({ mk: [name] });
    this.ensure(name);
    return true;
  }

  current(coll: string, id: DocId): Doc | null {
    return this.colls.get(coll)?.heads.get(idKey(id))?.doc ?? null;
  }

  /** Seq of the last committed write of this record (0: none known). */
  headSeq(coll: string, id: DocId): number {
    return this.colls.get(coll)?.heads.get(idKey(id))?.seq ?? 0;
  }

  /** The record as of snapshot `seq`. */
  at(coll: string, id: DocId, seq: number): Doc | null {
    let v = this.colls.get(coll)?.heads.get(idKey(id)) ?? null;
    while (v && v.seq > seq) v = v.prev;
    return v?.doc ?? null;
  }

  /** Live documents in insertion order (shared, never mutate). */
  docs(coll: string): Doc[] {
    const out: Doc[] = [];
    const c = this.colls.get(coll);
    if (c) for (const v of c.heads.values()) if (v.doc) out.push(v.doc);
    return out;
  }

  private readonly ranges = new Map<string, { version: number; times: number[]; docs: Doc[] }>();

  /**
   * The live documents a date-range condition on a top-level field can match (as an index on
   * that field would give a database), or null when the query has none. Not in natural order.
   */
  rangeCandidates(coll: string, query: Record<string, unknown>): Doc[] | null {
    const c = this.colls.get(coll);
    if (!c) return null;
    for (const [field, cond] of Object.entries(query)) {
      if (field.startsWith('$') || field.includes('.')) continue;
      const b = dateBounds(cond);
      if (!b) continue;
      const key = `${coll}\u0000${field}`;
      let ix = this.ranges.get(key);
      if (!ix || ix.version !== c.version) {
        const pairs: [number, Doc][] = [];
        for (const v of c.heads.values()) {
          const t = v.doc?.[field];
          if (v.doc && t instanceof Date) pairs.push([t.getTime(), v.doc]);
        }
        pairs.sort((x, y) => x[0] - y[0]);
        ix = { version: c.version, times: pairs.map((p) => p[0]), docs: pairs.map((p) => p[1]) };
        this.ranges.set(key, ix);
      }
      const first = lowerBound(ix.times, b.lo ?? -Infinity);
      const end = lowerBound(ix.times, b.hi ?? Infinity, true);
      return ix.docs.slice(first, end);
    }
    return null;
  }

  /**
   * The live documents a query can match, in insertion order: when it names `_id` (a value or
   * `$in`), only those records, so the evaluator does not scan the collection; otherwise all.
   */
  candidates(coll: string, query: Record<string, unknown>): Doc[] {
    const cond = query._id;
    const ids = typeof cond === 'string' || typeof cond === 'number' ? [cond]
      : isPlainObject(cond) && Object.keys(cond).length === 1 && Array.isArray(cond.$in) ? cond.$in : null;
    if (!ids || !ids.every((id) => typeof id === 'string' || typeof id === 'number')) return this.docs(coll);
    const wanted = new Set((ids as DocId[]).map(idKey));
    const out: Doc[] = [];
    const c = this.colls.get(coll);
    if (c) for (const [key, v] of c.heads) if (v.doc && wanted.has(key)) out.push(v.doc);
    return out;
  }

  private valueKey(ix: UniqueIndex, doc: Doc): { key: string; text: string } | undefined {
    const values = ix.fields.map((f) => getPath(doc, f));
    if (ix.sparse && values.every((v) => v === undefined)) return undefined;
    const norm = values.map((v) => (v === undefined ? null : v));
    return { key: toWire(norm), text: `{ ${ix.fields.map((f, i) => `${f}: ${toWire(norm[i])}`).join(', ')} }` };
  }

  /** Throws a duplicate-key error if applying `changes` would break a unique index. */
  checkUnique(changes: Change[]): void {
    const byColl = new Map<string, Change[]>();
    for (const ch of changes) {
      const list = byColl.get(ch.coll);
      if (list) list.push(ch);
      else byColl.set(ch.coll, [ch]);
    }
    for (const [name, list] of byColl) {
      const c = this.colls.get(name);
      if (!c?.unique.length) continue;
      const touched = new Set(list.map((ch) => idKey(ch.id)));
      for (const ix of c.unique) {
        const claimed = new Map<string, string>();
        for (const ch of list) {
          const vk = ch.doc && this.valueKey(ix, ch.doc);
          if (!vk) continue;
          const k = idKey(ch.id);
          const inBatch = claimed.get(vk.key);
          const owner = ix.owners.get(vk.key);
          if ((inBatch !== undefined && inBatch !== k) || (owner !== undefined && owner !== k && !touched.has(owner))) {
            throw duplicateKey(name, ix.name, vk.text);
          }
          claimed.set(vk.key, k);
        }
      }
    }
  }

  /**
   * Validates unique indexes, journals the batch as one record, and applies it with a new seq.
   * `keepHistory`: keep the previous versions for open transactions' snapshots.
   */
  commit(changes: Change[], keepHistory: boolean): number {
    if (!changes.length) return this.seq;
    this.checkUnique(changes);
    const created = [...new Set(changes.map((c) => c.coll))].filter((n) => !this.colls.has(n));
    const rec: JournalRecord = { w: changes.map((ch) => (ch.doc ? { c: ch.coll, id: ch.id, d: ch.doc } : { c: ch.coll, id: ch.id })) };
    if (created.length) rec.mk = created;
    this.journal?.append(rec);
    this.seq += 1;
    // Release the batch's old unique keys first, so that keys swapped within one batch re-index cleanly.
    for (const ch of changes) this.unindex(ch.coll, idKey(ch.id));
    for (const ch of changes) this.put(ch, this.seq, keepHistory);
    return this.seq;
  }

  private unindex(coll: string, k: string): void {
    const c = this.colls.get(coll);
    const old = c?.heads.get(k)?.doc;
    if (!c || !old) return;
    for (const ix of c.unique) {
      const before = this.valueKey(ix, old);
      if (before && ix.owners.get(before.key) === k) ix.owners.delete(before.key);
    }
  }

  /** Applies a change in memory (also used to replay the journal). */
  put(ch: Change, seq: number, keepHistory: boolean): void {
    const c = this.ensure(ch.coll);
    c.version += 1;
    const k = idKey(ch.id);
    const head = c.heads.get(k) ?? null;
    this.unindex(ch.coll, k);
    for (const ix of c.unique) {
      const after = ch.doc && this.valueKey(ix, ch.doc);
      if (after) {
        const owner = ix.owners.get(after.key);
        if (owner !== undefined && owner !== k) console.warn(`[devcloud db] stored data breaks unique index ${ch.coll}.${ix.name}`);
        ix.owners.set(after.key, k);
      }
    }
    if (head) this.versioned.delete(head);
    if (!ch.doc && !keepHistory) {
      c.heads.delete(k);
      return;
    }
    const v: Version = { seq, doc: ch.doc, prev: keepHistory ? head : null, coll: c, key: k };
    // Map.set on an existing key keeps insertion order (natural order stays stable).
    c.heads.set(k, v);
    if (v.prev || !v.doc) this.versioned.add(v);
  }

  /** Drops versions older than what the oldest open snapshot (`minSnapshot`) can see. */
  prune(minSnapshot: number): void {
    for (const head of [...this.versioned]) {
      let v = head;
      while (v.prev && v.seq > minSnapshot) v = v.prev;
      v.prev = null;
      if (head.prev) continue;
      if (!head.doc) {
        // A tombstone newer than some snapshot still tells that snapshot's writer it lost the race.
        if (head.seq > minSnapshot) continue;
        head.coll.heads.delete(head.key);
      }
      this.versioned.delete(head);
    }
  }

  /** The whole live state as journal records (for compaction). */
  *snapshot(chunk = 500): Generator<JournalRecord> {
    const empty = [...this.colls.values()].filter((c) => !this.docs(c.name).length).map((c) => c.name);
    if (empty.length) yield { mk: empty };
    for (const c of this.colls.values()) {
      const docs = this.docs(c.name);
      for (let i = 0; i < docs.length; i += chunk) {
        yield { w: docs.slice(i, i + chunk).map((d) => ({ c: c.name, id: d._id, d })) };
      }
    }
  }

  attachJournal(j: Journal | null): void {
    this.journal = j;
  }
}
