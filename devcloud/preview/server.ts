// Browser preview, server side (local cloud only, loopback only): the shell page with the dev
// panel at `/`, the phone frame, the runtime and the mini-program script, and two dev endpoints:
// GET /dev/scan-codes (codes a desk could scan right now) and POST /dev/reset (demo data again).
import fs from 'fs';
import type http from 'http';
import path from 'path';
import type { DbEmulator } from '../db';
import { seedDemo } from '../seed';
import { ROOT } from '../../scripts/functions';
import { buildPreview, MP_ROOT, sourcesStamp, type PreviewBuild } from './build';

const SHELL = path.join(__dirname, 'shell.html');

export interface PreviewContext {
  emulator: DbEmulator;
  /** Runs a cloud function (live event check-in tokens come from events.attendanceToken). */
  invoke(fn: string, event: object, openid: string, now: string | null): Promise<unknown>;
  adminOpenid: string;
}

/** Collections a reset empties: those in db/indexes.json, the team's fixed names and the dev ones. */
function knownCollections(): string[] {
  const declared = Object.keys(JSON.parse(fs.readFileSync(path.join(ROOT, 'db', 'indexes.json'), 'utf8')).collections ?? {});
  const fixed = ['readers', 'users', 'cards', 'ledger', 'messages', 'roles', 'rules', 'content', 'prizes', 'redemptions', 'requests',
    'events', 'signups', 'seats', 'volunteers', 'service', 'books', 'holdings', 'recommendations', 'donations', 'feedback', 'imports',
    'books_catalogue', 'sms_codes', '_dev_outbox', '_meta'];
  return [...new Set([...declared, ...fixed])];
}

/** Empties every known collection and seeds the demo data again (the preview's 重置演示数据). */
export async function resetDemoData(emu: DbEmulator): Promise<void> {
  for (const collectionName of knownCollections()) {
    const out = (await emu.handle('preview', { action: 'database.removeDocument', collectionName, query: '{}', multi: true })) as { code?: string; message?: string };
    if (out.code && out.code !== 'DATABASE_COLLECTION_NOT_EXIST') throw new Error(`reset ${collectionName}: ${out.code} ${out.message ?? ''}`);
  }
  await seedDemo(emu);
}

let cached: { stamp: number; build: Promise<PreviewBuild> } | null = null;

/**
 * sourcesStamp() stats every source file synchronously, on the event loop that also serves /fn and
 * the database: taken at most once per STAMP_MS (one page load asks for runtime.js, app.js and
 * meta.json together), so an edit shows within STAMP_MS.
 */
const STAMP_MS = 500;
let stamped: { stamp: number; at: number } | null = null;

function recentStamp(): number {
  if (!stamped || Date.now() - stamped.at >= STAMP_MS) {
    const stamp = sourcesStamp();
    stamped = { stamp, at: Date.now() };
  }
  return stamped.stamp;
}

/** The preview build, rebuilt when a file under miniprogram/ changed (seen within STAMP_MS). */
export function currentBuild(): Promise<PreviewBuild> {
  const stamp = recentStamp();
  if (!cached || cached.stamp !== stamp) {
    const build = buildPreview();
    cached = { stamp, build };
    build.catch(() => { if (cached?.build === build) cached = null; });
  }
  return cached.build;
}

function send(res: http.ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': `${type}; charset=utf-8`, 'cache-control': 'no-store' });
  res.end(body);
}

const APP_HTML = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>YUE积分社</title></head>
<body><div id="yue-phone"></div>
<script src="/preview/runtime.js"></script>
<script src="/preview/app.js"></script>
<script>window.__yuePreview.boot()</script>
</body></html>`;

type Offer = { kind: string; label: string; code: string };
const newestFirst = (a: Record<string, unknown>, b: Record<string, unknown>) =>
  String(b.createdAt ?? b.updatedAt ?? '').localeCompare(String(a.createdAt ?? a.updatedAt ?? ''));

/**
 * What a camera could scan right now: pending redemption codes, live event check-in tokens,
 * pledged donation codes, demo ISBNs. Collections owned by other features are read defensively:
 * a missing collection or field just offers nothing.
 */
export async function scanOffers(ctx: PreviewContext, now: string | null): Promise<Offer[]> {
  const read = (name: string, query: Record<string, unknown> = {}) => {
    try {
      return ctx.emulator.collection(name).find(query).sort(newestFirst);
    } catch {
      return [];
    }
  };
  const offers: Offer[] = [];
  for (const r of read('redemptions', { status: 'pending' }).slice(0, 8)) {
    offers.push({ kind: '兑换码', label: String(r.prizeName ?? r.prizeId ?? ''), code: String(r.code ?? r._id) });
  }
  // The QR the staff screen shows for an event in its check-in window (as the admin, at the dev clock).
  const events = read('events').filter((e) => e.status !== 'cancelled').slice(0, 12);
  const tokens = await Promise.all(events.map(async (e) => {
    const out = (await ctx.invoke('events', { action: 'attendanceToken', eventId: e._id }, ctx.adminOpenid, now).catch(() => null)) as { ok?: boolean; data?: { token?: string } } | null;
    return out?.ok && out.data?.token ? { kind: '签到码', label: String(e.title ?? e._id), code: out.data.token } : null;
  }));
  for (const t of tokens) if (t) offers.push(t);
  for (const d of read('donations', { status: 'pledged' }).slice(0, 8)) {
    offers.push({ kind: '捐赠码', label: String(d.title ?? d.bookTitle ?? d.isbn13 ?? ''), code: String(d.code ?? d._id) });
  }
  const held = new Set(read('holdings').map((h) => String(h.isbn13 ?? h._id)));
  for (const b of read('books_catalogue').slice(0, 12)) {
    const isbn = String(b.isbn13 ?? b._id);
    offers.push({ kind: 'ISBN', label: `${String(b.title ?? '')}${held.has(isbn) ? '（馆藏已有）' : ''}`, code: isbn });
  }
  return offers;
}

/** Answers the preview's requests; false when the request is not the preview's. */
export async function previewHandler(req: http.IncomingMessage, res: http.ServerResponse, url: URL, ctx: PreviewContext): Promise<boolean> {
  const get = req.method === 'GET' || req.method === 'HEAD';
  try {
    if (get && url.pathname === '/') {
      send(res, 200, 'text/html', fs.readFileSync(SHELL, 'utf8'));
      return true;
    }
    if (get && url.pathname === '/favicon.ico') {
      res.writeHead(204).end();
      return true;
    }
    if (get && url.pathname === '/preview/app.html') {
      send(res, 200, 'text/html', APP_HTML);
      return true;
    }
    if (get && url.pathname === '/preview/runtime.js') {
      send(res, 200, 'text/javascript', (await currentBuild()).runtime);
      return true;
    }
    if (get && url.pathname === '/preview/app.js') {
      send(res, 200, 'text/javascript', (await currentBuild()).script);
      return true;
    }
    if (get && url.pathname === '/preview/meta.json') {
      const { app, routes } = await currentBuild();
      send(res, 200, 'application/json', JSON.stringify({ app, routes }));
      return true;
    }
    // The package's own pictures (e.g. /assets/empty/*.svg for van-empty), as WeChat serves them.
    if (get && /\.(svg|png|jpe?g|gif|webp)$/i.test(url.pathname)) {
      const file = path.join(MP_ROOT, decodeURIComponent(url.pathname));
      if (!file.startsWith(MP_ROOT + path.sep) || !fs.existsSync(file)) return false;
      const ext = path.extname(file).slice(1).toLowerCase();
      res.writeHead(200, { 'content-type': ext === 'svg' ? 'image/svg+xml' : `image/${ext === 'jpg' ? 'jpeg' : ext}`, 'cache-control': 'no-store' });
      res.end(fs.readFileSync(file));
      return true;
    }
    if (get && url.pathname === '/dev/scan-codes') {
      const now = url.searchParams.get('now');
      send(res, 200, 'application/json', JSON.stringify({ codes: await scanOffers(ctx, now && !Number.isNaN(Date.parse(now)) ? now : null) }));
      return true;
    }
    if (req.method === 'POST' && url.pathname === '/dev/reset') {
      await resetDemoData(ctx.emulator);
      send(res, 200, 'application/json', JSON.stringify({ ok: true }));
      return true;
    }
  } catch (err) {
    console.error('[preview]', err);
    const message = (err as Error).message ?? String(err);
    if (url.pathname.endsWith('.js')) send(res, 200, 'text/javascript', `document.body.innerText = ${JSON.stringify(`预览构建失败：${message}`)};`);
    else send(res, 500, 'text/plain', `预览构建失败：${message}`);
    return true;
  }
  return false;
}
