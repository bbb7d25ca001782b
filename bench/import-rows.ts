// Reader import throughput: a generated CSV of YUE_BENCH_IMPORT_ROWS rows (default 100 000)
// through the real import path (file → admin.importReaders in 500-row batches) on a fresh
// local cloud; then the same file again (nothing changes). Figures only.
import fs from 'fs';
import os from 'os';
import path from 'path';
import { localCloudSink } from '../scripts/import/cli';
import { runImport } from '../scripts/import/run';
import { withCheckChar } from '../server/util/idcard';
import { benchCloud, table } from './lib';

export async function importRows(): Promise<void> {
  const n = Number(process.env.YUE_BENCH_IMPORT_ROWS ?? 100_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yue-bench-import-'));
  const file = path.join(dir, 'readers.csv');
  const lines = ['读者证号,姓名,身份证号,手机号,状态'];
  for (let i = 0; i < n; i++) {
    lines.push(`B${String(i).padStart(8, '0')},读者${i % 1000},${withCheckChar(`32010219800101${String(i % 1000).padStart(3, '0')}`)},15${String(i).padStart(9, '0')},正常`);
  }
  fs.writeFileSync(file, lines.join('\n'));
  const cloud = await benchCloud('none');
  try {
    const target = localCloudSink(cloud.url, 'bench-admin');
    const rows: (string | number)[][] = [['reader import', 'rows', 'created', 'unchanged', 'seconds', 'rows/s']];
    for (const label of ['first run', 'same file again']) {
      const t0 = Date.now();
      const r = await runImport('readers', file, target);
      const s = (Date.now() - t0) / 1000;
      rows.push([label, r.rows, r.counts.created, r.counts.unchanged, s.toFixed(1), Math.round(r.rows / s)]);
    }
    console.log(`\n## Reader import (${n} rows, 500 a call, 4 instances)\n${table(rows)}`);
  } finally {
    await cloud.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) importRows().then(() => process.exit(0), (err) => { console.error(err); process.exit(1); });
