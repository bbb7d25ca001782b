// Redeem under contention, against in-process local clouds (memory store, no seed), warm.
// Figures only: BUSY and other refusals, wall time, per-call p50/p95 — the rows of issue 14:
//   one prize (240 redeems, stock 120) vs the same load spread over 24 prizes (5 each), at
//   BENCH_WORKERS instances (24), the one-prize rush again at 6 instances, each at 0 ms and at
//   BENCH_LATENCIES ms per database round trip (YUE_DB_LATENCY_MS), plus one card racing itself.
//   npx tsx bench/redeem-contention.ts
//   BENCH_CALLS=240 BENCH_STOCK=120 BENCH_WORKERS=24 BENCH_LATENCIES=0,5 npx tsx bench/redeem-contention.ts
import type { LocalCloud } from '../devcloud/server';
import { startLocalCloud } from '../devcloud/server';
import { caller, percentile, table, type Called } from './lib';

const CALLS = Number(process.env.BENCH_CALLS ?? 240);
const STOCK = Number(process.env.BENCH_STOCK ?? 120);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 24);
const FEW_WORKERS = Number(process.env.BENCH_FEW_WORKERS ?? 6);
const SPREAD = Number(process.env.BENCH_SPREAD ?? 24);
const LATENCIES = (process.env.BENCH_LATENCIES ?? '0,5').split(',').map(Number);
const SAME_CARD = Number(process.env.BENCH_SAME_CARD ?? 50);
const COST = 30;
const ADMIN = 'bench-admin';

type Row = (string | number)[];
let batch = 0;
let built = false;

/** Cards with a balance for one redeem, written straight into the store (binding is not what is measured). */
function seedCards(cloud: LocalCloud, n: number, balance: number): { openid: string; cardNo: string }[] {
  const now = new Date();
  const tag = `B${++batch}`;
  return Array.from({ length: n }, (_, i) => {
    const cardNo = `${tag}_${String(i).padStart(5, '0')}`;
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

/** Prizes are made by admin.upsertPrize, so the bench does not depend on how stock is stored. */
async function newPrize(cloud: LocalCloud, stock: number): Promise<string> {
  const res = await caller(cloud.url)('admin', ADMIN, { action: 'upsertPrize', name: '压测奖品', cost: COST, stock });
  if (!res.ok) throw new Error(`upsertPrize: ${JSON.stringify(res.error)}`);
  return res.data.prize.prizeId;
}

async function stockLeft(cloud: LocalCloud, prizeIds: string[]): Promise<number> {
  const res = await caller(cloud.url)('rewards', 'bench-reader', { action: 'list' });
  return res.data.prizes.filter((p: { prizeId: string }) => prizeIds.includes(p.prizeId)).reduce((s: number, p: { stock: number }) => s + p.stock, 0);
}

function pick(env: NodeJS.ProcessEnv, keys: string[]): NodeJS.ProcessEnv {
  return Object.fromEntries(keys.filter((k) => env[k] !== undefined).map((k) => [k, env[k]]));
}

async function startCloud(workers: number, latencyMs: number): Promise<LocalCloud> {
  const cloud = await startLocalCloud({
    port: 0, dataDir: null, seed: 'none', adminOpenids: [ADMIN], workers, dbLatencyMs: latencyMs, build: !built,
    // Pass the tuning knobs through to the function instances when set (docs/RUSH.md).
    env: { YUE_CONTRACT_CHECK: '0', ...pick(process.env, ['YUE_PRIZE_SHARDS', 'YUE_TX_BUDGET_MS']) },
  });
  built = true;
  // Warm every instance (rewards and admin bundles, a redeem path) so cold starts are not counted.
  const call = caller(cloud.url);
  const warm = await newPrize(cloud, workers * 4);
  const cards = seedCards(cloud, workers * 2, COST);
  await Promise.all(cards.map((c, i) => call('rewards', c.openid, { action: 'redeem', prizeId: warm, requestId: `warm-${i}` })));
  await Promise.all(Array.from({ length: workers * 2 }, (_, i) => call('admin', ADMIN, { action: 'listPrizes' })));
  return cloud;
}

/** All callers at once; caller i redeems prizeIds[i % prizeIds.length]. */
async function rush(cloud: LocalCloud, label: string, workers: number, latencyMs: number, callers: { openid: string }[], prizeIds: string[], stock: number): Promise<Row> {
  const call = caller(cloud.url);
  const t0 = Date.now();
  const results: Called[] = await Promise.all(callers.map((c, i) => call('rewards', c.openid, {
    action: 'redeem', prizeId: prizeIds[i % prizeIds.length], requestId: `bench-${i}-${t0}`,
  })));
  const wall = Date.now() - t0;
  const ms = results.map((r) => r.ms).sort((a, b) => a - b);
  const refusals: Record<string, number> = {};
  for (const r of results) if (!r.ok) refusals[r.error?.code ?? '?'] = (refusals[r.error?.code ?? '?'] ?? 0) + 1;
  const wins = results.filter((r) => r.ok).length;
  const left = await stockLeft(cloud, prizeIds);
  const rt = (ok: boolean) => percentile(results.filter((r) => r.ok === ok).map((r) => r.roundTrips).sort((a, b) => a - b), 50);
  const others = Object.entries(refusals).filter(([code]) => code !== 'BUSY').map(([code, n]) => `${code} ${n}`).join(', ');
  return [
    label, workers, latencyMs, refusals.BUSY ?? 0, `${(wall / 1000).toFixed(1)} s`,
    `${(percentile(ms, 50) / 1000).toFixed(2)} s`, `${(percentile(ms, 95) / 1000).toFixed(2)} s`,
    wins, others || '-', `${left}/${stock}`, `${rt(true)}/${rt(false)}`,
  ];
}

async function main(): Promise<void> {
  const rows: Row[] = [['load', 'instances', 'db ms', 'BUSY', 'wall', 'p50', 'p95', 'won', 'other refusals', 'stock left', 'round trips win/lose']];
  const perPrize = Math.round(STOCK / SPREAD);
  for (const latency of LATENCIES) {
    const cloud = await startCloud(WORKERS, latency);
    try {
      const one = await newPrize(cloud, STOCK);
      rows.push(await rush(cloud, `${CALLS} redeems of one prize, stock ${STOCK}`, WORKERS, latency, seedCards(cloud, CALLS, 50), [one], STOCK));
      const spread = await Promise.all(Array.from({ length: SPREAD }, () => newPrize(cloud, perPrize)));
      rows.push(await rush(cloud, `${CALLS} redeems over ${SPREAD} prizes, ${perPrize} stock each`, WORKERS, latency, seedCards(cloud, CALLS, 50), spread, perPrize * SPREAD));
      if (latency === LATENCIES[0]) {
        const single = await newPrize(cloud, 1000);
        const [card] = seedCards(cloud, 1, COST * 3 + 5);
        rows.push(await rush(cloud, `${SAME_CARD} redeems by one card (balance for 3)`, WORKERS, latency, Array.from({ length: SAME_CARD }, () => card), [single], 1000));
      }
    } finally {
      await cloud.close();
    }
    const few = await startCloud(FEW_WORKERS, latency);
    try {
      const one = await newPrize(few, STOCK);
      rows.push(await rush(few, `${CALLS} redeems of one prize, stock ${STOCK}`, FEW_WORKERS, latency, seedCards(few, CALLS, 50), [one], STOCK));
    } finally {
      await few.close();
    }
  }
  console.log('## redeem contention (warm; wall = all calls; p50/p95 per call, queueing for instances included)');
  console.log(table(rows));
}

main().then(() => process.exit(0), (err) => {
  console.error(err);
  process.exit(1);
});
