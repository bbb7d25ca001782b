// Launch-minute rushes (issue 14) on a second local cloud with 16 function instances: one prize's
// stock is split over shard documents, a redeem holds its unit before its transaction; the
// invariants hold however the racers interleave: never oversold, no shard below zero, no hold
// left behind, stock + holds + redemptions = the stock ever put on sale,
// balance = Σ ledger ≥ 0, exactly once per requestId; admin stock edits during the rush stay
// correct. BUSY answers (the bench counts them) are retried with the same requestId, as the
// page offers, so the counts below are exact.
import { startLocalCloud, type LocalCloud } from '../../devcloud/server';
import { ADMIN, call, expectLedgerInvariant, ok, storedDocs, uid, type Answer } from '../support/cloud';
import { expectOverlap, race, warmAll } from '../support/race';
import { inBatches } from './helpers';

const INSTANCES = 16;
const COST = 30;
const BALANCE = 50; // one redeem each

jest.setTimeout(240_000);

let cloud: LocalCloud;
const savedUrl = process.env.YUE_TEST_URL;

beforeAll(async () => {
  cloud = await startLocalCloud({ workers: INSTANCES, port: 0, dataDir: null, seed: 'none', adminOpenids: [ADMIN], build: false });
  // test/support/cloud.ts and race.ts read the URL per call: point them at this cloud.
  process.env.YUE_TEST_URL = cloud.url;
  await warmAll('rewards');
  await warmAll('admin', { action: 'listPrizes' }, ADMIN);
});

afterAll(async () => {
  process.env.YUE_TEST_URL = savedUrl;
  await cloud?.close();
});

interface Patron { openid: string; cardNo: string }

/** Patrons with a bound card and BALANCE points, written straight into the store (binding is not under test). */
function patrons(n: number): Patron[] {
  const now = new Date();
  const tag = uid('R').slice(-8);
  return Array.from({ length: n }, (_, i) => {
    const cardNo = `${tag}${String(i).padStart(4, '0')}`;
    const openid = `rush-${tag}-${i}`;
    cloud.emulator.collection('users').insert({ _id: openid, cards: [cardNo], current: cardNo, createdAt: now });
    cloud.emulator.collection('cards').insert({ _id: cardNo, balance: BALANCE, boundTo: openid, bonusGranted: true, createdAt: now, updatedAt: now });
    cloud.emulator.collection('ledger').insert({
      _id: `bonus_${cardNo}`, cardNo, delta: BALANCE, reason: 'bind_bonus', refId: null, note: null,
      balanceAfter: BALANCE, rulesVersion: 1, openid, createdAt: now,
    });
    return { openid, cardNo };
  });
}

async function newPrize(stock: number): Promise<{ prizeId: string; name: string }> {
  const name = `抢兑奖品${uid('').slice(-6)}`;
  const { prize } = await ok('admin', ADMIN, { action: 'upsertPrize', name, cost: COST, stock });
  return { prizeId: prize.prizeId, name };
}

interface Racer { openid: string; fn: string; event: Record<string, unknown> }

const redeemer = (p: Patron, prizeId: string, requestId = uid('req')): Racer => ({ openid: p.openid, fn: 'rewards', event: { action: 'redeem', prizeId, requestId } });

/** All racers at once (overlap proven), then every BUSY answer retried with the same event until it is not BUSY. */
async function rush(racers: Racer[]): Promise<Answer[]> {
  const r = await race(racers.length, (i) => call(racers[i].fn, racers[i].openid, racers[i].event));
  expectOverlap(r);
  const answers = r.answers;
  for (let round = 0; answers.some((a) => a.error?.code === 'BUSY'); round++) {
    if (round === 30) throw new Error('still BUSY after 30 retries');
    await Promise.all(answers.map(async (a, i) => {
      if (a.error?.code === 'BUSY') answers[i] = await call(racers[i].fn, racers[i].openid, racers[i].event);
    }));
  }
  return answers;
}

/** The prize's shards as stored, and its redemptions. */
async function stored(prizeId: string) {
  const [shards, redemptions] = await Promise.all([storedDocs('prize_stock'), storedDocs('redemptions')]);
  return { shards: shards.filter((s) => s.prizeId === prizeId), redemptions: redemptions.filter((r) => r.prizeId === prizeId) };
}

/** No shard below zero; per shard and in total, stock + redemptions taken from it = units put on it. */
async function expectStockInvariant(prizeId: string): Promise<{ stock: number; stockedTotal: number; redeemed: number }> {
  const { shards, redemptions } = await stored(prizeId);
  const [prize] = cloud.emulator.collection('prizes').find({ _id: prizeId });
  expect(shards.map((s) => s.shard).sort((a, b) => a - b)).toEqual(Array.from({ length: prize.shards }, (_, i) => i));
  for (const s of shards) {
    expect(s.stock).toBeGreaterThanOrEqual(0);
    // Every hold was settled: dropped when its redemption committed, its unit back when refused.
    expect(Object.keys(s.held ?? {})).toEqual([]);
    expect(s.stock + redemptions.filter((r) => r.shard === s.shard).length).toBe(s.added);
  }
  const stock = shards.reduce((n, s) => n + s.stock, 0);
  const stockedTotal = shards.reduce((n, s) => n + s.added, 0);
  expect(stock + redemptions.length).toBe(stockedTotal);
  // What admins and patrons are shown is the same sum.
  const { prizes } = await ok('admin', ADMIN, { action: 'listPrizes' });
  expect(prizes.find((p: { prizeId: string }) => p.prizeId === prizeId)).toMatchObject({ stock, stockedTotal });
  return { stock, stockedTotal, redeemed: redemptions.length };
}

/** balance = Σ ledger ≥ 0 for every patron; winners paid once, the others nothing. */
async function expectCharges(all: Patron[], winners: Set<string>): Promise<void> {
  const ledger = await storedDocs('ledger');
  await inBatches(all, INSTANCES, async (p) => {
    expect(await expectLedgerInvariant(p.openid, p.cardNo)).toBe(winners.has(p.cardNo) ? BALANCE - COST : BALANCE);
    expect(ledger.filter((e) => e.cardNo === p.cardNo && e.reason === 'redeem')).toHaveLength(winners.has(p.cardNo) ? 1 : 0);
  });
}

test(`${INSTANCES} instances rush one prize: exactly its stock is sold, once per requestId, no shard below zero`, async () => {
  const STOCK = 40;
  const people = patrons(96);
  const prize = await newPrize(STOCK);
  const racers = people.map((p) => redeemer(p, prize.prizeId));
  // Eight patrons also send their request twice (a double tap that got through): one outcome each.
  const twins = racers.slice(0, 8).map((r) => ({ ...r }));
  const answers = await rush([...racers, ...twins]);

  const first = answers.slice(0, racers.length);
  const second = answers.slice(racers.length);
  // Twins that both won answer the one redemption; a twin refused before the other won is fine,
  // but one requestId never wins twice (the stored redemptions below have distinct requestKeys).
  second.forEach((twin, i) => { if (twin.ok && first[i].ok) expect(twin.data).toEqual(first[i].data); });
  const wonBy = first.map((a, i) => (a.ok ? a : second[i]?.ok ? second[i] : null));
  const wins = wonBy.filter((a): a is NonNullable<typeof a> => a !== null);
  expect(wins).toHaveLength(STOCK);
  for (const a of answers.filter((x) => !x.ok)) expect(a.error?.code).toBe('OUT_OF_STOCK');

  const { stock, stockedTotal, redeemed } = await expectStockInvariant(prize.prizeId);
  expect({ stock, stockedTotal, redeemed }).toEqual({ stock: 0, stockedTotal: STOCK, redeemed: STOCK });
  const { redemptions } = await stored(prize.prizeId);
  expect(new Set(redemptions.map((r) => r.requestKey)).size).toBe(STOCK);
  expect(new Set(wins.map((a) => a.data.redemption.code))).toEqual(new Set(redemptions.map((r) => r._id)));
  await expectCharges(people, new Set(redemptions.map((r) => r.cardNo)));
  const listed = await ok('rewards', people[0].openid, { action: 'list' });
  expect(listed.prizes.find((p: { prizeId: string }) => p.prizeId === prize.prizeId)).toMatchObject({ stock: 0, affordable: false });
});

test('admin stock edits while a rush runs: a raise, a cut, a clearance, a shelf take-down and a stale form are all applied exactly', async () => {
  const STOCK = 30;
  const [raise, cut, clear, off, stale] = await Promise.all([newPrize(STOCK), newPrize(STOCK), newPrize(STOCK), newPrize(STOCK), newPrize(STOCK)]);
  const people = patrons(250);
  const racers = people.map((p, i) => redeemer(p, [raise, cut, clear, off, stale][i % 5].prizeId));
  const edit = (prize: { prizeId: string; name: string }, fields: Record<string, unknown>): Racer => ({
    openid: ADMIN, fn: 'admin', event: { action: 'upsertPrize', prizeId: prize.prizeId, name: prize.name, cost: COST, stockSeen: STOCK, ...fields },
  });
  const edits = [
    edit(raise, { stock: STOCK + 15 }),
    edit(cut, { stock: STOCK - 12 }),
    // Everything left comes off the shelf while it is being redeemed: no shard may go below zero.
    edit(clear, { stock: 0 }),
    edit(off, { stock: STOCK, active: false }),
    // The form was loaded before the rush and only the name changes: no unit may come back.
    edit(stale, { stock: STOCK, name: `${stale.name}改` }),
  ];
  // The edits go in among the first racers, so most redeems run while or after they apply.
  const all = [...racers.slice(0, 40), ...edits, ...racers.slice(40)];
  const answers = await rush(all);
  for (const a of answers.slice(40, 40 + edits.length)) expect(a.ok).toBe(true);
  const redeems = [...answers.slice(0, 40), ...answers.slice(40 + edits.length)];

  const winsOf = (prizeId: string) => redeems.filter((a, i) => a.ok && racers[i].event.prizeId === prizeId).length;
  const refusalsOf = (prizeId: string) => new Set(redeems.filter((a, i) => !a.ok && racers[i].event.prizeId === prizeId).map((a) => a.error?.code));

  // Raise by 15: exactly 45 units were ever on sale, and 50 callers took them all.
  expect(await expectStockInvariant(raise.prizeId)).toEqual({ stock: 0, stockedTotal: STOCK + 15, redeemed: STOCK + 15 });
  expect(winsOf(raise.prizeId)).toBe(STOCK + 15);
  // Cut by 12: the cut takes only units still on the shelf, so sold + cut = 30 and at least 18 sold.
  const cutFigures = await expectStockInvariant(cut.prizeId);
  expect(cutFigures.stock).toBe(0);
  expect(cutFigures.redeemed).toBe(winsOf(cut.prizeId));
  expect(cutFigures.redeemed).toBeGreaterThanOrEqual(STOCK - 12);
  expect(cutFigures.stockedTotal).toBe(cutFigures.redeemed);
  // Cleared: what was sold is all that was ever on sale.
  const clearFigures = await expectStockInvariant(clear.prizeId);
  expect(clearFigures).toEqual({ stock: 0, stockedTotal: winsOf(clear.prizeId), redeemed: winsOf(clear.prizeId) });
  expect(clearFigures.redeemed).toBeLessThanOrEqual(STOCK);
  // Off the shelf: what was sold before stays sold, the rest stays in stock, nobody can redeem now.
  const offFigures = await expectStockInvariant(off.prizeId);
  expect(offFigures).toEqual({ stock: STOCK - winsOf(off.prizeId), stockedTotal: STOCK, redeemed: winsOf(off.prizeId) });
  for (const code of refusalsOf(off.prizeId)) expect(['PRIZE_UNAVAILABLE', 'OUT_OF_STOCK']).toContain(code);
  expect((await call('rewards', people[2].openid, { action: 'redeem', prizeId: off.prizeId, requestId: uid('req') })).error?.code).toBe('PRIZE_UNAVAILABLE');
  // A stale form: renamed, and exactly the original 30 sold.
  expect(await expectStockInvariant(stale.prizeId)).toEqual({ stock: 0, stockedTotal: STOCK, redeemed: STOCK });
  expect(winsOf(stale.prizeId)).toBe(STOCK);

  const redemptions = (await storedDocs('redemptions')).filter((r) => [raise, cut, clear, off, stale].some((p) => p.prizeId === r.prizeId));
  await expectCharges(people, new Set(redemptions.map((r) => r.cardNo)));
});

test('a prize stored before sharding (plain stock) is split on its first redeem and keeps its count under a rush', async () => {
  const now = new Date();
  const prizeId = `prize_legacy_${uid('').slice(-6)}`;
  cloud.emulator.collection('prizes').insert({ _id: prizeId, name: '旧奖品', description: '', cost: COST, stock: 20, active: true, sort: 0, createdAt: now, updatedAt: now });
  const people = patrons(48);
  const listedBefore = await ok('rewards', people[0].openid, { action: 'list' });
  expect(listedBefore.prizes.find((p: { prizeId: string }) => p.prizeId === prizeId)).toMatchObject({ stock: 20 });

  const answers = await rush(people.map((p) => redeemer(p, prizeId)));
  expect(answers.filter((a) => a.ok)).toHaveLength(20);
  const [doc] = cloud.emulator.collection('prizes').find({ _id: prizeId });
  expect(doc.stock).toBeUndefined();
  expect(doc.shards).toBeGreaterThan(1);
  expect(await expectStockInvariant(prizeId)).toEqual({ stock: 0, stockedTotal: 20, redeemed: 20 });
});

test('a hold left by a call that died is settled: its unit comes back unless its redemption was committed, and only once stale', async () => {
  const now = new Date();
  const old = new Date(now.getTime() - 10 * 60_000);
  const prizeId = `prize_held_${uid('').slice(-6)}`;
  const [dead, sold, running] = ['DEADHOLD22', 'SOLDHOLD33', 'LIVEHOLD44'];
  const [p1, p2, p3] = patrons(3);
  cloud.emulator.collection('prizes').insert({ _id: prizeId, name: '暂扣奖品', description: '', cost: COST, shards: 2, active: true, sort: 0, createdAt: now, updatedAt: now });
  // Every unit is held: one by a call that died before its transaction, one by a call that died
  // after committing (its redemption exists), one by a call still running.
  cloud.emulator.collection('prize_stock').insert({ _id: `${prizeId}_0`, prizeId, shard: 0, stock: 0, added: 1, held: { [dead]: old }, updatedAt: old });
  cloud.emulator.collection('prize_stock').insert({ _id: `${prizeId}_1`, prizeId, shard: 1, stock: 0, added: 2, held: { [sold]: old, [running]: now }, updatedAt: now });
  cloud.emulator.collection('redemptions').insert({
    _id: sold, code: sold, prizeId, prizeName: '暂扣奖品', cost: COST, cardNo: p1.cardNo, openid: p1.openid, status: 'pending',
    createdAt: old, expiresAt: new Date(now.getTime() + 7 * 86400_000), collectedAt: null, collectedBy: null, requestKey: 'req_sold', shard: 1,
  });
  const shard = (i: number) => cloud.emulator.collection('prize_stock').find({ _id: `${prizeId}_${i}` })[0];
  const listed = async () => (await ok('admin', ADMIN, { action: 'listPrizes' })).prizes.find((p: { prizeId: string }) => p.prizeId === prizeId);
  expect(await listed()).toMatchObject({ stock: 0, stockedTotal: 3 });

  // The timer settles the stale holds: the dead call's unit is back, the committed one stays sold.
  expect((await ok('maintenance', '', { Type: 'Timer', TriggerName: 'daily-0300' })).stockHolds).toEqual({ released: 1 });
  expect(shard(0)).toMatchObject({ stock: 1, held: {} });
  expect(shard(1)).toMatchObject({ stock: 0, held: { [running]: expect.anything() } });
  expect(Object.keys(shard(1).held)).toEqual([running]);
  // Re-run: nothing more to settle.
  expect((await ok('maintenance', '', { Type: 'Timer', TriggerName: 'daily-0300' })).stockHolds).toEqual({ released: 0 });

  expect((await call('rewards', p2.openid, { action: 'redeem', prizeId, requestId: uid('req') })).ok).toBe(true);
  // The running call's hold is not stale: nobody may take its unit.
  expect((await call('rewards', p3.openid, { action: 'redeem', prizeId, requestId: uid('req') })).error?.code).toBe('OUT_OF_STOCK');
  // Once it is stale (that call is long past its timeout), a redeem that finds nothing else reclaims it.
  const later = new Date(now.getTime() + 10 * 60_000).toISOString();
  expect((await call('rewards', p3.openid, { action: 'redeem', prizeId, requestId: uid('req') }, { now: later })).ok).toBe(true);
  expect(await expectStockInvariant(prizeId)).toEqual({ stock: 0, stockedTotal: 3, redeemed: 3 });
});

test('an admin stock edit sent twice at once with one requestId changes the stock once', async () => {
  const prize = await newPrize(10);
  const requestId = uid('req');
  const edit = { action: 'upsertPrize', prizeId: prize.prizeId, name: prize.name, cost: COST, stock: 15, stockSeen: 10, requestId };
  const r = await race(2, () => call('admin', ADMIN, edit));
  expectOverlap(r);
  for (const a of r.answers) expect(a.ok).toBe(true);
  expect(await expectStockInvariant(prize.prizeId)).toEqual({ stock: 15, stockedTotal: 15, redeemed: 0 });
  // A later retry with the same requestId is answered, and changes nothing either.
  expect((await call('admin', ADMIN, edit)).ok).toBe(true);
  expect(await expectStockInvariant(prize.prizeId)).toEqual({ stock: 15, stockedTotal: 15, redeemed: 0 });
});
