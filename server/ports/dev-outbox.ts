import { httpJson } from '../util/http-json';
import type { Ports } from './index';

// Local cloud adapter: everything external lands in the dev outbox (GET /dev/sms, /dev/outbox).
async function post(url: string, body: object): Promise<Record<string, unknown>> {
  const res = await httpJson('POST', url, body);
  if (res.status >= 300) throw new Error(`outbox answered ${res.status}`);
  return res.json ?? {};
}

/**
 * An openapi call as the cloud sees it: `api` is the name config.json's `permissions.openapi`
 * must declare, `fn` the calling function (YUE_LOCAL_FN, set by the local host for each call). The local cloud answers an undeclared call with errCode -604101, as the cloud does.
 */
async function openapi(baseUrl: string, api: string, body: object): Promise<Record<string, unknown>> {
  const res = await post(baseUrl, { ...body, api, fn: process.env.YUE_LOCAL_FN ?? '' });
  if (typeof res.errCode === 'number' && res.errCode !== 0) {
    throw Object.assign(new Error(String(res.errMsg ?? `openapi.${api}:fail ${res.errCode}`)), { errCode: res.errCode, errMsg: res.errMsg });
  }
  return res;
}

export function devOutboxPorts(baseUrl: string): Omit<Ports, 'storage'> {
  return {
    async sendSms(msg) {
      await post(baseUrl, { kind: 'sms', phone: msg.phone, code: msg.code, purpose: msg.purpose });
    },
    async notify(msg) {
      try {
        await openapi(baseUrl, 'subscribeMessage.send', { kind: 'subscribe', ...msg });
        return true;
      } catch (err) {
        if ((err as { errCode?: number }).errCode === undefined) throw err;
        return false; // refused, as the cloud adapter treats a refused send
      }
    },
    async checkText(openid, text) {
      const res = (await openapi(baseUrl, 'security.msgSecCheck', { kind: 'contentCheck', openid, text })) as { pass?: boolean };
      return res.pass !== false;
    },
  };
}
