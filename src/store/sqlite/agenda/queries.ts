/**
 * Agenda's database-agnostic selectors (`RemoveJobsOptions`, `JobsQueryOptions`, `unique()`) as SQL
 * WHERE clauses with bound parameters. Nothing from a selector is ever spliced into the SQL text:
 * column names come from a fixed table and every value, JSON path included, is a parameter.
 * Values that are not what an option promises (a name that is an object, say) are ignored, as in
 * the mongo and nedb backends; a `unique()` operator outside the supported set is refused.
 */
import type { JobsQueryOptions, JobsSort, RemoveJobsOptions } from 'agenda';

/** A WHERE clause (without the keyword) and its parameters, in order. */
export interface Where {
  sql: string;
  params: unknown[];
}

/** Raised for a `unique()` constraint this backend cannot (or must not) evaluate. */
export class UniqueConstraintError extends Error {
  override name = 'UniqueConstraintError';
  constructor(message: string) {
    super(message);
  }
}

const TRUE: Where = { sql: '1', params: [] };

function and(parts: Where[]): Where {
  if (parts.length === 0) return TRUE;
  if (parts.length === 1) return parts[0]!;
  return { sql: parts.map((p) => `(${p.sql})`).join(' AND '), params: parts.flatMap((p) => p.params) };
}

function or(parts: Where[]): Where {
  if (parts.length === 0) return { sql: '0', params: [] };
  if (parts.length === 1) return parts[0]!;
  return { sql: parts.map((p) => `(${p.sql})`).join(' OR '), params: parts.flatMap((p) => p.params) };
}

function not(part: Where): Where {
  return { sql: `NOT (${part.sql})`, params: part.params };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

// ---------------------------------------------------------------------------------------------
// Fields: a job column, or a place inside `data` (a JSON path, bound as a parameter).

type ColumnKind = 'text' | 'number' | 'date' | 'bool' | 'json';

const COLUMNS: Readonly<Record<string, readonly [column: string, kind: ColumnKind]>> = {
  _id: ['id', 'text'],
  name: ['name', 'text'],
  type: ['type', 'text'],
  priority: ['priority', 'number'],
  nextRunAt: ['next_run_at', 'date'],
  lockedAt: ['locked_at', 'date'],
  lastFinishedAt: ['last_finished_at', 'date'],
  failedAt: ['failed_at', 'date'],
  failCount: ['fail_count', 'number'],
  failReason: ['fail_reason', 'text'],
  repeatTimezone: ['repeat_timezone', 'text'],
  lastRunAt: ['last_run_at', 'date'],
  repeatInterval: ['repeat_interval', 'json'],
  repeatAt: ['repeat_at', 'text'],
  disabled: ['disabled', 'bool'],
  progress: ['progress', 'number'],
  debounceStartedAt: ['debounce_started_at', 'date'],
  lastModifiedBy: ['last_modified_by', 'text'],
  fork: ['fork', 'bool'],
  startDate: ['start_date', 'date'],
  endDate: ['end_date', 'date'],
  skipDays: ['skip_days', 'json'],
};

type Field = { kind: 'column'; column: string; type: ColumnKind } | { kind: 'data'; path: string };

/** `["a", "b"]` -> `$."a"."b"`: every label quoted (JSON escapes work), so dots and brackets in keys stay keys. */
function jsonPath(segments: string[]): string {
  return '$' + segments.map((s) => `.${JSON.stringify(s)}`).join('');
}

function fieldOf(path: string): Field {
  if (path === 'data') return { kind: 'data', path: '$' };
  if (path.startsWith('data.')) {
    const segments = path.slice(5).split('.');
    if (segments.includes('')) throw new UniqueConstraintError(`the field path "${path}" has an empty segment; use data.<key>.<key>`);
    return { kind: 'data', path: jsonPath(segments) };
  }
  const column = COLUMNS[path];
  if (!column) throw new UniqueConstraintError(`unique() can match job fields (${Object.keys(COLUMNS).join(', ')}) or data.<path>, not "${path}"`);
  return { kind: 'column', column: column[0], type: column[1] };
}

/** A value as the column stores it. */
function columnValue(type: ColumnKind, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (type === 'date' && (value instanceof Date || typeof value === 'string')) return new Date(value).getTime();
  if (type === 'bool' && typeof value === 'boolean') return value ? 1 : 0;
  if (type === 'json') return JSON.stringify(value);
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value;
}

/**
 * `field == value` as MongoDB means it for a plain value: `null` also matches a missing field.
 * Data is compared as JSON text (`->`), which keeps types apart: 1, "1" and true differ, as they do
 * in MongoDB, and a Date matches the ISO string `JSON.stringify` stored.
 */
function equals(field: Field, value: unknown): Where {
  if (field.kind === 'data') {
    if (value === null || value === undefined) return { sql: `coalesce(data -> ?, 'null') = 'null'`, params: [field.path] };
    return { sql: `data -> ? = ?`, params: [field.path, JSON.stringify(value)] };
  }
  return { sql: `${field.column} IS ?`, params: [columnValue(field.type, value)] };
}

const RANGE = { $gt: '>', $gte: '>=', $lt: '<', $lte: '<=' } as const;

/** A range comparison; like MongoDB, only values of the same kind compare (no number > string). */
function range(field: Field, op: keyof typeof RANGE, value: unknown, where: string): Where {
  const sqlOp = RANGE[op];
  if (field.kind === 'column') {
    if (value === null || value === undefined) return { sql: '0', params: [] };
    return { sql: `${field.column} ${sqlOp} ?`, params: [columnValue(field.type, value)] };
  }
  if (typeof value === 'number') return { sql: `json_type(data, ?) IN ('integer', 'real') AND data ->> ? ${sqlOp} ?`, params: [field.path, field.path, value] };
  if (typeof value === 'string' || value instanceof Date) {
    const text = value instanceof Date ? value.toISOString() : value;
    return { sql: `json_type(data, ?) = 'text' AND data ->> ? ${sqlOp} ?`, params: [field.path, field.path, text] };
  }
  throw new UniqueConstraintError(`${op} in a unique() constraint (at ${where}) compares numbers, strings or Dates only`);
}

function exists(field: Field, wanted: boolean): Where {
  const sql = field.kind === 'data' ? `json_type(data, ?) IS NOT NULL` : `${field.column} IS NOT NULL`;
  const part = { sql, params: field.kind === 'data' ? [field.path] : [] };
  return wanted ? part : not(part);
}

function listOf(value: unknown, op: string, where: string): unknown[] {
  if (!Array.isArray(value)) throw new UniqueConstraintError(`${op} in a unique() constraint (at ${where}) takes an array`);
  return value;
}

/** `{ $gte: 1, $lt: 5 }` or a plain value, for one field. */
function condition(path: string, spec: unknown): Where {
  const field = fieldOf(path);
  const operators = isPlainObject(spec) ? Object.keys(spec) : [];
  if (!isPlainObject(spec) || !operators.some((k) => k.startsWith('$'))) return equals(field, spec);
  return and(
    operators.map((op) => {
      const value = spec[op];
      const at = `${path}.${op}`;
      switch (op) {
        case '$eq':
          return equals(field, value);
        case '$ne':
          return not(equals(field, value));
        case '$gt':
        case '$gte':
        case '$lt':
        case '$lte':
          return range(field, op, value, at);
        case '$in':
          return or(listOf(value, op, at).map((v) => equals(field, v)));
        case '$nin':
          return not(or(listOf(value, op, at).map((v) => equals(field, v))));
        case '$exists':
          return exists(field, Boolean(value));
        default:
          throw new UniqueConstraintError(
            `operator "${op}" is not allowed in a unique() constraint (at ${path}); use field equality or $eq, $ne, $gt, $gte, $lt, $lte, $in, $nin, $exists`,
          );
      }
    }),
  );
}

/**
 * A `unique()` constraint (MongoDB-style: `{ 'data.key': 'k1', priority: { $gte: 5 } }`, with
 * `$and`/`$or`) as SQL. Operators that run code (`$where`, `$expr`, `$function`) and everything
 * else unknown are refused: constraints are often built from outside data.
 */
export function whereFromUnique(unique: unknown, at = 'unique'): Where {
  if (!isPlainObject(unique)) throw new UniqueConstraintError(`a unique() constraint must be an object of field conditions (at ${at})`);
  return and(
    Object.entries(unique).map(([key, spec]) => {
      if (key === '$and' || key === '$or') {
        const parts = listOf(spec, key, `${at}.${key}`).map((item, i) => whereFromUnique(item, `${at}.${key}[${i}]`));
        return key === '$and' ? and(parts) : or(parts);
      }
      if (key.startsWith('$')) {
        throw new UniqueConstraintError(`operator "${key}" is not allowed in a unique() constraint (at ${at}); use field equality or comparison operators`);
      }
      return condition(key, spec);
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// Agenda's option objects.

/** `{ a: { b: 1 } }` -> data path `a.b` equals 1: a partial match on the job's data, as mongo does it. */
function dataFilter(data: unknown): Where {
  if (data === undefined) return TRUE;
  if (!isPlainObject(data)) return equals({ kind: 'data', path: '$' }, data);
  const parts: Where[] = [];
  const walk = (value: Record<string, unknown>, segments: string[]) => {
    for (const [key, child] of Object.entries(value)) {
      // A key is a key here, `$gt` included: option data never carries operators.
      const path = [...segments, key];
      if (isPlainObject(child)) walk(child, path);
      else parts.push(equals({ kind: 'data', path: jsonPath(path) }, child));
    }
  };
  walk(data, []);
  return and(parts);
}

const strings = (values: unknown): string[] => (Array.isArray(values) ? values.filter((v): v is string => typeof v === 'string') : []);

function inList(column: string, values: string[], negate = false): Where {
  // One parameter whatever the list length, so the statement is cached once.
  return { sql: `${column} ${negate ? 'NOT IN' : 'IN'} (SELECT value FROM json_each(?))`, params: [JSON.stringify(values)] };
}

function nameFilter(options: { name?: unknown; names?: unknown; notNames?: unknown }): Where | null {
  if (typeof options.name === 'string' && options.name) return { sql: 'name = ?', params: [options.name] };
  const names = strings(options.names);
  if (names.length > 0) return inList('name', names);
  const notNames = strings(options.notNames);
  if (notNames.length > 0) return inList('name', notNames, true);
  return null;
}

function idFilter(options: { id?: unknown; ids?: unknown }): Where | null {
  if (options.id !== undefined && options.id !== null && options.id !== '') return { sql: 'id = ?', params: [String(options.id)] };
  const ids = Array.isArray(options.ids) ? options.ids.map(String) : [];
  return ids.length > 0 ? inList('id', ids) : null;
}

/** The selector of cancel/disable/enable, or null when it selects nothing (never "everything"). */
export function whereFromRemoveOptions(options: RemoveJobsOptions): Where | null {
  const parts = [idFilter(options), nameFilter(options)].filter((p): p is Where => p !== null);
  if (options.data !== undefined) parts.push(dataFilter(options.data));
  return parts.length === 0 ? null : and(parts);
}

/** `%`, `_` and the escape itself taken literally in a LIKE pattern. */
function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The stored-field part of a `queryJobs` call; the computed `state` is filtered afterwards. */
export function whereFromQueryOptions(options: JobsQueryOptions): Where {
  const parts = [nameFilter(options), idFilter(options)].filter((p): p is Where => p !== null);
  parts.push(dataFilter(options.data));
  // LIKE is case-insensitive for ASCII, as close as SQLite gets to the mongo backend's /search/i.
  if (typeof options.search === 'string' && options.search.length > 0) parts.push({ sql: `name LIKE ? ESCAPE '\\'`, params: [likeContains(options.search)] });
  if (options.includeDisabled === false) parts.push({ sql: 'disabled IS NOT 1', params: [] });
  return and(parts);
}

const SORT_COLUMNS = { nextRunAt: 'next_run_at', lastRunAt: 'last_run_at', lastFinishedAt: 'last_finished_at', priority: 'priority', name: 'name', data: 'data' } as const;

/**
 * Agenda's sort options as ORDER BY; newest runs first when none is given, as in the mongo backend.
 * SQLite sorts NULL lowest, as MongoDB does. The id breaks ties so pages do not overlap.
 */
export function orderBy(sort: JobsSort | undefined): string {
  const keys: string[] = [];
  for (const [key, column] of Object.entries(SORT_COLUMNS) as [keyof JobsSort, string][]) {
    const dir = sort?.[key];
    if (dir !== undefined) keys.push(`${column} ${dir === 'asc' ? 'ASC' : 'DESC'}`);
  }
  if (keys.length === 0) keys.push('next_run_at DESC', 'last_run_at DESC');
  return [...keys, 'id ASC'].join(', ');
}
