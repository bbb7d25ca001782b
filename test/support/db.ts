// The local cloud's database through the real wx-server-sdk, from the test process: for tests
// that must put a document into a state no action produces (a corrupted field, a stale copy).
import { sdkEnv } from '../../devcloud/db/testkit';

let db: any;

/** cloud.database() against the running local cloud (its own tag, so round-trip counts stay apart). */
export function directDb(): any {
  if (db) return db;
  const url = process.env.YUE_TEST_URL;
  if (!url) throw new Error('YUE_TEST_URL is not set: run through jest');
  Object.assign(process.env, sdkEnv(`${url}/admin/test-direct`, 'test-direct'));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const cloud = require('wx-server-sdk');
  cloud.init({ env: 'local' });
  db = cloud.database();
  return db;
}
