/**
 * Agenda's database-agnostic selectors (`RemoveJobsOptions`, `JobsQueryOptions`, `unique`) turned into
 * nedb queries. Values that are not what the option promises (a name that is an object, say) are
 * ignored rather than passed through, so a caller cannot smuggle a query operator in.
 */
import type { JobsQueryOptions, JobsSort, RemoveJobsOptions } from 'agenda';

export type NedbQuery = Record<string, unknown>;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** `{ a: { b: 1 } }` -> `{ 'data.a.b': 1 }`: a partial match on the job's data. */
function flattenData(data: Record<string, unknown>, prefix = 'data'): NedbQuery {
  const out: NedbQuery = {};
  for (const [key, value] of Object.entries(data)) {
    const path = `${prefix}.${key}`;
    if (isPlainObject(value)) Object.assign(out, flattenData(value, path));
    else out[path] = value;
  }
  return out;
}

function dataFilter(data: unknown): NedbQuery {
  if (data === undefined) return {};
  return isPlainObject(data) ? flattenData(data) : { data };
}

const strings = (values: unknown): string[] => (Array.isArray(values) ? values.filter((v): v is string => typeof v === 'string') : []);

function nameFilter(options: { name?: unknown; names?: unknown; notNames?: unknown }): NedbQuery {
  if (typeof options.name === 'string' && options.name) return { name: options.name };
  const names = strings(options.names);
  if (names.length > 0) return { name: { $in: names } };
  const notNames = strings(options.notNames);
  if (notNames.length > 0) return { name: { $nin: notNames } };
  return {};
}

function idFilter(options: { id?: unknown; ids?: unknown }): NedbQuery {
  if (options.id !== undefined && options.id !== null && options.id !== '') return { _id: String(options.id) };
  const ids = Array.isArray(options.ids) ? options.ids.map(String) : [];
  return ids.length > 0 ? { _id: { $in: ids } } : {};
}

/** The selector of cancel/disable/enable, or null when it selects nothing (never "everything"). */
export function filterFromRemoveOptions(options: RemoveJobsOptions): NedbQuery | null {
  const query = { ...idFilter(options), ...nameFilter(options), ...dataFilter(options.data) };
  return Object.keys(query).length === 0 ? null : query;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The stored-field part of a `queryJobs` call; the computed `state` is filtered afterwards. */
export function filterFromQueryOptions(options: JobsQueryOptions): NedbQuery {
  const query: NedbQuery = { ...nameFilter(options), ...idFilter(options), ...dataFilter(options.data) };
  if (typeof options.search === 'string' && options.search.length > 0) query.name = { $regex: new RegExp(escapeRegex(options.search), 'i') };
  if (options.includeDisabled === false) query.disabled = { $ne: true };
  return query;
}

/** Agenda's sort options as an nedb sort; newest runs first when none is given, as in the mongo backend. */
export function sortFromQueryOptions(sort: JobsSort | undefined): Record<string, 1 | -1> {
  const out: Record<string, 1 | -1> = {};
  for (const key of ['nextRunAt', 'lastRunAt', 'lastFinishedAt', 'priority', 'name', 'data'] as const) {
    const dir = sort?.[key];
    if (dir !== undefined) out[key] = dir === 'asc' ? 1 : -1;
  }
  return Object.keys(out).length > 0 ? out : { nextRunAt: -1, lastRunAt: -1 };
}

const ALLOWED_OPERATORS = new Set(['$eq', '$ne', '$gt', '$gte', '$lt', '$lte', '$in', '$nin', '$exists', '$and', '$or', '$not']);

/**
 * Checks a `unique()` constraint is plain field matching. nedb's `$where` runs a function, and a
 * constraint is often built from outside data, so anything beyond comparison operators is refused.
 */
export function assertSafeUnique(value: unknown, path = 'unique'): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => assertSafeUnique(item, `${path}[${i}]`));
    return;
  }
  if (!isPlainObject(value)) return;
  for (const [key, child] of Object.entries(value)) {
    if (key.startsWith('$') && !ALLOWED_OPERATORS.has(key)) {
      throw new Error(`operator "${key}" is not allowed in a unique() constraint (at ${path}); use field equality or comparison operators`);
    }
    assertSafeUnique(child, `${path}.${key}`);
  }
}

/**
 * `field <= date` for nedb. nedb's comparison operators treat `null` as comparable with a Date (both
 * are objects to `typeof`), so `{ $lte: date }` alone also matches `null`: a finished one-off job
 * would run again on every scan.
 */
export function atOrBefore(date: Date): Record<string, unknown> {
  return { $lte: date, $ne: null };
}

/** `field < date`, with the same `null` guard as `atOrBefore`. */
export function before(date: Date): Record<string, unknown> {
  return { $lt: date, $ne: null };
}
