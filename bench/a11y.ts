// Accessibility figures (axe-core violations by rule, layout problems), from the browser preview
// (e2e/a11y-bench.ts, in its own process: it drives chromium and has its own local cloud).
import { execFileSync } from 'child_process';
import path from 'path';

export function a11y(): void {
  execFileSync(process.execPath, ['--import', 'tsx', path.join(__dirname, '..', 'e2e', 'a11y-bench.ts')], { stdio: 'inherit' });
}
