/**
 * The emulator's mingo: every operator of mingo, with the emulator's own where mingo differs
 * from CloudBase (MongoDB), and a `$jsonSchema` validator. Use these `Query`, `find`, `aggregate`
 * and `update` instead of the `mingo` package's (whose built-in operators would win over ours:
 * its Context.from keeps the first definition of a name). See docs/devcloud-db.md ("Semantics").
 */
import type { Aggregator as AggregatorType } from 'mingo/types/aggregator';
import type { Query as QueryType } from 'mingo/types/query';
import type { Options } from 'mingo/types/types';
import { compileJsonSchema } from './json-schema';

// mingo's subpath exports, typed from its declaration files (this repo resolves modules the
// node10 way, which does not read package.json "exports").
/* eslint-disable @typescript-eslint/no-require-imports */
const { Context, evalExpr } = require('mingo/core') as typeof import('mingo/types/core');
const { Query: BaseQuery } = require('mingo/query') as { Query: typeof QueryType };
const { Aggregator } = require('mingo/aggregator') as { Aggregator: typeof AggregatorType };
const updater = require('mingo/updater') as typeof import('mingo/types/updater');
const accumulatorOps = require('mingo/operators/accumulator') as typeof import('mingo/types/operators/accumulator');
const expressionOps = require('mingo/operators/expression') as typeof import('mingo/types/operators/expression');
const pipelineOps = require('mingo/operators/pipeline') as typeof import('mingo/types/operators/pipeline');
const projectionOps = require('mingo/operators/projection') as typeof import('mingo/types/operators/projection');
const queryOps = require('mingo/operators/query') as typeof import('mingo/types/operators/query');
const windowOps = require('mingo/operators/window') as typeof import('mingo/types/operators/window');
const { isArray, isNil, isObject, isOperator, resolve } = require('mingo/util') as typeof import('mingo/types/util');
/* eslint-enable @typescript-eslint/no-require-imports */
const { $dayOfWeek, $dayOfYear } = expressionOps;
const { $elemMatch: mingoElemMatch } = queryOps;

type AnyValue = unknown;

const fail = (op: string, message: string): never => {
  throw new Error(`${op}: ${message}`);
};

/**
 * `$elemMatch` in the value form (`{ $gt: 0 }`) tests every element; in the document form
 * (`{ value: { $gt: 0 } }`) MongoDB tests only elements that are documents (or arrays), never
 * plain values. mingo also runs the document form against plain values, so `[1, 2]` matched.
 */
function $elemMatch(selector: string, criteria: Record<string, AnyValue>, options: Options) {
  const keys = Object.keys(criteria);
  const valueForm = keys.length > 0 && keys.every((k) => isOperator(k) && k !== '$and' && k !== '$or' && k !== '$nor');
  if (valueForm) return mingoElemMatch(selector, criteria, options);
  const q = new BaseQuery(criteria, options);
  return (doc: AnyValue): boolean => {
    const list = resolve(doc as Record<string, AnyValue>, selector, { unwrapArray: true });
    return isArray(list) && list.some((el) => (isObject(el) || isArray(el)) && q.test(el as Record<string, AnyValue>));
  };
}

/** The date a date operator's argument names (`<date>` or `{ date, timezone }`). */
function dateArg(obj: AnyValue, expr: AnyValue, options: Options): AnyValue {
  const inner = isObject(expr) && 'date' in expr ? (expr as { date: AnyValue }).date : expr;
  return evalExpr(obj, inner, options);
}

/**
 * `$week`: 0–53, weeks start on Sunday and week 1 begins with the year's first Sunday (strftime %U);
 * null for a null date. mingo counts weeks differently (2019-05-14 → 20 instead of 19).
 */
function $week(obj: AnyValue, expr: AnyValue, options: Options): number | null {
  if (isNil(dateArg(obj, expr, options))) return null;
  const o = obj as Record<string, AnyValue>;
  const dayOfYear = $dayOfYear(o, expr, options) as number;
  const dayOfWeek = $dayOfWeek(o, expr, options) as number; // 1 = Sunday
  return Math.floor((dayOfYear - dayOfWeek + 7) / 7);
}

const toInt = (op: string, what: string, v: AnyValue): number => {
  if (typeof v !== 'number' || !Number.isFinite(v) || !Number.isInteger(v)) fail(op, `${what} must be an integer`);
  return v as number;
};

/** A number truncated to an integer, as MongoDB coerces numeric arguments. */
const toLong = (op: string, what: string, v: AnyValue): number => {
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(op, `${what} must be a numeric type`);
  return Math.trunc(v as number);
};

/** The arguments of `$indexOfCP` / `$indexOfBytes` (`[string, substring, start?, end?]`); null for a null string. */
function indexOfArgs(op: string, obj: AnyValue, expr: AnyValue, options: Options): { str: string; sub: string; from: number; to: number } | null {
  if (!isArray(expr) || expr.length < 2 || expr.length > 4) fail(op, 'expects [string, substring, start?, end?]');
  const [str, sub, start, end] = evalExpr(obj, expr, options) as AnyValue[];
  if (isNil(str)) return null;
  if (typeof str !== 'string') return fail(op, 'the first argument must be a string');
  if (typeof sub !== 'string') return fail(op, 'the second argument must be a string');
  const from = start === undefined ? 0 : toInt(op, 'start', start);
  const to = end === undefined ? Infinity : toInt(op, 'end', end);
  if (from < 0 || to < 0) fail(op, 'start and end must be non-negative');
  return { str, sub, from, to };
}

/** `$indexOfCP`: the index in code points, -1 when absent (mingo has no `$indexOfCP`). */
function $indexOfCP(obj: AnyValue, expr: AnyValue, options: Options): number | null {
  const a = indexOfArgs('$indexOfCP', obj, expr, options);
  if (!a) return null;
  const cps = Array.from(a.str);
  const needle = Array.from(a.sub);
  const last = Math.min(a.to, cps.length) - needle.length;
  for (let i = a.from; i <= last; i++) {
    if (needle.every((c, k) => cps[i + k] === c)) return i;
  }
  return -1;
}

/** `$indexOfBytes`: the UTF-8 byte index, -1 when absent (mingo answers the UTF-16 index). */
function $indexOfBytes(obj: AnyValue, expr: AnyValue, options: Options): number | null {
  const a = indexOfArgs('$indexOfBytes', obj, expr, options);
  if (!a) return null;
  const bytes = Buffer.from(a.str, 'utf8');
  const stop = Math.min(a.to, bytes.length);
  return a.from > stop ? -1 : bytes.subarray(0, stop).indexOf(Buffer.from(a.sub, 'utf8'), a.from);
}

const isContinuation = (b: number | undefined): boolean => b !== undefined && (b & 0xc0) === 0x80;

/**
 * `$substrBytes` (and its alias `$substr`): `[string, byteIndex, byteCount]` on UTF-8 bytes, as
 * MongoDB: a negative count (or one past the end) takes the rest of the string, an index at or
 * past the end gives '', a negative index or a range that cuts a character is an error.
 * (mingo refuses a negative count and a count past the end.)
 */
function $substrBytes(obj: AnyValue, expr: AnyValue, options: Options): string {
  const op = '$substrBytes';
  if (!isArray(expr) || expr.length !== 3) fail(op, 'expects [string, byte index, byte count]');
  const [s, index, count] = evalExpr(obj, expr, options) as AnyValue[];
  const start = toLong(op, 'starting index', index);
  const n = toLong(op, 'length', count);
  if (start < 0) fail(op, `starting index must be non-negative (got: ${start})`);
  if (isNil(s)) return '';
  if (typeof s !== 'string') return fail(op, 'the first argument must be a string');
  const bytes = Buffer.from(s, 'utf8');
  if (start >= bytes.length) return '';
  if (isContinuation(bytes[start])) fail(op, 'Invalid range, starting index is a UTF-8 continuation byte.');
  const stop = n < 0 ? bytes.length : Math.min(bytes.length, start + n);
  if (isContinuation(bytes[stop])) fail(op, 'Invalid range, ending index is in the middle of a UTF-8 character.');
  return bytes.subarray(start, stop).toString('utf8');
}

const OPTIONS: Partial<Options> = {
  context: Context.init({
    accumulator: accumulatorOps,
    expression: { ...expressionOps, $week, $indexOfCP, $indexOfBytes, $substrBytes, $substr: $substrBytes },
    pipeline: pipelineOps,
    projection: projectionOps,
    query: { ...queryOps, $elemMatch },
    window: windowOps,
  } as unknown as Parameters<typeof Context.init>[0]),
  jsonSchemaValidator: compileJsonSchema,
};

type Doc = Record<string, AnyValue>;

export class Query extends BaseQuery {
  constructor(condition: Doc) {
    super(condition, OPTIONS);
  }
}

export function find(docs: Doc[], condition: Doc, projection?: Doc) {
  return new Query(condition).find<Doc>(docs, projection);
}

export function aggregate(docs: Doc[], pipeline: Doc[], options: Partial<Options> = {}): Doc[] {
  return new Aggregator(pipeline, { ...OPTIONS, ...options }).run(docs) as Doc[];
}

export function update(doc: Doc, modifier: Parameters<typeof updater.update>[1]): string[] {
  return updater.update(doc, modifier, undefined, undefined, { queryOptions: OPTIONS });
}
