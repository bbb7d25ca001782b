// Imports into a cloud environment (--env) refuse, like the functions, without a real YUE_HMAC_KEY.
import fs from 'fs';
import os from 'os';
import path from 'path';
import { cli } from '../../scripts/import/cli';

// The cloud SDK the --env sink uses: reaching it means the import went on to write.
jest.mock('@cloudbase/node-sdk', () => ({ init: jest.fn(() => { throw new Error('reached the cloud SDK'); }) }));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const tcb = require('@cloudbase/node-sdk') as { init: jest.Mock };

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yue-cloud-key-'));
const file = path.join(dir, 'readers.csv');
fs.writeFileSync(file, '读者证号,姓名,身份证号,手机号\nK0000001,张伟,110101199001010011,13800000001\n');
const saved = process.env.YUE_HMAC_KEY;
let errors: string[] = [];

beforeEach(() => {
  tcb.init.mockClear();
  errors = [];
  jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => { errors.push(args.join(' ')); });
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
});
afterEach(() => {
  jest.restoreAllMocks();
  if (saved === undefined) delete process.env.YUE_HMAC_KEY;
  else process.env.YUE_HMAC_KEY = saved;
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const cases: [string, string | undefined, RegExp][] = [
  ['unset', undefined, /YUE_HMAC_KEY is not set/],
  ['the development default', 'yue-local-dev-key-not-for-production', /YUE_HMAC_KEY is the published development key/],
  ['too short', 'a-real-hmac-key-1234567890', /YUE_HMAC_KEY has under 32 bytes of entropy/],
  ['long but repetitive', 'ab'.repeat(64), /YUE_HMAC_KEY has under 32 bytes of entropy/],
];

test.each(cases)('readers and holdings --env refuse with YUE_HMAC_KEY %s, before the cloud is touched (dry run too)', async (_name, key, reason) => {
  if (key === undefined) delete process.env.YUE_HMAC_KEY;
  else process.env.YUE_HMAC_KEY = key;
  for (const [kind, extra] of [['readers', []], ['readers', ['--dry-run']], ['holdings', []]] as const) {
    errors = [];
    await expect(cli(kind, [file, '--env', 'prod-env-1a2b', ...extra])).resolves.toBe(1);
    expect(errors.join('\n')).toMatch(/拒绝写入云环境 prod-env-1a2b/);
    expect(errors.join('\n')).toMatch(reason);
    if (key) expect(errors.join('\n')).not.toContain(key); // the key itself is never printed
  }
  expect(tcb.init).not.toHaveBeenCalled();
});

test('with a key of 32 random bytes the import goes on to the cloud environment', async () => {
  process.env.YUE_HMAC_KEY = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';
  await expect(cli('readers', [file, '--env', 'prod-env-1a2b', '--dry-run'])).rejects.toThrow('reached the cloud SDK');
  expect(tcb.init).toHaveBeenCalledWith(expect.objectContaining({ env: 'prod-env-1a2b' }));
});
