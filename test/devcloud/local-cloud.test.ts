import fs from 'fs';
import os from 'os';
import path from 'path';
import { startLocalCloud, type LocalCloud } from '../../devcloud/server';
import { httpJson } from '../../server/util/http-json';

async function post(base: string, fn: string, openid: string, body: object, headers: Record<string, string> = {}): Promise<any> {
  return (await httpJson('POST', `${base}/fn/${fn}`, body, { 'X-WX-OPENID': openid, ...headers })).json;
}

async function get(url: string): Promise<any> {
  return (await httpJson('GET', url)).json;
}

describe('the local cloud (npm start)', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yue-cloud-'));
  const start = () => startLocalCloud({ port: 0, dataDir, seed: 'demo', adminOpenids: ['boss'], workers: 3, build: false });
  let cloud: LocalCloud | null = null;

  afterAll(async () => {
    await cloud?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('seeds demo data once, keeps data across a restart, and reads X-Dev-Now per call', async () => {
    cloud = await start();
    const rules = await post(cloud.url, 'points', 'u1', { action: 'rules' });
    expect(rules.ok).toBe(true);
    expect(rules.data.rules.firstBindBonus).toBe(50);
    expect((await post(cloud.url, 'rewards', 'u1', { action: 'list' })).data.prizes).toHaveLength(6);

    await post(cloud.url, 'account', 'u1', { action: 'sendSmsCode', phone: '13800000005', purpose: 'bind' });
    const { messages } = await get(`${cloud.url}/dev/sms?phone=13800000005`);
    expect(messages[0]).toMatchObject({ phone: '13800000005', purpose: 'bind', code: expect.stringMatching(/^\d{6}$/) });
    const bound = await post(cloud.url, 'account', 'u1', { action: 'bindCard', cardNo: '2023000105', phone: '13800000005', code: messages[0].code });
    expect(bound.data.pointsAwarded).toBe(50);
    const checked = await post(cloud.url, 'points', 'u1', { action: 'checkin' }, { 'X-Dev-Now': '2030-02-03T23:59:59+08:00' });
    expect(checked.ok).toBe(true);

    await cloud.close();
    cloud = await start();
    expect((await get(`${cloud.url}/healthz`)).ok).toBe(true);
    const summary = await post(cloud.url, 'points', 'u1', { action: 'summary' }, { 'X-Dev-Now': '2030-02-03T23:59:59+08:00' });
    expect(summary.data).toEqual({ cardNo: '2023000105', balance: 52, checkedInToday: true, streak: 1 });
    // The demo seed was not loaded twice.
    expect((await post(cloud.url, 'rewards', 'u1', { action: 'list' })).data.prizes).toHaveLength(6);
    // YUE_ADMIN_OPENIDS are admins from the start.
    expect((await post(cloud.url, 'account', 'boss', { action: 'profile' })).data.roles).toEqual(['admin']);
  });

  test('concurrent calls from different users never see each other\'s OPENID', async () => {
    const base = cloud!.url;
    const ids = Array.from({ length: 60 }, (_, i) => `caller-${String(i).padStart(4, '0')}`);
    const answers = await Promise.all(ids.map((id) => post(base, 'account', id, { action: 'profile' })));
    answers.forEach((a, i) => expect(a.data.openidTail).toBe(ids[i].slice(-4)));
  });
});
