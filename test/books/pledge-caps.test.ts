// Bounded pledges and metadata lookups: copies per pledge and per card per day (rules), ISBNs the
// metadata source did not know are not asked again for a while, and one user causes at most
// rules.isbnLookupsPerDay external lookups a day.
import { call, newPatron, ok, storedDocs, uid } from '../support/cloud';
import { expectOverlap, race, untilContended, warmAll } from '../support/race';
import { digest } from '../../server/util/crypto';
import { DEFAULT_RULES } from '../../server/domain/rules';
import { randomIsbn } from './helpers';

jest.setTimeout(120_000);

const DAY1 = '2032-06-01T10:00:00+08:00';
const DAY2 = '2032-06-02T09:00:00+08:00';
const { donationCopiesPerPledge: PER_PLEDGE, donationCopiesPerDay: PER_DAY, isbnLookupsPerDay: LOOKUPS, isbnMissCacheHours: MISS_HOURS } = DEFAULT_RULES;

const pledge = (openid: string, copies: number[], now = DAY1) =>
  call('books', openid, { action: 'donate', requestId: uid('req'), books: copies.map((c) => ({ isbn: randomIsbn(), title: '捐赠书', copies: c })) }, { now });
const pledged = async (cardNo: string) => (await storedDocs('donations')).filter((d) => d.cardNo === cardNo);
const lookupsToday = async (openid: string) => (await storedDocs('isbn_quota')).find((d) => d._id === digest(openid))?.count ?? 0;

test('copies per pledge and per card per day are capped; a refusal writes nothing; the next day opens again', async () => {
  expect(PER_PLEDGE).toBe(20);
  expect(PER_DAY).toBe(30);
  const p = await newPatron();
  const over = await pledge(p.openid, [20, 1]);
  expect(over.error).toMatchObject({ code: 'DONATION_LIMIT_REACHED', field: 'books', detail: '每次最多登记 20 册' });
  expect(await pledged(p.cardNo)).toEqual([]);
  expect((await pledge(p.openid, [15, 5])).ok).toBe(true);
  expect((await pledge(p.openid, [10])).ok).toBe(true);
  const full = await pledge(p.openid, [1]);
  expect(full.error).toMatchObject({ code: 'DONATION_LIMIT_REACHED', detail: '每张读者证每天最多登记 30 册，今天还可登记 0 册' });
  expect((await pledged(p.cardNo)).map((d) => d.totalCopies).sort()).toEqual([10, 20]);
  expect((await pledge(p.openid, [20], DAY2)).ok).toBe(true);
});

test('pledges of one card racing for the day: never more than the day cap', async () => {
  await warmAll('books');
  await untilContended(3, async () => {
    const p = await newPatron();
    const r = await race(6, () => pledge(p.openid, [12]));
    expectOverlap(r);
    expect(r.answers.filter((a) => a.ok)).toHaveLength(2); // 24 of 30; a third would make 36
    for (const a of r.answers.filter((x) => !x.ok)) expect(a.error?.code).toBe('DONATION_LIMIT_REACHED');
    expect((await pledged(p.cardNo)).reduce((s, d) => s + d.totalCopies, 0)).toBe(24);
    // Contended when a loser passed the pre-check and was refused inside the transaction.
    const precheck = await pledge(p.openid, [12]);
    expect(precheck.error?.code).toBe('DONATION_LIMIT_REACHED');
    return r.answers.some((a) => !a.ok && a.roundTrips > precheck.roundTrips);
  });
});

test('an ISBN the source did not know is not asked again for a while, whoever asks', async () => {
  const [a, b, c] = [uid('isbn'), uid('isbn'), uid('isbn')];
  const unknown = randomIsbn();
  expect((await ok('books', a, { action: 'lookup', isbn: unknown }, { now: DAY1 })).book).toBeNull();
  expect(await lookupsToday(a)).toBe(1);
  expect((await ok('books', b, { action: 'lookup', isbn: unknown }, { now: DAY1 })).book).toBeNull();
  expect(await lookupsToday(b)).toBe(0); // answered from the miss cache: the source was not asked
  const later = new Date(new Date(DAY1).getTime() + (MISS_HOURS + 1) * 3_600_000).toISOString();
  await ok('books', c, { action: 'lookup', isbn: unknown }, { now: later });
  expect(await lookupsToday(c)).toBe(1); // the miss is old: asked again
});

test('one user causes at most isbnLookupsPerDay external lookups a day; the rest is manual entry', async () => {
  const me = uid('isbn');
  const isbns = Array.from({ length: LOOKUPS + 3 }, () => randomIsbn());
  for (const isbn of isbns) await ok('books', me, { action: 'lookup', isbn }, { now: DAY1 });
  expect(await lookupsToday(me)).toBe(LOOKUPS);
  const asked = new Set((await storedDocs('book_misses')).map((d) => d._id));
  expect(isbns.filter((i) => asked.has(i))).toHaveLength(LOOKUPS);
  expect(asked.has(isbns[isbns.length - 1])).toBe(false);
  // A new day opens again.
  await ok('books', me, { action: 'lookup', isbn: randomIsbn() }, { now: DAY2 });
  expect(await lookupsToday(me)).toBe(1);
});
