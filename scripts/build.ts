// `npm run build`: type-check everything, bundle every cloud function, build the mini-program npm.
import { execSync } from 'child_process';
import { buildFunctions } from './functions';

async function main(): Promise<void> {
  const step = (cmd: string) => execSync(cmd, { stdio: 'inherit' });
  step('npx tsc --noEmit -p .');
  step('npx tsc --noEmit -p miniprogram');
  const sizes = await buildFunctions();
  for (const [fn, bytes] of Object.entries(sizes)) console.log(`cloudfunctions/${fn}/index.js  ${(bytes / 1024).toFixed(1)} KiB`);
  step('npx tsx scripts/build-npm.ts');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
