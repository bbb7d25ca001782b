import http from 'http';
import type { DbEmulator } from './emulator';

const MAX_BODY = 64 * 1024 * 1024;

const send = (res: http.ServerResponse, status: number, body: object): void => {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
};

/** The tag of `/admin/<tag>` ('' for `/admin`), or null for any other path. */
export function dbTag(url: string | undefined): string | null {
  const p = (url ?? '').split('?')[0];
  if (p === '/admin' || p === '/admin/') return '';
  if (!p.startsWith('/admin/')) return null;
  const seg = p.slice('/admin/'.length).split('/')[0];
  try {
    return decodeURIComponent(seg);
  } catch {
    return seg;
  }
}

export interface DbHttpOptions {
  /** Added to every database request before it is handled: a network round trip (YUE_DB_LATENCY_MS). */
  latencyMs?: number;
  /** Answers other services on the same endpoint (storage.*): a result, or null for the database. */
  extra?: (body: Record<string, unknown>) => object | null;
}

/** YUE_DB_LATENCY_MS as a number of milliseconds (0 when unset or not a positive number). */
export function latencyFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const ms = Number(env.YUE_DB_LATENCY_MS ?? 0);
  return Number.isFinite(ms) && ms > 0 ? ms : 0;
}

/** Answers the SDK's POSTs to `/admin` and `/admin/<tag>` (query string ignored) with `emu.handle`. */
export function dbHttpHandler(emu: DbEmulator, opts: DbHttpOptions = {}): (req: http.IncomingMessage, res: http.ServerResponse) => void {
  const latencyMs = opts.latencyMs ?? 0;
  const answer = (tag: string, body: unknown): Promise<object> => {
    const out = opts.extra && body && typeof body === 'object' ? opts.extra(body as Record<string, unknown>) : null;
    return out ? Promise.resolve({ requestId: `local-${Date.now()}`, ...out }) : emu.handle(tag, body);
  };
  const handle = latencyMs > 0
    ? (tag: string, body: unknown) => new Promise<void>((r) => setTimeout(r, latencyMs)).then(() => answer(tag, body))
    : answer;
  return (req, res) => {
    const tag = dbTag(req.url);
    if (tag === null) return send(res, 404, { code: 'INVALID_PARAM', message: 'not a database endpoint' });
    if (req.method !== 'POST') return send(res, 405, { code: 'INVALID_PARAM', message: 'POST only' });
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) req.destroy(new Error('request body too large'));
      else chunks.push(c);
    });
    req.on('error', () => {
      if (!res.headersSent) send(res, 400, { code: 'INVALID_PARAM', message: 'bad request body' });
    });
    req.on('end', () => {
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return send(res, 400, { code: 'INVALID_PARAM', message: 'request body is not JSON' });
      }
      handle(tag, body).then(
        (out) => send(res, 200, out),
        (e: unknown) => send(res, 500, { code: 'SYS_ERR', message: String((e as Error)?.message ?? e) }),
      );
    });
  };
}

export interface DbServer {
  /** e.g. http://127.0.0.1:PORT/admin — append `/<tag>` for a tagged client */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** A standalone loopback server for the emulator (tests, tools). */
export async function startDbServer(emu: DbEmulator, opts: { port?: number; host?: string } = {}): Promise<DbServer> {
  const handler = dbHttpHandler(emu);
  const server = http.createServer(handler);
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://${host}:${port}/admin`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
