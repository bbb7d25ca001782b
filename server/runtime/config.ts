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

const DEV_HMAC_KEY = 'yue-local-dev-key-not-for-production';
const DEV_EVENT_KEY = 'yue-local-event-key-not-for-production';

/** Secrets a cloud deployment must set: with a published development key, hashes could be reversed. */
const SECRETS: { env: string; dev: string }[] = [
  { env: 'YUE_HMAC_KEY', dev: DEV_HMAC_KEY },
  { env: 'YUE_EVENT_KEY', dev: DEV_EVENT_KEY },
];

/** What a key must carry: 32 bytes of entropy (`openssl rand -hex 32` or `openssl rand -base64 32`). */
export const MIN_KEY_BITS = 256;

/**
 * A key's entropy as its length times the bits per character of the characters it uses (hex
 * 4 bits; letters, digits and symbols up to ~6.5). Fewer than 10 distinct characters counts as
 * none: a repeated pattern, however long.
 */
export function keyEntropyBits(key: string): number {
  const body = key.replace(/=+$/, '');
  if (new Set(body).size < 10) return 0;
  const alphabet = /^(?:[0-9a-f]+|[0-9A-F]+)$/.test(body) ? 16
    : (/[a-z]/.test(body) ? 26 : 0) + (/[A-Z]/.test(body) ? 26 : 0) + (/[0-9]/.test(body) ? 10 : 0) + (/[^0-9A-Za-z]/.test(body) ? 32 : 0);
  return Math.floor(body.length * Math.log2(alphabet));
}

/**
 * True in Tencent's cloud: SCF sets TENCENTCLOUD_RUNENV and SCF_FUNCTIONNAME (the local cloud
 * sets neither; it sets only what the SDK needs, e.g. SCF_NAMESPACE and TENCENTCLOUD).
 */
export function inCloud(env: NodeJS.ProcessEnv = process.env): boolean {
  return !!(env.TENCENTCLOUD_RUNENV || env.SCF_FUNCTIONNAME);
}

/**
 * Why these secrets cannot protect real data, one line each naming the variable (never its
 * value): unset, the development default, or under 32 bytes of entropy. Empty when they can.
 */
export function secretProblems(env: NodeJS.ProcessEnv = process.env, names: string[] = SECRETS.map((s) => s.env)): string[] {
  return SECRETS.filter((s) => names.includes(s.env)).flatMap((s) => {
    const v = env[s.env];
    if (!v) return [`${s.env} is not set`];
    if (v === s.dev) return [`${s.env} is the published development key`];
    if (keyEntropyBits(v) < MIN_KEY_BITS) return [`${s.env} has under 32 bytes of entropy (use e.g. \`openssl rand -hex 32\`)`];
    return [];
  });
}

/**
 * The one check before anything touches real data: a cloud function instance (all secrets) and
 * every script that writes to a cloud environment (the secrets it uses). In the cloud a dev
 * outbox is refused outright; outside it, only the local cloud's dev outbox skips the key check.
 */
export function productionProblems(env: NodeJS.ProcessEnv = process.env, opts: { secrets?: string[]; cloud?: boolean } = {}): string[] {
  const cloud = opts.cloud ?? inCloud(env);
  const problems = cloud && env.YUE_DEV_OUTBOX_URL ? ['YUE_DEV_OUTBOX_URL is set (a development outbox is never allowed in the cloud)'] : [];
  if (cloud || !env.YUE_DEV_OUTBOX_URL) problems.push(...secretProblems(env, opts.secrets));
  return problems;
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
