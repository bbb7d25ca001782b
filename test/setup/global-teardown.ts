import fs from 'fs';
import type { LocalCloud } from '../../devcloud/server';
import { findLeaks, personalValues } from '../support/log-scan';

/**
 * Closes the run's local cloud, after one last check that fails the run: no code, card number,
 * phone or name of its database appears in any line the functions logged during the run.
 */
export default async function globalTeardown(): Promise<void> {
  const cloud = (globalThis as { __YUE_CLOUD__?: LocalCloud }).__YUE_CLOUD__;
  const fnLog = (globalThis as { __YUE_FN_LOG__?: string }).__YUE_FN_LOG__;
  if (!cloud) return;
  const values = personalValues(cloud.emulator);
  await cloud.close();
  if (!fnLog) return;
  const log = fs.existsSync(fnLog) ? fs.readFileSync(fnLog, 'utf8') : '';
  const leaks = findLeaks(log, values);
  if (!leaks.length) {
    fs.rmSync(fnLog, { force: true });
    return;
  }
  const shown = leaks.slice(0, 20).map((l) => `  line ${l.line} (${l.kind}): ${l.text}`).join('\n');
  throw new Error(`personal data in the functions' log of this run (${leaks.length} finding(s), log kept at ${fnLog}):\n${shown}`);
}
