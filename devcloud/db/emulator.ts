import { randomBytes } from 'crypto';
import { conflict, DbError, duplicateKey, invalid, transactionGone } from './errors';
import { clone, isPlainObject, parseWire, toWire, type AnyObject, type Doc, type DocId } from './ejson';
import { Journal } from './journal';
import { aggregate, find, Query, update } from './mongo-compat';
import { QueryLog, type QueryShape } from './query-shapes';
import { idKey, Store, type Change, type IndexSpec } from './store';

export interface DbEmulatorOptions {
  /** null = memory only */
  dataDir: string | null;
  /** parsed db/indexes.json */
  indexes: IndexSpec;
  /** Open transactions idle longer than this are aborted (default 10 000 ms). */
  txnIdleMs?: number;
  /** Clock for db.serverDate() (default Date.now). */
  now?: () => number;
  /** Reject operations on collections that are neither declared in indexes.json nor created (as CloudBase
   * does for collections that do not exist: DATABASE_COLLECTION_NOT_EXIST). Default true; false lets
   * collections appear on first write. */
  strictCollections?: boolean;
  /** Which callers' queries are recorded in queryShapes() (default: all); the local cloud records its function instances'. */
  recordQueries?: (tag: string) => boolean;
}

export interface DirectCollection {
  /** Copies of the matching documents (mingo query), in natural order. */
  find(query?: AnyObject): any[];
  /** Inserts one document now (generated _id when missing); throws on a duplicate key. */
  insert(doc: AnyObject): void;
}

export interface DbEmulator {
  /** Answers one wire request ({action, ...}); never rejects: errors are `{ requestId, code, message }`. */
  handle(tag: string, body: any): Promise<object>;
  /** Requests handled per tag. */
  counters: Map<string, number>;
  /** Of those, the writes (insert, modify, remove) per tag: CloudBase bills reads and writes apart. */
  writeCounters: Map<string, number>;
  /** Documents read per tag: returned by get(), matched by an aggregate's leading $match (what an index range reads). */
  docsRead: Map<string, number>;
  resetCounters(): void;
  collection(name: string): DirectCollection;
  /** Every query shape seen since the start (or resetQueries), and whether an index serves it. */
  queryShapes(): QueryShape[];
  resetQueries(): void;
  /** Aborts the open transactions started under `tag` (e.g. when its worker died); returns how many. */
  abortTag(tag: string): number;
  flush(): Promise<void>;
  close(): Promise<void>;
}

interface Txn {
  id: string;
  tag: string;
  startSeq: number;
  lastActive: number;
  /** lock key -> intended final state */
  writes: Map<string, Change>;
  done: Promise<void>;
  finish: () => void;
}

type Body = Record<string, unknown>;
type Result = Record<string, unknown>;

const MAX_LIMIT = 1000;
const DEFAULT_LIMIT = 100;
const ENDED_MEMORY = 10_000;

const hex = (bytes: number): string => randomBytes(bytes).toString('hex');
const lockKey = (coll: string, id: DocId): string => `${coll}\u0000${idKey(id)}`;
const same = (a: Doc | null, b: Doc | null): boolean => (a === null || b === null ? a === b : toWire(a) === toWire(b));
/**
 * `stats.updated` as CloudBase reports it: `set()` (a replacement) counts the record it matched,
 * even when the new content equals the old; `update()` and `where().update()` count the records
 * actually changed (MongoDB's nModified), so a conditional update must change something.
 */
const matchedOrModified = (replace: boolean, matched: number, modified: number): number => (replace ? matched : modified);
const wrapMingo = <T>(fn: () => T): T => {
  try {
    return fn();
  } catch (e) {
    if (e instanceof DbError) throw e;
    throw new DbError('DATABASE_REQUEST_FAILED', `[FailedOperation] ${(e as Error).message}`);
  }
};

/** Wire actions that write (in or out of a transaction); every other request counts as a read. */
const WRITE_ACTIONS = new Set(['database.insertDocument', 'database.modifyDocument', 'database.modifyAndReturnDoc', 'database.removeDocument']);

class Emulator implements DbEmulator {
  readonly counters = new Map<string, number>();
  readonly writeCounters = new Map<string, number>();
  readonly docsRead = new Map<string, number>();
  private matched = 0;
  private readonly txns = new Map<string, Txn>();
  private readonly ended = new Map<string, string>();
  private readonly locks = new Map<string, Txn>();
  private readonly idleMs: number;
  private readonly now: () => number;
  private readonly timer: NodeJS.Timeout;
  private closed = false;
  private readonly queries: QueryLog;

  constructor(private readonly store: Store, private readonly journal: Journal | null, private readonly opts: DbEmulatorOptions) {
    const declared = opts.indexes?.collections ?? {};
    const growing = Array.isArray(opts.indexes?.growing) ? (opts.indexes.growing as string[]) : [];
    this.queries = new QueryLog((coll) => declared[coll] ?? [], new Set(growing));
    this.idleMs = opts.txnIdleMs ?? 10_000;
    this.now = opts.now ?? Date.now;
    this.timer = setInterval(() => this.expireIdle(), Math.max(50, Math.min(1000, this.idleMs / 4)));
    this.timer.unref();
  }

  resetCounters(): void {
    this.counters.clear();
    this.writeCounters.clear();
    this.docsRead.clear();
  }

  queryShapes(): QueryShape[] {
    return this.queries.list();
  }

  resetQueries(): void {
    this.queries.reset();
  }

  /** Records a WHERE query's shape (DOC queries go by _id and need no index). */
  private noteWhere(b: Body, coll: string, kind: string, order?: AnyObject): void {
    if (b.queryType === 'DOC' || !this.recording) return;
    this.queries.note(coll, kind, this.query(b), order as Record<string, number> | undefined);
  }

  /** Whether the request being dispatched is recorded in queryShapes() (set per request; dispatch is synchronous up to the query). */
  private recording = true;

  async handle(tag: string, body: any): Promise<object> {
    this.counters.set(tag, (this.counters.get(tag) ?? 0) + 1);
    this.recording = this.opts.recordQueries ? this.opts.recordQueries(tag) : true;
    if (isPlainObject(body) && WRITE_ACTIONS.has(body.action as string)) this.writeCounters.set(tag, (this.writeCounters.get(tag) ?? 0) + 1);
    const requestId = hex(16);
    try {
      if (this.closed) throw new DbError('SYS_ERR', 'the local database emulator is closed');
      if (!isPlainObject(body) || typeof body.action !== 'string') throw invalid('request body must be an object with an action');
      this.expireIdle();
      this.matched = 0;
      const out = await this.dispatch(tag, body);
      const list = (out as { data?: { list?: unknown } }).data?.list;
      const read = body.action === 'database.aggregateDocuments' ? this.matched : Array.isArray(list) ? list.length : 0;
      if (read) this.docsRead.set(tag, (this.docsRead.get(tag) ?? 0) + read);
      return { requestId, ...out };
    } catch (e) {
      if (e instanceof DbError) return { requestId, code: e.code, message: e.message };
      console.error('[devcloud db] internal error', e);
      return { requestId, code: 'SYS_ERR', message: `local emulator internal error: ${(e as Error).message}` };
    }
  }

  private dispatch(tag: string, b: Body): Promise<Result> | Result {
    switch (b.action) {
      case 'database.getDocument':
        return this.getDocument(b);
      case 'database.insertDocument':
        return this.insertDocument(tag, b);
      case 'database.modifyDocument':
        return this.modifyDocument(tag, b);
      case 'database.modifyAndReturnDoc':
        return this.modifyAndReturnDoc(tag, b);
      case 'database.removeDocument':
        return this.removeDocument(tag, b);
      case 'database.calculateDocument':
        return this.calculateDocument(b);
      case 'database.aggregateDocuments':
        return this.aggregateDocuments(b);
      case 'database.startTransaction':
        return this.startTransaction(tag);
      case 'database.commitTransaction':
        return this.commitTransaction(b);
      case 'database.abortTransaction':
        return this.abortTransaction(b);
      case 'database.addCollection':
        return this.addCollection(b);
      default:
        throw invalid(`action ${String(b.action)} is not supported by the local database emulator`);
    }
  }

  // ---------- request parsing ----------

  private collName(b: Body): string {
    const name = b.collectionName;
    if (typeof name !== 'string' || !name) throw invalid('collectionName is required');
    if (this.opts.strictCollections !== false && !this.store.has(name)) {
      throw new DbError('DATABASE_COLLECTION_NOT_EXIST', `[ResourceNotFound] collection ${name} not exists`);
    }
    return name;
  }

  private parse(v: unknown, what: string): unknown {
    return parseWire(v, this.now(), what);
  }

  private parseObject(v: unknown, what: string, dflt?: AnyObject): AnyObject {
    if ((v === undefined || v === null || v === '') && dflt) return dflt;
    const out = this.parse(v, what);
    if (!isPlainObject(out)) throw invalid(`${what} must be an object`);
    return out;
  }

  private query(b: Body): AnyObject {
    return this.parseObject(b.query, 'query', {});
  }

  /** The `_id` of a DOC query (`{"_id": id}`, nothing else). */
  private docId(b: Body): DocId {
    const q = this.query(b);
    const id = q._id;
    if (Object.keys(q).length !== 1 || (typeof id !== 'string' && typeof id !== 'number') || id === '') {
      throw invalid('a DOC query must be exactly { _id: <string|number> }');
    }
    return id;
  }

  private matcher(q: AnyObject): Query {
    return wrapMingo(() => new Query(q));
  }

  // ---------- transactions ----------

  private txn(b: Body): Txn | null {
    const id = b.transactionId;
    if (id === undefined || id === null || id === '') return null;
    const t = this.txns.get(String(id));
    if (!t) throw transactionGone();
    t.lastActive = Date.now();
    return t;
  }

  /** Runs a transaction-bound operation; any failure aborts the transaction (as MongoDB does). */
  private inTxn<T>(t: Txn, fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      this.endTxn(t, `was aborted by an error: ${(e as Error).message}`, false);
      throw e;
    }
  }

  private view(t: Txn, coll: string, id: DocId): Doc | null {
    const w = t.writes.get(lockKey(coll, id));
    return w ? w.doc : this.store.at(coll, id, t.startSeq);
  }

  /** Records a transactional write: first writer locks the record; a locked or newer record conflicts. */
  private txnWrite(t: Txn, change: Change): void {
    const lk = lockKey(change.coll, change.id);
    const holder = this.locks.get(lk);
    if (holder && holder !== t) throw conflict();
    if (!holder && this.store.headSeq(change.coll, change.id) > t.startSeq) {
      throw conflict();
    }
    const writes = new Map(t.writes);
    writes.set(lk, change);
    this.store.checkUnique([...writes.values()]);
    this.locks.set(lk, t);
    t.writes.set(lk, change);
  }

  private notInTxn(b: Body, what: string): void {
    if (b.transactionId !== undefined && b.transactionId !== null && b.transactionId !== '') {
      const t = this.txn(b);
      if (t) this.inTxn(t, () => { throw invalid(`${what} is not allowed in a transaction: only doc(id).get/set/update/remove and collection.add`); });
    }
  }

  private startTransaction(tag: string): Result {
    const id = `local-tx-${hex(12)}`;
    let finish: () => void = () => undefined;
    const done = new Promise<void>((r) => { finish = r; });
    this.txns.set(id, { id, tag, startSeq: this.store.seq, lastActive: Date.now(), writes: new Map(), done, finish });
    return { transactionId: id };
  }

  private endTxn(t: Txn, why: string, committed: boolean): void {
    if (!this.txns.delete(t.id)) return;
    for (const lk of t.writes.keys()) if (this.locks.get(lk) === t) this.locks.delete(lk);
    if (!committed) t.writes.clear();
    this.ended.set(t.id, why);
    if (this.ended.size > ENDED_MEMORY) this.ended.delete(this.ended.keys().next().value as string);
    this.prune();
    t.finish();
  }

  private prune(): void {
    let min = Infinity;
    for (const t of this.txns.values()) min = Math.min(min, t.startSeq);
    this.store.prune(min);
  }

  private commitTransaction(b: Body): Result {
    const t = this.txn(b);
    if (!t) throw invalid('transactionId is required');
    this.inTxn(t, () => this.store.commit([...t.writes.values()], true));
    this.endTxn(t, 'was committed', true);
    return {};
  }

  private abortTransaction(b: Body): Result {
    const id = String(b.transactionId ?? '');
    const t = this.txns.get(id);
    if (t) this.endTxn(t, 'was aborted', false);
    else if (this.ended.get(id) === 'was committed' || !this.ended.has(id)) throw transactionGone();
    return {};
  }

  private expireIdle(): void {
    const limit = Date.now() - this.idleMs;
    for (const t of [...this.txns.values()]) {
      if (t.lastActive < limit) this.endTxn(t, `was aborted after ${this.idleMs} ms idle`, false);
    }
  }

  abortTag(tag: string): number {
    let n = 0;
    for (const t of [...this.txns.values()]) {
      if (t.tag === tag) {
        this.endTxn(t, 'was aborted (its caller went away)', false);
        n += 1;
      }
    }
    return n;
  }

  /**
   * A plain (non-transactional) write: waits while any record it touches is locked by an open
   * transaction, then applies atomically. `plan` is re-run after every wait.
   */
  private async plainWrite<T>(tag: string, plan: () => { keys: string[]; apply: () => T }): Promise<T> {
    for (;;) {
      if (this.closed) throw new DbError('SYS_ERR', 'the local database emulator is closed');
      const p = plan();
      const blocker = p.keys.map((k) => this.locks.get(k)).find((t): t is Txn => !!t);
      if (!blocker) return p.apply();
      if (tag && blocker.tag === tag) {
        throw new DbError(
          'DATABASE_REQUEST_FAILED',
          'deadlock: this plain write waits for a record locked by an open transaction of the same caller. ' +
            'where().update()/remove() and count() on a transaction object are NOT part of the transaction ' +
            '(the SDK sends them without transactionId); use doc(id) operations inside transactions',
        );
      }
      await blocker.done;
    }
  }

  // ---------- documents ----------

  private newId(): string {
    return hex(16);
  }

  private compute(old: Doc | null, id: DocId, data: AnyObject, replace: boolean): Doc {
    const keys = Object.keys(data);
    const ops = keys.filter((k) => k.startsWith('$'));
    if (replace) {
      if (ops.length) throw invalid('set() data must not contain update operators');
      if ('_id' in data && data._id !== id) throw invalid('cannot change _id');
      const { _id: _ignored, ...rest } = data;
      return { _id: id, ...clone(rest) };
    }
    if (ops.length && ops.length !== keys.length) throw invalid('update data mixes operators and plain fields');
    const modifier = ops.length ? data : { $set: data };
    const base: Doc = old ? clone(old) : { _id: id };
    wrapMingo(() => update(base, clone(modifier) as never));
    if (base._id !== id) {
      throw new DbError('DATABASE_REQUEST_FAILED', "[FailedOperation] Performing an update on the path '_id' would modify the immutable field '_id'");
    }
    return base;
  }

  private getDocument(b: Body): Result {
    const t = this.txn(b);
    const projection = b.projection === undefined ? undefined : this.parseObject(b.projection, 'projection');
    const project = (docs: Doc[]): AnyObject[] =>
      projection ? wrapMingo(() => find(docs, {}, projection).all() as AnyObject[]) : docs;
    if (t) {
      return this.inTxn(t, () => {
        const coll = this.collName(b);
        if (b.queryType !== 'DOC') throw invalid('where() queries are not allowed in a transaction: only doc(id).get/set/update/remove and collection.add');
        const doc = this.view(t, coll, this.docId(b));
        return { data: { list: project(doc ? [doc] : []).map(toWire), limit: 1, offset: 0 } };
      });
    }
    const coll = this.collName(b);
    let limit = DEFAULT_LIMIT;
    if (b.limit !== undefined && b.limit !== null) {
      if (!Number.isInteger(b.limit) || (b.limit as number) < 0) throw invalid('limit must be a non-negative integer');
      limit = Math.min(MAX_LIMIT, (b.limit as number) || DEFAULT_LIMIT);
    }
    let offset = 0;
    if (b.offset !== undefined && b.offset !== null) {
      if (!Number.isInteger(b.offset) || (b.offset as number) < 0) throw invalid('offset must be a non-negative integer');
      offset = b.offset as number;
    }
    if (b.queryType === 'DOC') {
      const doc = this.store.current(coll, this.docId(b));
      return { data: { list: project(doc ? [doc] : []).map(toWire), limit, offset: 0 } };
    }
    const q = this.query(b);
    const order = b.order === undefined ? undefined : this.parseObject(b.order, 'order');
    if (order) {
      for (const [k, v] of Object.entries(order)) if (v !== 1 && v !== -1) throw invalid(`orderBy ${k} must be asc or desc`);
    }
    this.noteWhere(b, coll, 'get', order);
    const list = wrapMingo(() => {
      let cur = find(this.store.candidates(coll, q), q, projection);
      if (order) cur = cur.sort(order as Record<string, 1 | -1>);
      return cur.skip(offset).limit(limit).all() as AnyObject[];
    });
    return { data: { list: list.map(toWire), limit, offset } };
  }

  private insertDocument(tag: string, b: Body): Promise<Result> | Result {
    const t = this.txn(b);
    const run = (): { coll: string; docs: Doc[] } => {
      const coll = this.collName(b);
      const raw = Array.isArray(b.data) ? b.data : [b.data];
      if (!raw.length) throw invalid('data must not be empty');
      const docs = raw.map((r, i) => {
        const d = this.parseObject(r, `data[${i}]`);
        if (d._id === undefined || d._id === null) return { _id: this.newId(), ...d } as Doc;
        if ((typeof d._id !== 'string' && typeof d._id !== 'number') || d._id === '') throw invalid('_id must be a non-empty string or a number');
        return d as Doc;
      });
      const seen = new Set<string>();
      for (const d of docs) {
        if (seen.has(idKey(d._id))) throw duplicateKey(coll, '_id_', `{ _id: ${JSON.stringify(d._id)} }`);
        seen.add(idKey(d._id));
      }
      return { coll, docs };
    };
    if (t) {
      return this.inTxn(t, () => {
        const { coll, docs } = run();
        for (const d of docs) {
          const lk = lockKey(coll, d._id);
          const holder = this.locks.get(lk);
          if (holder && holder !== t) throw conflict();
          if (this.view(t, coll, d._id)) throw duplicateKey(coll, '_id_', `{ _id: ${JSON.stringify(d._id)} }`);
          this.txnWrite(t, { coll, id: d._id, doc: d });
        }
        return { data: { insertedIds: docs.map((d) => d._id) } };
      });
    }
    const { coll, docs } = run();
    return this.plainWrite(tag, () => ({
      keys: docs.map((d) => lockKey(coll, d._id)),
      apply: () => {
        for (const d of docs) if (this.store.current(coll, d._id)) throw duplicateKey(coll, '_id_', `{ _id: ${JSON.stringify(d._id)} }`);
        this.commitPlain(docs.map((d) => ({ coll, id: d._id, doc: d })));
        return { data: { insertedIds: docs.map((d) => d._id) } };
      },
    }));
  }

  private commitPlain(changes: Change[]): void {
    this.store.commit(changes, this.txns.size > 0);
  }

  /** Documents a WHERE/DOC request targets in the committed state. */
  private targets(b: Body, coll: string, multi: boolean): Doc[] {
    if (b.queryType === 'DOC') {
      const doc = this.store.current(coll, this.docId(b));
      return doc ? [doc] : [];
    }
    const raw = this.query(b);
    const q = this.matcher(raw);
    const out: Doc[] = [];
    for (const d of this.store.candidates(coll, raw)) {
      if (q.test(d)) {
        out.push(d);
        if (!multi) break;
      }
    }
    return out;
  }

  private modifyDocument(tag: string, b: Body): Promise<Result> | Result {
    const t = this.txn(b);
    const replace = b.merge === false;
    const upsert = b.upsert === true;
    if (t) {
      return this.inTxn(t, () => {
        const coll = this.collName(b);
        if (b.queryType !== 'DOC' || b.multi === true) {
          throw invalid('where().update() is not allowed in a transaction: only doc(id).get/set/update/remove and collection.add');
        }
        const id = this.docId(b);
        const data = this.parseObject(b.data, 'data');
        const old = this.view(t, coll, id);
        if (!old && !upsert) return { data: { updated: 0 } };
        const next = this.compute(old, id, data, replace);
        if (same(old, next)) return { data: { updated: matchedOrModified(replace, 1, 0) } };
        this.txnWrite(t, { coll, id, doc: next });
        return { data: old ? { updated: 1 } : { updated: 0, upsert_id: id } };
      });
    }
    const coll = this.collName(b);
    const data = this.parseObject(b.data, 'data');
    const multi = b.multi !== false;
    if (upsert && b.queryType !== 'DOC') throw invalid('upsert is only supported for doc(id).set()');
    const docIdForUpsert = upsert ? this.docId(b) : undefined;
    this.noteWhere(b, coll, 'update');
    return this.plainWrite(tag, () => {
      const found = this.targets(b, coll, multi);
      const keys = found.map((d) => lockKey(coll, d._id));
      if (docIdForUpsert !== undefined && !found.length) keys.push(lockKey(coll, docIdForUpsert));
      return {
        keys,
        apply: () => {
          const changes: Change[] = [];
          for (const d of found) {
            const next = this.compute(d, d._id, data, replace);
            if (!same(d, next)) changes.push({ coll, id: d._id, doc: next });
          }
          if (docIdForUpsert !== undefined && !found.length) {
            this.commitPlain([{ coll, id: docIdForUpsert, doc: this.compute(null, docIdForUpsert, data, replace) }]);
            return { data: { updated: 0, upsert_id: docIdForUpsert } };
          }
          this.commitPlain(changes);
          return { data: { updated: matchedOrModified(replace, found.length, changes.length) } };
        },
      };
    });
  }

  private modifyAndReturnDoc(tag: string, b: Body): Promise<Result> {
    this.notInTxn(b, 'updateAndReturn()');
    const coll = this.collName(b);
    const data = this.parseObject(b.data, 'data');
    this.noteWhere(b, coll, 'updateAndReturn');
    return this.plainWrite(tag, () => {
      const found = this.targets(b, coll, false);
      return {
        keys: found.map((d) => lockKey(coll, d._id)),
        apply: () => {
          if (!found.length) return { data: { updated: 0, doc: null } };
          const next = this.compute(found[0], found[0]._id, data, false);
          const changed = !same(found[0], next);
          if (changed) this.commitPlain([{ coll, id: next._id, doc: next }]);
          return { data: { updated: changed ? 1 : 0, doc: toWire(next) } };
        },
      };
    });
  }

  private removeDocument(tag: string, b: Body): Promise<Result> | Result {
    const t = this.txn(b);
    if (t) {
      return this.inTxn(t, () => {
        const coll = this.collName(b);
        if (b.queryType !== 'DOC' || b.multi === true) {
          throw invalid('where().remove() is not allowed in a transaction: only doc(id).get/set/update/remove and collection.add');
        }
        const id = this.docId(b);
        if (!this.view(t, coll, id)) return { data: { deleted: 0 } };
        this.txnWrite(t, { coll, id, doc: null });
        return { data: { deleted: 1 } };
      });
    }
    const coll = this.collName(b);
    const multi = b.multi !== false;
    this.noteWhere(b, coll, 'remove');
    return this.plainWrite(tag, () => {
      const found = this.targets(b, coll, multi);
      return {
        keys: found.map((d) => lockKey(coll, d._id)),
        apply: () => {
          this.commitPlain(found.map((d) => ({ coll, id: d._id, doc: null })));
          return { data: { deleted: found.length } };
        },
      };
    });
  }

  private calculateDocument(b: Body): Result {
    this.notInTxn(b, 'count()');
    const coll = this.collName(b);
    const raw = this.query(b);
    const q = this.matcher(raw);
    this.noteWhere(b, coll, 'count');
    let total = 0;
    for (const d of this.store.rangeCandidates(coll, raw) ?? this.store.candidates(coll, raw)) if (q.test(d)) total += 1;
    return { data: { total } };
  }

  private aggregateDocuments(b: Body): Result {
    this.notInTxn(b, 'aggregate()');
    const coll = this.collName(b);
    const stages = b.stages ?? [];
    if (!Array.isArray(stages)) throw invalid('stages must be an array');
    const pipeline = stages.map((s, i) => {
      if (!isPlainObject(s) || typeof s.stageKey !== 'string') throw invalid(`stages[${i}] must be { stageKey, stageValue }`);
      return { [s.stageKey]: this.parse(s.stageValue, `stages[${i}]`) };
    });
    const first = pipeline[0] as AnyObject | undefined;
    if (this.recording) this.queries.note(coll, 'aggregate', first && isPlainObject(first.$match) ? first.$match : {},
      first && isPlainObject(first.$sort) ? (first.$sort as Record<string, number>) : undefined);
    // A leading $match filters the stored documents before they are copied (large collections).
    let docs: Doc[];
    if (pipeline.length && isPlainObject(pipeline[0].$match)) {
      const m = pipeline.shift()!.$match as AnyObject;
      const q = this.matcher(m);
      docs = (this.store.rangeCandidates(coll, m) ?? this.store.docs(coll)).filter((d) => q.test(d));
    } else docs = this.store.docs(coll);
    this.matched = docs.length;
    const list = wrapMingo(() =>
      aggregate(clone(docs), pipeline, { collectionResolver: (name: string) => clone(this.store.docs(name)) }),
    );
    return { data: { list: list.map(toWire) } };
  }

  private addCollection(b: Body): Result {
    const name = b.collectionName;
    if (typeof name !== 'string' || !name) throw invalid('collectionName is required');
    if (!this.store.create(name)) throw new DbError('DATABASE_COLLECTION_ALREADY_EXIST', `collection ${name} already exists`);
    return {};
  }

  // ---------- direct access ----------

  collection(name: string): DirectCollection {
    return {
      find: (query: AnyObject = {}) => clone(find(this.store.docs(name), query).all() as AnyObject[]),
      insert: (doc: AnyObject) => {
        if (this.closed) throw new Error('the local database emulator is closed');
        const d = clone(doc) as Doc;
        if (d._id === undefined || d._id === null) d._id = this.newId();
        if (this.store.current(name, d._id)) throw duplicateKey(name, '_id_', `{ _id: ${JSON.stringify(d._id)} }`);
        this.commitPlain([{ coll: name, id: d._id, doc: d }]);
      },
    };
  }

  async flush(): Promise<void> {
    this.journal?.flush();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    clearInterval(this.timer);
    for (const t of [...this.txns.values()]) this.endTxn(t, 'was aborted (emulator closed)', false);
    this.closed = true;
    this.journal?.close();
  }
}

export async function createDbEmulator(opts: DbEmulatorOptions): Promise<DbEmulator> {
  const store = new Store(opts.indexes ?? {}, null);
  let journal: Journal | null = null;
  if (opts.dataDir) {
    const opened = Journal.open(opts.dataDir);
    journal = opened.journal;
    try {
      for (const r of opened.records) {
        for (const name of r.mk ?? []) store.create(name);
        for (const w of r.w ?? []) store.put({ coll: w.c, id: w.id, doc: w.d ?? null }, 0, false);
      }
      journal.compact(store.snapshot());
    } catch (e) {
      journal.close();
      throw e;
    }
    store.attachJournal(journal);
  }
  return new Emulator(store, journal, opts);
}
