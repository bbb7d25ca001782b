// The production SIP2 client against the loopback stand-in library system.
import net from 'net';
import { Sip2Client, Sip2Unavailable, BREAKER } from '../../server/ports/sip2/client';
import { frame, unframe } from '../../server/ports/sip2/codec';
import { sip2Config } from '../../server/ports/sip2/config';
import { Sip2Standin, type StandinOptions } from '../../devcloud/sip2/standin';

const running: { standin: Sip2Standin; client: Sip2Client }[] = [];
afterEach(async () => {
  for (const r of running.splice(0)) {
    r.client.close();
    await r.standin.stop();
  }
});

async function setup(opts: StandinOptions = {}, env: Record<string, string> = {}) {
  const standin = await new Sip2Standin(opts).start();
  const client = new Sip2Client(sip2Config({
    YUE_SIP2_HOST: '127.0.0.1', YUE_SIP2_PORT: String(standin.port), YUE_SIP2_USER: standin.opts.user, YUE_SIP2_PASSWORD: standin.opts.password,
    YUE_SIP2_INSTITUTION: standin.opts.institution, YUE_SIP2_TIMEOUT_MS: '800', ...env,
  }));
  running.push({ standin, client });
  standin.addPatron({ cardNo: 'E0001', name: '张晓梅', phone: '13900000001', password: '246810' });
  return { standin, client };
}

test.each([
  ['utf8', 'CR'], ['gbk', 'CR'], ['gbk', 'CRLF'], ['gb18030', 'CRLF'], ['utf8', 'CRLF'],
] as const)('%s with %s: login, status, then patron information with a Chinese name', async (encoding, terminator) => {
  const { standin, client } = await setup({ encoding, terminator }, { YUE_SIP2_ENCODING: encoding, YUE_SIP2_TERMINATOR: terminator });
  const info = await client.patronInfo('E0001');
  expect(info).toMatchObject({ cardNo: 'E0001', name: '张晓梅', valid: true, phone: '13900000001', flags: [] });
  expect(await client.patronInfo('E0001')).toMatchObject({ name: '张晓梅' });
  // One connection, logged in once, for both requests.
  expect(standin.stats).toMatchObject({ connections: 1, logins: 1, statuses: 1, patronInfos: 2 });
  expect(standin.received[0]).toMatch(/^9300CNyue-app\|COyue-secret\|/);
});

test('a client reading the wrong encoding sees a garbled name (the setting matters)', async () => {
  const { client } = await setup({ encoding: 'gbk' }, { YUE_SIP2_ENCODING: 'utf8' });
  const info = await client.patronInfo('E0001');
  expect(info.name).not.toBe('张晓梅');
});

test('error detection off on both sides: no AY/AZ on the wire', async () => {
  const { standin, client } = await setup({ checksum: false }, { YUE_SIP2_CHECKSUM: 'false' });
  expect(await client.patronInfo('E0001')).toMatchObject({ name: '张晓梅' });
  expect(standin.received.every((r) => !/AY\dAZ/.test(r))).toBe(true);
});

test('a request with a bad checksum is answered 96 by the stand-in', async () => {
  const { standin } = await setup();
  const sock = net.connect(standin.port, '127.0.0.1');
  const good = frame('9300CNyue-app|COyue-secret|', 0, { encoding: 'utf8', terminator: '\r', checksum: true });
  const bad = Buffer.from(good.toString('latin1').replace(/AZ(....)\r$/, 'AZ0000\r'), 'latin1');
  sock.write(bad);
  const line = await new Promise<Buffer>((r) => sock.once('data', (d: Buffer) => r(d)));
  sock.destroy();
  expect(unframe(line.subarray(0, -1), 'utf8')).toMatchObject({ text: '96', checksumOk: true });
  expect(standin.stats.answered96).toBe(1);
});

test('an answer with a bad checksum is asked again (97) and the good copy used', async () => {
  const { standin, client } = await setup();
  await client.patronInfo('E0001');
  standin.faults.badChecksum = 1;
  expect(await client.patronInfo('E0001')).toMatchObject({ name: '张晓梅' });
  expect(client.stats.resendsAsked).toBe(1);
  expect(standin.stats.resendsServed).toBe(1);
});

test('a 96 from the library makes the client send the same request again', async () => {
  const { standin, client } = await setup();
  await client.patronInfo('E0001');
  standin.faults.askResend = 1;
  expect(await client.patronInfo('E0001')).toMatchObject({ name: '张晓梅' });
  expect(client.stats.resendsAnswered).toBe(1);
  expect(standin.stats.patronInfos).toBe(2);
});

test('checksums that keep failing end as unavailable, not as a wrong answer', async () => {
  const { standin, client } = await setup();
  await client.patronInfo('E0001');
  standin.faults.badChecksum = 10;
  await expect(client.patronInfo('E0001')).rejects.toThrow(Sip2Unavailable);
});

test('a slow answer times out; the next request reconnects and succeeds', async () => {
  const { standin, client } = await setup();
  await client.patronInfo('E0001');
  standin.faults.slowMs = 2000;
  standin.faults.slowCount = 1;
  await expect(client.patronInfo('E0001')).rejects.toThrow('timeout');
  expect(await client.patronInfo('E0001')).toMatchObject({ name: '张晓梅' });
  expect(standin.stats.connections).toBe(2);
  expect(standin.stats.logins).toBe(2);
});

test('a connection the library dropped is re-opened and logged in again, within the same request', async () => {
  const { standin, client } = await setup();
  await client.patronInfo('E0001');
  standin.dropConnections();
  await new Promise((r) => setTimeout(r, 50));
  expect(await client.patronInfo('E0001')).toMatchObject({ name: '张晓梅' });
  expect(standin.stats).toMatchObject({ connections: 2, logins: 2 });
});

test('a drop in the middle of a request is retried once on a new connection; twice fails, the next request reconnects', async () => {
  const { standin, client } = await setup();
  await client.patronInfo('E0001');
  standin.faults.drop = 1;
  expect(await client.patronInfo('E0001')).toMatchObject({ name: '张晓梅' });
  expect(standin.stats.logins).toBe(2);
  standin.faults.drop = 2;
  await expect(client.patronInfo('E0001')).rejects.toThrow(Sip2Unavailable);
  expect(await client.patronInfo('E0001')).toMatchObject({ name: '张晓梅' });
  expect(standin.stats.logins).toBe(4); // first, retry, retry of the failing one, next request
});

test('BL N, CQ N / CQ Y, the lost flag and a missing BF as the library sends them', async () => {
  const { standin, client } = await setup();
  standin.addPatron({ cardNo: 'E0002', name: '李四', phone: null, password: '1111', lost: true });
  standin.addPatron({ cardNo: 'E0003', name: '王五', phone: '13900000003', valid: false });
  expect(await client.patronInfo('NOPE')).toMatchObject({ valid: false });
  expect(await client.patronInfo('E0003')).toMatchObject({ valid: false });
  expect(await client.patronInfo('E0001', '000000')).toMatchObject({ valid: true, passwordOk: false });
  expect(await client.patronInfo('E0001', '246810')).toMatchObject({ valid: true, passwordOk: true });
  const lost = await client.patronInfo('E0002', '1111');
  expect(lost).toMatchObject({ valid: true, passwordOk: true, phone: null });
  expect(lost.flags).toContain('cardReportedLost');
});

test('requests queue on the one connection: many at once, each gets its own answer', async () => {
  const { standin, client } = await setup({ latencyMs: 5 });
  for (let i = 10; i < 30; i++) standin.addPatron({ cardNo: `E00${i}`, name: `读者${i}`, phone: `139000000${i}` });
  const got = await Promise.all(Array.from({ length: 20 }, (_, k) => client.patronInfo(`E00${k + 10}`)));
  expect(got.map((g) => g.name)).toEqual(Array.from({ length: 20 }, (_, k) => `读者${k + 10}`));
  expect(standin.stats.connections).toBe(1);
});

test('the library down: unavailable, then the circuit opens and stops knocking', async () => {
  const { standin, client } = await setup();
  await standin.stop();
  for (let i = 0; i < BREAKER.failures; i++) await expect(client.patronInfo('E0001')).rejects.toThrow(Sip2Unavailable);
  await standin.start(); // back on the same port, but the breaker is open
  await expect(client.patronInfo('E0001')).rejects.toThrow('circuit open');
  expect(standin.stats.connections).toBe(0);
});

test('a refused login is unavailable', async () => {
  const { client } = await setup({}, { YUE_SIP2_PASSWORD: 'wrong' });
  await expect(client.patronInfo('E0001')).rejects.toThrow('login refused');
});
