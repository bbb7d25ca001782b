// No redemption code, card number, phone or name in any log line. The whole run's functions' log is
// scanned by test/setup/global-teardown.ts; here the scanner itself and a failure path that
// used to log a redemption code.
import fs from 'fs';
import os from 'os';
import path from 'path';
import { startLocalCloud, type LocalCloud } from '../../devcloud/server';
import { generateCode } from '../../server/domain/redemption-code';
import { redact } from '../../server/runtime/log';
import { httpJson } from '../../server/util/http-json';
import { findLeaks, personalValues, type Personal } from '../support/log-scan';

const values: Personal[] = [
  { kind: 'code', value: 'K7M2QX9RTB4' },
  { kind: 'card', value: 'T00420017' },
  { kind: 'phone', value: '13912345678' },
  { kind: 'name', value: '王小明' },
];

test('the scanner finds each planted value and leaves log ids, hashes and times alone', () => {
  const log = [
    '[rewards] redeem failed (log 3fa9c2b1d4e5): Error: boom',
    '[maintenance] timer run done (log 0a1b2c3d4e5f): {"redemptions":{"expired":2}} at 2031-03-01T10:00:00.000Z 1796000123456',
    'hash 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
    '[maintenance] expiring K7M2QX9RTB4 failed (log 77aa00bb11cc): x',
    'dup key: { _id: "bonus_T00420017" }',
    'SMS to +8613912345678 refused',
    'name 王小明 too long',
  ].join('\n');
  expect(findLeaks(log, values).map((l) => [l.line, l.kind])).toEqual([[4, 'code'], [5, 'card'], [6, 'phone'], [7, 'name']]);
  expect(findLeaks(log, values).map((l) => l.text).join('\n')).not.toMatch(/K7M2QX9RTB4|T00420017|13912345678|王小明/);
});

test('redact masks codes (also inside ids), card numbers, phones, ID numbers and Chinese text, and keeps the rest', () => {
  const text = 'E11000 dup key: { _id: "redeem_expired_K7M2QX9RTB4" } card T00420017 phone +8613912345678 id 11010119900101123X 王小明 at index.js:1234:56';
  const out = redact(text);
  for (const v of [...values.map((x) => x.value), '11010119900101123X']) expect(out).not.toContain(v);
  expect(out).toContain('E11000 dup key');
  expect(out).toContain('index.js:1234:56');
});

describe('a redemption that fails to expire', () => {
  let cloud: LocalCloud;
  const fnLog = path.join(os.tmpdir(), `yue-log-privacy-${process.pid}.log`);
  beforeAll(async () => {
    cloud = await startLocalCloud({ port: 0, dataDir: null, seed: 'none', adminOpenids: [], workers: 1, build: false, fnLog });
  });
  afterAll(async () => {
    await cloud?.close();
    fs.rmSync(fnLog, { force: true });
  });

  test('is logged without its code, card number or the patron\'s name', async () => {
    const code = generateCode();
    const cardNo = 'T00420099';
    const year = 366 * 86_400_000;
    cloud.emulator.collection('readers').insert({ _id: cardNo, cardNo, name: '赵一鸣', idHash: 'x', phone: '13912340099', status: 'active' });
    cloud.emulator.collection('redemptions').insert({
      _id: code, code, prizeId: 'p-log', prizeName: '帆布袋', cost: 10, cardNo, openid: 'log-patron', shard: 0, status: 'pending',
      requestKey: null, createdAt: new Date(Date.now() - 2 * year), expiresAt: new Date(Date.now() - year), collectedAt: null, collectedBy: null,
    });
    // Its expiry message already exists: the sweep's transaction fails with a duplicate key naming the code.
    cloud.emulator.collection('messages').insert({ _id: `redeem_expired_${code}`, openid: 'log-patron', title: 'x', body: 'x', read: false, createdAt: new Date() });

    const res = await httpJson('POST', `${cloud.url}/fn/maintenance`, { Type: 'Timer' }, { 'X-WX-OPENID': '' });
    expect(res.json).toMatchObject({ ok: true, data: { redemptions: { expired: 0 } } });
    const log = fs.readFileSync(fnLog, 'utf8');
    expect(log).toContain('E11000'); // the failure path ran and was logged
    expect(findLeaks(log, personalValues(cloud.emulator))).toEqual([]);
    expect(log).toContain('expiring a redemption failed');
  });
});
