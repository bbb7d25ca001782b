// `npm run deploy` as a child process, the unmodified @cloudbase/manager-node inside it, against
// a stateful loopback stand-in of Tencent Cloud's API (test/support/tencent-standin.ts).
import { spawn } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { bundlePath, listFunctions, readFunctionConfig, ROOT, RUNTIME } from '../../scripts/functions';
import { TencentStandin } from '../support/tencent-standin';

const ENV_ID = 'yue-test-1a2b3c';
const SECRET_ID = 'AKIDstandin00000000000000000000';
const SECRET_KEY = 'standin-secret-key-0000000000000';
const SECRETS: Record<string, string> = {
  YUE_HMAC_KEY: '3f9a1c7e5b2d4f6a8c0e1b3d5f7a9c2e4b6d8f0a1c3e5b7d9f2a4c6e8b0d1f3a',
  YUE_EVENT_KEY: '8b6d4f2a0c9e7b5d3f1a8c6e4b2d0f9a7c5e3b1d9f8a6c4e2b0d7f5a3c1e9b8d',
  YUE_ADMIN_OPENIDS: 'oAdmin-first-openid',
  YUE_SMS_SECRET_ID: 'AKIDsms-subaccount-0001',
  YUE_SMS_SECRET_KEY: 'sms-secret-key-7c5e3a1f9d',
  YUE_SMS_SDK_APP_ID: '1400123456',
  YUE_SMS_SIGN_NAME: '某市图书馆',
  YUE_SMS_TEMPLATE_ID: '2345678',
};
const indexes = JSON.parse(fs.readFileSync(path.join(ROOT, 'db', 'indexes.json'), 'utf8')).collections as Record<string, { name: string; keys: Record<string, number>; unique?: boolean }[]>;

let standin: TencentStandin;
let dir: string;

const secretsFile = (vars: Record<string, string>): string => {
  const file = path.join(dir, `secrets-${Math.random().toString(36).slice(2)}.env`);
  fs.writeFileSync(file, Object.entries(vars).map(([k, v]) => `${k}=${v}`).join('\n'));
  return file;
};

function deploy(args: string[], vars: Record<string, string> = SECRETS, env: Record<string, string> = {}): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/deploy/main.ts', '--secrets', secretsFile(vars), ...args], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH, HOME: process.env.HOME,
        http_proxy: standin.proxyUrl, NODE_EXTRA_CA_CERTS: standin.caFile,
        TENCENTCLOUD_SECRETID: SECRET_ID, TENCENTCLOUD_SECRETKEY: SECRET_KEY, YUE_CLOUD_ENV: ENV_ID, ...env,
      },
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += d; });
    child.stderr.on('data', (d: Buffer) => { out += d; });
    child.on('close', (code) => resolve({ code, out }));
  });
}

const noSecretIn = (out: string) => {
  for (const v of [SECRET_KEY, SECRETS.YUE_HMAC_KEY, SECRETS.YUE_EVENT_KEY, SECRETS.YUE_SMS_SECRET_KEY, SECRETS.YUE_SMS_SECRET_ID]) expect(out).not.toContain(v);
};
const writes = (from: number) => standin.writes().slice(from).map((c) => `${c.action} ${c.params.FunctionName ?? c.params.TableName ?? c.params.CollectionName ?? ''}`.trim()).sort();

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yue-deploy-'));
  standin = new TencentStandin(ENV_ID, SECRET_ID, SECRET_KEY);
  await standin.start();
});

afterAll(async () => {
  await standin?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a missing, development-default or too short secret stops the deploy before any request', async () => {
  const { YUE_SMS_TEMPLATE_ID: _missing, ...rest } = SECRETS;
  const res = await deploy(['--plan'], { ...rest, YUE_HMAC_KEY: 'yue-local-dev-key-not-for-production', YUE_EVENT_KEY: 'short-key' });
  expect(res.code).toBe(1);
  expect(res.out).toContain('nothing was changed');
  expect(res.out).toMatch(/YUE_SMS_TEMPLATE_ID is missing/);
  expect(res.out).toMatch(/YUE_HMAC_KEY is the published development key/);
  expect(res.out).toMatch(/YUE_EVENT_KEY has under 32 bytes of entropy/);
  expect(res.out).not.toContain('short-key');
  expect(standin.calls).toEqual([]);
});

test('a stale bundle or an environment unknown to the credentials stops the deploy before any change', async () => {
  const bundle = bundlePath('points');
  const { atime, mtime } = fs.statSync(bundle);
  fs.utimesSync(bundle, new Date('2001-01-01'), new Date('2001-01-01'));
  try {
    const stale = await deploy(['--plan']);
    expect(stale.code).toBe(1);
    expect(stale.out).toContain('cloudfunctions/points/index.js is older than its sources: run npm run build first');
    expect(standin.calls).toEqual([]);
  } finally {
    fs.utimesSync(bundle, atime, mtime);
  }
  const unknown = await deploy([], SECRETS, { YUE_CLOUD_ENV: 'someone-elses-env' });
  expect(unknown.code).toBe(1);
  expect(unknown.out).toContain(`environment someone-elses-env is not one of these credentials' environments (${ENV_ID})`);
  expect(standin.calls.map((c) => c.action)).toEqual(['DescribeEnvs']);
});

test('first deploy into an empty environment: --plan changes nothing, the deploy creates everything, a second run has no changes', async () => {
  const plan = await deploy(['--plan']);
  expect(plan.code).toBe(0);
  expect(standin.writes()).toEqual([]);
  const names = listFunctions();
  for (const fn of names) expect(plan.out).toContain(`+ function ${fn} (${RUNTIME}, timeout ${readFunctionConfig(fn).timeout} s`);
  for (const coll of Object.keys(indexes)) expect(plan.out).toMatch(new RegExp(`^\\+ collection ${coll}\\b`, 'm'));
  expect(plan.out).toContain('+ collection seats (unique index event_n (eventId asc, n asc); rule ADMINONLY)');
  expect(plan.out).toContain('trigger timer daily-0300 "0 0 3 * * * *"');
  expect(plan.out).toContain('variables: YUE_ADMIN_OPENIDS, YUE_EVENT_KEY, YUE_HMAC_KEY,');
  noSecretIn(plan.out);

  const first = await deploy([]);
  expect(first.code).toBe(0);
  noSecretIn(first.out);
  expect([...standin.functions.keys()].sort()).toEqual(names);
  for (const fn of names) {
    const f = standin.functions.get(fn)!;
    const config = readFunctionConfig(fn);
    expect({ fn, runtime: f.Runtime, timeout: f.Timeout, variables: f.Variables, install: f.InstallDependency, zipped: f.ZipBytes > 1000 })
      .toEqual({ fn, runtime: RUNTIME, timeout: config.timeout, variables: SECRETS, install: 'TRUE', zipped: true });
    expect(f.Triggers.map((t) => ({ name: t.TriggerName, type: t.Type, config: t.Cron }))).toEqual(config.triggers);
  }
  expect([...standin.tables.keys()].sort()).toEqual(Object.keys(indexes).sort());
  for (const [coll, list] of Object.entries(indexes)) {
    const t = standin.tables.get(coll)!;
    expect({ coll, acl: t.acl }).toEqual({ coll, acl: 'ADMINONLY' });
    expect(t.indexes.filter((i) => i.Name !== '_id_')).toEqual(list.map((ix) => ({
      Name: ix.name, Unique: !!ix.unique, Keys: Object.entries(ix.keys).map(([Name, d]) => ({ Name, Direction: String(d) })),
    })));
  }
  const openapi = names.filter((fn) => readFunctionConfig(fn).openapi.length);
  expect(first.out).toContain('Once, in WeChat DevTools');
  for (const fn of openapi) expect(first.out).toMatch(new RegExp(`^  ${fn}: `, 'm'));

  const before = standin.writes().length;
  const second = await deploy([]);
  expect(second.code).toBe(0);
  expect(second.out).toContain('no changes');
  expect(writes(before)).toEqual([]);
});

test('a changed timeout, a new index and a new variable are applied alone; an API error stops with its code and what to do', async () => {
  const points = standin.functions.get('points')!;
  points.Timeout = 3; // as if config.json had changed since the last deploy
  const ledger = standin.tables.get('ledger')!;
  ledger.indexes = ledger.indexes.filter((i) => i.Name !== 'card_time'); // as if the index were new
  const before = standin.writes().length;
  const res = await deploy([], { ...SECRETS, YUE_RULES_CACHE_MS: '5000' });
  expect(res.code).toBe(0);
  expect(res.out).toContain(`~ function points: timeout 3 s → ${readFunctionConfig('points').timeout} s; variables added: YUE_RULES_CACHE_MS`);
  expect(res.out).toContain('~ collection ledger: add index card_time (cardNo asc, createdAt desc)');
  expect(writes(before)).toEqual([...listFunctions().map((fn) => `UpdateFunctionConfiguration ${fn}`), 'UpdateTable ledger'].sort());
  expect(points.Timeout).toBe(readFunctionConfig('points').timeout);
  expect(points.Variables.YUE_RULES_CACHE_MS).toBe('5000');
  expect(standin.tables.get('ledger')!.indexes.map((i) => i.Name)).toContain('card_time');

  points.Timeout = 3;
  standin.failNext('UpdateFunctionConfiguration', 'LimitExceeded.Function', 'function quota exceeded');
  const failed = await deploy([], { ...SECRETS, YUE_RULES_CACHE_MS: '5000' });
  expect(failed.code).toBe(1);
  expect(failed.out).toContain('LimitExceeded.Function: ');
  expect(failed.out).toContain('what to do: a quota or rate limit was hit: wait a minute and run the deploy again');
  const again = await deploy([], { ...SECRETS, YUE_RULES_CACHE_MS: '5000' });
  expect(again.code).toBe(0);
  expect(points.Timeout).toBe(readFunctionConfig('points').timeout);
});
