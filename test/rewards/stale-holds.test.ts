// Settling stale stock holds (docs/RUSH.md "Crash safety") when settlers meet: timer sweeps at
// once, and a sweep racing redeems that reclaim the same holds. A held unit goes back at most once:
// per shard, stock + holds + redemptions taken from it = added.
import { call, expectLedgerInvariant, storedDocs, uid } from '../support/cloud';
import { directDb } from '../support/db';
import { expectOverlap, race, untilContended, warmAll } from '../support/race';
import { freshPatron } from './helpers';

jest.setTimeout(120_000);

const COST = 20;
const TIMER = { Type: 'Timer', TriggerName: 'daily-0300' };

/**
 * A sold-out prize whose every unit is held by a call that died 10 minutes ago: per shard `dead`
 * holds whose redemption never committed and one whose redemption did (of `owner`).
 */
async function staleHeldPrize(shards: number, dead: number, owner: { openid: string; cardNo: string }): Promise<string> {
  const db = directDb();
  const now = new Date();
  const old = new Date(now.getTime() - 10 * 60_000);
  const prizeId = `prize_stale_${uid('').slice(-6)}`;
  const tag = prizeId.slice(-6).toUpperCase();
  await db.collection('prizes').add({ data: { _id: prizeId, name: '暂扣奖品', description: '', cost: COST, shards, active: true, sort: 0, createdAt: now, updatedAt: now } });
  for (let i = 0; i < shards; i++) {
    const held: Record<string, Date> = {};
    for (let k = 0; k < dead; k++) held[`D${tag}${i}X${k}`] = old;
    const sold = `S${tag}${i}`;
    held[sold] = old;
    await db.collection('prize_stock').add({ data: { _id: `${prizeId}_${i}`, prizeId, shard: i, stock: 0, added: dead + 1, held, updatedAt: old } });
    await db.collection('redemptions').add({
      data: {
        _id: sold, code: sold, prizeId, prizeName: '暂扣奖品', cost: COST, cardNo: owner.cardNo, openid: owner.openid, status: 'pending',
        createdAt: old, expiresAt: new Date(now.getTime() + 7 * 86400_000), collectedAt: null, collectedBy: null, requestKey: `req_${sold}`, shard: i,
      },
    });
  }
  return prizeId;
}

/** Per shard: no hold left, stock ≥ 0, stock + redemptions from it = added. Returns the totals. */
async function expectSettled(prizeId: string): Promise<{ stock: number; redeemed: number }> {
  const shards = (await storedDocs('prize_stock')).filter((d) => d.prizeId === prizeId);
  const redemptions = (await storedDocs('redemptions')).filter((r) => r.prizeId === prizeId);
  for (const s of shards) {
    expect(Object.keys(s.held ?? {})).toEqual([]);
    expect(s.stock).toBeGreaterThanOrEqual(0);
    expect(s.stock + redemptions.filter((r) => r.shard === s.shard).length).toBe(s.added);
  }
  return { stock: shards.reduce((n, s) => n + s.stock, 0), redeemed: redemptions.length };
}

test('three stale-hold sweeps at once give each dead call\'s unit back once', async () => {
  const owner = await freshPatron();
  await warmAll('maintenance', TIMER, '');
  // Several sweeps and holds, so reclaim phases meet although the timer does other work first.
  await untilContended(8, async () => {
    const prizeId = await staleHeldPrize(4, 20, owner); // enough holds that one sweep cannot settle them all before the others start
    const r = await race(3, () => call('maintenance', '', TIMER));
    expectOverlap(r);
    for (const a of r.answers) expect(a.ok).toBe(true);
    expect(await expectSettled(prizeId)).toEqual({ stock: 80, redeemed: 4 });
    // Contended when two sweeps found holds still stale and each settled some.
    return r.answers.filter((a) => a.data.stockHolds.released > 0).length >= 2;
  });
});

test('a sweep racing redeems that reclaim the same stale holds: each unit comes back once and sells at most once', async () => {
  const [owner, ...people] = await Promise.all(Array.from({ length: 7 }, () => freshPatron()));
  const prizeId = await staleHeldPrize(2, 2, owner); // 4 units held by dead calls
  await warmAll('maintenance', TIMER, '');
  await warmAll('rewards');
  const r = await race(7, (i) => (i === 0 ? call('maintenance', '', TIMER) : call('rewards', people[i - 1].openid, { action: 'redeem', prizeId, requestId: uid('req') })));
  expectOverlap(r);
  expect(r.answers[0].ok).toBe(true);
  const redeems = r.answers.slice(1);
  for (const a of redeems.filter((x) => !x.ok)) expect(['OUT_OF_STOCK', 'BUSY']).toContain(a.error?.code);
  const wins = redeems.filter((a) => a.ok).length;
  const { stock, redeemed } = await expectSettled(prizeId);
  expect(stock + wins).toBe(4);
  expect(redeemed).toBe(2 + wins);
  for (const [i, p] of people.entries()) expect(await expectLedgerInvariant(p.openid, p.cardNo)).toBe(redeems[i].ok ? 50 - COST : 50);
});
