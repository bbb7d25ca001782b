import fs from 'fs';
import http from 'http';
import path from 'path';
import { createDbEmulator, dbHttpHandler, latencyFromEnv, type DbEmulator, type QueryShape } from './db';
import { buildFunctions, ROOT } from '../scripts/functions';
import { FunctionHost, FunctionTimeout } from './host';
import { previewHandler } from './preview/server';
import { seedDemo } from './seed';
import { Sip2Standin, type StandinOptions } from './sip2/standin';
import { sip2DevHandler } from './sip2/dev';
import { createLocalStorage, type LocalStorage } from './storage';

export interface LocalCloudOptions {
  port: number;
  /** null: memory only (tests). */
  dataDir: string | null;
  seed: 'demo' | 'none';
  adminOpenids: string[];
  workers: number;
  /** Extra environment for the function instances (e.g. YUE_RULES_CACHE_MS). */
  env?: NodeJS.ProcessEnv;
  build?: boolean;
  /** Milliseconds added to every database request (a network round trip); default YUE_DB_LATENCY_MS or 0. */
  dbLatencyMs?: number;
  /** Serve the browser preview at `/` (devcloud/preview; npm start and the e2e walks). */
  preview?: boolean;
  /** Start the stand-in library system (devcloud/sip2) and point the functions at it (YUE_READER_SOURCE=sip2). */
  sip2?: StandinOptions & { verify?: 'phone' | 'password' };
  /** Also append the function instances' output (their log) to this file (the test run scans it). */
  fnLog?: string;
}

/** What only the cloud would reveal, collected over a run (GET /dev/checks; the test run fails on any). */
export interface LocalCloudChecks {
  openapiRefused: { call: string; fix: string }[];
  unindexed: QueryShape[];
}

/** The checks' findings as a message that says what to change, or null when there are none. */
export function describeChecks(c: LocalCloudChecks): string | null {
  const lines: string[] = [];
  for (const r of c.openapiRefused) lines.push(`openapi call refused (errCode -604101, as in the cloud): ${r.call}: ${r.fix}`);
  for (const q of c.unindexed) {
    lines.push(`unindexed query on growing collection ${q.collection} (${q.count}×): ${q.shape}\n    ${q.suggest ?? ''}`);
  }
  return lines.length ? `The local cloud saw what would fail or crawl in production:\n  ${lines.join('\n  ')}` : null;
}

export interface LocalCloud { url: string; port: number; emulator: DbEmulator; host: FunctionHost; sip2: Sip2Standin | null; storage: LocalStorage; checks(): LocalCloudChecks; close(): Promise<void> }

const OUTBOX = '_dev_outbox';

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

function blockedWords(): string[] {
  return (process.env.YUE_DEV_BLOCKED_WORDS ?? '违禁词,赌博,诈骗').split(',').map((s) => s.trim()).filter(Boolean);
}

/** Starts the local cloud: database emulator, function host, dev outbox, on one loopback port. */
export async function startLocalCloud(opts: LocalCloudOptions): Promise<LocalCloud> {
  if (opts.build !== false) await buildFunctions();
  const indexes = JSON.parse(fs.readFileSync(path.join(ROOT, 'db', 'indexes.json'), 'utf8'));
  if (opts.dataDir) fs.mkdirSync(opts.dataDir, { recursive: true });
  // Collections exist as declared in db/indexes.json (others fail as in CloudBase); queries of the
  // function instances (tags w0, w1, …) are recorded with the index that serves them.
  const emulator = await createDbEmulator({ dataDir: opts.dataDir, indexes, strictCollections: true, recordQueries: (tag) => /^w\d+$/.test(tag) });
  let baseUrl = '';
  const storage = createLocalStorage({ dataDir: opts.dataDir, baseUrl: () => baseUrl });
  const dbHandler = dbHttpHandler(emulator, { latencyMs: opts.dbLatencyMs ?? latencyFromEnv(), extra: storage.handle });
  let host: FunctionHost | null = null;
  /** Openapi calls refused for want of a config.json permission: "fn → api" -> what to change. */
  const openapiRefusals = new Map<string, string>();
  const checks = (): LocalCloudChecks => ({
    openapiRefused: [...openapiRefusals].map(([call, fix]) => ({ call, fix })),
    unindexed: emulator.queryShapes().filter((q) => q.growing && !q.served),
  });
  const sip2 = opts.sip2 ? await new Sip2Standin(opts.sip2).start() : null;

  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://local');
      if (url.pathname === '/admin' || url.pathname.startsWith('/admin/')) return dbHandler(req, res);
      if (req.method === 'GET' && url.pathname === '/healthz') return send(res, 200, { ok: true });
      if (url.pathname.startsWith('/storage/') && (await storage.serve(req, res, url))) return;
      if (req.method === 'POST' && url.pathname.startsWith('/fn/')) {
        const fn = decodeURIComponent(url.pathname.slice(4));
        if (!host?.has(fn)) return send(res, 404, { ok: false, error: { code: 'UNKNOWN_FUNCTION', message: `没有云函数 ${fn}` } });
        const raw = await readBody(req);
        let event: unknown;
        try { event = raw ? JSON.parse(raw) : {}; } catch { return send(res, 400, { ok: false, error: { code: 'INVALID_INPUT', message: '请求体不是合法的 JSON' } }); }
        const now = req.headers['x-dev-now'];
        if (now && Number.isNaN(Date.parse(String(now)))) return send(res, 400, { ok: false, error: { code: 'INVALID_INPUT', message: 'X-Dev-Now 不是合法时间' } });
        const out = await host.invoke({ fn, event, openid: String(req.headers['x-wx-openid'] ?? ''), now: now ? String(now) : null });
        return send(res, 200, out.result, {
          'x-db-round-trips': String(out.dbRoundTrips),
          // Of the round trips, the writes (the rest are reads); CloudBase bills the two apart.
          'x-db-writes': String(out.dbWrites),
          'x-duration-ms': String(out.ms),
          // Local cloud only: which instance ran the call and when (test/support/race.ts proves overlap).
          'x-dev-worker': out.worker,
          'x-dev-span': `${out.startedAt}-${out.endedAt}`,
        });
      }
      if (req.method === 'POST' && url.pathname === '/dev/outbox') {
        const msg = JSON.parse(await readBody(req)) as Record<string, unknown>;
        const sentAt = new Date().toISOString();
        if (typeof msg.api === 'string' && msg.fn && host?.has(String(msg.fn)) && !host.config(String(msg.fn)).openapi.includes(msg.api)) {
          // As the cloud: an openapi call the function's config.json does not declare is refused.
          const fix = `add "${msg.api}" to permissions.openapi in cloudfunctions/${String(msg.fn)}/config.json`;
          openapiRefusals.set(`${String(msg.fn)} → ${msg.api}`, fix);
          return send(res, 200, { errCode: -604101, errMsg: `openapi.${msg.api}:fail -604101 function has no permission to call this API (${fix})` });
        }
        if (msg.kind === 'contentCheck') {
          const pass = !blockedWords().some((w) => String(msg.text ?? '').includes(w));
          return send(res, 200, { pass });
        }
        emulator.collection(OUTBOX).insert({ ...msg, sentAt });
        return send(res, 200, { ok: true });
      }
      if (req.method === 'GET' && url.pathname === '/dev/sms') {
        const phone = url.searchParams.get('phone');
        const messages = emulator.collection(OUTBOX).find(phone ? { kind: 'sms', phone } : { kind: 'sms' })
          .sort((a, b) => String(b.sentAt).localeCompare(String(a.sentAt)))
          .map((m) => ({ phone: m.phone, code: m.code, purpose: m.purpose, sentAt: m.sentAt }));
        return send(res, 200, { messages });
      }
      if (req.method === 'GET' && url.pathname === '/dev/outbox') {
        const kind = url.searchParams.get('kind');
        const messages = emulator.collection(OUTBOX).find(kind ? { kind } : {})
          .sort((a, b) => String(b.sentAt).localeCompare(String(a.sentAt)));
        return send(res, 200, { messages });
      }
      if (req.method === 'GET' && url.pathname.startsWith('/dev/db/')) {
        // Local cloud only: read a collection as stored (tests check what is and is not kept).
        return send(res, 200, { docs: emulator.collection(decodeURIComponent(url.pathname.slice(8))).find({}) });
      }
      if (url.pathname.startsWith('/dev/sip2')) return sip2DevHandler(req, res, url, sip2, readBody, send);
      if (req.method === 'GET' && url.pathname === '/dev/host') {
        return send(res, 200, { workers: host?.size ?? 0 });
      }
      if (req.method === 'GET' && url.pathname === '/dev/queries') {
        // Local cloud only: every query shape the functions sent and the index serving it (docs/DATA.md).
        return send(res, 200, { queries: emulator.queryShapes() });
      }
      if (req.method === 'GET' && url.pathname === '/dev/checks') {
        return send(res, 200, checks());
      }
      if (req.method === 'GET' && url.pathname === '/dev/stats') {
        return send(res, 200, { counters: Object.fromEntries(emulator.counters), docsRead: Object.fromEntries(emulator.docsRead) });
      }
      if (opts.preview && (await previewHandler(req, res, url, {
        emulator,
        adminOpenid: opts.adminOpenids[0] ?? 'admin-local',
        invoke: async (fn, event, openid, now) => (await host!.invoke({ fn, event, openid, now })).result,
      }))) return;
      send(res, 404, { ok: false, error: { code: 'NOT_FOUND', message: '未知地址' } });
    } catch (err) {
      if (err instanceof FunctionTimeout) return send(res, 504, { errCode: -504003, errMsg: `cloud.callFunction:fail ${err.message}` });
      console.error('[devcloud]', err);
      send(res, 500, { ok: false, error: { code: 'INTERNAL', message: '本地云内部错误' } });
    }
  });

  // Longer than the SDK's idle keep-alive: a busy emulator must not close a socket the SDK reuses (ECONNRESET).
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  const url = `http://127.0.0.1:${port}`;
  baseUrl = url;

  if (opts.seed === 'demo') await seedDemo(emulator);
  host = new FunctionHost({
    size: opts.workers,
    baseUrl: url,
    counter: (tag) => emulator.counters.get(tag) ?? 0,
    writes: (tag) => emulator.writeCounters.get(tag) ?? 0,
    onWorkerExit: (tag) => emulator.abortTag(tag),
    log: opts.fnLog,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: process.env.NODE_ENV,
      YUE_ADMIN_OPENIDS: opts.adminOpenids.join(','),
      YUE_HMAC_KEY: process.env.YUE_HMAC_KEY,
      YUE_CONTRACT_CHECK: '1',
      ...(sip2 ? {
        YUE_READER_SOURCE: 'sip2', YUE_SIP2_HOST: '127.0.0.1', YUE_SIP2_PORT: String(sip2.port),
        YUE_SIP2_USER: sip2.opts.user, YUE_SIP2_PASSWORD: sip2.opts.password, YUE_SIP2_INSTITUTION: sip2.opts.institution,
        YUE_SIP2_ENCODING: sip2.opts.encoding, YUE_SIP2_TERMINATOR: sip2.opts.terminator, YUE_SIP2_CHECKSUM: String(sip2.opts.checksum),
        YUE_SIP2_VERIFY: opts.sip2?.verify ?? 'phone', YUE_SIP2_ID_FIELD: sip2.opts.idField,
      } : {}),
      ...opts.env,
    },
  });

  return {
    url, port, emulator, host, sip2, storage, checks,
    async close() {
      await host?.close();
      await sip2?.stop();
      await new Promise<void>((r) => server.close(() => r()));
      await emulator.close();
    },
  };
}
