import fs from 'fs';
import { describeChecks, type LocalCloud, type LocalCloudChecks } from '../../devcloud/server';
import { httpJson } from '../../server/util/http-json';
import { findLeaks, personalValues } from '../support/log-scan';

/**
 * Closes the run's local cloud, then fails the run on what only production would otherwise
 * reveal: openapi calls a function's config.json does not permit, queries on growing collections
 * that no index in db/indexes.json serves (docs/DATA.md), and any code, card number, phone or name
 * of its database in a line the functions logged during the run.
 */
export default async function globalTeardown(): Promise<void> {
  const cloud = (globalThis as { __YUE_CLOUD__?: LocalCloud }).__YUE_CLOUD__;
  const fnLog = (globalThis as { __YUE_FN_LOG__?: string }).__YUE_FN_LOG__;
  const problems: string[] = [];
  let checks: LocalCloudChecks | null = null;
  if (cloud) {
    checks = cloud.checks();
    const values = personalValues(cloud.emulator);
    await cloud.close();
    if (fnLog) {
      const log = fs.existsSync(fnLog) ? fs.readFileSync(fnLog, 'utf8') : '';
      const leaks = findLeaks(log, values);
      if (leaks.length) {
        const shown = leaks.slice(0, 20).map((l) => `  line ${l.line} (${l.kind}): ${l.text}`).join('\n');
        problems.push(`personal data in the functions' log of this run (${leaks.length} finding(s), log kept at ${fnLog}):\n${shown}`);
      } else fs.rmSync(fnLog, { force: true });
    }
  } else if (process.env.YUE_TEST_URL) {
    const res = await httpJson('GET', `${process.env.YUE_TEST_URL}/dev/checks`).catch(() => null);
    checks = res?.status === 200 ? res.json : null;
  }
  const problem = checks && describeChecks(checks);
  if (problem) problems.push(problem);
  if (problems.length) throw new Error(problems.join('\n\n'));
}
