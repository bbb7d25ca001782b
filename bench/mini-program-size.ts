// Mini-program package sizes as WeChat's compiler emits them (scripts/build-mp.ts).
import { buildMp, sizeTable } from '../scripts/build-mp';

export async function miniProgramSize(): Promise<void> {
  const r = await buildMp();
  console.log(`\n## Mini-program packages (miniprogram-ci ${r.compilerVersion}, project.config.json settings; compiled in ${(r.ms / 1000).toFixed(1)} s)`);
  if (r.packages.length) console.log(sizeTable(r));
  if (!r.ok) console.log(`build:mp failed: ${r.error}`);
}
