// Bench helpers: an in-process local cloud and a caller that reads the round-trip header.
import { httpJson } from '../server/util/http-json';
import { startLocalCloud, type LocalCloud } from '../devcloud/server';

export async function benchCloud(seed: 'demo' | 'none' = 'demo', workers = 4): Promise<LocalCloud> {
  return startLocalCloud({ port: 0, dataDir: null, seed, adminOpenids: ['bench-admin'], workers, env: { YUE_CONTRACT_CHECK: '0' } });
}

export interface Called { ok: boolean; data: any; error?: { code: string }; roundTrips: number; ms: number }

export function caller(base: string) {
  return async (fn: string, openid: string, event: Record<string, unknown>, now?: string): Promise<Called> => {
    const started = process.hrtime.bigint();
    const res = await httpJson('POST', `${base}/fn/${fn}`, event, { 'X-WX-OPENID': openid, ...(now ? { 'X-Dev-Now': now } : {}) });
    return { ...res.json, roundTrips: Number(res.headers['x-db-round-trips'] ?? -1), ms: Number(process.hrtime.bigint() - started) / 1e6 };
  };
}

export async function getJson(url: string): Promise<any> {
  return (await httpJson('GET', url)).json;
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export function table(rows: (string | number)[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  return rows.map((r) => r.map((c, i) => String(c).padEnd(widths[i])).join('  ')).join('\n');
}
