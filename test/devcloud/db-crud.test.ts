/**
 * Conformance of the database emulator, action by action, through the real wx-server-sdk
 * (cloud.database() over HTTP on loopback).
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import { createDbEmulator, startDbServer } from '../../devcloud/db';
import { rejection, startSdkHarness, type SdkHarness } from '../../devcloud/db/testkit';

let h: SdkHarness;
let db: any;
let _: any;
let dir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yue-db-crud-'));
  h = await startSdkHarness({
    collections: ['agg_items', 'agg_owners', 'cards', 'dated', 'dup', 'many', 'multi', 'numid', 'ops', 'page', 'rm', 'sets', 'uar', 'upd'],
    dataDir: dir,
    tag: 'crud',
    indexes: {
      collections: {
        redemptions: [
          { name: 'code_unique', keys: { code: 1 }, unique: true },
          { name: 'card_time', keys: { cardNo: 1, createdAt: -1 } },
        ],
      },
    },
  });
  db = h.db;
  _ = db.command;
});

afterAll(async () => {
  await h.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('add / get / doc', () => {
  test('add one: generated _id is 32 hex chars; doc(id).get returns it', async () => {
    const res = await db.collection('cards').add({ data: { cardNo: 'A1', balance: 10 } });
    expect(res.errMsg).toBe('collection.add:ok');
    expect(res._id).toMatch(/^[0-9a-f]{32}$/);
    const got = await db.collection('cards').doc(res._id).get();
    expect(got).toEqual({ data: { _id: res._id, cardNo: 'A1', balance: 10 }, errMsg: 'document.get:ok' });
  });

  test('add many returns _ids in order, keeping given ids', async () => {
    const res = await db.collection('many').add({ data: [{ _id: 'm1', v: 1 }, { v: 2 }] });
    expect(res._ids).toHaveLength(2);
    expect(res._ids[0]).toBe('m1');
    expect((await db.collection('many').get()).data.map((d: any) => d.v)).toEqual([1, 2]);
  });

  test('add with an existing _id fails with a duplicate-key error and changes nothing', async () => {
    await db.collection('dup').add({ data: { _id: 'checkin_A1_20240101', n: 1 } });
    const err = await rejection(db.collection('dup').add({ data: { _id: 'checkin_A1_20240101', n: 2 } }));
    expect(err.errCode).toBe(-502001);
    expect(err.errMsg).toMatch(/^collection\.add:fail .*E11000 duplicate key error .*index: _id_/);
    expect((await db.collection('dup').doc('checkin_A1_20240101').get()).data.n).toBe(1);
  });

  test('doc(missing).get() rejects (the emulator answers an empty list; wx-server-sdk throws)', async () => {
    const err = await rejection(db.collection('cards').doc('nope').get());
    expect(err.errMsg).toBe('document.get:fail document with _id nope does not exist');
  });

  test('numeric _id works with doc()', async () => {
    await db.collection('numid').add({ data: { _id: 7, v: 'seven' } });
    expect((await db.collection('numid').doc(7).get()).data).toEqual({ _id: 7, v: 'seven' });
    // '7' (string) is another record
    await expect(db.collection('numid').doc('7').get()).rejects.toBeDefined();
  });
});

describe('query operators', () => {
  beforeAll(async () => {
    await db.collection('ops').add({
      data: [
        { _id: 'a', n: 1, s: 'x', tags: ['red'], nested: { x: 1, y: 'p' } },
        { _id: 'b', n: 2, s: 'y', tags: ['blue'], nested: { x: 2, y: 'q' }, opt: true },
        { _id: 'c', n: 3, s: 'z', tags: ['red', 'blue'], nested: { x: 3, y: 'r' } },
        { _id: 'd', n: 4, s: 'Xylophone', nested: { x: 4, y: 's' }, opt: null },
      ],
    });
  });
  const ids = async (q: unknown): Promise<string[]> =>
    (await db.collection('ops').where(q).get()).data.map((d: any) => d._id).sort();

  test('equality and comparisons', async () => {
    expect(await ids({ n: 2 })).toEqual(['b']);
    expect(await ids({ n: _.eq(2) })).toEqual(['b']);
    expect(await ids({ n: _.neq(2) })).toEqual(['a', 'c', 'd']);
    expect(await ids({ n: _.gt(2) })).toEqual(['c', 'd']);
    expect(await ids({ n: _.gte(2) })).toEqual(['b', 'c', 'd']);
    expect(await ids({ n: _.lt(2) })).toEqual(['a']);
    expect(await ids({ n: _.lte(2) })).toEqual(['a', 'b']);
    expect(await ids({ n: _.gt(1).and(_.lt(4)) })).toEqual(['b', 'c']);
  });

  test('$in, $nin, and array membership', async () => {
    expect(await ids({ s: _.in(['x', 'z']) })).toEqual(['a', 'c']);
    expect(await ids({ s: _.nin(['x', 'z']) })).toEqual(['b', 'd']);
    expect(await ids({ tags: 'red' })).toEqual(['a', 'c']);
  });

  test('$and, $or', async () => {
    expect(await ids(_.or([{ n: 1 }, { s: 'z' }]))).toEqual(['a', 'c']);
    expect(await ids(_.and([{ n: _.gte(2) }, { tags: 'blue' }]))).toEqual(['b', 'c']);
    expect(await ids({ n: _.lt(2).or(_.gt(3)) })).toEqual(['a', 'd']);
  });

  test('$exists (a null value exists)', async () => {
    expect(await ids({ opt: _.exists(true) })).toEqual(['b', 'd']);
    expect(await ids({ opt: _.exists(false) })).toEqual(['a', 'c']);
  });

  test('nested fields: dotted path and nested object form', async () => {
    expect(await ids({ 'nested.x': _.gte(3) })).toEqual(['c', 'd']);
    expect(await ids({ nested: { y: 'q' } })).toEqual(['b']);
  });

  test('db.RegExp', async () => {
    expect(await ids({ s: db.RegExp({ regexp: '^x', options: 'i' }) })).toEqual(['a', 'd']);
  });

  test('an unknown operator is a request failure', async () => {
    const err = await rejection(db.collection('ops').where({ n: { $bogus: 1 } }).get());
    expect(err.errCode).toBe(-502001);
  });
});

describe('update / set / remove / count', () => {
  test('doc().update with every update operator', async () => {
    await db.collection('upd').add({
      data: { _id: 'u', n: 1, keep: 'k', gone: 1, list: [1], pulls: [1, 2, 3, 2], set: [1], lo: 5, hi: 5, m: 3, o: { a: 1 } },
    });
    const res = await db.collection('upd').doc('u').update({
      data: {
        n: _.inc(2),
        'o.b': 2,
        o2: { deep: true },
        gone: _.remove(),
        list: _.push([2, 3]),
        pulls: _.pull(2),
        set: _.addToSet(1),
        lo: _.min(3),
        hi: _.max(9),
        m: _.mul(2),
      },
    });
    expect(res).toEqual({ stats: { updated: 1 }, errMsg: 'document.update:ok' });
    const { data } = await db.collection('upd').doc('u').get();
    expect(data).toEqual({ _id: 'u', n: 3, keep: 'k', list: [1, 2, 3], pulls: [1, 3], set: [1], lo: 3, hi: 9, m: 6, o: { a: 1, b: 2 }, o2: { deep: true } });
    await db.collection('upd').doc('u').update({ data: { set: _.addToSet(4), list: _.push({ each: [0], position: 0 }) } });
    expect((await db.collection('upd').doc('u').get()).data).toMatchObject({ set: [1, 4], list: [0, 1, 2, 3] });
  });

  test('doc().update of a missing record updates 0 and creates nothing', async () => {
    const res = await db.collection('upd').doc('missing').update({ data: { n: 1 } });
    expect(res.stats.updated).toBe(0);
    await expect(db.collection('upd').doc('missing').get()).rejects.toBeDefined();
  });

  test('update cannot touch _id', async () => {
    await expect(db.collection('upd').doc('u').update({ data: { _id: 'x' } })).rejects.toBeDefined();
  });

  test('doc().set replaces the whole record, and upserts a missing one', async () => {
    await db.collection('sets').add({ data: { _id: 's', a: 1, b: 2 } });
    const replaced = await db.collection('sets').doc('s').set({ data: { c: 3 } });
    expect(replaced).toEqual({ _id: 's', errMsg: 'document.set:ok', stats: { updated: 1, created: 0 } });
    expect((await db.collection('sets').doc('s').get()).data).toEqual({ _id: 's', c: 3 });
    const created = await db.collection('sets').doc('new').set({ data: { d: 4 } });
    expect(created.stats).toEqual({ updated: 0, created: 1 });
    expect((await db.collection('sets').doc('new').get()).data).toEqual({ _id: 'new', d: 4 });
  });

  test('where().update updates every match and reports stats.updated (0 and >0)', async () => {
    await db.collection('multi').add({ data: [{ g: 1, v: 0 }, { g: 1, v: 0 }, { g: 2, v: 0 }] });
    expect((await db.collection('multi').where({ g: 1 }).update({ data: { v: _.inc(1) } })).stats.updated).toBe(2);
    expect((await db.collection('multi').where({ g: 9 }).update({ data: { v: 1 } })).stats.updated).toBe(0);
    expect((await db.collection('multi').where({ v: 1 }).count()).total).toBe(2);
  });

  test('conditional atomic update: where({_id, balance: gte(cost)}).update(inc(-cost))', async () => {
    await db.collection('cards').add({ data: { _id: 'card1', balance: 30 } });
    const spend = (cost: number) =>
      db.collection('cards').where({ _id: 'card1', balance: _.gte(cost) }).update({ data: { balance: _.inc(-cost) } });
    expect((await spend(20)).stats.updated).toBe(1);
    expect((await spend(20)).stats.updated).toBe(0);
    expect((await db.collection('cards').doc('card1').get()).data.balance).toBe(10);
    // concurrent spends never overdraw
    const results = await Promise.all(Array.from({ length: 10 }, () => spend(3)));
    expect(results.filter((r: any) => r.stats.updated === 1)).toHaveLength(3);
    expect((await db.collection('cards').doc('card1').get()).data.balance).toBe(1);
  });

  test('remove: doc() and where()', async () => {
    await db.collection('rm').add({ data: [{ _id: 'r1', k: 1 }, { _id: 'r2', k: 2 }, { _id: 'r3', k: 2 }] });
    expect(await db.collection('rm').doc('r1').remove()).toEqual({ stats: { removed: 1 }, errMsg: 'document.remove:ok' });
    expect((await db.collection('rm').doc('r1').remove()).stats.removed).toBe(0);
    expect((await db.collection('rm').where({ k: 2 }).remove()).stats.removed).toBe(2);
    expect((await db.collection('rm').count()).total).toBe(0);
  });

  test('count with and without a query; a collection never created does not exist (as in CloudBase), one created is empty', async () => {
    expect(await db.collection('ops').count()).toEqual({ total: 4, errMsg: 'collection.count:ok' });
    expect((await db.collection('ops').where({ n: _.gt(2) }).count()).total).toBe(2);
    await expect(db.collection('never_written').count()).rejects.toMatchObject({ errCode: -502005 });
    await expect(db.collection('never_written').get()).rejects.toMatchObject({ errCode: -502005 });
    await expect(db.collection('never_written').where({ n: 1 }).update({ data: { n: 2 } })).rejects.toMatchObject({ errCode: -502005 });
    await db.createCollection('never_written');
    expect((await db.collection('never_written').count()).total).toBe(0);
    expect((await db.collection('never_written').get()).data).toEqual([]);
  });
});

describe('orderBy / skip / limit / field', () => {
  beforeAll(async () => {
    const docs = Array.from({ length: 1001 }, (_x, i) => ({ _id: `p${String(i).padStart(4, '0')}`, i, g: i % 3 }));
    await db.collection('page').add({ data: docs });
  });

  test('limit is 100 by default and 1000 at most (the SDK caps limit(1001) to 1000)', async () => {
    expect((await db.collection('page').get()).data).toHaveLength(100);
    expect((await db.collection('page').limit(1000).get()).data).toHaveLength(1000);
    expect((await db.collection('page').limit(1001).get()).data).toHaveLength(1000);
    expect((await db.collection('page').count()).total).toBe(1001);
  });

  test('skip and limit page through natural order', async () => {
    const page = await db.collection('page').skip(1000).limit(10).get();
    expect(page.data.map((d: any) => d.i)).toEqual([1000]);
    expect((await db.collection('page').skip(5).limit(2).get()).data.map((d: any) => d.i)).toEqual([5, 6]);
  });

  test('orderBy on several fields', async () => {
    const res = await db.collection('page').where({ i: _.lt(6) }).orderBy('g', 'desc').orderBy('i', 'asc').get();
    expect(res.data.map((d: any) => d.i)).toEqual([2, 5, 1, 4, 0, 3]);
    const last = await db.collection('page').orderBy('i', 'desc').limit(1).get();
    expect(last.data[0].i).toBe(1000);
  });

  test('field() projection (query and doc)', async () => {
    const res = await db.collection('page').where({ i: 1 }).field({ i: true }).get();
    expect(res.data).toEqual([{ _id: 'p0001', i: 1 }]);
    const doc = await db.collection('page').doc('p0002').field({ g: true, _id: false }).get();
    expect(doc.data).toEqual({ g: 2 });
  });
});

describe('aggregate', () => {
  test('match / group / sort / limit / lookup', async () => {
    const $ = db.command.aggregate;
    const res = await db.collection('page').aggregate()
      .match({ i: _.lt(10) })
      .group({ _id: '$g', n: $.sum(1), top: $.max('$i') })
      .sort({ _id: 1 })
      .end();
    expect(res).toEqual({ list: [{ _id: 0, n: 4, top: 9 }, { _id: 1, n: 3, top: 7 }, { _id: 2, n: 3, top: 8 }], errMsg: 'collection.aggregate:ok' });
    await db.collection('agg_owners').add({ data: [{ _id: 'o1', name: 'Ann' }] });
    await db.collection('agg_items').add({ data: [{ owner: 'o1', v: 1 }, { owner: 'o1', v: 2 }] });
    const joined = await db.collection('agg_owners').aggregate()
      .lookup({ from: 'agg_items', localField: '_id', foreignField: 'owner', as: 'items' })
      .project({ name: 1, count: $.size('$items') })
      .end();
    expect(joined.list).toEqual([{ _id: 'o1', name: 'Ann', count: 2 }]);
  });
});

describe('unique indexes (db/indexes.json)', () => {
  test('add, update and set that would duplicate a unique key fail; others pass', async () => {
    await db.collection('redemptions').add({ data: { _id: 'r1', code: 'AAA', cardNo: 'c' } });
    await db.collection('redemptions').add({ data: { _id: 'r2', code: 'BBB', cardNo: 'c' } });
    const e1 = await rejection(db.collection('redemptions').add({ data: { code: 'AAA' } }));
    expect(e1.errCode).toBe(-502001);
    expect(e1.errMsg).toMatch(/E11000 duplicate key error collection: redemptions index: code_unique dup key: \{ code: "AAA" \}/);
    await expect(db.collection('redemptions').doc('r2').update({ data: { code: 'AAA' } })).rejects.toMatchObject({ errCode: -502001 });
    await expect(db.collection('redemptions').doc('r3').set({ data: { code: 'AAA' } })).rejects.toMatchObject({ errCode: -502001 });
    await expect(db.collection('redemptions').where({ cardNo: 'c' }).update({ data: { code: 'SAME' } })).rejects.toMatchObject({ errCode: -502001 });
    // non-unique index: duplicates fine; re-saving the same key on the same record is fine
    await db.collection('redemptions').add({ data: { code: 'CCC', cardNo: 'c' } });
    expect((await db.collection('redemptions').doc('r1').update({ data: { code: 'AAA', x: 1 } })).stats.updated).toBe(1);
    // a freed key can be reused
    await db.collection('redemptions').doc('r2').remove();
    await db.collection('redemptions').add({ data: { code: 'BBB' } });
    expect((await db.collection('redemptions').where({ code: _.in(['AAA', 'BBB', 'CCC']) }).count()).total).toBe(3);
  });
});

describe('dates', () => {
  test('Dates round-trip as Date; serverDate is the emulator time; date range queries', async () => {
    const at = new Date('2024-03-01T08:00:00.000Z');
    const before = Date.now();
    await db.collection('dated').add({ data: { _id: 'd1', at, list: [at], nested: { at }, stamp: db.serverDate() } });
    const { data } = await db.collection('dated').doc('d1').get();
    expect(data.at).toBeInstanceOf(Date);
    expect(data.at.toISOString()).toBe(at.toISOString());
    expect(data.list[0]).toBeInstanceOf(Date);
    expect(data.nested.at).toBeInstanceOf(Date);
    expect(data.stamp).toBeInstanceOf(Date);
    expect(data.stamp.getTime()).toBeGreaterThanOrEqual(before - 5);
    expect(data.stamp.getTime()).toBeLessThanOrEqual(Date.now() + 5);
    const hit = await db.collection('dated').where({ at: _.gte(new Date('2024-03-01T00:00:00Z')).and(_.lt(new Date('2024-03-02T00:00:00Z'))) }).get();
    expect(hit.data).toHaveLength(1);
    expect((await db.collection('dated').where({ stamp: _.lte(db.serverDate()) }).count()).total).toBe(1);
    await db.collection('dated').doc('d1').update({ data: { later: db.serverDate({ offset: 60_000 }) } });
    const later = (await db.collection('dated').doc('d1').get()).data.later;
    expect(later.getTime()).toBeGreaterThan(Date.now() + 50_000);
  });
});

describe('collections', () => {
  test('db.createCollection creates once', async () => {
    expect((await db.createCollection('made')).errMsg).toBe('createCollection:ok');
    await expect(db.createCollection('made')).rejects.toBeDefined();
  });

  test('undeclared collections do not exist until created (as in CloudBase)', async () => {
    const emu = await createDbEmulator({ dataDir: null, indexes: { collections: { declared: [] } } });
    const server = await startDbServer(emu);
    try {
      const sdb = h.cloud.createNewInstance({ env: 'local', serviceUrl: `${server.url}/strict` }).database();
      expect((await sdb.collection('declared').add({ data: { a: 1 } }))._id).toBeDefined();
      const err = await rejection(sdb.collection('undeclared').add({ data: { a: 1 } }));
      expect(err.errCode).toBe(-502005);
      await expect(sdb.collection('undeclared').get()).rejects.toMatchObject({ errCode: -502005 });
      await sdb.createCollection('undeclared');
      expect((await sdb.collection('undeclared').count()).total).toBe(0);
    } finally {
      await server.close();
      await emu.close();
    }
  });
});

describe('updateAndReturn (database.modifyAndReturnDoc; only on the inner @cloudbase/database API)', () => {
  test('updates the first match and returns the new document', async () => {
    await db.collection('uar').add({ data: { _id: 'x', n: 1 } });
    const res = await db._db.collection('uar').where({ _id: 'x' }).updateAndReturn({ n: _.inc(1) });
    expect(res).toMatchObject({ updated: 1, doc: { _id: 'x', n: 2 } });
  });
});

describe('request counting', () => {
  test('every request counts under its tag', async () => {
    h.emu.resetCounters();
    await db.collection('ops').doc('a').get();
    await db.collection('ops').where({ n: 1 }).count();
    await h.otherDb('elsewhere').collection('ops').get();
    expect(h.emu.counters.get('crud')).toBe(2);
    expect(h.emu.counters.get('elsewhere')).toBe(1);
  });
});
