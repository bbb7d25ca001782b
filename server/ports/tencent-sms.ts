import type { Config } from '../runtime/config';
import type { SmsMessage } from './index';

// Production SMS: Tencent Cloud SMS SendSms with an approved signature and template.
// The template takes two parameters: the code and its validity in minutes.
export function buildSendSmsRequest(cfg: Config['sms'], msg: SmsMessage) {
  return {
    SmsSdkAppId: cfg.sdkAppId,
    SignName: cfg.signName,
    TemplateId: cfg.templateId,
    PhoneNumberSet: [`+86${msg.phone}`],
    TemplateParamSet: [msg.code, String(msg.ttlMinutes)],
    SessionContext: msg.purpose,
  };
}

export async function sendTencentSms(cfg: Config['sms'], msg: SmsMessage): Promise<void> {
  if (!cfg.secretId || !cfg.secretKey || !cfg.sdkAppId || !cfg.signName || !cfg.templateId) {
    throw new Error('Tencent SMS is not configured (YUE_SMS_* environment variables)');
  }
  // Required lazily: only the production path loads the SDK (kept external to the bundle).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const sms = require('tencentcloud-sdk-nodejs-sms');
  const client = new sms.sms.v20210111.Client({
    credential: { secretId: cfg.secretId, secretKey: cfg.secretKey },
    region: cfg.region,
  });
  const res = await client.SendSms(buildSendSmsRequest(cfg, msg));
  const status = res?.SendStatusSet?.[0];
  if (!status || status.Code !== 'Ok') throw new Error(`SMS send failed: ${status?.Code ?? 'no status'}`);
}
