// The rules cache with the production default (YUE_RULES_CACHE_MS unset): the global test cloud
// runs with 0 ms, so this file starts its own local cloud (two instances) with the default. The
// test process is the saving instance: it runs the real rules module against that cloud's database.
import { sdkEnv } from '../../devcloud/db/testkit';
import { loadRules, setRules } from '../../server/domain/rules';
import { loadConfig } from '../../server/runtime/config';
import type { Ctx } from '../../server/runtime/context';
import { httpJson } from '../../server/util/http-json';
import { startCloudProcess, type CloudProcess } from '../support/cloud-process';

jest.setTimeout(60_000);

const ADMIN = 'admin-rules-cache';
let cloud: CloudProcess;
let ctx: Ctx;

beforeAll(async () => {
  cloud = await startCloudProcess({ adminOpenids: [ADMIN], workers: 2, env: {} });
  Object.assign(process.env, sdkEnv(`${cloud.url}/admin/test-saver`, ADMIN));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const sdk = require('wx-server-sdk');
  sdk.init({ env: 'local' });
  ctx = {
    fn: 'admin', action: 'setRules', openid: ADMIN, db: sdk.database(), now: new Date(), config: loadConfig({}),
    ports: {} as Ctx['ports'], roles: ['admin'], request: { key: null, recorded: false }, logId: 'rules-cache',
  };
});
afterAll(async () => { await cloud?.close(); });

/** checkinPoints as each of the cloud's two instances serves it (two calls at once land on both). */
async function servedByInstance(): Promise<Map<string, number>> {
  const seen = new Map<string, number>();
  for (let round = 0; seen.size < 2; round++) {
    if (round === 20) throw new Error(`only ${seen.size} instance(s) answered`);
    const answers = await Promise.all([0, 1].map(() => httpJson('POST', `${cloud.url}/fn/points`, { action: 'rules' }, { 'X-WX-OPENID': 'reader' })));
    for (const a of answers) seen.set(String(a.headers['x-dev-worker']), a.json.data.rules.checkinPoints);
  }
  return seen;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('default cache: the saving instance serves new rules at once, every other instance within YUE_RULES_CACHE_MS', async () => {
  expect(ctx.config.rulesCacheMs).toBe(5000); // the documented default (README)
  await servedByInstance(); // both instances warm
  const warmedAt = Date.now();
  const before = (await loadRules(ctx)).checkinPoints; // the saver's cache is filled just before its save
  expect([...(await servedByInstance()).values()]).toEqual([before, before]);

  const saved = await setRules(ctx, { checkinPoints: before + 3 });
  const savedAt = Date.now();
  expect(saved.checkinPoints).toBe(before + 3);
  expect((await loadRules(ctx)).checkinPoints).toBe(before + 3);

  // The other instances cached the old rules just before the save: still the old ones while fresh.
  const soon = await servedByInstance();
  if (Date.now() - warmedAt < ctx.config.rulesCacheMs) expect([...soon.values()]).toEqual([before, before]);

  // Once the cache time has passed since the save, every instance serves the new rules.
  await sleep(Math.max(0, savedAt + ctx.config.rulesCacheMs + 100 - Date.now()));
  expect([...(await servedByInstance()).values()]).toEqual([before + 3, before + 3]);
});
