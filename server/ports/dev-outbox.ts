import http from 'http';
import type { Ports } from './index';

// Local cloud adapter: everything external lands in the dev outbox (GET /dev/sms, /dev/outbox).
function post(url: string, body: object): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        if ((res.statusCode ?? 500) >= 300) return reject(new Error(`outbox answered ${res.statusCode}`));
        try { resolve(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}')); } catch (e) { reject(e); }
      });
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

export function devOutboxPorts(baseUrl: string): Ports {
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
