/**
 * Persistence of the database emulator: the journal is replayed (and compacted) on start,
 * so data written through the SDK survives closing and re-creating the emulator on one dir.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import { createDbEmulator, startDbServer, type IndexSpec } from '../../devcloud/db';
import { startSdkHarness, type SdkHarness } from '../../devcloud/db/testkit';

const indexes: IndexSpec = { collections: { redemptions: [{ name: 'code_unique', keys: { code: 1 }, unique: true }], cards: [], ledger: [] } };
let dir: string;
let h: SdkHarness;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yue-db-persist-'));
});
afterAll(async () => {
  await h?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const journalLines = (): string[] =>
  fs.readFileSync(path.join(dir, 'db', 'journal.jsonl'), 'utf8').split('\n').filter((l) => l.trim());

/** Re-creates the emulator on `dir` and points the (already loaded) SDK at it. */
async function reopen(): Promise<any> {
  await h?.close();
  h = await startSdkHarness({ dataDir: dir, indexes, tag: 'persist' });
  return h.db;
}

test('data written through the SDK survives close and re-open; the journal is compacted on start', async () => {
  let db = await reopen();
  const _ = db.command;
  const at = new Date('2024-05-06T07:08:09.010Z');
  await db.collection('cards').add({ data: { _id: 'c1', balance: 0, createdAt: at, tags: ['a'] } });
  for (let i = 0; i < 20; i++) await db.collection('cards').doc('c1').update({ data: { balance: _.inc(5) } });
  await db.collection('cards').add({ data: [{ _id: 'c2' }, { _id: 'c3' }] });
  await db.collection('cards').doc('c2').remove();
  await db.collection('redemptions').add({ data: { _id: 'r1', code: 'KEEP' } });
  await db.runTransaction(async (t: any) => {
    await t.collection('cards').doc('c3').set({ data: { viaTx: true } });
    await t.collection('ledger').add({ data: { _id: 'l1', delta: 100, at } });
  });
  const aborted = await db.startTransaction();
  await aborted.collection('cards').doc('c1').update({ data: { balance: -1 } });
  await aborted.collection('ledger').add({ data: { _id: 'never' } });
  await aborted.rollback();
  const open = await db.startTransaction(); // still open at close: discarded
  await open.collection('cards').add({ data: { _id: 'uncommitted' } });
  const linesBefore = journalLines().length;

  db = await reopen();
  expect(journalLines().length).toBeLessThan(linesBefore);
  const c1 = (await db.collection('cards').doc('c1').get()).data;
  expect(c1).toEqual({ _id: 'c1', balance: 100, createdAt: at, tags: ['a'] });
  expect(c1.createdAt).toBeInstanceOf(Date);
  expect((await db.collection('cards').get()).data.map((d: any) => d._id)).toEqual(['c1', 'c3']);
  expect((await db.collection('cards').doc('c3').get()).data).toEqual({ _id: 'c3', viaTx: true });
  const ledger = (await db.collection('ledger').get()).data;
  expect(ledger).toEqual([{ _id: 'l1', delta: 100, at }]);
  expect(ledger[0].at).toBeInstanceOf(Date);
  // unique indexes are rebuilt from the replayed data
  await expect(db.collection('redemptions').add({ data: { code: 'KEEP' } })).rejects.toMatchObject({ errCode: -502001 });

  // a second restart after compaction reads the same state
  db = await reopen();
  expect((await db.collection('cards').doc('c1').get()).data.balance).toBe(100);
  expect((await db.collection('cards').count()).total).toBe(2);
});

test('a torn last journal line (crash mid-write) is dropped; earlier data stays', async () => {
  await h.close();
  fs.appendFileSync(path.join(dir, 'db', 'journal.jsonl'), '{"w":[{"c":"cards","id":"c9","d":{"_id":"c9"');
  const spy = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  const db = await reopen();
  expect(spy).toHaveBeenCalledWith(expect.stringMatching(/torn last line/));
  spy.mockRestore();
  expect((await db.collection('cards').count()).total).toBe(2);
  await db.collection('cards').add({ data: { _id: 'c9' } });
  expect((await db.collection('cards').doc('c9').get()).data).toEqual({ _id: 'c9' });
});

test('one data dir serves one emulator at a time', async () => {
  await expect(createDbEmulator({ dataDir: dir, indexes })).rejects.toThrow(/already open/);
});

test('the direct API (seed, outbox) shares the store and the journal', async () => {
  h.emu.collection('_dev_outbox').insert({ kind: 'sms', phone: '138', sentAt: new Date(0) });
  expect(() => h.emu.collection('cards').insert({ _id: 'c1' })).toThrow(/duplicate key/);
  const found = h.emu.collection('_dev_outbox').find({ kind: 'sms' });
  expect(found).toHaveLength(1);
  found[0].phone = 'mutated';
  expect(h.emu.collection('_dev_outbox').find()[0].phone).toBe('138');
  await h.emu.flush();
  await h.close();
  const emu = await createDbEmulator({ dataDir: dir, indexes });
  const server = await startDbServer(emu);
  try {
    const msgs = emu.collection('_dev_outbox').find();
    expect(msgs).toEqual([expect.objectContaining({ kind: 'sms', phone: '138', sentAt: new Date(0) })]);
    expect(msgs[0]._id).toMatch(/^[0-9a-f]{32}$/);
  } finally {
    await server.close();
    await emu.close();
  }
});

test('memory-only (dataDir null) keeps nothing across instances', async () => {
  const a = await createDbEmulator({ dataDir: null, indexes });
  a.collection('x').insert({ a: 1 });
  expect(a.collection('x').find({ a: 1 })).toHaveLength(1);
  await a.close();
  const b = await createDbEmulator({ dataDir: null, indexes });
  expect(b.collection('x').find()).toEqual([]);
  await b.close();
});
