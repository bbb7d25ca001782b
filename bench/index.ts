// `npm run bench`: figures only, no pass/fail.
import { execFileSync } from 'child_process';
import fs from 'fs';
import path from 'path';
import { importRows } from './import-rows';
import { benchCloud } from './lib';
import { bookRoundTrips } from './books-round-trips';
import { cost } from './cost';
import { roundTrips } from './round-trips';
import { miniProgramSize } from './mini-program-size';
import { pageCalls } from './page-calls';
import { a11y } from './a11y';
import { sizeAndColdStart } from './size-and-cold-start';
import { sip2Bind } from './sip2-bind';

async function main(): Promise<void> {
  console.log(`# YUE积分社 bench — node ${process.version}, ${new Date().toISOString()}`);
  await sizeAndColdStart();
  await miniProgramSize();
  const cloud = await benchCloud('demo');
  try {
    await roundTrips(cloud);
    await bookRoundTrips(cloud);
  } finally {
    await cloud.close();
  }
  await importRows();
  await sip2Bind();
  pageCalls();
  a11y();
  await cost();
  // Contention benches run in their own process, each with its own local cloud.
  for (const file of fs.readdirSync(__dirname).filter((f) => f.endsWith('-contention.ts')).sort()) {
    execFileSync(process.execPath, ['--import', 'tsx', path.join(__dirname, file)], { stdio: 'inherit' });
  }
  // Reports at scale: a generated year in its own process (memory).
  execFileSync(process.execPath, ['--max-old-space-size=6144', '--import', 'tsx', path.join(__dirname, 'reports-scale.ts')], { stdio: 'inherit' });
}

main().then(() => process.exit(0), (err) => {
  console.error(err);
  process.exit(1);
});
