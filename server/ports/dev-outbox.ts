import { httpJson } from '../util/http-json';
import type { Ports } from './index';

// Local cloud adapter: everything external lands in the dev outbox (GET /dev/sms, /dev/outbox).
async function post(url: string, body: object): Promise<Record<string, unknown>> {
  const res = await httpJson('POST', url, body);
  if (res.status >= 300) throw new Error(`outbox answered ${res.status}`);
  return res.json ?? {};
}

export function devOutboxPorts(baseUrl: string): Omit<Ports, 'storage'> {
  return {
    async sendSms(msg) {
      await post(baseUrl, { kind: 'sms', phone: msg.phone, code: msg.code, purpose: msg.purpose });
    },
    async notify(msg) {
      await post(baseUrl, { kind: 'subscribe', ...msg });
      return true;
    },
    async checkText(openid, text) {
      const res = (await post(baseUrl, { kind: 'contentCheck', openid, text })) as { pass?: boolean };
      return res.pass !== false;
    },
  };
}
