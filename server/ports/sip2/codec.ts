import type * as Iconv from 'iconv-lite';

// iconv-lite (GBK/GB18030 tables) is loaded on first use only: UTF-8 libraries and the imported
// directory never pay for it at an instance's start.
let iconvLib: typeof Iconv | null = null;
function iconv(): typeof Iconv {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (iconvLib ??= require('iconv-lite') as typeof Iconv);
}

// SIP2 (3M Standard Interchange Protocol 2.00) framing and the few messages we use.
// Framing (encoding, error detection, terminator) lives here once; the messages are a table of
// builders and parsers above it. Checksums are computed over the ENCODED bytes, so a GBK or
// GB18030 name is summed as the library system sums it.

export type Sip2Encoding = 'utf8' | 'gbk' | 'gb18030';
export interface Framing {
  encoding: Sip2Encoding;
  /** '\r' (the specification) or '\r\n' (some systems). */
  terminator: '\r' | '\r\n';
  /** Error detection: AY sequence + AZ checksum on requests, verified on answers. */
  checksum: boolean;
}

/** Four upper-case hex digits: two's complement of the 16-bit byte sum. */
export function checksum(bytes: Uint8Array): string {
  let sum = 0;
  for (const b of bytes) sum = (sum + b) & 0xffff;
  return ((-sum) & 0xffff).toString(16).toUpperCase().padStart(4, '0');
}

export function encode(text: string, encoding: Sip2Encoding): Buffer {
  return encoding === 'utf8' ? Buffer.from(text, 'utf8') : iconv().encode(text, encoding);
}

export function decode(bytes: Buffer, encoding: Sip2Encoding): string {
  return encoding === 'utf8' ? bytes.toString('utf8') : iconv().decode(bytes, encoding);
}

/**
 * One message as bytes on the wire: the text, with error detection `AY<seq>AZ<checksum>`
 * (the checksum covers everything up to and including `AZ`), then the terminator.
 * `seq` null: a message without a sequence number (97 carries only the checksum).
 */
export function frame(text: string, seq: number | null, f: Framing): Buffer {
  let body = encode(text, f.encoding);
  if (f.checksum) {
    const tail = Buffer.from(seq === null ? 'AZ' : `AY${seq % 10}AZ`, 'latin1');
    body = Buffer.concat([body, tail]);
    body = Buffer.concat([body, Buffer.from(checksum(body), 'latin1')]);
  }
  return Buffer.concat([body, Buffer.from(f.terminator, 'latin1')]);
}

export interface Unframed {
  /** The message without error detection. */
  text: string;
  /** AY's digit, or null when absent. */
  seq: number | null;
  /** null: no AZ field; otherwise whether the checksum is right. */
  checksumOk: boolean | null;
}

/** The reverse of `frame` for one message (terminator already removed). */
export function unframe(bytes: Buffer, encoding: Sip2Encoding): Unframed {
  // AZ + 4 hex digits end the message when error detection is on (ASCII in every encoding used).
  const tail = bytes.subarray(Math.max(0, bytes.length - 6)).toString('latin1');
  if (!/^AZ[0-9A-Fa-f]{4}$/.test(tail)) return { text: decode(bytes, encoding), seq: null, checksumOk: null };
  const upToAz = bytes.subarray(0, bytes.length - 4);
  const given = parseInt(tail.slice(2), 16);
  let sum = 0;
  for (const b of upToAz) sum = (sum + b) & 0xffff;
  const checksumOk = ((sum + given) & 0xffff) === 0;
  let body = upToAz.subarray(0, upToAz.length - 2);
  let seq: number | null = null;
  const ay = body.subarray(Math.max(0, body.length - 3)).toString('latin1');
  if (/^AY\d$/.test(ay)) {
    seq = Number(ay[2]);
    body = body.subarray(0, body.length - 3);
  }
  return { text: decode(body, encoding), seq, checksumOk };
}

/** SIP2 date: YYYYMMDDZZZZHHMMSS (ZZZZ: four blanks = local time of the library). */
export function sipDate(d: Date, offsetMinutes = 480): string {
  const t = new Date(d.getTime() + offsetMinutes * 60_000);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${t.getUTCFullYear()}${p(t.getUTCMonth() + 1)}${p(t.getUTCDate())}    ${p(t.getUTCHours())}${p(t.getUTCMinutes())}${p(t.getUTCSeconds())}`;
}

/** Field values must not carry the separator or a terminator. */
function field(id: string, value: string): string {
  return `${id}${value.replace(/[|\r\n]/g, ' ')}|`;
}

/** Variable-length fields after a fixed part: `XXvalue|XXvalue|…` → id → values (repeatable fields kept in order). */
export function parseFields(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of text.split('|')) {
    if (part.length < 2) continue;
    const id = part.slice(0, 2);
    out.set(id, [...(out.get(id) ?? []), part.slice(2)]);
  }
  return out;
}

// --- Requests (SC → ACS) ---------------------------------------------------------------------
export const requests = {
  /** 93: login. UID/PWD algorithm 0 = plain. */
  login: (user: string, password: string, location: string) =>
    `9300${field('CN', user)}${field('CO', password)}${location ? field('CP', location) : ''}`,
  /** 99: SC status — status 0 (ok), max print width 080, protocol 2.00. */
  scStatus: () => '9900802.00',
  /** 63: patron information, no summary details requested. */
  patronInfo: (o: { institution: string; cardNo: string; terminalPassword?: string; patronPassword?: string; now: Date }) =>
    `63001${sipDate(o.now)}${' '.repeat(10)}${field('AO', o.institution)}${field('AA', o.cardNo)}` +
    `${o.terminalPassword ? field('AC', o.terminalPassword) : ''}${o.patronPassword !== undefined ? field('AD', o.patronPassword) : ''}`,
  /** 97: resend your last message (our check of its checksum failed). */
  resend: () => '97',
};

// --- Answers (ACS → SC) ----------------------------------------------------------------------
/** The 14 patron status flags of a 64, by position (a blank or N = not set). */
export const PATRON_STATUS_FLAGS = [
  'chargePrivilegesDenied', 'renewalPrivilegesDenied', 'recallPrivilegesDenied', 'holdPrivilegesDenied',
  'cardReportedLost', 'tooManyItemsCharged', 'tooManyItemsOverdue', 'tooManyRenewals',
  'tooManyClaimsOfItemsReturned', 'tooManyItemsLost', 'excessiveOutstandingFines', 'excessiveOutstandingFees',
  'recallOverdue', 'tooManyItemsBilled',
] as const;
export type PatronFlag = (typeof PATRON_STATUS_FLAGS)[number];

export interface PatronInfo {
  flags: PatronFlag[];
  institution: string;
  cardNo: string;
  name: string;
  /** BL: valid patron (absent → null). */
  valid: boolean | null;
  /** CQ: valid patron password (absent → null). */
  passwordOk: boolean | null;
  /** BF: home phone number (absent or empty → null). */
  phone: string | null;
  email: string | null;
  screenMessages: string[];
  fields: Map<string, string[]>;
}

const FIXED_64 = 2 + 14 + 3 + 18 + 6 * 4;
const yn = (v: string[] | undefined) => (v === undefined ? null : v[0]?.trim().toUpperCase() === 'Y');
const first = (v: string[] | undefined) => (v?.[0] ?? '').trim();

export const answers = {
  /** 94: login ok? */
  login: (text: string) => {
    if (!text.startsWith('94')) return null;
    return { ok: text[2] === '1' };
  },
  /** 98: ACS status (on-line, supported messages in BX). */
  acsStatus: (text: string) => {
    if (!text.startsWith('98')) return null;
    const fields = parseFields(text.slice(36));
    return { online: text[2] === 'Y', institution: first(fields.get('AO')), supported: first(fields.get('BX')) };
  },
  /** 64: patron information. */
  patronInfo: (text: string): PatronInfo | null => {
    if (!text.startsWith('64') || text.length < FIXED_64) return null;
    const status = text.slice(2, 16);
    const flags = PATRON_STATUS_FLAGS.filter((_, i) => status[i] === 'Y');
    const fields = parseFields(text.slice(FIXED_64));
    return {
      flags,
      institution: first(fields.get('AO')),
      cardNo: first(fields.get('AA')),
      name: first(fields.get('AE')),
      valid: yn(fields.get('BL')),
      passwordOk: yn(fields.get('CQ')),
      phone: first(fields.get('BF')) || null,
      email: first(fields.get('BE')) || null,
      screenMessages: fields.get('AF') ?? [],
      fields,
    };
  },
};

/** 63/64 helpers for the 97/96 exchange: 96 is the ACS asking us to resend. */
export const isResendRequest = (text: string) => text.startsWith('96');
