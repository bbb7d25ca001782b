// The database port: the subset of wx-server-sdk's database API the core uses.
// The cloud adapter is `cloud.database()` itself; the core never imports wx-server-sdk.
/* eslint-disable @typescript-eslint/no-explicit-any */
export type Doc = Record<string, any>;

export interface DocRef {
  get(): Promise<{ data: Doc }>;
  set(opts: { data: Doc }): Promise<unknown>;
  update(opts: { data: Doc }): Promise<{ stats: { updated: number } }>;
  remove(): Promise<{ stats: { removed: number } }>;
}

export interface Query {
  where(cond: Doc): Query;
  orderBy(field: string, order: 'asc' | 'desc'): Query;
  skip(n: number): Query;
  limit(n: number): Query;
  field(projection: Doc): Query;
  get(): Promise<{ data: Doc[] }>;
  count(): Promise<{ total: number }>;
  update(opts: { data: Doc }): Promise<{ stats: { updated: number } }>;
  remove(): Promise<{ stats: { removed: number } }>;
}

/** An aggregation pipeline (not inside transactions); `end()` answers the stage output. */
export interface Aggregate {
  match(cond: Doc): Aggregate;
  group(spec: Doc): Aggregate;
  project(spec: Doc): Aggregate;
  unwind(path: string | Doc): Aggregate;
  sort(spec: Doc): Aggregate;
  skip(n: number): Aggregate;
  limit(n: number): Aggregate;
  end(): Promise<{ list: Doc[] }>;
}

export interface Collection extends Query {
  doc(id: string): DocRef;
  aggregate(): Aggregate;
  add(opts: { data: Doc }): Promise<{ _id: string }>;
}

export interface TxCollection {
  doc(id: string): DocRef;
  add(opts: { data: Doc }): Promise<{ _id: string }>;
}

export interface Tx {
  collection(name: string): TxCollection;
}

export interface Command {
  eq(v: unknown): any; neq(v: unknown): any; gt(v: unknown): any; gte(v: unknown): any;
  lt(v: unknown): any; lte(v: unknown): any; in(v: unknown[]): any; nin(v: unknown[]): any;
  and(...c: any[]): any; or(...c: any[]): any; exists(v: boolean): any;
  inc(n: number): any; remove(): any; push(v: unknown): any; pull(v: unknown): any; addToSet(v: unknown): any;
  set(v: unknown): any;
}

export interface Db {
  collection(name: string): Collection;
  command: Command;
  runTransaction<T>(fn: (tx: Tx) => Promise<T>, times?: number): Promise<T>;
}

/** True when a database error says the record does not exist (not the transaction: CloudBase's
 * "[ResourceUnavailable.TransactionNotExist] Transaction does not exist …" is a failure). */
export function isNotFound(err: unknown): boolean {
  const msg = String((err as { errMsg?: string; message?: string })?.errMsg ?? (err as Error)?.message ?? '');
  return /not exist|not found|does not exist|cannot find/i.test(msg) && !/TransactionNotExist/.test(msg);
}

/** True when a write failed because the _id or a unique key already exists. */
export function isDuplicateKey(err: unknown): boolean {
  const e = err as { errCode?: number; code?: string; errMsg?: string; message?: string };
  const msg = String(e?.errMsg ?? e?.message ?? '');
  return /duplicate|E11000|already exists/i.test(msg) || e?.code === 'DATABASE_DUPLICATE_KEY';
}

/** True when a transaction lost a write conflict: CloudBase's "[ResourceUnavailable.TransactionConflict]"
 * (wx-server-sdk keeps only errCode -501001 and the message) or the code itself. */
export function isConflict(err: unknown): boolean {
  const e = err as { code?: string; errMsg?: string; message?: string };
  return e?.code === 'DATABASE_TRANSACTION_CONFLICT' || /TRANSACTION_CONFLICT|conflict/i.test(String(e?.errMsg ?? e?.message ?? ''));
}

/** Reads a document by id, or null when it does not exist. */
export async function getOrNull(ref: DocRef): Promise<Doc | null> {
  try {
    const res = await ref.get();
    return res.data ?? null;
  } catch (err) {
    if (isNotFound(err)) return null;
    throw err;
  }
}
