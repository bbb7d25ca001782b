/**
 * MongoDB's `$jsonSchema` dialect (JSON Schema draft 4 plus `bsonType`; no `$ref`, `format`,
 * `default`, `definitions`, `id`, `$schema`), compiled to a predicate for mingo's
 * `jsonSchemaValidator` option. Unknown keywords fail the query, as in MongoDB.
 */
import { isPlainObject, type AnyObject } from './ejson';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { isEqual } = require('mingo/util') as typeof import('mingo/types/util');

type Check = (v: unknown) => boolean;

const INT32 = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v) && v >= -2147483648 && v <= 2147483647;
const bsonTypeIs = (name: string) => (v: unknown): boolean => (v as { _bsontype?: string } | null)?._bsontype === name;

/** BSON type aliases; JS numbers arrive from the SDK as int32 when they fit, as double otherwise. */
const BSON_TYPES: Record<string, Check> = {
  double: (v) => typeof v === 'number' && !INT32(v),
  int: INT32,
  long: (v) => typeof v === 'bigint' || bsonTypeIs('Long')(v),
  decimal: bsonTypeIs('Decimal128'),
  number: (v) => typeof v === 'number' || typeof v === 'bigint' || bsonTypeIs('Long')(v) || bsonTypeIs('Decimal128')(v),
  string: (v) => typeof v === 'string',
  object: isPlainObject,
  array: Array.isArray,
  bool: (v) => typeof v === 'boolean',
  date: (v) => v instanceof Date,
  null: (v) => v === null,
  undefined: (v) => v === undefined,
  regex: (v) => v instanceof RegExp || bsonTypeIs('BSONRegExp')(v),
  objectId: (v) => bsonTypeIs('ObjectId')(v) || bsonTypeIs('ObjectID')(v),
  binData: bsonTypeIs('Binary'),
  timestamp: bsonTypeIs('Timestamp'),
  minKey: bsonTypeIs('MinKey'),
  maxKey: bsonTypeIs('MaxKey'),
  javascript: bsonTypeIs('Code'),
};

/** The JSON Schema `type` names MongoDB accepts (not "integer": use bsonType int/long). */
const JSON_TYPES: Record<string, Check> = {
  object: isPlainObject,
  array: Array.isArray,
  number: BSON_TYPES.number,
  boolean: BSON_TYPES.bool,
  string: BSON_TYPES.string,
  null: BSON_TYPES.null,
};

const bad = (message: string): never => {
  throw new Error(`$jsonSchema: ${message}`);
};

const names = (v: unknown, keyword: string): string[] => {
  const list = Array.isArray(v) ? v : [v];
  if (!list.length || !list.every((x) => typeof x === 'string')) bad(`${keyword} must be a string or an array of strings`);
  return list as string[];
};

const num = (v: unknown, keyword: string): number => (typeof v === 'number' ? v : bad(`${keyword} must be a number`));
const schemaOf = (v: unknown, keyword: string): Check => (isPlainObject(v) ? compile(v) : bad(`${keyword} must be an object`));
const schemas = (v: unknown, keyword: string): Check[] =>
  Array.isArray(v) && v.length ? v.map((s) => schemaOf(s, keyword)) : bad(`${keyword} must be a non-empty array of schemas`);
const boolOrSchema = (v: unknown, keyword: string): Check =>
  typeof v === 'boolean' ? () => v : schemaOf(v, keyword);
const typeCheck = (table: Record<string, Check>, v: unknown, keyword: string): Check => {
  const checks = names(v, keyword).map((n) => table[n] ?? bad(`unknown ${keyword} "${n}"`));
  return (x) => checks.some((c) => c(x));
};

// Keyword → check, each applying only to values of its kind (JSON Schema semantics).
const onNumber = (f: (n: number) => boolean): Check => (v) => typeof v !== 'number' || f(v);
const onString = (f: (s: string) => boolean): Check => (v) => typeof v !== 'string' || f(v);
const onArray = (f: (a: unknown[]) => boolean): Check => (v) => !Array.isArray(v) || f(v);
const onObject = (f: (o: AnyObject) => boolean): Check => (v) => !isPlainObject(v) || f(v);

const stringLength = (v: unknown): number | null => (typeof v === 'string' ? Array.from(v).length : null);
const arrayLength = (v: unknown): number | null => (Array.isArray(v) ? v.length : null);
const propertyCount = (v: unknown): number | null => (isPlainObject(v) ? Object.keys(v).length : null);

/** Size bounds, each on one kind of value (strings count code points). */
const SIZE_BOUNDS: Record<string, { of: (v: unknown) => number | null; min: boolean }> = {
  minLength: { of: stringLength, min: true },
  maxLength: { of: stringLength, min: false },
  minItems: { of: arrayLength, min: true },
  maxItems: { of: arrayLength, min: false },
  minProperties: { of: propertyCount, min: true },
  maxProperties: { of: propertyCount, min: false },
};

function compile(schema: AnyObject): Check {
  const checks: Check[] = [];
  const s = schema;
  let members = false;
  for (const [k, v] of Object.entries(s)) {
    const size = SIZE_BOUNDS[k];
    if (size) {
      const bound = num(v, k);
      checks.push((x) => {
        const n = size.of(x);
        return n === null || (size.min ? n >= bound : n <= bound);
      });
      continue;
    }
    switch (k) {
      case 'title':
      case 'description':
      case 'exclusiveMaximum':
      case 'exclusiveMinimum':
      case 'additionalItems':
        break;
      case 'bsonType':
        checks.push(typeCheck(BSON_TYPES, v, k));
        break;
      case 'type':
        checks.push(typeCheck(JSON_TYPES, v, k));
        break;
      case 'enum':
        if (!Array.isArray(v) || !v.length) bad('enum must be a non-empty array');
        checks.push((x) => (v as unknown[]).some((e) => isEqual(e, x)));
        break;
      case 'minimum': {
        const m = num(v, k);
        checks.push(onNumber((n) => (s.exclusiveMinimum === true ? n > m : n >= m)));
        break;
      }
      case 'maximum': {
        const m = num(v, k);
        checks.push(onNumber((n) => (s.exclusiveMaximum === true ? n < m : n <= m)));
        break;
      }
      case 'multipleOf': {
        const m = num(v, k);
        if (m <= 0) bad('multipleOf must be positive');
        checks.push(onNumber((n) => Number.isInteger(n / m)));
        break;
      }
      case 'pattern': {
        const re = new RegExp(typeof v === 'string' ? v : bad('pattern must be a string'), 'u');
        checks.push(onString((x) => re.test(x)));
        break;
      }
      case 'items': {
        if (Array.isArray(v)) {
          const tuple = schemas(v, k);
          const rest = s.additionalItems === undefined ? () => true : boolOrSchema(s.additionalItems, 'additionalItems');
          checks.push(onArray((a) => a.every((x, i) => (i < tuple.length ? tuple[i](x) : rest(x)))));
        } else {
          const each = schemaOf(v, k);
          checks.push(onArray((a) => a.every(each)));
        }
        break;
      }
      case 'uniqueItems':
        if (v === true) checks.push(onArray((a) => a.every((x, i) => a.findIndex((y) => isEqual(x, y)) === i)));
        break;
      case 'required': {
        const req = names(v, k);
        checks.push(onObject((o) => req.every((n) => n in o)));
        break;
      }
      case 'properties':
      case 'patternProperties':
      case 'additionalProperties':
        if (!members) checks.push(objectMembers(s));
        members = true;
        break;
      case 'dependencies': {
        if (!isPlainObject(v)) bad('dependencies must be an object');
        const deps = Object.entries(v as AnyObject).map(([name, dep]): [string, Check] => {
          if (isPlainObject(dep)) return [name, compile(dep)];
          const need = names(dep, k);
          return [name, (o) => need.every((n) => n in (o as AnyObject))];
        });
        checks.push(onObject((o) => deps.every(([name, c]) => !(name in o) || c(o))));
        break;
      }
      case 'allOf': {
        const all = schemas(v, k);
        checks.push((x) => all.every((c) => c(x)));
        break;
      }
      case 'anyOf': {
        const any = schemas(v, k);
        checks.push((x) => any.some((c) => c(x)));
        break;
      }
      case 'oneOf': {
        const one = schemas(v, k);
        checks.push((x) => one.filter((c) => c(x)).length === 1);
        break;
      }
      case 'not': {
        const c = schemaOf(v, k);
        checks.push((x) => !c(x));
        break;
      }
      default:
        bad(`unknown or unsupported keyword ${k}`);
    }
  }
  return (v) => checks.every((c) => c(v));
}

/** properties + patternProperties + additionalProperties, checked together (one check per schema). */
function objectMembers(s: AnyObject): Check {
  const props = Object.entries(isPlainObject(s.properties) ? s.properties : s.properties === undefined ? {} : bad('properties must be an object'))
    .map(([n, sub]): [string, Check] => [n, schemaOf(sub, `properties.${n}`)]);
  const patterns = Object.entries(isPlainObject(s.patternProperties) ? s.patternProperties : {})
    .map(([p, sub]): [RegExp, Check] => [new RegExp(p, 'u'), schemaOf(sub, `patternProperties.${p}`)]);
  const extra = s.additionalProperties === undefined ? () => true : boolOrSchema(s.additionalProperties, 'additionalProperties');
  const known = new Map(props);
  return onObject((o) =>
    Object.entries(o).every(([n, x]) => {
      const direct = known.get(n);
      const matching = patterns.filter(([re]) => re.test(n));
      if (direct && !direct(x)) return false;
      if (!matching.every(([, c]) => c(x))) return false;
      return direct !== undefined || matching.length > 0 || extra(x);
    }),
  );
}

/** mingo's `jsonSchemaValidator`: schema → document predicate. */
export function compileJsonSchema(schema: AnyObject): (doc: unknown) => boolean {
  if (!isPlainObject(schema)) bad('the schema must be an object');
  return compile(schema);
}
