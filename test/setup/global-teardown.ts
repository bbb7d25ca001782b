import { describeChecks, type LocalCloud, type LocalCloudChecks } from '../../devcloud/server';
import { httpJson } from '../../server/util/http-json';

// Closes the local cloud, then fails the run on what only production would otherwise reveal:
// openapi calls a function's config.json does not permit, and queries on growing collections
// that no index in db/indexes.json serves (docs/DATA.md).
export default async function globalTeardown(): Promise<void> {
  const cloud = (globalThis as { __YUE_CLOUD__?: LocalCloud }).__YUE_CLOUD__;
  let checks: LocalCloudChecks | null = null;
  if (cloud) {
    checks = cloud.checks();
    await cloud.close();
  } else if (process.env.YUE_TEST_URL) {
    const res = await httpJson('GET', `${process.env.YUE_TEST_URL}/dev/checks`).catch(() => null);
    checks = res?.status === 200 ? res.json : null;
  }
  const problem = checks && describeChecks(checks);
  if (problem) throw new Error(problem);
}
