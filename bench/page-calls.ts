// Cloud calls per page load, from the browser preview (e2e/page-calls.ts, in its own process:
// it drives chromium and has its own local cloud).
import { execFileSync } from 'child_process';
import path from 'path';

export function pageCalls(): void {
  execFileSync(process.execPath, ['--import', 'tsx', path.join(__dirname, '..', 'e2e', 'page-calls.ts')], { stdio: 'inherit' });
}
