/**
 * Transactions through the real wx-server-sdk: snapshot isolation, a write lock per record,
 * first committer wins, plain writes wait, idle transactions are aborted.
 */
import { rejection, startSdkHarness, type SdkHarness } from '../../devcloud/db/testkit';

const IDLE_MS = 1500;
let h: SdkHarness;
let db: any;
let other: any;
let _: any;

beforeAll(async () => {
  h = await startSdkHarness({
    collections: ['acct', 'cnt', 'ctr', 'idle', 'ledger', 'lock', 'rt', 'snap', 'wait'],
    dataDir: null,
    tag: 'txn',
    txnIdleMs: IDLE_MS,
    indexes: { collections: { redemptions: [{ name: 'code_unique', keys: { code: 1 }, unique: true }] } },
  });
  db = h.db;
  other = h.otherDb('other-caller');
  _ = db.command;
});

afterAll(() => h.close());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const read = async (coll: string, id: string): Promise<any> => (await db.collection(coll).doc(id).get()).data;
const exists = async (coll: string, id: string): Promise<boolean> =>
  (await db.collection(coll).where({ _id: id }).count()).total === 1;

describe('startTransaction', () => {
  test('commit applies get/update/set/add/remove atomically; nothing is visible before', async () => {
    await db.collection('acct').add({ data: [{ _id: 'a1', bal: 10 }, { _id: 'a2', bal: 0 }, { _id: 'gone', x: 1 }] });
    const tx = await db.startTransaction();
    const got = await tx.collection('acct').doc('a1').get();
    expect(got.data).toEqual({ _id: 'a1', bal: 10 });
    expect((await tx.collection('acct').doc('a1').update({ data: { bal: _.inc(-4) } })).stats.updated).toBe(1);
    await tx.collection('acct').doc('a2').set({ data: { bal: 4 } });
    const added = await tx.collection('ledger').add({ data: { _id: 'l1', delta: -4 } });
    expect(added._id).toBe('l1');
    expect((await tx.collection('acct').doc('gone').remove()).stats.removed).toBe(1);
    // the transaction sees its own writes
    expect((await tx.collection('acct').doc('a1').get()).data.bal).toBe(6);
    expect((await tx.collection('ledger').doc('l1').get()).data.delta).toBe(-4);
    await expect(tx.collection('acct').doc('gone').get()).rejects.toBeDefined();
    // others do not, until commit
    expect((await read('acct', 'a1')).bal).toBe(10);
    expect(await exists('ledger', 'l1')).toBe(false);
    expect(await exists('acct', 'gone')).toBe(true);
    await tx.commit();
    expect((await read('acct', 'a1')).bal).toBe(6);
    expect((await read('acct', 'a2')).bal).toBe(4);
    expect((await read('ledger', 'l1')).delta).toBe(-4);
    expect(await exists('acct', 'gone')).toBe(false);
  });

  test('rollback discards every write', async () => {
    await db.collection('acct').add({ data: { _id: 'rb', bal: 1 } });
    const tx = await db.startTransaction();
    await tx.collection('acct').doc('rb').update({ data: { bal: 99 } });
    await tx.collection('acct').add({ data: { _id: 'rb-new' } });
    await tx.rollback();
    expect((await read('acct', 'rb')).bal).toBe(1);
    expect(await exists('acct', 'rb-new')).toBe(false);
    // the record is unlocked again
    expect((await db.collection('acct').doc('rb').update({ data: { bal: 2 } })).stats.updated).toBe(1);
  });

  test('snapshot: a transaction reads the committed state as of its start', async () => {
    await db.collection('snap').add({ data: { _id: 's', v: 1 } });
    const tx = await db.startTransaction();
    await db.collection('snap').doc('s').update({ data: { v: 2 } });
    await db.collection('snap').add({ data: { _id: 'late', v: 1 } });
    expect((await tx.collection('snap').doc('s').get()).data.v).toBe(1);
    await expect(tx.collection('snap').doc('late').get()).rejects.toBeDefined();
    await tx.commit();
  });

  test('doc(missing).get() inside a transaction rejects', async () => {
    const tx = await db.startTransaction();
    const err = await rejection(tx.collection('acct').doc('nobody').get());
    expect(err.errMsg).toBe('document.get:fail document with _id nobody does not exist');
    await tx.rollback();
  });

  test('where().get() inside a transaction is rejected and aborts the transaction', async () => {
    const tx = await db.startTransaction();
    await tx.collection('acct').doc('a1').update({ data: { touched: true } });
    const err = await rejection(tx.collection('acct').where({ bal: _.gt(0) }).get());
    expect(err.errCode).toBe(-501007);
    expect(err.errMsg).toMatch(/not allowed in a transaction/);
    await expect(tx.commit()).rejects.toMatchObject({ code: 'DATABASE_TRANSACTION_FAIL' });
    expect((await read('acct', 'a1')).touched).toBeUndefined();
  });

  test('where().update() on a transaction object is a plain write (the SDK sends no transactionId): it would deadlock and is refused', async () => {
    const tx = await db.startTransaction();
    await tx.collection('acct').doc('a2').update({ data: { bal: 5 } });
    const err = await rejection(tx.collection('acct').where({ _id: 'a2' }).update({ data: { bal: 6 } }));
    expect(err.errCode).toBe(-502001);
    expect(err.errMsg).toMatch(/deadlock/);
    await tx.rollback();
    // on records the transaction does not hold, it simply runs outside the transaction
    const tx2 = await db.startTransaction();
    expect((await tx2.collection('acct').where({ _id: 'a1' }).update({ data: { outside: 1 } })).stats.updated).toBe(1);
    await tx2.rollback();
    expect((await read('acct', 'a1')).outside).toBe(1);
  });

  test('count() and aggregate() on a transaction object run outside it (the SDK sends no transactionId)', async () => {
    await db.collection('cnt').add({ data: { _id: 'one' } });
    const tx = await db.startTransaction();
    await tx.collection('cnt').add({ data: { _id: 'two' } });
    expect((await tx.collection('cnt').count()).total).toBe(1);
    expect((await tx.collection('cnt').aggregate().count('n').end()).list).toEqual([{ n: 1 }]);
    await tx.commit();
    expect((await db.collection('cnt').count()).total).toBe(2);
  });

  test('add with an existing _id inside a transaction fails', async () => {
    const tx = await db.startTransaction();
    const err = await rejection(tx.collection('acct').add({ data: { _id: 'a1' } }));
    expect(err.errMsg).toMatch(/duplicate key/);
    await tx.rollback();
  });
});

describe('runTransaction', () => {
  test('returns the callback value and commits', async () => {
    await db.collection('rt').add({ data: { _id: 'c', n: 0 } });
    const out = await db.runTransaction(async (t: any) => {
      const { data } = await t.collection('rt').doc('c').get();
      await t.collection('rt').doc('c').update({ data: { n: data.n + 1 } });
      return { was: data.n };
    });
    expect(out).toEqual({ was: 0 });
    expect((await read('rt', 'c')).n).toBe(1);
  });

  test('a business error aborts without applying and is rethrown as is, after one attempt', async () => {
    const bizError = new Error('INSUFFICIENT_POINTS');
    let calls = 0;
    h.emu.resetCounters();
    const err = await rejection(
      db.runTransaction(async (t: any) => {
        calls += 1;
        await t.collection('rt').doc('c').update({ data: { n: _.inc(100) } });
        throw bizError;
      }),
    );
    expect(err).toBe(bizError);
    expect(calls).toBe(1);
    expect(h.emu.counters.get('txn')).toBe(3); // start, update, abort
    expect((await read('rt', 'c')).n).toBe(1);
    // the lock is gone
    expect((await other.collection('rt').doc('c').update({ data: { n: 1 } })).stats.updated).toBe(0);
  });

  test('a string rejection reason from rollback() is rethrown', async () => {
    await expect(db.runTransaction(async (t: any) => { await t.rollback('NOPE'); })).rejects.toBe('NOPE');
  });
});

describe('conflicts', () => {
  test('a second transaction writing a locked record fails at once with DATABASE_TRANSACTION_CONFLICT', async () => {
    await db.collection('lock').add({ data: { _id: 'k', v: 0 } });
    const t1 = await db.startTransaction();
    const t2 = await db.startTransaction();
    await t1.collection('lock').doc('k').update({ data: { v: 1 } });
    const err = await rejection(t2.collection('lock').doc('k').update({ data: { v: 2 } }));
    // wx-server-sdk keeps only errCode -501001 and the message (CloudBase's wording)
    expect(err.errCode).toBe(-501001);
    expect(err.errMsg).toMatch(/\[ResourceUnavailable\.TransactionConflict\]/);
    // the failed transaction is aborted; the first one commits
    await expect(t2.commit()).rejects.toMatchObject({ code: 'DATABASE_TRANSACTION_FAIL' });
    await t1.commit();
    expect((await read('lock', 'k')).v).toBe(1);
  });

  test('first committer wins: a record committed after the transaction started conflicts', async () => {
    const t1 = await db.startTransaction();
    await db.collection('lock').doc('k').update({ data: { v: 10 } });
    const err = await rejection(t1.collection('lock').doc('k').set({ data: { v: 11 } }));
    expect(err.errMsg).toMatch(/\[ResourceUnavailable\.TransactionConflict\]/);
    await t1.rollback();
    expect((await read('lock', 'k')).v).toBe(10);
  });

  test('inserts of one _id by two transactions conflict', async () => {
    const t1 = await db.startTransaction();
    const t2 = await db.startTransaction();
    await t1.collection('lock').add({ data: { _id: 'fresh' } });
    await expect(t2.collection('lock').add({ data: { _id: 'fresh' } })).rejects.toMatchObject({ errMsg: expect.stringMatching(/\[ResourceUnavailable\.TransactionConflict\]/) });
    await t1.commit();
    expect(await exists('lock', 'fresh')).toBe(true);
  });

  test('through runTransaction a write conflict is not retried (wx-server-sdk drops the code)', async () => {
    const holder = await db.startTransaction();
    await holder.collection('lock').doc('k').update({ data: { v: 20 } });
    let calls = 0;
    const err = await rejection(
      db.runTransaction(async (t: any) => {
        calls += 1;
        await t.collection('lock').doc('k').update({ data: { v: 21 } });
      }),
    );
    expect(calls).toBe(1);
    expect(err.errMsg).toMatch(/\[ResourceUnavailable\.TransactionConflict\]/);
    await holder.commit();
    expect((await read('lock', 'k')).v).toBe(20);
  });

  test('a plain update of a locked record waits for the transaction, then applies', async () => {
    await db.collection('wait').add({ data: { _id: 'w', a: 0, b: 0 } });
    const tx = await db.startTransaction();
    await tx.collection('wait').doc('w').update({ data: { a: 1 } });
    let settled = false;
    const plain = other.collection('wait').doc('w').update({ data: { b: _.inc(1) } }).then((r: any) => {
      settled = true;
      return r;
    });
    const plainWhere = other.collection('wait').where({ a: 0 }).update({ data: { c: 1 } });
    await sleep(150);
    expect(settled).toBe(false);
    await tx.commit();
    expect((await plain).stats.updated).toBe(1);
    // the where() was evaluated again after the wait: a is 1 now, so it matched nothing
    expect((await plainWhere).stats.updated).toBe(0);
    expect(await read('wait', 'w')).toEqual({ _id: 'w', a: 1, b: 1 });
  });

  test('a unique key taken by a commit after the transaction wrote it fails the commit', async () => {
    const tx = await db.startTransaction();
    await tx.collection('redemptions').add({ data: { _id: 'tx-red', code: 'ZZZ' } });
    await db.collection('redemptions').add({ data: { _id: 'plain-red', code: 'ZZZ' } });
    const err = await rejection(tx.commit());
    expect(err.code).toBe('DATABASE_REQUEST_FAILED');
    expect(err.message).toMatch(/E11000 duplicate key error collection: redemptions index: code_unique/);
    expect(await exists('redemptions', 'tx-red')).toBe(false);
    // and at write time when the key is already committed
    const tx2 = await db.startTransaction();
    await expect(tx2.collection('redemptions').add({ data: { code: 'ZZZ' } })).rejects.toMatchObject({ errCode: -502001 });
    await tx2.rollback();
  });

  test('50 concurrent runTransaction read-then-write increments: no lost update', async () => {
    await db.collection('ctr').add({ data: { _id: 'c', n: 0 } });
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, () =>
        db.runTransaction(async (t: any) => {
          const { data } = await t.collection('ctr').doc('c').get();
          await t.collection('ctr').doc('c').update({ data: { n: data.n + 1 } });
          return data.n + 1;
        }),
      ),
    );
    const ok = results.filter((r): r is PromiseFulfilledResult<number> => r.status === 'fulfilled').map((r) => r.value);
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(ok.length).toBeGreaterThanOrEqual(1);
    expect((await read('ctr', 'c')).n).toBe(ok.length);
    expect([...ok].sort((a, b) => a - b)).toEqual(Array.from({ length: ok.length }, (_x, i) => i + 1));
    for (const f of failed) expect(f.reason.errMsg).toMatch(/\[ResourceUnavailable\.TransactionConflict\]/);
  });
});

describe('idle transactions', () => {
  test(`are aborted after ${IDLE_MS} ms: their locks free up and commit fails`, async () => {
    await db.collection('idle').add({ data: { _id: 'i', v: 0 } });
    const tx = await db.startTransaction();
    await tx.collection('idle').doc('i').update({ data: { v: 1 } });
    const started = Date.now();
    const plain = await other.collection('idle').doc('i').update({ data: { v: 2 } });
    expect(plain.stats.updated).toBe(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(IDLE_MS - 600);
    const err = await rejection(tx.commit());
    expect(err.code).toBe('DATABASE_TRANSACTION_FAIL');
    expect(err.message).toMatch(/\[ResourceUnavailable\.TransactionNotExist\]/);
    expect((await read('idle', 'i')).v).toBe(2);
  });
});
