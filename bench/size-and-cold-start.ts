// Bundle size per function and cold `require` time relative to a bare require('wx-server-sdk').
import { execFileSync } from 'child_process';
import fs from 'fs';
import { bundlePath, buildFunctions, listFunctions, ROOT } from '../scripts/functions';
import { table } from './lib';

const RUNS = 5;

function coldRequireMs(target: string): number {
  const script = `const t=process.hrtime.bigint();require(${JSON.stringify(target)});process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6));`;
  const samples = Array.from({ length: RUNS }, () => Number(execFileSync(process.execPath, ['-e', script], { cwd: ROOT, env: { ...process.env, TENCENTCLOUD: 'true' } }).toString()));
  return samples.sort((a, b) => a - b)[Math.floor(RUNS / 2)];
}

export async function sizeAndColdStart(): Promise<void> {
  await buildFunctions();
  const sdk = coldRequireMs(require.resolve('wx-server-sdk'));
  const rows: (string | number)[][] = [['function', 'bundle KiB', 'cold require ms', 'ratio to wx-server-sdk']];
  for (const fn of listFunctions()) {
    const size = fs.statSync(bundlePath(fn)).size;
    const ms = coldRequireMs(bundlePath(fn));
    rows.push([fn, (size / 1024).toFixed(1), ms.toFixed(1), (ms / sdk).toFixed(2)]);
  }
  console.log(`\n## Bundles (median of ${RUNS} cold requires; bare require('wx-server-sdk') = ${sdk.toFixed(1)} ms)`);
  console.log(table(rows));
}
