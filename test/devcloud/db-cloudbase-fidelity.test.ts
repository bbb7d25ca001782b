/**
 * Where the emulator's query engine (mingo) differs from CloudBase (MongoDB), pinned through the
 * real wx-server-sdk: elemMatch, jsonSchema, $week, $indexOfCP/$indexOfBytes, $substr(Bytes),
 * stats.updated of set()/update(), and CloudBase's transaction error wording together with the
 * project's own conflict detection (server/runtime/db.ts, server/runtime/tx.ts).
 */
import { rejection, startSdkHarness, type SdkHarness } from '../../devcloud/db/testkit';
import type { Ctx } from '../../server/runtime/context';
import { getOrNull, isConflict, isNotFound, type Db } from '../../server/runtime/db';
import { transact } from '../../server/runtime/tx';

let h: SdkHarness;
let db: any;
let _: any;
let $: any;

beforeAll(async () => {
  h = await startSdkHarness({ dataDir: null, tag: 'fidelity', indexes: {}, collections: ['agg_one', 'members', 'sets_same', 'shelves', 'tx_words', 'upd_same'] });
  db = h.db;
  _ = db.command;
  $ = _.aggregate;
});

afterAll(() => h.close());

const CONFLICT = '[ResourceUnavailable.TransactionConflict] Transaction is conflict, maybe resource operated by others. Please check your request, but if the problem persists, contact us.';
const NOT_EXIST = '[ResourceUnavailable.TransactionNotExist] Transaction does not exist on the server, transaction must be commit or abort in 30 seconds. Please check your request, but if the problem persists, contact us.';

describe('elemMatch', () => {
  beforeAll(async () => {
    await db.collection('shelves').add({
      data: [
        { _id: 'numbers', slots: [3, 7, 11] },
        { _id: 'books', slots: [{ value: 7 }, { value: -2 }] },
        { _id: 'empty-book', slots: [{ value: 0 }, 9] },
        { _id: 'no-value', slots: [{ title: 'x' }] },
      ],
    });
  });
  const ids = async (slots: unknown): Promise<string[]> =>
    (await db.collection('shelves').where({ slots }).get()).data.map((d: any) => d._id).sort();

  test('a field condition matches only arrays of embedded documents, never plain values', async () => {
    expect(await ids(_.elemMatch({ value: _.gt(0) }))).toEqual(['books']);
    expect(await ids(_.elemMatch({ value: _.exists(true) }))).toEqual(['books', 'empty-book']);
    expect(await ids(_.elemMatch({ value: _.mod([4, 3]) }))).toEqual(['books']);
  });

  test('a condition on the element itself still tests plain values', async () => {
    expect(await ids(_.elemMatch(_.gt(10)))).toEqual(['numbers']);
    expect(await ids(_.elemMatch(_.in([9, 11])))).toEqual(['empty-book', 'numbers']);
  });
});

describe('jsonSchema in where', () => {
  beforeAll(async () => {
    await db.collection('members').add({
      data: [
        { _id: 'adult', name: '王一', age: 30, tags: ['a'] },
        { _id: 'minor', name: '李二', age: 12 },
        { _id: 'numeric-name', name: 5, age: 40 },
        { _id: 'no-name', age: 50 },
        { _id: 'text-age', name: '赵三', age: '四十' },
      ],
    });
  });
  const ids = async (schema: object): Promise<string[]> =>
    (await db.collection('members').where(_.jsonSchema(schema)).get()).data.map((d: any) => d._id).sort();

  test('selects the documents that satisfy the schema (required, bsonType, minimum, items)', async () => {
    const adults = { required: ['name', 'age'], properties: { name: { bsonType: 'string' }, age: { bsonType: 'int', minimum: 18 } } };
    expect(await ids(adults)).toEqual(['adult']);
    expect(await ids({ properties: { age: { type: 'string' } } })).toEqual(['text-age']);
    expect(await ids({ required: ['tags'], properties: { tags: { bsonType: 'array', items: { enum: ['a', 'b'] }, minItems: 1 } } })).toEqual(['adult']);
    expect(await ids({ not: { required: ['name'] } })).toEqual(['no-name']);
  });

  test('combines with other conditions; an unsupported keyword fails the request', async () => {
    const res = await db.collection('members').where(_.and([_.jsonSchema({ properties: { age: { bsonType: 'int' } } }), { age: _.gt(35) }])).get();
    expect(res.data.map((d: any) => d._id).sort()).toEqual(['no-name', 'numeric-name']);
    const err = await rejection(db.collection('members').where(_.jsonSchema({ properties: { name: { format: 'email' } } })).get());
    expect(err.errCode).toBe(-502001);
    expect(err.errMsg).toMatch(/\$jsonSchema: unknown or unsupported keyword format/);
  });
});

describe('aggregate expressions', () => {
  const one = async (project: object): Promise<any> => {
    const { list } = await db.collection('agg_one').aggregate().match({ _id: 'x' }).project({ _id: 0, ...project }).end();
    return list[0];
  };
  beforeAll(async () => {
    await db.collection('agg_one').add({
      data: {
        _id: 'x',
        tuesday: new Date('2019-05-14T00:00:00Z'),
        saturday: new Date('2019-01-05T12:00:00Z'),
        firstSunday: new Date('2019-01-06T00:00:00Z'),
        newYearsEveUtc: new Date('2019-12-31T20:00:00Z'),
        word: 'cafébé',
        emoji: '😀ab😀ab',
        hello: 'hello',
        dia: 'día',
      },
    });
  });

  test('$week counts Sunday-started weeks, week 1 from the first Sunday; $isoWeek is unchanged', async () => {
    expect(await one({
      tuesday: $.week('$tuesday'),
      iso: $.isoWeek('$tuesday'),
      saturday: $.week('$saturday'),
      firstSunday: $.week('$firstSunday'),
      newYearsEveUtc: $.week('$newYearsEveUtc'),
      // in Beijing that instant is already Wednesday 2020-01-01: week 0 of 2020
      newYearBeijing: $.week({ date: '$newYearsEveUtc', timezone: 'Asia/Shanghai' }),
    })).toEqual({ tuesday: 19, iso: 20, saturday: 0, firstSunday: 1, newYearsEveUtc: 52, newYearBeijing: 0 });
  });

  test('$indexOfCP counts code points ($indexOfBytes UTF-8 bytes), with start and end', async () => {
    expect(await one({
      cp: $.indexOfCP(['$word', 'b']),
      bytes: $.indexOfBytes(['$word', 'b']),
      emoji: $.indexOfCP(['$emoji', 'a']),
      fromThree: $.indexOfCP(['$emoji', 'a', 3]),
      outsideEnd: $.indexOfCP(['$emoji', 'b', 0, 2]),
      missing: $.indexOfCP(['$word', 'z']),
      nullString: $.indexOfCP(['$nothing', 'a']),
    })).toEqual({ cp: 4, bytes: 5, emoji: 1, fromThree: 4, outsideEnd: -1, missing: -1, nullString: null });
  });

  test('$substrBytes / $substr with a negative length return the rest of the string', async () => {
    expect(await one({
      bytes: $.substrBytes(['$hello', 2, -1]),
      substr: $.substr(['$hello', 1, -3]),
      multibyte: $.substrBytes(['$dia', 1, -1]),
      pastEnd: $.substrBytes(['$hello', 3, 100]),
      startAtEnd: $.substrBytes(['$hello', 5, -1]),
    })).toEqual({ bytes: 'llo', substr: 'ello', multibyte: 'ía', pastEnd: 'lo', startAtEnd: '' });
    // starting inside 'í' (2 bytes) is still an error, as in MongoDB
    const err = await rejection(one({ cut: $.substrBytes(['$dia', 2, -1]) }));
    expect(err.errMsg).toMatch(/starting index is a UTF-8 continuation byte/);
  });
});

describe('stats.updated', () => {
  test('set() counts the record it replaces, even with identical content; a new record is created', async () => {
    await db.collection('sets_same').add({ data: { _id: 's', title: '红楼梦', n: 1 } });
    expect((await db.collection('sets_same').doc('s').set({ data: { title: '红楼梦', n: 1 } })).stats).toEqual({ updated: 1, created: 0 });
    expect((await db.collection('sets_same').doc('s').set({ data: { title: '西游记' } })).stats).toEqual({ updated: 1, created: 0 });
    expect((await db.collection('sets_same').doc('fresh').set({ data: { n: 2 } })).stats).toEqual({ updated: 0, created: 1 });
    const tx = await db.startTransaction();
    expect((await tx.collection('sets_same').doc('s').set({ data: { title: '西游记' } })).stats).toEqual({ updated: 1, created: 0 });
    await tx.commit();
  });

  test('update() and where().update() count the records they change: an update that changes nothing is 0', async () => {
    await db.collection('upd_same').add({ data: [{ _id: 'p', status: 'pending', n: 1 }, { _id: 'q', status: 'pending', n: 1 }] });
    expect((await db.collection('upd_same').doc('p').update({ data: { n: 1 } })).stats.updated).toBe(0);
    expect((await db.collection('upd_same').where({ status: 'pending' }).update({ data: { n: 1 } })).stats.updated).toBe(0);
    expect((await db.collection('upd_same').where({ status: 'pending' }).update({ data: { n: _.inc(1) } })).stats.updated).toBe(2);
    // the project's conditional update: the guard in the query makes the second claim 0
    const claim = () => db.collection('upd_same').where({ _id: 'p', status: 'pending' }).update({ data: { status: 'collected' } });
    expect((await claim()).stats.updated).toBe(1);
    expect((await claim()).stats.updated).toBe(0);
  });
});

describe('transaction errors in CloudBase\'s wording, and the project\'s conflict detection', () => {
  beforeAll(async () => {
    await db.collection('tx_words').add({ data: [{ _id: 'k', v: 0 }, { _id: 'dup', v: 0 }] });
  });

  test('a write conflict reads [ResourceUnavailable.TransactionConflict]; isConflict recognises it', async () => {
    const t1 = await db.startTransaction();
    const t2 = await db.startTransaction();
    await t1.collection('tx_words').doc('k').update({ data: { v: 1 } });
    const err = await rejection(t2.collection('tx_words').doc('k').update({ data: { v: 2 } }));
    expect(err.errCode).toBe(-501001);
    expect(err.errMsg).toBe(`document.update:fail -501001 resource system error. ${CONFLICT}`);
    expect(isConflict(err)).toBe(true);
    expect(isNotFound(err)).toBe(false);
    await t1.commit();
    // a record committed after the transaction started: the same wording
    const t3 = await db.startTransaction();
    await db.collection('tx_words').doc('k').update({ data: { v: 3 } });
    const later = await rejection(t3.collection('tx_words').doc('k').set({ data: { v: 4 } }));
    expect(later.errMsg).toContain(CONFLICT);
    expect(isConflict(later)).toBe(true);
  });

  test('using an ended transaction reads [ResourceUnavailable.TransactionNotExist]: neither a conflict nor a missing record', async () => {
    const tx = await db.startTransaction();
    await tx.commit();
    const afterCommit = await rejection(tx.collection('tx_words').doc('k').update({ data: { v: 9 } }));
    expect(afterCommit.errMsg).toBe(`document.update:fail -501001 resource system error. ${NOT_EXIST}`);
    const commitAgain = await rejection(tx.commit());
    expect(commitAgain).toMatchObject({ code: 'DATABASE_TRANSACTION_FAIL', message: NOT_EXIST });
    expect(isConflict(afterCommit)).toBe(false);
    expect(isNotFound(afterCommit)).toBe(false);
    // a transaction aborted by a failed write: reading through getOrNull must fail, not answer "no record"
    const aborted = await db.startTransaction();
    await expect(aborted.collection('tx_words').add({ data: { _id: 'dup' } })).rejects.toBeDefined();
    const read = await rejection(getOrNull(aborted.collection('tx_words').doc('absent')));
    expect(read.errMsg).toContain('[ResourceUnavailable.TransactionNotExist]');
  });

  test('transact() retries a lost conflict and succeeds once the other transaction has committed', async () => {
    const holder = await db.startTransaction();
    await holder.collection('tx_words').doc('k').update({ data: { v: 100 } });
    const ctx = { db: db as Db, config: { txBudgetMs: 5000 } } as unknown as Ctx;
    const attempts: number[] = [];
    const result = await transact(ctx, async (tx, attempt) => {
      attempts.push(attempt);
      try {
        await tx.collection('tx_words').doc('k').update({ data: { v: _.inc(1) } });
      } finally {
        if (attempt === 1) await holder.commit();
      }
      return attempt;
    });
    expect(attempts).toEqual([1, 2]);
    expect(result).toBe(2);
    expect((await db.collection('tx_words').doc('k').get()).data.v).toBe(101);
  });
});
