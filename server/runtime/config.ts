// Configuration from environment variables, with safe local defaults. Read once per instance.
export interface Config {
  /** Key for HMAC of SMS codes and ID numbers; outside the database. */
  hmacKey: string;
  hmacKeyIsDefault: boolean;
  adminOpenids: string[];
  rulesCacheMs: number;
  /** Local cloud only: where SMS, subscribe messages and content checks go instead of Tencent. */
  devOutboxUrl: string | null;
  sms: { secretId: string; secretKey: string; region: string; sdkAppId: string; signName: string; templateId: string };
  subscribeTemplateId: string;
  /** Key of the HMAC behind an event's rotating check-in QR code; outside the database. */
  eventKey: string;
}

const DEV_HMAC_KEY = 'yue-local-dev-key-not-for-production';
const DEV_EVENT_KEY = 'yue-local-event-key-not-for-production';

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    hmacKey: env.YUE_HMAC_KEY || DEV_HMAC_KEY,
    hmacKeyIsDefault: !env.YUE_HMAC_KEY,
    adminOpenids: (env.YUE_ADMIN_OPENIDS ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    rulesCacheMs: Number(env.YUE_RULES_CACHE_MS ?? 30_000),
    devOutboxUrl: env.YUE_DEV_OUTBOX_URL || null,
    sms: {
      secretId: env.YUE_SMS_SECRET_ID ?? '',
      secretKey: env.YUE_SMS_SECRET_KEY ?? '',
      region: env.YUE_SMS_REGION || 'ap-guangzhou',
      sdkAppId: env.YUE_SMS_SDK_APP_ID ?? '',
      signName: env.YUE_SMS_SIGN_NAME ?? '',
      templateId: env.YUE_SMS_TEMPLATE_ID ?? '',
    },
    subscribeTemplateId: env.YUE_SUBSCRIBE_TEMPLATE_ID ?? '',
    eventKey: env.YUE_EVENT_KEY || DEV_EVENT_KEY,
  };
}
