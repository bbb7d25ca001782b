// Binding through the library system (SIP2) with the stand-in library 50 ms away (every answer
// 50 ms late): what a live lookup adds to a bind, and 100 binds at once over the instances'
// shared connections (one SIP2 connection per function instance).
//   npx tsx bench/sip2-bind.ts            BENCH_SIP2_LATENCY_MS=50 BENCH_SIP2_WORKERS=4,8 (one local cloud each)
import { startLocalCloud, type LocalCloud } from '../devcloud/server';
import { withCheckChar } from '../server/util/idcard';
import { caller, getJson, percentile, table, type Called } from './lib';

const LATENCY = Number(process.env.BENCH_SIP2_LATENCY_MS ?? 50);
const WORKERS = (process.env.BENCH_SIP2_WORKERS ?? '4').split(',').map(Number);
const SEQUENTIAL = 20;
const AT_ONCE = 100;
const ADMIN = 'bench-admin';

let serial = 0;
function identity(prefix: string) {
  serial += 1;
  const s = String(serial).padStart(5, '0');
  return { cardNo: `${prefix}${s}`, phone: `136${String(serial).padStart(8, '0')}`, idNumber: withCheckChar(`11010119900101${s.slice(-3)}`), name: `读者${s}` };
}

const median = (xs: number[]) => percentile([...xs].sort((a, b) => a - b), 50);

async function codeFor(cloud: LocalCloud, call: ReturnType<typeof caller>, openid: string, cardNo: string, phone: string): Promise<{ code: string; sendMs: number }> {
  const sent = await call('account', openid, { action: 'sendSmsCode', phone, purpose: 'bind', cardNo });
  if (!sent.ok) throw new Error(`sendSmsCode: ${JSON.stringify(sent.error)}`);
  const { messages } = await getJson(`${cloud.url}/dev/sms?phone=${phone}`);
  return { code: messages[0].code, sendMs: sent.ms };
}

async function run(workers: number): Promise<{ seq: (string | number)[][]; burst: (string | number)[] }> {
  const cloud = await startLocalCloud({
    port: 0, dataDir: null, seed: 'none', adminOpenids: [ADMIN], workers, build: false,
    env: { YUE_CONTRACT_CHECK: '0' }, sip2: { latencyMs: LATENCY },
  });
  const call = caller(cloud.url);
  try {
    // Warm every instance's SIP2 connection and bundle (the first bind of an instance also logs in).
    const warm = Array.from({ length: workers * 2 }, () => identity('W'));
    for (const w of warm) cloud.sip2!.addPatron({ cardNo: w.cardNo, name: w.name, phone: w.phone });
    await Promise.all(warm.map(async (w, i) => {
      const { code } = await codeFor(cloud, call, `warm-${i}`, w.cardNo, w.phone);
      await call('account', `warm-${i}`, { action: 'bindCard', cardNo: w.cardNo, phone: w.phone, code });
    }));

    // Imported and live-only binds alternate, so a busy machine slows both alike.
    const timings = { imported: { sends: [] as number[], binds: [] as number[] }, live: { sends: [] as number[], binds: [] as number[] } };
    for (let i = 0; i < SEQUENTIAL * 2; i++) {
      const kind = i % 2 ? 'live' : 'imported';
      const r = identity(kind === 'live' ? 'L' : 'I');
      if (kind === 'live') cloud.sip2!.addPatron({ cardNo: r.cardNo, name: r.name, phone: r.phone });
      else await call('admin', ADMIN, { action: 'importReaders', readers: [{ cardNo: r.cardNo, name: r.name, idNumber: r.idNumber, phone: r.phone }] });
      const openid = `seq-${kind}-${i}`;
      const { code, sendMs } = await codeFor(cloud, call, openid, r.cardNo, r.phone);
      const bound = await call('account', openid, { action: 'bindCard', cardNo: r.cardNo, phone: r.phone, code });
      if (!bound.ok) throw new Error(`bindCard: ${JSON.stringify(bound.error)}`);
      timings[kind].sends.push(sendMs);
      timings[kind].binds.push(bound.ms);
    }
    const seq = (['imported', 'live'] as const).map((kind) => [
      kind === 'live' ? 'live-only card (SIP2 63/64)' : 'imported card (table)', median(timings[kind].sends).toFixed(0), median(timings[kind].binds).toFixed(0),
    ]);

    const burst = Array.from({ length: AT_ONCE }, () => identity('B'));
    for (const b of burst) cloud.sip2!.addPatron({ cardNo: b.cardNo, name: b.name, phone: b.phone });
    const codes: string[] = [];
    for (const [i, b] of burst.entries()) codes.push((await codeFor(cloud, call, `burst-${i}`, b.cardNo, b.phone)).code);
    const connectionsBefore = cloud.sip2!.stats.connections;
    const started = Date.now();
    const results: Called[] = await Promise.all(burst.map((b, i) => call('account', `burst-${i}`, { action: 'bindCard', cardNo: b.cardNo, phone: b.phone, code: codes[i] })));
    const wall = Date.now() - started;
    const failures = results.filter((r) => !r.ok);
    const byCode = [...new Set(failures.map((f) => f.error?.code))].map((c) => `${c}×${failures.filter((f) => f.error?.code === c).length}`).join(' ') || '0';
    const ms = results.map((r) => r.ms).sort((a, b) => a - b);
    return {
      seq,
      burst: [workers, AT_ONCE, wall, byCode, percentile(ms, 50).toFixed(0), percentile(ms, 95).toFixed(0), cloud.sip2!.stats.connections - connectionsBefore, cloud.sip2!.stats.connections],
    };
  } finally {
    await cloud.close();
  }
}

export async function sip2Bind(): Promise<void> {
  console.log(`\n## Binding through SIP2, stand-in library ${LATENCY} ms away (each answer ${LATENCY} ms late), warm instances`);
  const bursts: (string | number)[][] = [];
  for (const w of WORKERS) {
    const out = await run(w);
    if (w === WORKERS[0]) {
      console.log(`\n${SEQUENTIAL} binds one after another, median ms per call (${w} instances):`);
      console.log(table([['card', 'sendSmsCode', 'bindCard'], ...out.seq]));
      const added = Number(out.seq[1][2]) - Number(out.seq[0][2]);
      const addedSend = Number(out.seq[1][1]) - Number(out.seq[0][1]);
      console.log(`added by the live lookup (one 63/64 exchange, ${LATENCY} ms at the library): bindCard ${added >= 0 ? '+' : ''}${added} ms, sendSmsCode ${addedSend >= 0 ? '+' : ''}${addedSend} ms`);
    }
    bursts.push(out.burst);
  }
  console.log(`\n${AT_ONCE} binds of live-only cards at once (codes sent beforehand):`);
  console.log(table([['instances', 'binds', 'wall ms', 'failures', 'p50 ms', 'p95 ms', 'new SIP2 connections', 'connections in all'], ...bursts]));
}

if (require.main === module) {
  sip2Bind().then(() => process.exit(0), (err) => {
    console.error(err);
    process.exit(1);
  });
}
