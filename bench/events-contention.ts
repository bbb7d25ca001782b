// Event sign-ups under contention, against in-process local clouds (memory store, no seed), warm.
// Figures only: successes (sign-ups and seats), waitlisted, refusals, BUSY, wall, per-call p50/p95.
//   - issue 9: 300 sign-ups for one event of 30 seats (a third bring 2 members, half accept the waitlist)
//   - issue 14: 240 sign-ups of one event of 120 seats vs the same load spread over 24 events of
//     5 seats, at BENCH_WORKERS instances (24), the one-event rush again at 6 instances, each at
//     0 ms and at BENCH_LATENCIES ms per database round trip (YUE_DB_LATENCY_MS).
//   npx tsx bench/events-contention.ts
//   BENCH_WORKERS=24 BENCH_LATENCIES=0,5 npx tsx bench/events-contention.ts
import type { LocalCloud } from '../devcloud/server';
import { startLocalCloud } from '../devcloud/server';
import { caller, percentile, table, type Called } from './lib';

const WORKERS = Number(process.env.BENCH_WORKERS ?? 24);
const FEW_WORKERS = Number(process.env.BENCH_FEW_WORKERS ?? 6);
const LATENCIES = (process.env.BENCH_LATENCIES ?? '0,5').split(',').map(Number);
const RUSH_CALLS = 240;
const RUSH_SEATS = 120;
const SPREAD = 24;
const ADMIN = 'bench-admin';
const HOUR = 3600_000;

type Row = (string | number)[];
let batch = 0;
let built = false;

/** Patrons with a bound card (members for every `membersEvery`-th), written straight into the store. */
function seedPatrons(cloud: LocalCloud, n: number, membersEvery = 0): { openid: string; memberIds: string[] }[] {
  const now = new Date();
  const tag = `E${++batch}`;
  return Array.from({ length: n }, (_, i) => {
    const cardNo = `${tag}_${String(i).padStart(5, '0')}`;
    const openid = `bench-${tag}-${i}`;
    cloud.emulator.collection('users').insert({ _id: openid, cards: [cardNo], current: cardNo, createdAt: now });
    const memberIds: string[] = [];
    if (membersEvery && i % membersEvery === 0) {
      for (const k of [1, 2]) {
        const id = `${openid}-m${k}`;
        cloud.emulator.collection('members').insert({ _id: id, openid, name: `家人${k}`, relation: '子女', createdAt: now });
        memberIds.push(id);
      }
    }
    return { openid, memberIds };
  });
}

async function newEvent(cloud: LocalCloud, capacity: number): Promise<string> {
  const start = Date.now() + 3 * 24 * HOUR;
  const res = await caller(cloud.url)('admin', ADMIN, {
    action: 'upsertEvent', kind: 'reader', title: '压测活动', place: '报告厅', capacity, points: 10,
    startAt: new Date(start).toISOString(), endAt: new Date(start + 2 * HOUR).toISOString(), signupDeadline: new Date(start - HOUR).toISOString(),
  });
  if (!res.ok) throw new Error(`upsertEvent: ${JSON.stringify(res.error)}`);
  return res.data.event.eventId;
}

async function startCloud(workers: number, latencyMs: number): Promise<LocalCloud> {
  const cloud = await startLocalCloud({
    port: 0, dataDir: null, seed: 'none', adminOpenids: [ADMIN], workers, dbLatencyMs: latencyMs, build: !built,
    env: { YUE_CONTRACT_CHECK: '0', ...(process.env.YUE_TX_BUDGET_MS ? { YUE_TX_BUDGET_MS: process.env.YUE_TX_BUDGET_MS } : {}) },
  } as Parameters<typeof startLocalCloud>[0]);
  built = true;
  // Warm every instance on the sign-up path (and admin) so cold starts are not counted.
  const call = caller(cloud.url);
  const warm = await newEvent(cloud, workers * 4);
  const ps = seedPatrons(cloud, workers * 2);
  await Promise.all(ps.map((p, i) => call('events', p.openid, { action: 'signup', eventId: warm, requestId: `warm-${i}-${batch}` })));
  await Promise.all(Array.from({ length: workers * 2 }, () => call('admin', ADMIN, { action: 'listPrizes' })));
  return cloud;
}

async function seatsTaken(cloud: LocalCloud, eventIds: string[]): Promise<number> {
  const call = caller(cloud.url);
  const views = await Promise.all(eventIds.map((eventId) => call('events', 'bench-reader', { action: 'detail', eventId })));
  return views.reduce((n, v) => n + v.data.event.seatsTaken, 0);
}

/** All callers at once; caller i signs up for eventIds[i % eventIds.length]. */
async function rush(cloud: LocalCloud, label: string, workers: number, latencyMs: number, callers: { openid: string; memberIds: string[] }[], eventIds: string[], capacity: number, waitlistEvery = 0): Promise<Row> {
  const call = caller(cloud.url);
  const t0 = Date.now();
  const results: Called[] = await Promise.all(callers.map((c, i) => call('events', c.openid, {
    action: 'signup', eventId: eventIds[i % eventIds.length], requestId: `bench-${i}-${t0}`,
    ...(c.memberIds.length ? { memberIds: c.memberIds } : {}), ...(waitlistEvery && i % waitlistEvery === 0 ? { waitlist: true } : {}),
  })));
  const wall = Date.now() - t0;
  const ms = results.map((r) => r.ms).sort((a, b) => a - b);
  const refusals: Record<string, number> = {};
  for (const r of results) if (!r.ok) refusals[r.error?.code ?? '?'] = (refusals[r.error?.code ?? '?'] ?? 0) + 1;
  const confirmed = results.filter((r) => r.ok && r.data.signup.status === 'confirmed');
  const waitlisted = results.filter((r) => r.ok && r.data.signup.status === 'waitlisted').length;
  const seats = confirmed.reduce((n, r) => n + r.data.signup.seats, 0);
  const taken = await seatsTaken(cloud, eventIds);
  const rt = percentile(confirmed.map((r) => r.roundTrips).sort((a, b) => a - b), 50);
  const others = Object.entries(refusals).filter(([code]) => code !== 'BUSY').map(([code, n]) => `${code} ${n}`).join(', ');
  return [
    label, workers, latencyMs, refusals.BUSY ?? 0, `${(wall / 1000).toFixed(1)} s`,
    `${(percentile(ms, 50) / 1000).toFixed(2)} s`, `${(percentile(ms, 95) / 1000).toFixed(2)} s`,
    `${confirmed.length} (${seats} seats)`, waitlisted, others || '-', `${taken}/${capacity}`, rt,
  ];
}

async function main(): Promise<void> {
  const rows: Row[] = [['load', 'instances', 'db ms', 'BUSY', 'wall', 'p50', 'p95', 'confirmed', 'waitlisted', 'other refusals', 'seats taken', 'round trips (confirmed p50)']];
  const perEvent = Math.round(RUSH_SEATS / SPREAD);
  for (const latency of LATENCIES) {
    const cloud = await startCloud(WORKERS, latency);
    try {
      if (latency === LATENCIES[0]) {
        const ev = await newEvent(cloud, 30);
        rows.push(await rush(cloud, '300 sign-ups, one event of 30 seats (1/3 bring 2 members, 1/2 waitlist)', WORKERS, latency, seedPatrons(cloud, 300, 3), [ev], 30, 2));
      }
      const one = await newEvent(cloud, RUSH_SEATS);
      rows.push(await rush(cloud, `${RUSH_CALLS} sign-ups, one event of ${RUSH_SEATS} seats`, WORKERS, latency, seedPatrons(cloud, RUSH_CALLS), [one], RUSH_SEATS));
      const spread = await Promise.all(Array.from({ length: SPREAD }, () => newEvent(cloud, perEvent)));
      rows.push(await rush(cloud, `${RUSH_CALLS} sign-ups over ${SPREAD} events of ${perEvent} seats`, WORKERS, latency, seedPatrons(cloud, RUSH_CALLS), spread, perEvent * SPREAD));
    } finally {
      await cloud.close();
    }
    const few = await startCloud(FEW_WORKERS, latency);
    try {
      const one = await newEvent(few, RUSH_SEATS);
      rows.push(await rush(few, `${RUSH_CALLS} sign-ups, one event of ${RUSH_SEATS} seats`, FEW_WORKERS, latency, seedPatrons(few, RUSH_CALLS), [one], RUSH_SEATS));
    } finally {
      await few.close();
    }
  }
  console.log('## event sign-up contention (warm; wall = all calls; p50/p95 per call, queueing for instances included)');
  console.log(table(rows));
}

main().then(() => process.exit(0), (err) => {
  console.error(err);
  process.exit(1);
});
