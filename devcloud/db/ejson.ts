import { BSONRegExp, EJSON } from 'bson';
import { invalid } from './errors';

export type DocId = string | number;
export interface Doc {
  _id: DocId;
  [field: string]: unknown;
}
export type AnyObject = Record<string, unknown>;

export const isPlainObject = (v: unknown): v is AnyObject => {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};

/** Deep copy of plain objects, arrays and Dates; other values (BSON types, RegExp) are shared. */
export function clone<T>(v: T): T {
  if (Array.isArray(v)) return v.map(clone) as unknown as T;
  if (v instanceof Date) return new Date(v.getTime()) as unknown as T;
  if (isPlainObject(v)) {
    const out: AnyObject = {};
    for (const k of Object.keys(v)) out[k] = clone(v[k]);
    return out as T;
  }
  return v;
}

const JS_REGEX_FLAGS = new Set(['i', 'm', 's', 'u']);

/** Post-processes parsed EJSON in place: BSON regexes become RegExp, db.serverDate() becomes a Date. */
function normalize(v: unknown, now: number): unknown {
  if (v instanceof BSONRegExp) {
    return new RegExp(v.pattern, [...v.options].filter((f) => JS_REGEX_FLAGS.has(f)).join(''));
  }
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = normalize(v[i], now);
    return v;
  }
  if (isPlainObject(v)) {
    const keys = Object.keys(v);
    if (keys.length === 1 && keys[0] === '$tcb_server_date') {
      const spec = v.$tcb_server_date;
      const offset = isPlainObject(spec) && typeof spec.offset === 'number' ? spec.offset : 0;
      return new Date(now + offset);
    }
    for (const k of keys) v[k] = normalize(v[k], now);
  }
  return v;
}

/** Parses one wire value (an EJSON string, or an already decoded JSON value). */
export function parseWire(value: unknown, now: number, what: string): unknown {
  let parsed: unknown;
  try {
    parsed = typeof value === 'string' ? EJSON.parse(value, { relaxed: true }) : EJSON.parse(JSON.stringify(value), { relaxed: true });
  } catch (e) {
    throw invalid(`${what} is not valid EJSON: ${(e as Error).message}`);
  }
  return normalize(parsed, now);
}

/** Canonical EJSON, as the SDK parses it back (Dates keep their type). */
export const toWire = (v: unknown): string => EJSON.stringify(v as AnyObject, { relaxed: false });
