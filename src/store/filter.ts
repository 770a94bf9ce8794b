/**
 * Validation and translation of user-supplied MongoDB-style filters over `data`.
 *
 * Filters come from outside (CLI `--filter`, REST query), so only an allow-list of operators passes:
 * `$where`, `$function`, `$expr` and friends would run code or escape the `data` sandbox. Both stores
 * evaluate the translated filter ({@link toStoredFilter}) against the stored, key-encoded document:
 * MongoDB natively, the embedded store with sift, which is also what step conditions use, so a filter
 * means the same thing everywhere.
 */
import safeRegex from 'safe-regex2';
import sift from 'sift';
import { nestedDeeperThan } from '../engine/depth.ts';
import { InputError } from '../errors.ts';
import { encodeDoc, encodePath, splitPath } from './keys.ts';

/** Operators that may appear where a query combines sub-queries. */
/** Longer patterns are refused: a filter names a value to find, not a grammar. */
const MAX_REGEX_LENGTH = 200;

const LOGICAL = new Set(['$and', '$or', '$nor']);
/** Operators that may appear in a field's operator expression. */
const FIELD_OPERATORS = new Set([
  '$eq', '$ne', '$gt', '$gte', '$lt', '$lte', '$in', '$nin', '$exists',
  '$not', '$elemMatch', '$size', '$all', '$regex', '$options', '$type',
]);
/** Every operator a filter may use, for error messages. */
export const ALLOWED_OPERATORS: readonly string[] = [...LOGICAL, ...FIELD_OPERATORS];

type Filter = Record<string, unknown>;

// sift is CommonJS and Node's ESM loader does not see its named exports; they hang off the default.
const { createEqualsOperation } = sift as unknown as typeof import('sift');

/**
 * MongoDB `$type` names both stores understand the same way. sift's own `$type` knows few aliases
 * and no `object`, so {@link compileStoredFilter} replaces it with these.
 */
export const TYPE_TESTS: Readonly<Record<string, (value: unknown) => boolean>> = {
  object: (v) => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date),
  array: Array.isArray,
  string: (v) => typeof v === 'string',
  number: (v) => typeof v === 'number',
  double: (v) => typeof v === 'number',
  int: (v) => Number.isInteger(v),
  bool: (v) => typeof v === 'boolean',
  null: (v) => v === null,
  date: (v) => v instanceof Date,
};

/** sift custom operations: `$type` with the MongoDB names in {@link TYPE_TESTS}. */
export const SIFT_OPERATIONS = {
  $type: (params: unknown, ownerQuery: unknown, options: never) => {
    const names = (Array.isArray(params) ? params : [params]) as string[];
    const tests = names.map((name) => TYPE_TESTS[name]!);
    return createEqualsOperation((value: unknown) => tests.some((test) => test(value)), ownerQuery, options);
  },
};

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

const isOperator = (key: string): boolean => key.startsWith('$');

function fail(message: string, path: string[]): never {
  const where = path.length ? ` at ${path.join(' > ')}` : '';
  throw new InputError(`invalid filter${where}: ${message}`, path);
}

function refuse(op: string, path: string[], context: string): never {
  fail(`operator ${op} is not allowed ${context}; allowed: ${ALLOWED_OPERATORS.join(' ')}`, [...path, op]);
}

/** True for `{ $gt: 1, ... }`; refuses objects that mix operators with field names. */
function isOperatorExpression(value: unknown, path: string[]): value is Filter {
  if (!isPlainObject(value)) return false;
  const keys = Object.keys(value);
  const ops = keys.filter(isOperator);
  if (ops.length === 0) return false;
  if (ops.length !== keys.length) fail(`cannot mix operators (${ops.join(', ')}) with field names`, path);
  return true;
}

/** `$elemMatch` takes either a query over the elements' fields or an operator expression on the elements. */
function isSubQuery(value: Filter): boolean {
  return Object.keys(value).some((key) => !isOperator(key) || LOGICAL.has(key));
}

function checkLiteral(value: unknown, path: string[]): void {
  if (Array.isArray(value)) value.forEach((item, i) => checkLiteral(item, [...path, String(i)]));
  else if (isPlainObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      // A literal object is compared as a whole; `$` keys inside it would be read as operators by sift.
      if (isOperator(key)) refuse(key, path, 'inside a literal value');
      checkLiteral(item, [...path, key]);
    }
  } else if (typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint') {
    fail(`a ${typeof value} is not a filter value`, path);
  } else if (typeof value === 'number' && !Number.isFinite(value)) {
    fail('numbers must be finite', path);
  }
}

function checkQuery(query: unknown, path: string[]): void {
  if (!isPlainObject(query)) fail('expected an object of field conditions', path);
  for (const [key, value] of Object.entries(query)) {
    if (LOGICAL.has(key)) {
      if (!Array.isArray(value) || value.length === 0) fail(`${key} expects a non-empty array of filters`, [...path, key]);
      value.forEach((sub, i) => checkQuery(sub, [...path, key, String(i)]));
    } else if (isOperator(key)) {
      refuse(key, path, 'where a field name or $and/$or/$nor belongs');
    } else {
      if (splitPath(key).some((segment) => segment === '')) fail(`field path "${key}" has an empty segment`, [...path, key]);
      checkCondition(value, [...path, key]);
    }
  }
}

function checkCondition(value: unknown, path: string[]): void {
  if (value instanceof RegExp) return;
  if (isOperatorExpression(value, path)) checkOperators(value, path);
  else checkLiteral(value, path);
}

function checkOperators(expr: Filter, path: string[]): void {
  for (const [op, value] of Object.entries(expr)) {
    const at = [...path, op];
    if (!FIELD_OPERATORS.has(op)) refuse(op, path, LOGICAL.has(op) ? 'inside a field condition' : 'in a filter');
    switch (op) {
      case '$in':
      case '$nin':
      case '$all':
        if (!Array.isArray(value)) fail(`${op} expects an array`, at);
        value.forEach((item, i) => {
          if (op === '$all' && isOperatorExpression(item, [...at, String(i)])) checkOperators(item, [...at, String(i)]);
          else if (!(item instanceof RegExp)) checkLiteral(item, [...at, String(i)]);
        });
        break;
      case '$exists':
        if (typeof value !== 'boolean') fail('$exists expects true or false', at);
        break;
      case '$size':
        if (!Number.isInteger(value) || (value as number) < 0) fail('$size expects a non-negative integer', at);
        break;
      case '$regex': {
        if (typeof value !== 'string' && !(value instanceof RegExp)) fail('$regex expects a string', at);
        const source = typeof value === 'string' ? value : (value as RegExp).source;
        if (source.length > MAX_REGEX_LENGTH) fail(`$regex is limited to ${MAX_REGEX_LENGTH} characters`, at);
        if (typeof value === 'string') {
          try {
            new RegExp(value);
          } catch (error) {
            throw new InputError(`invalid filter at ${at.join(' > ')}: ${(error as Error).message}`, at, { cause: error });
          }
        }
        // The embedded store matches in this process: a pattern that backtracks exponentially
        // ("^(a+)+$") would freeze the server for every request. Nested repetition is refused.
        if (!safeRegex(source)) fail('$regex has nested repetition (like "(a+)+") that can take exponential time; simplify it', at);
        break;
      }
      case '$options':
        if (!('$regex' in expr)) fail('$options needs $regex beside it', at);
        if (typeof value !== 'string' || !/^[ims]*$/.test(value)) fail('$options expects letters from "ims"', at);
        break;
      case '$type': {
        const names = Array.isArray(value) ? value : [value];
        const unknown = names.find((name) => typeof name !== 'string' || !(name in TYPE_TESTS));
        if (names.length === 0 || unknown !== undefined) {
          fail(`$type expects one of ${Object.keys(TYPE_TESTS).join(', ')} (or an array of them)`, at);
        }
        break;
      }
      case '$not':
        if (!(value instanceof RegExp) && !isOperatorExpression(value, at)) fail('$not expects an operator expression such as { "$gt": 1 }', at);
        if (isPlainObject(value)) checkOperators(value, at);
        break;
      case '$elemMatch':
        if (!isPlainObject(value)) fail('$elemMatch expects an object', at);
        if (isSubQuery(value)) checkQuery(value, at);
        else checkOperators(value, at);
        break;
      default:
        if (value instanceof RegExp) break;
        checkLiteral(value, at);
    }
  }
}

/**
 * Throws an `InputError` naming the operator and its path when `filter` uses anything outside the
 * allow-list or has a malformed operator value. Field paths are relative to `data`; a literal dot
 * inside a key is written `\.` (see `splitPath` in keys.ts).
 */
/** Deeper than any real query; a deeper one is an attack on the recursive checks below. */
const MAX_FILTER_DEPTH = 20;

export function validateDataFilter(filter: unknown): asserts filter is Filter {
  if (nestedDeeperThan(filter, MAX_FILTER_DEPTH)) throw new InputError(`invalid filter: nested deeper than ${MAX_FILTER_DEPTH} levels`, []);
  checkQuery(filter, []);
}

function storedQuery(query: Filter, prefix: string): Filter {
  const out: Filter = {};
  for (const [key, value] of Object.entries(query)) {
    if (LOGICAL.has(key)) out[key] = (value as Filter[]).map((sub) => storedQuery(sub, prefix));
    else out[prefix + encodePath(key)] = storedCondition(value);
  }
  return out;
}

function storedCondition(value: unknown): unknown {
  if (value instanceof RegExp) return value;
  if (!isPlainObject(value) || !Object.keys(value).some(isOperator)) return encodeDoc(value);
  return storedOperators(value);
}

function storedOperators(expr: Filter): Filter {
  const out: Filter = {};
  for (const [op, value] of Object.entries(expr)) {
    if (op === '$elemMatch') {
      const sub = value as Filter;
      out[op] = isSubQuery(sub) ? storedQuery(sub, '') : storedOperators(sub);
    } else if (op === '$not') out[op] = value instanceof RegExp ? value : storedOperators(value as Filter);
    else if (op === '$all') out[op] = (value as unknown[]).map((item) => (isPlainObject(item) && '$elemMatch' in item ? storedOperators(item) : encodeDoc(item)));
    else if (op === '$regex' || op === '$options' || op === '$type') out[op] = value;
    // Literal objects are compared against stored (encoded) objects, so encode their keys too.
    else out[op] = value instanceof RegExp ? value : encodeDoc(value);
  }
  return out;
}

/**
 * Validates `filter` and rewrites it for the stored document: every field path gets the `data.`
 * prefix and each segment is encoded with keys.ts; `$and`/`$or`/`$nor` and `$elemMatch` sub-queries
 * are rewritten the same way (without the prefix inside `$elemMatch`); literal object values have
 * their keys encoded so that equality on objects still matches.
 */
export function toStoredFilter(filter: unknown, prefix = 'data.'): Filter {
  validateDataFilter(filter);
  return storedQuery(filter, prefix);
}

/**
 * Compiles a data filter into a test over stored (key-encoded) task documents, with the same
 * operators and `$type` names the mongodb store gets; the embedded store's `list` and `count` use it.
 */
export function compileStoredFilter(filter: unknown): (doc: unknown) => boolean {
  return sift(toStoredFilter(filter) as never, { operations: SIFT_OPERATIONS as never });
}
