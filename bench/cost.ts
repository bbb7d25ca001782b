// What running the club costs: every action of the usage mix measured once on a local cloud
// (database reads and writes counted by the emulator, duration with a stated latency per database
// round trip, answer size), multiplied by a monthly mix (bench/cost-mix.json, or --mix file.json)
// for 1 000, 10 000 and 100 000 active patrons, set against CloudBase's published plans.
// `npx tsx bench/cost.ts [--mix file.json] [--patrons 1000,5000] [--db-latency-ms 8] [--memory-mb 256]`
import fs from 'fs';
import path from 'path';
import { startLocalCloud, type LocalCloud } from '../devcloud/server';
import { httpJson } from '../server/util/http-json';
import { getJson, table } from './lib';

// ---------------------------------------------------------------------------------------------
// CloudBase's published plans (包年包月) and pay-as-you-go prices. Source: Tencent's own
// documentation repository, tencentyun/qcloud-documents, product/移动与通信/应用服务平台/购买指南/
// 产品定价.md (stored version at commit 0432c640c4; the list itself carries no date, its newest
// dated note is 2021-03-16). The list names no invocation quota for these plans.
// ---------------------------------------------------------------------------------------------
export const PRICE_LIST = 'Tencent qcloud-documents 购买指南/产品定价.md (CloudBase 包年包月 + 按量计费), stored commit 0432c640c4, newest dated note 2021-03-16';

interface Plan { name: string; yuanPerMonth: number; gbSeconds: number; outboundGb: number; dbGb: number; readsPerDay: number; writesPerDay: number; storageGb: number }

export const PLANS: Plan[] = [
  { name: '免费版', yuanPerMonth: 0, gbSeconds: 1_000, outboundGb: 1, dbGb: 2, readsPerDay: 500, writesPerDay: 300, storageGb: 5 },
  { name: '特惠基础版1', yuanPerMonth: 6.9, gbSeconds: 10_000, outboundGb: 1, dbGb: 2, readsPerDay: 50_000, writesPerDay: 30_000, storageGb: 8 },
  { name: '基础版2', yuanPerMonth: 30, gbSeconds: 200_000, outboundGb: 3, dbGb: 3, readsPerDay: 250_000, writesPerDay: 150_000, storageGb: 10 },
  { name: '专业版1', yuanPerMonth: 104, gbSeconds: 400_000, outboundGb: 5, dbGb: 5, readsPerDay: 500_000, writesPerDay: 300_000, storageGb: 50 },
  { name: '专业版2', yuanPerMonth: 390, gbSeconds: 1_500_000, outboundGb: 10, dbGb: 10, readsPerDay: 1_500_000, writesPerDay: 1_000_000, storageGb: 100 },
  { name: '旗舰版1', yuanPerMonth: 860, gbSeconds: 4_000_000, outboundGb: 25, dbGb: 10, readsPerDay: 5_000_000, writesPerDay: 3_000_000, storageGb: 500 },
];

/** 按量计费 unit prices (元) from the same list, to rank actions by what they cost. */
const PRICE = { gbSecond: 0.00011108, readPer10k: 0.015, writePer10k: 0.05, outboundGb: 0.8, dbGbDay: 0.07 };

// ---------------------------------------------------------------------------------------------

export interface Mix {
  perPatron: Record<string, number>;
  fixed: Record<string, number>;
  assumptions: { memoryMb: number; dbLatencyMs: number; months: number; smsBytesOut: number };
}

export interface Measured { calls: number; reads: number; writes: number; ms: number; bytes: number; answer: string }

interface Options { mixFile: string; patrons: number[]; dbLatencyMs?: number; memoryMb?: number }

function parseArgs(argv: string[]): Options {
  const opt: Options = { mixFile: path.join(__dirname, 'cost-mix.json'), patrons: [1_000, 10_000, 100_000] };
  for (let i = 0; i < argv.length; i++) {
    const v = argv[i + 1];
    if (argv[i] === '--mix') { opt.mixFile = path.resolve(v); i++; }
    else if (argv[i] === '--patrons') { opt.patrons = v.split(',').map(Number).filter((n) => n > 0); i++; }
    else if (argv[i] === '--db-latency-ms') { opt.dbLatencyMs = Number(v); i++; }
    else if (argv[i] === '--memory-mb') { opt.memoryMb = Number(v); i++; }
  }
  return opt;
}

const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString();

/** Runs every action of the mix on a fresh demo cloud; one measured call each (reads: median of 3). */
async function measure(cloud: LocalCloud): Promise<Map<string, Measured>> {
  const out = new Map<string, Measured>();
  const call = async (fn: string, openid: string, event: Record<string, unknown>, now?: string) => {
    const started = process.hrtime.bigint();
    const res = await httpJson('POST', `${cloud.url}/fn/${fn}`, event, { 'X-WX-OPENID': openid, ...(now ? { 'X-Dev-Now': now } : {}) });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const rt = Number(res.headers['x-db-round-trips'] ?? 0);
    const writes = Number(res.headers['x-db-writes'] ?? 0);
    const body = res.json as { ok: boolean; data?: any; error?: { code: string } };
    return { body, m: { calls: 1, reads: rt - writes, writes, ms: Number(res.headers['x-duration-ms'] ?? ms), bytes: Buffer.byteLength(JSON.stringify(body)), answer: body.ok ? 'ok' : body.error!.code } };
  };
  const record = async (key: string, openid: string, event: Record<string, unknown>, now?: string, runs = 1) => {
    const [fn, action] = key.split('.');
    const samples = [];
    for (let i = 0; i < runs; i++) samples.push(await call(fn, openid, action === 'timer' ? event : { action, ...event }, now));
    samples.sort((a, b) => a.m.ms - b.m.ms);
    const mid = samples[Math.floor(samples.length / 2)];
    out.set(key, mid.m);
    return mid.body;
  };

  const admin = 'cost-admin', staff = 'cost-staff', me = 'cost-patron';
  for (const fn of ['points', 'account', 'inbox', 'admin', 'rewards', 'events', 'books']) await call(fn, me, { action: 'rules' }); // warm
  await call('admin', admin, { action: 'grantRole', openid: staff, role: 'staff' });
  // A patron binds a card (the sign-up of a new member), then uses every patron page and tap.
  await record('account.sendSmsCode', me, { phone: '13800000001', purpose: 'bind' });
  const sms = await getJson(`${cloud.url}/dev/sms?phone=13800000001`);
  await record('account.bindCard', me, { cardNo: '2023000101', phone: '13800000001', code: sms.messages[0].code });
  for (let d = 1; d <= 3; d++) await call('points', me, { action: 'checkin' }, day(d - 3));
  await record('points.checkin', me, {}, day(1));
  for (const key of ['points.home', 'account.center', 'points.calendar', 'points.ledger', 'rewards.list', 'rewards.mine', 'events.list', 'books.mine', 'inbox.messages', 'inbox.rulesText']) {
    await record(key, me, {}, undefined, 3);
  }
  const redeemed = await record('rewards.redeem', me, { prizeId: 'prize-bookmark', requestId: 'cost-redeem-0001' });
  const code = redeemed.data?.redemption?.code ?? 'NONE';
  await record('rewards.staffLookup', staff, { code });
  await record('rewards.fulfil', staff, { code });
  await record('books.lookup', me, { isbn: '9787544253994' }, undefined, 3);
  await record('books.recommend', me, { isbn: '9787544253994', requestId: 'cost-recommend-01' });
  const queue = await record('books.recommendationQueue', staff, { status: 'pending' }, undefined, 3);
  const rec = queue.data?.items?.find((i: { isbn13: string }) => i.isbn13 === '9787544253994')?.recommendationIds?.[0] ?? 'x';
  await record('books.reviewRecommendation', staff, { recommendationId: rec, status: 'adopted' });
  // Events: sign-up, the detail page, the desk's QR and a scan check-in, the roster.
  const start = Date.now() + 20 * 60_000;
  const times = { startAt: new Date(start).toISOString(), endAt: new Date(start + 3600_000).toISOString(), signupDeadline: new Date(start - 5 * 60_000).toISOString() };
  const made = await call('admin', admin, { action: 'upsertEvent', kind: 'reader', title: '成本测算活动', place: '报告厅', capacity: 30, points: 10, ...times });
  const eventId = made.body.data?.event?.eventId ?? 'x';
  await record('events.detailPage', me, { eventId }, undefined, 3);
  await record('events.signup', me, { eventId, requestId: 'cost-signup-0001' });
  const token = await record('events.attendanceToken', staff, { eventId });
  await record('events.attend', me, { eventId, token: token.data?.token ?? 'x', requestId: 'cost-attend-0001' });
  await record('events.roster', staff, { eventId }, undefined, 3);
  // The staff console and queues, and the daily timer.
  await record('admin.consoleSummary', staff, {}, undefined, 3);
  await record('events.listAll', staff, {}, undefined, 3);
  await record('events.volunteerQueue', staff, { status: 'pending' }, undefined, 3);
  await record('inbox.feedbackList', staff, {}, undefined, 3);
  await record('maintenance.timer', '', { Type: 'Timer', TriggerName: 'daily-0300', Time: new Date().toISOString() });
  return out;
}

/** Bytes of every document, as JSON (a fair proxy for what CloudBase stores). */
function dbBytes(cloud: LocalCloud, collections: string[]): number {
  let bytes = 0;
  for (const name of collections) {
    try {
      for (const doc of cloud.emulator.collection(name).find({})) bytes += Buffer.byteLength(JSON.stringify(doc));
    } catch { /* a collection nobody wrote yet */ }
  }
  return bytes;
}

/** Collections the maintenance timer empties after days (server/domain/housekeeping.ts): not storage that grows. */
const PURGED = ['requests', 'stock_edits', 'sms_codes'];

const fmt = (n: number) => (n >= 100 ? Math.round(n).toLocaleString('en-US') : n >= 10 ? n.toFixed(1) : n.toFixed(2));

export async function cost(argv: string[] = []): Promise<void> {
  const opt = parseArgs(argv);
  const mix = JSON.parse(fs.readFileSync(opt.mixFile, 'utf8')) as Mix;
  const a = { ...mix.assumptions, ...(opt.dbLatencyMs !== undefined ? { dbLatencyMs: opt.dbLatencyMs } : {}), ...(opt.memoryMb ? { memoryMb: opt.memoryMb } : {}) };
  console.log(`\n## What it costs (mix: ${path.relative(process.cwd(), opt.mixFile)}; docs/COST.md)`);
  const cloud = await startLocalCloud({ port: 0, dataDir: null, seed: 'demo', adminOpenids: ['cost-admin'], workers: 2, dbLatencyMs: a.dbLatencyMs, env: { YUE_CONTRACT_CHECK: '0' } });
  let measured: Map<string, Measured>;
  let perPatronBytes: number;
  try {
    // Kept data only: the timer purges idempotent answers, stock-edit claims and SMS codes within days.
    const collections: string[] = Object.keys(JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'db', 'indexes.json'), 'utf8')).collections ?? {})
      .filter((c) => !PURGED.includes(c));
    const before = dbBytes(cloud, collections);
    measured = await measure(cloud);
    // Storage: what the measured patron's month added (one of each write), scaled by the mix below.
    perPatronBytes = dbBytes(cloud, collections) - before;
  } finally {
    await cloud.close();
  }

  const gbs = (m: Measured) => (a.memoryMb / 1024) * Math.max(100, Math.ceil(m.ms / 100) * 100) / 1000;
  const rows: (string | number)[][] = [['function.action', 'answer', 'db reads', 'db writes', 'ms', 'GB-s', 'answer bytes']];
  for (const [key, m] of [...measured].sort()) rows.push([key, m.answer, m.reads, m.writes, m.ms.toFixed(0), gbs(m).toFixed(3), m.bytes]);
  console.log(`One call of each action (local cloud, ${a.dbLatencyMs} ms added per database round trip; GB-s = ${a.memoryMb} MB × duration rounded up to 100 ms):`);
  console.log(table(rows));
  const missing = [...Object.keys(mix.perPatron), ...Object.keys(mix.fixed)].filter((k) => !measured.has(k));
  if (missing.length) console.log(`not measured (left out of the totals): ${missing.join(', ')}`);

  // Monthly totals for a size: Σ calls × per-call figures.
  const writesPerPatronMonth = Object.entries(mix.perPatron).reduce((n, [k, per]) => n + per * (measured.get(k)?.writes ?? 0), 0);
  const measuredWrites = [...measured.values()].reduce((n, m) => n + m.writes, 0) || 1;
  const bytesPerWrite = perPatronBytes / measuredWrites;
  const month = (patrons: number) => {
    const per: { key: string; calls: number; gbs: number; reads: number; writes: number; yuan: number }[] = [];
    const add = (key: string, calls: number) => {
      const m = measured.get(key);
      if (!m) return;
      const g = calls * gbs(m), r = calls * m.reads, w = calls * m.writes;
      per.push({ key, calls, gbs: g, reads: r, writes: w, yuan: g * PRICE.gbSecond + (r / 1e4) * PRICE.readPer10k + (w / 1e4) * PRICE.writePer10k });
    };
    for (const [k, n] of Object.entries(mix.perPatron)) add(k, n * patrons);
    for (const [k, n] of Object.entries(mix.fixed)) add(k, n);
    const sum = (f: (x: (typeof per)[number]) => number) => per.reduce((n, x) => n + f(x), 0);
    const sms = (mix.perPatron['account.sendSmsCode'] ?? 0) * patrons;
    // Storage after `months` of this mix: every write keeps about bytesPerWrite (ledger, check-ins, requests…).
    const storageGb = (patrons * writesPerPatronMonth * bytesPerWrite * a.months) / 1024 ** 3;
    return { per, invocations: sum((x) => x.calls), gbs: sum((x) => x.gbs), reads: sum((x) => x.reads), writes: sum((x) => x.writes), storageGb, outboundGb: (sms * a.smsBytesOut) / 1024 ** 3 };
  };

  const sizes = opt.patrons.map((n) => ({ n, m: month(n) }));
  const head = ['per month', ...sizes.map((s) => `${s.n.toLocaleString('en-US')} patrons`)];
  const line = (label: string, f: (m: ReturnType<typeof month>) => number) => [label, ...sizes.map((s) => fmt(f(s.m)))];
  /** The quotas of plan p that month m exceeds. */
  const over = (m: ReturnType<typeof month>, p: Plan) => [
    m.gbs > p.gbSeconds && 'GB-s', m.outboundGb > p.outboundGb && 'outbound', m.storageGb > p.dbGb && 'database GB',
    m.reads / 30 > p.readsPerDay && 'reads/天', m.writes / 30 > p.writesPerDay && 'writes/天',
  ].filter((x): x is string => !!x);
  const fitting = (m: ReturnType<typeof month>) => PLANS.findIndex((p) => !over(m, p).length);
  const fits = (m: ReturnType<typeof month>) => {
    const i = fitting(m);
    return i >= 0 ? `${PLANS[i].name} (${PLANS[i].yuanPerMonth} 元/月)` : 'none: 按量计费';
  };
  const cheaper = (m: ReturnType<typeof month>) => {
    const i = fitting(m);
    const p = PLANS[i < 0 ? PLANS.length - 1 : i - 1];
    return !p ? '-' : `${p.name}: ${over(m, p).join(', ')}`;
  };
  console.log(`\nMonthly CloudBase resource use (storage: database after ${a.months} months; outbound: SMS requests to Tencent Cloud):`);
  console.log(table([
    head,
    line('invocations', (m) => m.invocations),
    line('GB-seconds', (m) => m.gbs),
    line('database reads', (m) => m.reads),
    line('database reads per day', (m) => m.reads / 30),
    line('database writes', (m) => m.writes),
    line('database writes per day', (m) => m.writes / 30),
    line('storage GB (database)', (m) => m.storageGb),
    line('outbound traffic GB', (m) => m.outboundGb),
    ['smallest plan that holds it', ...sizes.map((s) => fits(s.m))],
    ['what the plan below exceeds', ...sizes.map((s) => cheaper(s.m))],
  ]));
  console.log(`\nPlans (${PRICE_LIST}); no invocation quota is named there:`);
  console.log(table([
    ['plan', '元/月', 'GB-s/月', 'outbound GB/月', 'database GB', 'reads/天', 'writes/天', 'file storage GB'],
    ...PLANS.map((p) => [p.name, p.yuanPerMonth, p.gbSeconds, p.outboundGb, p.dbGb, p.readsPerDay, p.writesPerDay, p.storageGb]),
  ]));
  const big = sizes[sizes.length - 1];
  const top = [...big.m.per].sort((x, y) => y.yuan - x.yuan).slice(0, 3);
  console.log(`\nThe three most costly actions at ${big.n.toLocaleString('en-US')} patrons (按量计费 prices: GB-s ${PRICE.gbSecond} 元, reads ${PRICE.readPer10k} 元/万, writes ${PRICE.writePer10k} 元/万):`);
  console.log(table([
    ['function.action', 'calls/月', 'GB-s', 'reads', 'writes', '元/月'],
    ...top.map((x) => [x.key, fmt(x.calls), fmt(x.gbs), fmt(x.reads), fmt(x.writes), x.yuan.toFixed(2)]),
  ]));
  console.log(`assumptions: ${JSON.stringify(a)}; bytes kept per write ${Math.round(bytesPerWrite)}; re-run with another mix: npx tsx bench/cost.ts --mix my-mix.json [--patrons 500,5000] [--db-latency-ms 8] [--memory-mb 256]`);
}

if (require.main === module) {
  cost(process.argv.slice(2)).then(() => process.exit(0), (err) => {
    console.error(err);
    process.exit(1);
  });
}
