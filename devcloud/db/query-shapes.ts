import { isPlainObject, type AnyObject } from './ejson';
import type { IndexDef } from './store';

/**
 * Which queries an index serves. CloudBase answers a query on a large collection without a
 * usable index slowly or not at all, so the local cloud records the shape of every query
 * (fields and how each is constrained, sort) and whether a declared index would serve it:
 * - by `_id` (a value or `$in`): always served;
 * - otherwise by a declared index (db/indexes.json) whose first key the query constrains
 *   positively (a value, `$in`, a range, `$exists: true`, `$all`, `$elemMatch`);
 * - a query without a filter is served when it sorts by an index's first key;
 * - `$or`: served when every branch is. Negations (`$ne`, `$nin`, `$not`, `$exists: false`)
 *   and regular expressions never use an index.
 */
export type Constraint = 'eq' | 'in' | 'range' | 'exists' | 'neg';

export interface QueryShape {
  collection: string;
  /** e.g. `where {cardNo: eq, createdAt: range} orderBy {createdAt: -1}` */
  shape: string;
  count: number;
  /** The index that serves it ('_id' or a declared index name), or null when it scans. */
  index: string | null;
  served: boolean;
  /** The collection is declared growing in db/indexes.json ("growing"). */
  growing: boolean;
  /** For an unserved query: the index to add to db/indexes.json. */
  suggest?: string;
}

const POSITIVE: Record<string, Constraint> = {
  $eq: 'eq', $in: 'in', $gt: 'range', $gte: 'range', $lt: 'range', $lte: 'range', $all: 'eq', $elemMatch: 'eq',
};
const RANK: Record<Constraint, number> = { eq: 0, in: 1, range: 2, exists: 3, neg: 4 };

function classify(cond: unknown): Constraint {
  if (!isPlainObject(cond)) return cond instanceof RegExp ? 'neg' : 'eq';
  const keys = Object.keys(cond);
  if (!keys.length || !keys.every((k) => k.startsWith('$'))) return 'eq'; // an embedded document value
  let best: Constraint = 'neg';
  for (const k of keys) {
    let c: Constraint = POSITIVE[k] ?? 'neg';
    if (k === '$exists') c = cond[k] ? 'exists' : 'neg';
    if (k === '$and' && Array.isArray(cond[k])) c = (cond[k] as unknown[]).map(classify).sort((a, b) => RANK[a] - RANK[b])[0] ?? 'neg';
    if (RANK[c] < RANK[best]) best = c;
  }
  return best;
}

interface Parsed { fields: Map<string, Constraint>; or: Parsed[][] }

function parse(q: AnyObject, into: Parsed = { fields: new Map(), or: [] }): Parsed {
  for (const [k, v] of Object.entries(q)) {
    if (k === '$and' && Array.isArray(v)) {
      for (const part of v) if (isPlainObject(part)) parse(part, into);
    } else if (k === '$or' && Array.isArray(v)) into.or.push(v.filter(isPlainObject).map((b) => parse(b)));
    else if (k.startsWith('$')) into.fields.set(k, 'neg');
    else {
      const c = classify(v);
      const had = into.fields.get(k);
      into.fields.set(k, had && RANK[had] < RANK[c] ? had : c);
    }
  }
  return into;
}

/** A field path with data in it (`held.<redemption code>`) is one shape whatever the key. */
const pathShape = (f: string): string => f.split('.').map((seg, i) => (i > 0 && /^[A-Z0-9_-]{6,}$/.test(seg) ? '<key>' : seg)).join('.');

function describe(p: Parsed): string {
  const parts = [...p.fields].sort(([a], [b]) => a.localeCompare(b)).map(([f, c]) => `${pathShape(f)}: ${c}`);
  for (const branches of p.or) parts.push(`$or: [${branches.map((b) => `{${describe(b)}}`).join(', ')}]`);
  return parts.join(', ');
}

function servedBy(p: Parsed, order: Record<string, number> | undefined, indexes: IndexDef[]): string | null {
  const id = p.fields.get('_id');
  if (id === 'eq' || id === 'in') return '_id';
  for (const ix of indexes) {
    const first = Object.keys(ix.keys)[0];
    const c = p.fields.get(first);
    if (c && c !== 'neg') return ix.name;
  }
  if (p.or.length && p.or.every((branches) => branches.every((b) => servedBy(b, undefined, indexes)))) return '$or';
  const positive = [...p.fields.values()].some((c) => c !== 'neg') || p.or.length > 0;
  const sortFirst = order ? Object.keys(order)[0] : undefined;
  if (!positive && !p.fields.size && sortFirst) {
    const ix = indexes.find((i) => Object.keys(i.keys)[0] === sortFirst);
    if (ix) return ix.name;
  }
  return null;
}

/** The index a query needs: equality fields, then `$in`, then ranges, then the sort. */
function suggestion(collection: string, p: Parsed, order: Record<string, number> | undefined): string {
  const keys: Record<string, number> = {};
  const usable = [...p.fields].filter(([f, c]) => c !== 'neg' && !f.startsWith('$')).sort((a, b) => RANK[a[1]] - RANK[b[1]] || a[0].localeCompare(b[0]));
  for (const [f] of usable) keys[f] = order && Number(order[f]) < 0 ? -1 : 1;
  for (const [f, dir] of Object.entries(order ?? {})) if (!(f in keys) && f !== '_id') keys[f] = dir < 0 ? -1 : 1;
  if (!Object.keys(keys).length) return `this query filters on nothing an index can serve: filter ${collection} by an indexed field (or _id)`;
  const name = Object.keys(keys).join('_').replace(/\./g, '_');
  return `add to db/indexes.json "collections"."${collection}": { "name": "${name}", "keys": ${JSON.stringify(keys).replace(/,/g, ', ').replace(/:/g, ': ')} }`;
}

export class QueryLog {
  private readonly shapes = new Map<string, QueryShape>();

  constructor(private readonly indexes: (coll: string) => IndexDef[], private readonly growing: Set<string>) {}

  note(collection: string, kind: string, query: AnyObject, order?: Record<string, number>): void {
    const p = parse(query);
    const sort = order && Object.keys(order).length ? ` orderBy ${JSON.stringify(order).replace(/"/g, '')}` : '';
    const shape = `${kind} {${describe(p)}}${sort}`;
    const key = `${collection}\u0000${shape}`;
    const had = this.shapes.get(key);
    if (had) {
      had.count += 1;
      return;
    }
    // count() of a whole collection is answered from its metadata, not by a scan
    const index = kind === 'count' && !Object.keys(query).length ? '(collection size)' : servedBy(p, order, this.indexes(collection));
    const entry: QueryShape = { collection, shape, count: 1, index, served: index !== null, growing: this.growing.has(collection) };
    if (!entry.served) entry.suggest = suggestion(collection, p, order);
    this.shapes.set(key, entry);
  }

  list(): QueryShape[] {
    return [...this.shapes.values()].sort((a, b) => a.collection.localeCompare(b.collection) || a.shape.localeCompare(b.shape));
  }

  reset(): void {
    this.shapes.clear();
  }
}
