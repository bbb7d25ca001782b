// Configuration from environment variables, with safe local defaults. Read once per instance.
export interface Config {
  /** Key for HMAC of SMS codes and ID numbers; outside the database. */
  hmacKey: string;
  /** Key of the HMAC behind an event's rotating check-in QR code; outside the database. */
  eventKey: string;
  adminOpenids: string[];
  rulesCacheMs: number;
  /** Local cloud only: where SMS, subscribe messages and content checks go instead of Tencent. */
  devOutboxUrl: string | null;
  sms: { secretId: string; secretKey: string; region: string; sdkAppId: string; signName: string; templateId: string };
  /** Subscribe-message templates: review outcomes and notices, and event reminders. */
  subscribeTemplates: { result: string; reminder: string };
  /** How long a transaction may keep retrying lost conflicts before BUSY (YUE_TX_BUDGET_MS). */
  txBudgetMs: number;
  /** Stock documents a new prize's stock is split over (YUE_PRIZE_SHARDS), see docs/RUSH.md. */
  prizeShards: number;
}

/** A positive integer from the environment, or the default. */
export function positiveInt(raw: string | undefined, dflt: number): number {
  const n = Number(raw);
  return raw && Number.isInteger(n) && n > 0 ? n : dflt;
}

export const DEV_HMAC_KEY = 'yue-local-dev-key-not-for-production';
export const DEV_EVENT_KEY = 'yue-local-event-key-not-for-production';

/** Secrets a cloud deployment must set: with a published development key, hashes could be reversed. */
const SECRETS: { env: string; dev: string }[] = [
  { env: 'YUE_HMAC_KEY', dev: DEV_HMAC_KEY },
  { env: 'YUE_EVENT_KEY', dev: DEV_EVENT_KEY },
];

/** The secret variables that are unset or equal to their development default. */
export function missingSecrets(env: NodeJS.ProcessEnv = process.env): string[] {
  return SECRETS.filter((s) => !env[s.env] || env[s.env] === s.dev).map((s) => s.env);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    hmacKey: env.YUE_HMAC_KEY || DEV_HMAC_KEY,
    eventKey: env.YUE_EVENT_KEY || DEV_EVENT_KEY,
    adminOpenids: (env.YUE_ADMIN_OPENIDS ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    rulesCacheMs: Number(env.YUE_RULES_CACHE_MS ?? 5_000),
    devOutboxUrl: env.YUE_DEV_OUTBOX_URL || null,
    sms: {
      secretId: env.YUE_SMS_SECRET_ID ?? '',
      secretKey: env.YUE_SMS_SECRET_KEY ?? '',
      region: env.YUE_SMS_REGION || 'ap-guangzhou',
      sdkAppId: env.YUE_SMS_SDK_APP_ID ?? '',
      signName: env.YUE_SMS_SIGN_NAME ?? '',
      templateId: env.YUE_SMS_TEMPLATE_ID ?? '',
    },
    subscribeTemplates: { result: env.YUE_SUBSCRIBE_TEMPLATE_ID ?? '', reminder: env.YUE_REMINDER_TEMPLATE_ID ?? '' },
    txBudgetMs: positiveInt(env.YUE_TX_BUDGET_MS, 5000),
    prizeShards: Math.min(100, positiveInt(env.YUE_PRIZE_SHARDS, 32)),
  };
}
