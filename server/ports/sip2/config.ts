import { positiveInt } from '../../runtime/config';
import type { Sip2Encoding } from './codec';

// Everything that differs between libraries' SIP2 servers (README "Library system (SIP2)").
export interface Sip2Config {
  host: string;
  port: number;
  tls: boolean;
  /** Verify the server's TLS certificate (YUE_SIP2_TLS_VERIFY, default true). */
  tlsVerify: boolean;
  user: string;
  password: string;
  location: string;
  /** AO */
  institution: string;
  /** AC, when the library's terminal accounts have one (YUE_SIP2_TERMINAL_PASSWORD). */
  terminalPassword: string;
  encoding: Sip2Encoding;
  terminator: '\r' | '\r\n';
  checksum: boolean;
  verify: 'phone' | 'password';
  timeoutMs: number;
  /** A 64 field carrying the reader's ID number, when the system sends one (e.g. a vendor extension); stored only as a keyed hash. */
  idField: string;
}

export type ReaderSource = 'imported' | 'sip2';

export function readerSource(env: NodeJS.ProcessEnv = process.env): ReaderSource {
  return env.YUE_READER_SOURCE === 'sip2' ? 'sip2' : 'imported';
}

const ENCODINGS: Sip2Encoding[] = ['utf8', 'gbk', 'gb18030'];

export function sip2Config(env: NodeJS.ProcessEnv = process.env): Sip2Config {
  const enc = String(env.YUE_SIP2_ENCODING ?? 'utf8').toLowerCase().replace('-', '') as Sip2Encoding;
  return {
    host: env.YUE_SIP2_HOST ?? '',
    port: positiveInt(env.YUE_SIP2_PORT, 6001),
    tls: env.YUE_SIP2_TLS === 'true',
    tlsVerify: env.YUE_SIP2_TLS_VERIFY !== 'false',
    user: env.YUE_SIP2_USER ?? '',
    password: env.YUE_SIP2_PASSWORD ?? '',
    location: env.YUE_SIP2_LOCATION ?? '',
    institution: env.YUE_SIP2_INSTITUTION ?? '',
    terminalPassword: env.YUE_SIP2_TERMINAL_PASSWORD ?? '',
    encoding: ENCODINGS.includes(enc) ? enc : 'utf8',
    terminator: String(env.YUE_SIP2_TERMINATOR ?? 'CR').toUpperCase() === 'CRLF' ? '\r\n' : '\r',
    checksum: env.YUE_SIP2_CHECKSUM !== 'false',
    verify: env.YUE_SIP2_VERIFY === 'password' ? 'password' : 'phone',
    timeoutMs: positiveInt(env.YUE_SIP2_TIMEOUT_MS, 2500),
    idField: /^[A-Z0-9]{2}$/.test(env.YUE_SIP2_ID_FIELD ?? '') ? String(env.YUE_SIP2_ID_FIELD) : '',
  };
}
