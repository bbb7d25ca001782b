// The functions' environment variables: one list, which .env.production.example mirrors (a test
// keeps them equal) and the deploy checks before it sends a single request.
import fs from 'fs';
import { DEV_EVENT_KEY, DEV_HMAC_KEY, secretProblems } from '../../server/runtime/config';

export interface VariableSpec {
  name: string;
  /** What it is for (the example file's comment). */
  doc: string;
  required: boolean;
  /** Never printed; checked for length and against the development default. */
  secret?: boolean;
  minLength?: number;
  /** The value the local cloud uses: refused in production. */
  devDefault?: string;
}

export const VARIABLES: VariableSpec[] = [
  { name: 'YUE_HMAC_KEY', doc: 'Key of the HMAC over SMS codes and ID numbers (random, 32+ characters; never change it once patrons exist)', required: true, secret: true, minLength: 32, devDefault: DEV_HMAC_KEY },
  { name: 'YUE_EVENT_KEY', doc: "Key of the HMAC behind an event's rotating check-in QR code (random, 32+ characters)", required: true, secret: true, minLength: 32, devDefault: DEV_EVENT_KEY },
  { name: 'YUE_ADMIN_OPENIDS', doc: 'OPENID(s) of the first admin(s), comma-separated (shown on the mini-program\'s 我的 page)', required: true },
  { name: 'YUE_SMS_SECRET_ID', doc: 'Tencent Cloud SMS: API key id of a sub-account allowed to send SMS', required: true, secret: true, minLength: 16 },
  { name: 'YUE_SMS_SECRET_KEY', doc: 'Tencent Cloud SMS: API key secret of that sub-account', required: true, secret: true, minLength: 16 },
  { name: 'YUE_SMS_SDK_APP_ID', doc: 'Tencent Cloud SMS: SdkAppId of the SMS application', required: true },
  { name: 'YUE_SMS_SIGN_NAME', doc: 'Tencent Cloud SMS: approved signature (签名), e.g. the library\'s name', required: true },
  { name: 'YUE_SMS_TEMPLATE_ID', doc: 'Tencent Cloud SMS: approved template id of the verification-code message', required: true },
  { name: 'YUE_SMS_REGION', doc: 'Tencent Cloud SMS region (default ap-guangzhou)', required: false },
  { name: 'YUE_SUBSCRIBE_TEMPLATE_ID', doc: 'Subscribe-message template for review outcomes and notices (mini-program console → 订阅消息)', required: false },
  { name: 'YUE_REMINDER_TEMPLATE_ID', doc: 'Subscribe-message template for event reminders', required: false },
  { name: 'YUE_ISBN_URL', doc: 'ISBN lookup service URL (optional: without it, books are looked up in the local catalogue only)', required: false },
  { name: 'YUE_ISBN_KEY', doc: 'API key of the ISBN lookup service', required: false, secret: true },
  { name: 'YUE_ISBN_TIMEOUT_MS', doc: 'Timeout of one ISBN lookup in ms (optional)', required: false },
  { name: 'YUE_RULES_CACHE_MS', doc: 'How long an instance caches the rules in ms (optional, default 5000)', required: false },
  { name: 'YUE_TX_BUDGET_MS', doc: 'How long a transaction may retry lost conflicts before BUSY, in ms (optional, default 5000)', required: false },
  { name: 'YUE_PRIZE_SHARDS', doc: "Stock documents a new prize's stock is split over (optional, default 32)", required: false },
  { name: 'YUE_READER_SOURCE', doc: 'Reader directory: imported (the readers table, default) or sip2 (the table first, then the library system live; README "Library system (SIP2)")', required: false },
  { name: 'YUE_SIP2_HOST', doc: "SIP2: the library system's host (with YUE_READER_SOURCE=sip2)", required: false },
  { name: 'YUE_SIP2_PORT', doc: 'SIP2: port', required: false },
  { name: 'YUE_SIP2_TLS', doc: 'SIP2 over TLS: true or false (default false)', required: false },
  { name: 'YUE_SIP2_TLS_VERIFY', doc: 'SIP2 TLS: verify the server certificate (default true)', required: false },
  { name: 'YUE_SIP2_USER', doc: 'SIP2 login (93) user of this terminal account', required: false },
  { name: 'YUE_SIP2_PASSWORD', doc: 'SIP2 login (93) password', required: false, secret: true },
  { name: 'YUE_SIP2_LOCATION', doc: 'SIP2 login (93) location code', required: false },
  { name: 'YUE_SIP2_INSTITUTION', doc: 'SIP2 institution id (AO)', required: false },
  { name: 'YUE_SIP2_TERMINAL_PASSWORD', doc: 'SIP2 terminal password (AC), only if the library system wants one', required: false, secret: true },
  { name: 'YUE_SIP2_ENCODING', doc: 'SIP2 encoding: utf8, gbk or gb18030 (default utf8)', required: false },
  { name: 'YUE_SIP2_TERMINATOR', doc: 'SIP2 message terminator: CR or CRLF (default CR)', required: false },
  { name: 'YUE_SIP2_CHECKSUM', doc: 'SIP2 error detection AY/AZ: true or false (default true)', required: false },
  { name: 'YUE_SIP2_VERIFY', doc: 'How binding proves the reader with SIP2: phone (BF) or password (AD/CQ) (default phone)', required: false },
  { name: 'YUE_SIP2_TIMEOUT_MS', doc: "SIP2: one request's timeout in ms (default 2500)", required: false },
  { name: 'YUE_SIP2_ID_FIELD', doc: "SIP2: the 64 field carrying the reader's ID number, if the system sends one (stored only as a keyed hash)", required: false },
];

/** KEY=VALUE lines; `#` comments and blank lines skipped; values may be quoted. */
export function parseEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    let value = line.slice(eq + 1).trim();
    if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value.endsWith(value[0])) value = value.slice(1, -1);
    out[line.slice(0, eq).trim()] = value;
  }
  return out;
}

export function readEnvFile(file: string): Record<string, string> | null {
  return fs.existsSync(file) ? parseEnvFile(fs.readFileSync(file, 'utf8')) : null;
}

/** What is wrong with the variables (names only, never values), or [] when they can be deployed. */
export function checkVariables(vars: Record<string, string>): string[] {
  const problems: string[] = [];
  // Keys: the functions' own rule (unset, the development default, under 32 bytes of entropy).
  const keys = VARIABLES.filter((v) => v.devDefault).map((v) => v.name);
  problems.push(...secretProblems(vars, keys.filter((k) => vars[k])));
  for (const v of VARIABLES) {
    const value = vars[v.name] ?? '';
    if (!value) {
      if (v.required) problems.push(`${v.name} is missing (${v.doc})`);
      continue;
    }
    if (keys.includes(v.name)) continue;
    if (v.minLength && value.length < v.minLength) problems.push(`${v.name} is too short (at least ${v.minLength} characters)`);
    else if (/^(change-?me|xxx+|todo|test)$/i.test(value)) problems.push(`${v.name} is a placeholder: fill it in`);
  }
  for (const name of Object.keys(vars)) {
    if (!VARIABLES.some((v) => v.name === name)) problems.push(`${name} is not a variable the functions read (typo?)`);
  }
  return problems;
}

/** The variables sent to every function (the set in the file, unset optional ones left out). */
export function functionVariables(vars: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of VARIABLES) if (vars[v.name]) out[v.name] = vars[v.name];
  return out;
}
