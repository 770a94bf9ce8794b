/**
 * MongoDB-style `data` filters as a SQL condition over the stored JSON, with the same meaning as
 * sift gives them in the other stores.
 *
 * The filter is validated and key-encoded by filter.ts (`toStoredFilter`), then each field condition
 * becomes one of:
 * - plain SQL over `json_type`/`json_extract` when its operators have an exact SQL form (equality and
 *   `$in`/`$nin`/`$ne` on strings, numbers and booleans, numeric `$gt`/`$gte`/`$lt`/`$lte`, `$exists`)
 *   and the document has no array on the path;
 * - otherwise `triage_match(token, data)`: a function of this connection that runs sift, with the
 *   MongoDB `$type` names of filter.ts, on the row's parsed `data`. Arrays on the path (MongoDB's "any
 *   element" rule), `$regex`, `$elemMatch`, `$all`, `$size`, `$type`, `$not`, null and object
 *   equality all go this way.
 * Either way the condition is evaluated by SQLite row by row as it streams, so counting, `skip` and
 * `limit` stay in SQL and apply after the filter; nothing loads every task into memory.
 */
import type Database from 'better-sqlite3';
import sift from 'sift';
import { SIFT_OPERATIONS, toStoredFilter } from '../filter.ts';
import { unpack } from './codec.ts';

type Filter = Record<string, unknown>;
type Test = (doc: unknown) => boolean;

/** The SQL function the fallback conditions call. */
export const MATCH_FUNCTION = 'triage_match';
/** The SQL function that turns a packed JSON column (codec.ts) back into JSON text. */
export const JSON_FUNCTION = 'triage_json';

const LOGICAL = new Set(['$and', '$or', '$nor']);

/** sift tests of the conditions being evaluated right now, by the token the SQL passes back. */
const tests = new Map<number, Test>();
let nextToken = 1;
// The same row's data is usually tested by several conditions in a row: parse it once.
let lastText: string | undefined;
let lastDoc: unknown;
// Every json_type/json_extract of a condition unpacks the same row's column: inflate it once.
let lastPacked: Buffer | undefined;
let lastUnpacked = '';

/** Registers `triage_match` and `triage_json` on a connection; database.ts calls it for every connection it opens. */
export function registerFilterFunction(db: Database.Database): void {
  db.function(JSON_FUNCTION, { deterministic: true }, (value: unknown) => {
    if (!Buffer.isBuffer(value)) return value as string;
    if (!lastPacked || !lastPacked.equals(value)) {
      lastUnpacked = unpack(value);
      lastPacked = value;
    }
    return lastUnpacked;
  });
  db.function(MATCH_FUNCTION, { deterministic: false }, (token: unknown, text: unknown) => {
    const test = tests.get(Number(token));
    if (!test) throw new Error(`${MATCH_FUNCTION} was called with an unknown filter; dataFilterSql() results are valid until dispose()`);
    if (text !== lastText) {
      lastDoc = JSON.parse(String(text));
      lastText = String(text);
    }
    return test(lastDoc) ? 1 : 0;
  });
}

export interface DataFilterSql {
  /** A condition that is 1 or 0, never NULL, so it can be negated and combined safely. */
  where: string;
  params: unknown[];
  /** Forgets the sift tests `where` refers to; call once the statements using it have run. */
  dispose(): void;
}

/**
 * Validates `filter` (throwing the InputError of filter.ts) and translates it into a condition on
 * `column`, a JSON (text or JSONB) column holding a task's key-encoded `data`; `textColumn` gives the
 * same as JSON text, for the conditions sift evaluates in JavaScript.
 */
export function dataFilterSql(filter: unknown, column: string, textColumn: string = column): DataFilterSql {
  const stored = toStoredFilter(filter, '');
  const tokens: number[] = [];
  const params: unknown[] = [];
  const context: Context = { column, textColumn, params, tokens };
  const where = query(stored, context);
  return {
    where,
    params,
    dispose: () => {
      for (const token of tokens) tests.delete(token);
      lastText = undefined;
      lastDoc = undefined;
      lastPacked = undefined;
      lastUnpacked = '';
    },
  };
}

interface Context {
  column: string;
  textColumn: string;
  params: unknown[];
  tokens: number[];
}

function query(q: Filter, ctx: Context): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(q)) {
    if (LOGICAL.has(key)) {
      const subs = (value as Filter[]).map((sub) => `(${query(sub, ctx)})`);
      if (key === '$and') parts.push(subs.join(' AND '));
      else if (key === '$or') parts.push(`(${subs.join(' OR ')})`);
      else parts.push(`NOT (${subs.join(' OR ')})`);
    } else {
      parts.push(field(key, value, ctx));
    }
  }
  return parts.length === 0 ? '1' : parts.map((part) => `(${part})`).join(' AND ');
}

/** A sift test of `{ [path]: condition }` over the row's data, as SQL. */
function fallback(path: string, condition: unknown, ctx: Context): string {
  const token = nextToken++;
  tests.set(token, sift({ [path]: condition } as never, { operations: SIFT_OPERATIONS as never }) as Test);
  ctx.tokens.push(token);
  ctx.params.push(token);
  return `${MATCH_FUNCTION}(?, ${ctx.textColumn})`;
}

/** `$."a"."b"` for stored segments; undefined when a segment cannot be quoted in a JSON path. */
function jsonPath(segments: string[]): string | undefined {
  if (segments.some((s) => s.includes('"'))) return undefined;
  return '$' + segments.map((s) => `."${s}"`).join('');
}

function field(path: string, condition: unknown, ctx: Context): string {
  // Stored paths are encoded segment by segment (keys.ts), so a literal dot is never in a segment.
  const segments = path.split('.');
  const full = jsonPath(segments);
  const exact = full === undefined ? undefined : translate(condition, full);
  if (exact === undefined) return fallback(path, condition, ctx);
  // Arrays anywhere on the path change the meaning (any element may match): sift decides those rows.
  const arrays: string[] = [];
  for (let i = 1; i <= segments.length; i++) {
    arrays.push(`json_type(${ctx.column}, ?) IS 'array'`);
    ctx.params.push(jsonPath(segments.slice(0, i)));
  }
  const whenArray = fallback(path, condition, ctx);
  const sql = exact.sql.replaceAll('§', ctx.column);
  ctx.params.push(...exact.params);
  return `CASE WHEN ${arrays.join(' OR ')} THEN ${whenArray} ELSE ${sql} END`;
}

interface Exact {
  /** With `§` standing for the column (filled in once the column is known). */
  sql: string;
  params: unknown[];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof RegExp) && !(value instanceof Date);
}

/** The exact SQL of a field condition on a path without arrays, or undefined when there is none. */
function translate(condition: unknown, path: string): Exact | undefined {
  if (isPlainObject(condition) && Object.keys(condition).some((key) => key.startsWith('$'))) {
    const parts: Exact[] = [];
    for (const [op, value] of Object.entries(condition)) {
      const part = operator(op, value, path);
      if (!part) return undefined;
      parts.push(part);
    }
    return join(parts, ' AND ');
  }
  return equals(condition, path);
}

function join(parts: Exact[], glue: string): Exact {
  if (parts.length === 0) return { sql: glue === ' AND ' ? '1' : '0', params: [] };
  return { sql: parts.map((p) => `(${p.sql})`).join(glue), params: parts.flatMap((p) => p.params) };
}

function not(part: Exact | undefined): Exact | undefined {
  return part && { sql: `NOT (${part.sql})`, params: part.params };
}

const NUMERIC = `coalesce(json_type(§, ?), '') IN ('integer', 'real')`;

/** Equality with a string, a finite number or a boolean; anything else is left to sift. */
function equals(value: unknown, path: string): Exact | undefined {
  if (typeof value === 'string') return { sql: `json_type(§, ?) IS 'text' AND json_extract(§, ?) IS ?`, params: [path, path, value] };
  if (typeof value === 'number' && Number.isFinite(value)) return { sql: `${NUMERIC} AND json_extract(§, ?) = ?`, params: [path, path, value] };
  if (typeof value === 'boolean') return { sql: `json_type(§, ?) IS '${value ? 'true' : 'false'}'`, params: [path] };
  return undefined;
}

const COMPARISONS: Record<string, string> = { $gt: '>', $gte: '>=', $lt: '<', $lte: '<=' };

function operator(op: string, value: unknown, path: string): Exact | undefined {
  switch (op) {
    case '$eq':
      return equals(value, path);
    case '$ne':
      return not(equals(value, path));
    case '$in':
    case '$nin': {
      const items = (value as unknown[]).map((item) => equals(item, path));
      if (items.some((item) => item === undefined)) return undefined;
      const any = join(items as Exact[], ' OR ');
      return op === '$in' ? any : not(any);
    }
    case '$exists':
      return { sql: `json_type(§, ?) IS ${value === true ? 'NOT NULL' : 'NULL'}`, params: [path] };
    case '$gt':
    case '$gte':
    case '$lt':
    case '$lte':
      // sift compares only values of the operand's type; strings are left to it (JS and SQLite order them differently).
      if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
      return { sql: `${NUMERIC} AND json_extract(§, ?) ${COMPARISONS[op]} ?`, params: [path, path, value] };
    default:
      return undefined;
  }
}
