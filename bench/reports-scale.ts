// Reports at a big library's scale (issue 24): a year of activity generated straight into the
// emulator's store, then the timer's rollups, one busy day's rollup, the year's report and its
// export — time, database round trips, documents read. Printed, not asserted.
// YUE_BENCH_REPORT_CARDS (default 20 000; the library is 100 000 ≈ 3 M ledger entries).
import { benchCloud, caller, table } from './lib';

const CARDS = Number(process.env.YUE_BENCH_REPORT_CARDS ?? 20_000);
const YEAR = 2033;
const DAY_MS = 86_400_000;
const START = Date.parse(`${YEAR}-01-01T00:00:00+08:00`);
const DAYS = 365;
const ADMIN = 'bench-admin';

let seed = 42;
const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const at = (day: number, hour = 8 + rnd() * 12) => new Date(START + day * DAY_MS + hour * 3600_000);
const dayOf = (t: Date) => new Date(t.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

async function main() {
  const cloud = await benchCloud('none', 2);
  const call = caller(cloud.url);
  const insert = (c: string, d: Record<string, unknown>) => cloud.emulator.collection(c).insert(d);
  const counts: Record<string, number> = {};
  const add = (c: string, d: Record<string, unknown>) => { insert(c, d); counts[c] = (counts[c] ?? 0) + 1; };
  const t0 = Date.now();
  const perDay = new Array(DAYS).fill(0);

  // Events: three a day, the tenth a volunteer event; 25 sign-ups each among bound cards.
  const bindDay = Array.from({ length: CARDS }, () => Math.floor(rnd() * 180));
  const credits: Map<number, { day: number; delta: number; reason: string; ref: string }[]> = new Map();
  const credit = (card: number, e: { day: number; delta: number; reason: string; ref: string }) => {
    if (!credits.has(card)) credits.set(card, []);
    credits.get(card)!.push(e);
  };
  let ev = 0;
  for (let d = 0; d < DAYS; d++) {
    for (let k = 0; k < 3; k++) {
      const id = `ev${ev++}`;
      const kind = ev % 10 === 0 ? 'volunteer' : 'reader';
      const start = at(d, 10 + k * 3);
      add('events', { _id: id, kind, title: `活动${ev}`, status: 'published', capacity: 30, points: 5, startAt: start, endAt: new Date(start.getTime() + 2 * 3600_000), createdAt: at(Math.max(0, d - 7)) });
      for (let s = 0; s < 25; s++) {
        const card = Math.floor(rnd() * CARDS);
        if (bindDay[card] > d) continue;
        const attended = rnd() < 0.8;
        const signupId = `${id}_${card}_${s}`;
        const status = attended ? (kind === 'volunteer' ? 'served' : 'attended') : 'absent';
        add('signups', { _id: signupId, eventId: id, cardNo: `C${card}`, kind, status, seats: 1, createdAt: at(Math.max(0, d - 3)) });
        if (attended) {
          credit(card, { day: d, delta: 5, reason: kind === 'volunteer' ? 'volunteer' : 'event', ref: id });
          if (kind === 'volunteer') add('service', { _id: signupId, eventId: id, signupId, cardNo: `C${card}`, hours: 2, points: 5, confirmedAt: at(d, 20) });
        }
      }
    }
  }
  // Cards, check-ins (busier at weekends), recommendations, donations, volunteers, one redemption each for some.
  for (let i = 0; i < CARDS; i++) {
    const cardNo = `C${i}`;
    let balance = 0;
    let seq = 0;
    const ledger = (day: number, delta: number, reason: string, ref: string | null, _kind: number) => {
      balance += delta;
      const t = at(day);
      add('ledger', { _id: `${reason}_${cardNo}_${day}_${seq++}`, cardNo, delta, reason, refId: ref, note: null, balanceAfter: balance, rulesVersion: 1, openid: `o${i}`, createdAt: t });
      perDay[day] += 1;
    };
    ledger(bindDay[i], 50, 'bind_bonus', null, 0);
    const extra = credits.get(i) ?? [];
    const redeemDay = rnd() < 0.25 ? bindDay[i] + 30 + Math.floor(rnd() * 150) : -1;
    const weekday0 = new Date(START).getUTCDay();
    for (let d = bindDay[i]; d < DAYS; d++) {
      const weekend = [0, 6].includes((weekday0 + d) % 7);
      if (rnd() < (weekend ? 0.13 : 0.065)) ledger(d, 2, 'checkin', `${d}`, 1);
      for (const e of extra) if (e.day === d) ledger(d, e.delta, e.reason, e.ref, 2);
      if (d === redeemDay && balance >= 20) {
        const code = `R${i}`;
        const created = at(d);
        const r = rnd();
        const status = r < 0.7 ? 'collected' : r < 0.85 ? 'expired' : 'pending';
        const expiresAt = status === 'expired' ? new Date(created.getTime() + 20 * DAY_MS) : new Date(created.getTime() + 365 * DAY_MS);
        add('redemptions', { _id: code, code, prizeId: 'p1', prizeName: '帆布袋', cost: 20, cardNo, status, createdAt: created, expiresAt,
          ...(status === 'collected' ? { collectedAt: new Date(created.getTime() + 2 * DAY_MS) } : {}), ...(status === 'expired' ? { expiredAt: expiresAt } : {}) });
        ledger(d, -20, 'redeem', code, 3);
      }
    }
    add('cards', { _id: cardNo, balance, boundTo: `o${i}`, createdAt: at(bindDay[i], 8) });
    if (rnd() < 0.05) {
      const d = bindDay[i] + Math.floor(rnd() * 100);
      const adopted = rnd() < 0.4;
      const history = [{ status: 'pending', at: at(d) }, ...(adopted ? [{ status: 'adopted', at: at(Math.min(DAYS - 1, d + 5)) }] : [])];
      add('recommendations', { _id: `rec_${cardNo}`, cardNo, isbn13: `97870${String(i).padStart(8, '0')}`, status: adopted ? 'adopted' : 'pending', history, createdAt: at(d) });
      if (adopted && d + 5 < DAYS) ledger(d + 5, 5, 'recommend', `rec_${cardNo}`, 4);
    }
    if (rnd() < 0.03) {
      const d = bindDay[i] + Math.floor(rnd() * 100);
      const confirmed = d + 3 < DAYS && rnd() < 0.8;
      const accepted = 1 + Math.floor(rnd() * 3);
      add('donations', { _id: `D${i}`, cardNo, status: confirmed ? 'confirmed' : 'pledged', totalCopies: accepted + 1, createdAt: at(d),
        ...(confirmed ? { confirmedAt: at(d + 3), accepted: [{ isbn13: 'x', copies: accepted }], declined: [{ isbn13: 'y', copies: 1, reason: '破损' }] } : { accepted: [], declined: [] }) });
      if (confirmed) ledger(d + 3, 10 * accepted, 'donation', `D${i}`, 5);
    }
    if (rnd() < 0.02) add('volunteers', { _id: `vol_${i}`, openid: `o${i}`, status: rnd() < 0.8 ? 'approved' : 'pending', createdAt: at(bindDay[i]), reviewedAt: at(Math.min(DAYS - 1, bindDay[i] + 2)) });
  }
  const genS = (Date.now() - t0) / 1000;
  console.log(`\n## Reports at scale (bench/reports-scale.ts): ${CARDS} cards, year ${YEAR}, generated in ${genS.toFixed(1)} s`);
  console.log(table([['collection', 'documents'], ...Object.entries(counts).sort((a, b) => b[1] - a[1]).map(([c, n]) => [c, n])]));

  const docsRead = () => [...cloud.emulator.docsRead.values()].reduce((a, b) => a + b, 0);
  const measure = async (label: string, run: () => Promise<{ ok: boolean; roundTrips: number; ms: number; data: any; error?: unknown }>) => {
    const before = docsRead();
    const res = await run();
    if (!res.ok) throw new Error(`${label}: ${JSON.stringify(res.error)}`);
    return { label, ms: Math.round(res.ms), roundTrips: res.roundTrips, docs: docsRead() - before, data: res.data };
  };
  const rows: (string | number)[][] = [['step', 'ms', 'db round trips', 'documents read']];
  const timer = (now: string) => call('maintenance', '', { Type: 'Timer' }, now);

  // The timer's first runs roll up the whole year (each run stops after its budget).
  let runs = 0;
  let rolled = 0;
  const c0 = Date.now();
  const d0 = docsRead();
  for (;;) {
    const r = await measure('timer', () => timer(`${YEAR + 1}-01-01T03:00:00+08:00`));
    runs += 1;
    rolled += r.data.reports.days.length;
    console.log(`  timer run ${runs}: ${r.data.reports.days.length} days in ${r.ms} ms, ${r.roundTrips} round trips, ${r.docs} documents read`);
    if (!r.data.reports.days.length) break;
  }
  rows.push([`catch-up: ${rolled} days in ${runs} timer runs`, Date.now() - c0, '', docsRead() - d0]);

  const busiest = perDay.indexOf(Math.max(...perDay));
  const busyDay = dayOf(at(busiest));
  await cloud.emulator.handle('bench', { action: 'database.removeDocument', collectionName: 'report_days', queryType: 'DOC', query: JSON.stringify({ _id: busyDay }) });
  const busy = await measure('busy day', () => timer(`${YEAR + 1}-01-01T03:00:00+08:00`));
  rows.push([`rollup of the busiest day ${busyDay} (${perDay[busiest]} ledger entries; whole timer run incl. its month)`, busy.ms, busy.roundTrips, busy.docs]);

  const now = `${YEAR + 1}-01-02T10:00:00+08:00`;
  const year = await measure('year', () => call('admin', ADMIN, { action: 'report', from: `${YEAR}-01-01`, to: `${YEAR}-12-31` }, now));
  rows.push([`report ${YEAR} (and ${YEAR - 1} beside it)`, year.ms, year.roundTrips, year.docs]);
  const month = await measure('month', () => call('admin', ADMIN, { action: 'report', from: `${YEAR}-06-01`, to: `${YEAR}-06-30` }, now));
  rows.push([`report ${YEAR}-06 (and May)`, month.ms, month.roundTrips, month.docs]);
  const live = await measure('today', () => call('admin', ADMIN, { action: 'report', from: `${YEAR}-12-01`, to: `${YEAR}-12-31` }, `${YEAR}-12-31T20:00:00+08:00`));
  rows.push([`report ${YEAR}-12 on 12-31 (today live)`, live.ms, live.roundTrips, live.docs]);
  const exp = await measure('export', () => call('admin', ADMIN, { action: 'exportReport', from: `${YEAR}-01-01`, to: `${YEAR}-12-31` }, now));
  const size = (await fetch(exp.data.url).then((r) => r.arrayBuffer())).byteLength;
  rows.push([`export ${YEAR} (.xlsx ${Math.round(size / 1024)} KiB)`, exp.ms, exp.roundTrips, exp.docs]);
  console.log(table(rows));
  const ledger = counts.ledger;
  console.log(`year figures: issued ${year.data.current.points.issuedTotal}, spent ${year.data.current.points.spent}, outstanding ${year.data.current.points.outstanding}, active cards ${year.data.current.patrons.activeCards} (of ${CARDS}; distinct by sketch)`);
  console.log(`ledger ${ledger} entries (${(ledger / CARDS).toFixed(1)} per card); the issue's 100 000 cards ≈ ${(ledger / CARDS * 100_000 / 1e6).toFixed(1)} M entries. The report reads rollups only, so its documents read do not grow with the ledger; a day's rollup reads that day's documents (grows linearly with the library).`);
  await cloud.close();
}

main().then(() => process.exit(0), (err) => {
  console.error(err);
  process.exit(1);
});
