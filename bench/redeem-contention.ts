// Redeem under contention, against an in-process local cloud (memory store, no seed).
// Figures only: successes, refusals by code, wall time, per-call p50/p95.
//   npx tsx bench/redeem-contention.ts            (200 cards, stock 10, 6 workers)
//   BENCH_CARDS=500 BENCH_STOCK=10 BENCH_WORKERS=6 npx tsx bench/redeem-contention.ts
import type { LocalCloud } from '../devcloud/server';
import { benchCloud, caller, percentile } from './lib';

const CARDS = Number(process.env.BENCH_CARDS ?? 200);
const STOCK = Number(process.env.BENCH_STOCK ?? 10);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 6);
const SAME_CARD = Number(process.env.BENCH_SAME_CARD ?? 50);
const COST = 30;

/** Cards with a balance, written straight into the store (binding is not what is measured). */
function seedCards(cloud: LocalCloud, tag: string, n: number, balance: number): { openid: string; cardNo: string }[] {
  const now = new Date();
  return Array.from({ length: n }, (_, i) => {
    const cardNo = `${tag}${String(i).padStart(5, '0')}`;
    const openid = `bench-${tag}-${i}`;
    cloud.emulator.collection('users').insert({ _id: openid, cards: [cardNo], current: cardNo, createdAt: now });
    cloud.emulator.collection('cards').insert({ _id: cardNo, balance, boundTo: openid, bonusGranted: true, createdAt: now, updatedAt: now });
    cloud.emulator.collection('ledger').insert({
      _id: `bonus_${cardNo}`, cardNo, delta: balance, reason: 'bind_bonus', refId: null, note: null,
      balanceAfter: balance, rulesVersion: 1, openid, createdAt: now,
    });
    return { openid, cardNo };
  });
}

async function rush(cloud: LocalCloud, label: string, callers: { openid: string }[], prizeId: string): Promise<void> {
  const call = caller(cloud.url);
  const t0 = Date.now();
  const results = await Promise.all(callers.map((c, i) => call('rewards', c.openid, { action: 'redeem', prizeId, requestId: `bench-${i}-${t0}` })));
  const wall = Date.now() - t0;
  const ms = results.map((r) => r.ms).sort((a, b) => a - b);
  const refusals: Record<string, number> = {};
  for (const r of results) if (!r.ok) refusals[r.error?.code ?? '?'] = (refusals[r.error?.code ?? '?'] ?? 0) + 1;
  const stock = cloud.emulator.collection('prizes').find({ _id: prizeId })[0]?.stock;
  console.log(`## redeem contention — ${label}: ${callers.length} concurrent redeems, ${WORKERS} function instances`);
  console.log(`  successes ${results.filter((r) => r.ok).length}, refusals ${JSON.stringify(refusals)}, stock left ${stock}`);
  const rt = (ok: boolean) => percentile(results.filter((r) => r.ok === ok).map((r) => r.roundTrips).sort((a, b) => a - b), 50);
  console.log(`  db round trips (median): success ${rt(true)}, refusal ${rt(false)}`);
  console.log(`  total ${wall} ms (calls queue for ${WORKERS} instances); per call p50 ${percentile(ms, 50).toFixed(0)} ms, p95 ${percentile(ms, 95).toFixed(0)} ms, max ${ms[ms.length - 1].toFixed(0)} ms`);
}

async function main(): Promise<void> {
  const cloud = await benchCloud('none', WORKERS);
  try {
    const now = new Date();
    const prize = (id: string, stock: number) => cloud.emulator.collection('prizes').insert({
      _id: id, name: '压测奖品', description: '', cost: COST, stock, active: true, sort: 0, createdAt: now, updatedAt: now,
    });
    // Warm every instance once so cold starts are not counted.
    const call = caller(cloud.url);
    await Promise.all(Array.from({ length: WORKERS * 2 }, (_, i) => call('rewards', `warm-${i}`, { action: 'list' })));

    prize('bench-rush', STOCK);
    await rush(cloud, `rush (${CARDS} cards, stock ${STOCK})`, seedCards(cloud, 'B', CARDS, 50), 'bench-rush');

    prize('bench-one-card', 1000);
    const [one] = seedCards(cloud, 'S', 1, COST * 3 + 5);
    await rush(cloud, `one card (balance for 3)`, Array.from({ length: SAME_CARD }, () => one), 'bench-one-card');
  } finally {
    await cloud.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
