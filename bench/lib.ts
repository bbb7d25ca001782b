// Bench helpers: an in-process local cloud and a caller that reads the round-trip header.
import http from 'http';
import { startLocalCloud, type LocalCloud } from '../devcloud/server';

export async function benchCloud(seed: 'demo' | 'none' = 'demo', workers = 4): Promise<LocalCloud> {
  return startLocalCloud({ port: 0, dataDir: null, seed, adminOpenids: ['bench-admin'], workers, env: { YUE_CONTRACT_CHECK: '0' } });
}

export interface Called { ok: boolean; data: any; error?: { code: string }; roundTrips: number; ms: number }

export function caller(base: string) {
  return (fn: string, openid: string, event: Record<string, unknown>, now?: string): Promise<Called> =>
    new Promise((resolve, reject) => {
      const started = process.hrtime.bigint();
      const headers: Record<string, string> = { 'content-type': 'application/json', 'X-WX-OPENID': openid };
      if (now) headers['X-Dev-Now'] = now;
      const req = http.request(`${base}/fn/${fn}`, { method: 'POST', headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          resolve({ ...body, roundTrips: Number(res.headers['x-db-round-trips'] ?? -1), ms: Number(process.hrtime.bigint() - started) / 1e6 });
        });
      });
      req.on('error', reject);
      req.end(JSON.stringify(event));
    });
}

export function getJson(url: string): Promise<any> {
  return new Promise((resolve, reject) => {
    http.get(url, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
    }).on('error', reject);
  });
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export function table(rows: (string | number)[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  return rows.map((r) => r.map((c, i) => String(c).padEnd(widths[i])).join('  ')).join('\n');
}
