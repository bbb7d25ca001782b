// A local cloud (child process) whose functions ask a stand-in library system over SIP2, and a
// small client of it. The stand-in runs in the test's own process so a test can change it.
import { Sip2Standin, type StandinOptions } from '../../devcloud/sip2/standin';
import { httpJson } from '../../server/util/http-json';
import { withCheckChar } from '../../server/util/idcard';
import { startCloudProcess, type CloudProcess } from './cloud-process';

export const SIP2_ADMIN = 'admin-sip2';

export interface Sip2Cloud {
  standin: Sip2Standin;
  cloud: CloudProcess;
  call(fn: string, openid: string, event: Record<string, unknown>, now?: string): Promise<any>;
  /** Binds a card through the SMS flow (the card named in the code request). */
  bind(openid: string, cardNo: string, phone: string, now?: string): Promise<any>;
  smsCode(phone: string): Promise<string | null>;
  docs(collection: string): Promise<any[]>;
  close(): Promise<void>;
}

export async function startSip2Cloud(opts: StandinOptions = {}, env: Record<string, string> = {}): Promise<Sip2Cloud> {
  const standin = await new Sip2Standin(opts).start();
  const cloud = await startCloudProcess({
    adminOpenids: [SIP2_ADMIN],
    workers: 2,
    env: {
      YUE_RULES_CACHE_MS: '0',
      YUE_READER_SOURCE: 'sip2', YUE_SIP2_HOST: '127.0.0.1', YUE_SIP2_PORT: String(standin.port),
      YUE_SIP2_USER: standin.opts.user, YUE_SIP2_PASSWORD: standin.opts.password, YUE_SIP2_INSTITUTION: standin.opts.institution,
      YUE_SIP2_ENCODING: standin.opts.encoding, YUE_SIP2_TERMINATOR: standin.opts.terminator, YUE_SIP2_CHECKSUM: String(standin.opts.checksum),
      YUE_SIP2_ID_FIELD: standin.opts.idField, YUE_SIP2_TIMEOUT_MS: '1500',
      ...env,
    },
  });
  const lib: Sip2Cloud = {
    standin,
    cloud,
    async call(fn, openid, event, now) {
      return (await httpJson('POST', `${cloud.url}/fn/${fn}`, event, { 'X-WX-OPENID': openid, ...(now ? { 'X-Dev-Now': now } : {}) })).json;
    },
    async bind(openid, cardNo, phone, now) {
      await lib.call('account', openid, { action: 'sendSmsCode', phone, purpose: 'bind', cardNo }, now);
      return lib.call('account', openid, { action: 'bindCard', cardNo, phone, code: (await lib.smsCode(phone)) ?? '000000' }, now);
    },
    async smsCode(phone) {
      const res = await httpJson('GET', `${cloud.url}/dev/sms?phone=${phone}`);
      return res.json.messages[0]?.code ?? null;
    },
    async docs(collection) {
      return (await httpJson('GET', `${cloud.url}/dev/db/${collection}`)).json.docs;
    },
    async close() {
      await cloud.close();
      await standin.stop();
    },
  };
  return lib;
}

let n = 0;
/** A unique card number, phone and valid ID number for this process. */
export function freshIdentity(prefix: string) {
  n += 1;
  const s = `${process.pid % 1000}`.padStart(3, '0') + String(n).padStart(3, '0');
  return { cardNo: `${prefix}${s}`, phone: `137${s}${String(n % 100).padStart(2, '0')}`, idNumber: withCheckChar(`11010119900101${s.slice(-3)}`) };
}
