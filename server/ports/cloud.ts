import type { Config } from '../runtime/config';
import type { Ports } from './index';
import { sendTencentSms } from './tencent-sms';

// Cloud adapter: Tencent SMS, subscribe messages and content security through wx-server-sdk openapi.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function cloudPorts(cloud: any, config: Config): Omit<Ports, 'storage'> {
  return {
    sendSms: (msg) => sendTencentSms(config.sms, msg),
    async notify(msg) {
      const templateId = config.subscribeTemplates[msg.template ?? 'result'];
      if (!templateId) return false;
      try {
        await cloud.openapi.subscribeMessage.send({
          touser: msg.openid,
          templateId,
          page: msg.page ?? 'pages/messages/messages',
          data: { thing1: { value: msg.title.slice(0, 20) }, thing2: { value: msg.body.slice(0, 20) } },
        });
        return true;
      } catch {
        return false; // no consent left, or the template was refused
      }
    },
    async checkText(openid, text) {
      try {
        const res = await cloud.openapi.security.msgSecCheck({ openid, scene: 2, version: 2, content: text });
        return res?.result?.suggest !== 'risky';
      } catch (err) {
        const code = (err as { errCode?: number }).errCode;
        if (code === 87014) return false;
        throw err;
      }
    },
  };
}
