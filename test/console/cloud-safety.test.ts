// Production safety: keys must be set in the cloud; function timeouts; the last admin stays.
import { execFile } from 'child_process';
import path from 'path';
import { startLocalCloud, type LocalCloud } from '../../devcloud/server';
import { httpJson } from '../../server/util/http-json';
import { call, ok, uid } from '../support/cloud';
import { expectOverlap, race, untilContended, warmAll } from '../support/race';

const ROOT = path.resolve(__dirname, '../..');

// Keys of 32 random bytes, as `openssl rand -hex 32` / `-base64 32` print them.
const HMAC_KEY = '3f1c9a0e7b5d4f2a8c6e1b9d0a7f3c5e2b8d6f4a1c9e7b5d3f0a2c4e6b8d1f3a';
const EVENT_KEY = 'q0P3xV7mZr9Kc2Wn8Tj5Lb1Hs6Fd4Ga0Ye3Ui7Oo9Ap=';

/** Runs a built function bundle the way the cloud would (SCF's variables): no dev outbox unless given, the given keys. */
async function runInCloudMode(keys: Record<string, string>) {
  const script = `require(${JSON.stringify(path.join(ROOT, 'cloudfunctions/points/index.js'))}).main({ action: 'rules' }).then((r) => console.log('ANSWER ' + JSON.stringify(r)))`;
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    TCB_CONTEXT_CNFG: JSON.stringify({ URL: `${process.env.YUE_TEST_URL}/admin/cloud-mode` }),
    TCB_ENV: 'local', TENCENTCLOUD: 'true', SCF_NAMESPACE: 'local',
    TENCENTCLOUD_RUNENV: 'SCF', SCF_FUNCTIONNAME: 'points',
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
    const { answer, stderr } = await runInCloudMode({ YUE_EVENT_KEY: EVENT_KEY });
    expect(answer).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(stderr).toContain('YUE_HMAC_KEY');
    expect(stderr).not.toContain('YUE_EVENT_KEY');
  });

  test('the published development key counts as unset', async () => {
    const { answer, stderr } = await runInCloudMode({ YUE_HMAC_KEY: 'yue-local-dev-key-not-for-production', YUE_EVENT_KEY: EVENT_KEY });
    expect(answer?.error?.code).toBe('INTERNAL');
    expect(stderr).toContain('YUE_HMAC_KEY');
  });

  test('keys under 32 bytes of entropy are refused, naming the variable but not the key', async () => {
    for (const weak of ['a-real-hmac-key-1234567890', HMAC_KEY.slice(0, 60), 'abcdefghij'.repeat(2)]) {
      const { answer, stderr } = await runInCloudMode({ YUE_HMAC_KEY: HMAC_KEY, YUE_EVENT_KEY: weak });
      expect(answer?.error?.code).toBe('INTERNAL');
      expect(stderr).toContain('YUE_EVENT_KEY has under 32 bytes of entropy');
      expect(stderr).not.toContain(weak);
    }
  });

  test('a dev outbox is refused outright in the cloud, even with good keys', async () => {
    const { answer, stderr } = await runInCloudMode({ YUE_HMAC_KEY: HMAC_KEY, YUE_EVENT_KEY: EVENT_KEY, YUE_DEV_OUTBOX_URL: `${process.env.YUE_TEST_URL}/dev/outbox` });
    expect(answer?.error?.code).toBe('INTERNAL');
    expect(stderr).toContain('YUE_DEV_OUTBOX_URL is set');
    // With a dev outbox and the development keys: still refused (the outbox no longer skips the key check there).
    const dev = await runInCloudMode({ YUE_DEV_OUTBOX_URL: `${process.env.YUE_TEST_URL}/dev/outbox` });
    expect(dev.answer?.error?.code).toBe('INTERNAL');
    expect(dev.stderr).toContain('YUE_HMAC_KEY is not set');
  });

  test('with both keys set (hex and base64 of 32 random bytes) it answers', async () => {
    const { answer } = await runInCloudMode({ YUE_HMAC_KEY: HMAC_KEY, YUE_EVENT_KEY: EVENT_KEY });
    expect(answer).toMatchObject({ ok: true, data: { rules: expect.objectContaining({ version: expect.any(Number) }) } });
  });
});

describe('a local cloud without fixed admins', () => {
  let cloud: LocalCloud;
  const savedUrl = process.env.YUE_TEST_URL;
  const admins = () => cloud.emulator.collection('roles').find({ roles: 'admin' }).map((d) => String(d._id));

  beforeAll(async () => {
    cloud = await startLocalCloud({ port: 0, dataDir: null, seed: 'none', adminOpenids: [], workers: 3, build: false, env: { YUE_FN_TIMEOUT_MS: '' } });
    cloud.emulator.collection('roles').insert({ _id: 'first-admin', roles: ['admin'] });
    // test/support/cloud.ts and race.ts read the URL per call: point them at this cloud.
    process.env.YUE_TEST_URL = cloud.url;
    await warmAll('admin', { action: 'listRoles' }, 'first-admin');
  });
  afterAll(async () => {
    process.env.YUE_TEST_URL = savedUrl;
    await cloud?.close();
  });

  test('two admins revoking each other at the same moment leave one', async () => {
    let survivor = 'first-admin';
    // Each round: a fresh pair are the only two admins, then each revokes the other at once.
    // Contended when the loser got past its role check (still an admin then) and was stopped by
    // the admin count in its transaction (LAST_ADMIN); one after the other it is FORBIDDEN.
    await untilContended(8, async () => {
      const pair = [uid('adm-a'), uid('adm-b')];
      for (const openid of pair) await ok('admin', survivor, { action: 'grantRole', openid, role: 'admin' });
      await ok('admin', survivor, { action: 'revokeRole', openid: survivor, role: 'admin' });
      expect(admins().sort()).toEqual([...pair].sort());

      const r = await race(2, (i) => call('admin', pair[i], { action: 'revokeRole', openid: pair[1 - i], role: 'admin' }));
      expectOverlap(r);
      const winners = pair.filter((_, i) => r.answers[i].ok);
      expect(winners).toHaveLength(1);
      const loser = r.answers.find((a) => !a.ok)!;
      expect(['LAST_ADMIN', 'FORBIDDEN']).toContain(loser.error?.code);
      // The guard held: exactly the winner is left, never nobody.
      expect(admins()).toEqual(winners);
      survivor = winners[0];
      return loser.error?.code === 'LAST_ADMIN';
    });
    expect(admins()).toEqual([survivor]);
    expect((await call('admin', survivor, { action: 'revokeRole', openid: survivor, role: 'admin' })).error?.code).toBe('LAST_ADMIN');
    expect(admins()).toEqual([survivor]);
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
