// Production safety: keys must be set in the cloud; function timeouts; the last admin stays.
import { execFile } from 'child_process';
import path from 'path';
import { startLocalCloud, type LocalCloud } from '../../devcloud/server';
import { httpJson } from '../../server/util/http-json';

const ROOT = path.resolve(__dirname, '../..');

/** Runs a built function bundle the way the cloud would: no dev outbox, the given keys. */
async function runInCloudMode(keys: Record<string, string>) {
  const script = `require(${JSON.stringify(path.join(ROOT, 'cloudfunctions/points/index.js'))}).main({ action: 'rules' }).then((r) => console.log('ANSWER ' + JSON.stringify(r)))`;
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    TCB_CONTEXT_CNFG: JSON.stringify({ URL: `${process.env.YUE_TEST_URL}/admin/cloud-mode` }),
    TCB_ENV: 'local', TENCENTCLOUD: 'true', SCF_NAMESPACE: 'local',
    TENCENTCLOUD_SECRETID: 'dummy', TENCENTCLOUD_SECRETKEY: 'dummy',
    WX_CONTEXT_KEYS: 'WX_OPENID,WX_APPID', WX_OPENID: 'cloud-mode-user', WX_APPID: 'wx-test',
    NODE_PATH: path.join(ROOT, 'node_modules'),
    ...keys,
  };
  // Asynchronous: the local cloud may run in this very process.
  const res = await new Promise<{ stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, ['-e', script], { env, encoding: 'utf8', timeout: 60_000 }, (_err, stdout, stderr) => resolve({ stdout, stderr }));
  });
  const line = res.stdout.split('\n').find((l) => l.startsWith('ANSWER '));
  return { answer: line ? JSON.parse(line.slice(7)) : null, stderr: res.stderr };
}

describe('in the cloud (no dev outbox)', () => {
  test('a function refuses to run without YUE_HMAC_KEY, naming it in the log', async () => {
    const { answer, stderr } = await runInCloudMode({ YUE_EVENT_KEY: 'a-real-event-key-1234567890' });
    expect(answer).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(stderr).toContain('YUE_HMAC_KEY');
    expect(stderr).not.toContain('YUE_EVENT_KEY');
  });

  test('the published development key counts as unset', async () => {
    const { answer, stderr } = await runInCloudMode({ YUE_HMAC_KEY: 'yue-local-dev-key-not-for-production', YUE_EVENT_KEY: 'a-real-event-key-1234567890' });
    expect(answer?.error?.code).toBe('INTERNAL');
    expect(stderr).toContain('YUE_HMAC_KEY');
  });

  test('with both keys set it answers', async () => {
    const { answer } = await runInCloudMode({ YUE_HMAC_KEY: 'a-real-hmac-key-1234567890', YUE_EVENT_KEY: 'a-real-event-key-1234567890' });
    expect(answer).toMatchObject({ ok: true, data: { rules: expect.objectContaining({ version: expect.any(Number) }) } });
  });
});

describe('a local cloud without fixed admins', () => {
  let cloud: LocalCloud;
  const post = async (fn: string, openid: string, body: object) =>
    (await httpJson('POST', `${cloud.url}/fn/${fn}`, body, { 'X-WX-OPENID': openid }));

  beforeAll(async () => {
    cloud = await startLocalCloud({ port: 0, dataDir: null, seed: 'none', adminOpenids: [], workers: 3, build: false, env: { YUE_FN_TIMEOUT_MS: '' } });
    cloud.emulator.collection('roles').insert({ _id: 'first-admin', roles: ['admin'] });
  });
  afterAll(() => cloud.close());

  test('two admins revoking each other at the same moment leave one', async () => {
    expect((await post('admin', 'first-admin', { action: 'grantRole', openid: 'second-admin', role: 'admin' })).json.ok).toBe(true);
    const [a, b] = await Promise.all([
      post('admin', 'first-admin', { action: 'revokeRole', openid: 'second-admin', role: 'admin' }),
      post('admin', 'second-admin', { action: 'revokeRole', openid: 'first-admin', role: 'admin' }),
    ]);
    // Overlapping, the loser's transaction sees the count at one; one after the other, the loser
    // is no longer an admin. Either way exactly one admin is left.
    const codes = [a.json, b.json].map((r) => (r.ok ? 'ok' : r.error.code)).sort();
    expect([['LAST_ADMIN', 'ok'], ['FORBIDDEN', 'ok']]).toContainEqual(codes);
    const left = cloud.emulator.collection('roles').find({ roles: 'admin' });
    expect(left).toHaveLength(1);
    const last = String(left[0]._id);
    expect((await post('admin', last, { action: 'revokeRole', openid: last, role: 'admin' })).json.error.code).toBe('LAST_ADMIN');
  });
});

describe('function timeouts', () => {
  test('an invocation past its timeout is killed and answered as the cloud does (-504003)', async () => {
    const cloud = await startLocalCloud({ port: 0, dataDir: null, seed: 'none', adminOpenids: [], workers: 1, build: false, env: { YUE_FN_TIMEOUT_MS: '1' } });
    try {
      const res = await httpJson('POST', `${cloud.url}/fn/points`, { action: 'rules' }, { 'X-WX-OPENID': 'u-timeout' });
      expect(res.status).toBe(504);
      expect(res.json).toMatchObject({ errCode: -504003 });
    } finally {
      await cloud.close();
    }
  });
});
