// `npm run readers:import -- readers.csv [--url http://127.0.0.1:3030] [--openid <admin>]`
//   sends the rows to admin.importReaders on a running local cloud (as an admin OPENID);
// `npm run readers:import -- readers.csv --env <cloud-env-id>`
//   writes them straight into a cloud environment's database with the same validation and
//   keyed hashing (credentials: TENCENTCLOUD_SECRETID / TENCENTCLOUD_SECRETKEY, key: YUE_HMAC_KEY).
// CSV columns (header row required): cardNo,name,idNumber,phone[,status]
import fs from 'fs';
import { importReaders } from '../server/domain/readers';
import { httpJson } from '../server/util/http-json';
import { loadConfig } from '../server/runtime/config';
import type { Ctx } from '../server/runtime/context';
import type { Db } from '../server/runtime/db';

export function parseCsv(text: string): Record<string, string>[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l.trim());
  if (!lines.length) return [];
  const split = (line: string) => line.split(',').map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
  const header = split(lines[0]);
  return lines.slice(1).map((line) => Object.fromEntries(split(line).map((v, i) => [header[i], v]).filter(([k, v]) => k && v !== '')));
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const file = process.argv.slice(2).find((a) => !a.startsWith('--') && !process.argv[process.argv.indexOf(a) - 1]?.startsWith('--'));
  if (!file) throw new Error('usage: npm run readers:import -- readers.csv [--url URL --openid ADMIN | --env ENV_ID]');
  const rows = parseCsv(fs.readFileSync(file, 'utf8'));
  const env = arg('env');
  let imported = 0;
  const rejected: { row: number; cardNo: string | null; reason: string }[] = [];
  for (let i = 0; i < rows.length; i += 500) {
    const batch = rows.slice(i, i + 500);
    let res: { imported: number; rejected: typeof rejected };
    if (env) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const tcb = require('@cloudbase/node-sdk');
      const app = tcb.init({ env, secretId: process.env.TENCENTCLOUD_SECRETID, secretKey: process.env.TENCENTCLOUD_SECRETKEY });
      const ctx = { db: app.database() as Db, now: new Date(), config: loadConfig(), openid: 'readers-import' } as Ctx;
      res = await importReaders(ctx, batch);
    } else {
      const url = `${arg('url') ?? `http://127.0.0.1:${process.env.YUE_PORT ?? 3030}`}/fn/admin`;
      const admin = arg('openid') ?? (process.env.YUE_ADMIN_OPENIDS ?? 'admin-local').split(',')[0];
      const answer = (await httpJson('POST', url, { action: 'importReaders', readers: batch }, { 'X-WX-OPENID': admin })).json;
      if (!answer.ok) throw new Error(`${answer.error.code}: ${answer.error.message}`);
      res = answer.data;
    }
    imported += res.imported;
    rejected.push(...res.rejected.map((r) => ({ ...r, row: r.row + i + 1 }))); // +1: the header line
  }
  console.log(`imported ${imported} of ${rows.length} rows`);
  for (const r of rejected) console.log(`  line ${r.row}${r.cardNo ? ` (${r.cardNo})` : ''}: ${r.reason}`);
  if (rejected.length) process.exitCode = 2;
}

if (require.main === module) main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
