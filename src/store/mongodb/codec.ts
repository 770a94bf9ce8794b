/**
 * How a task is laid out in a MongoDB collection, and back.
 *
 * On top of keys.ts (which makes every key a legal field name) this adds what FerretDB 1.x needs:
 * arrays directly inside arrays are refused there ("nested arrays are not supported"), so each inner
 * array is wrapped as `{ "~a": [...] }`. The wrapper key cannot collide with data: keys.ts stores a
 * literal `~` as `~~`, so no encoded key is ever exactly `~a`. Non-finite numbers are refused up front
 * because FerretDB rejects Infinity and drops the connection on NaN.
 */
import type { Task, TaskState } from '../../engine/types.ts';
import { InputError } from '../../errors.ts';
import { sourceKey } from '../common.ts';
import { decodeDoc, encodeDoc } from '../keys.ts';

/** The field of the object that wraps an array nested directly in another array. */
export const NESTED_ARRAY_KEY = '~a';

/**
 * Version of the stored document's shape. Documents written before the top-level copies existed
 * have no `layout`; `start()` backfills them (tasks.ts). Compared with `$ne`, which FerretDB 1.x
 * hands to PostgreSQL, so finding the documents still to upgrade does not decode every task.
 */
export const TASK_LAYOUT = 2;

/** Tasks a claim looks at: `ready` (maybe backing off) or `running` (maybe with an expired lease). */
export const ACTIVE_STATES: readonly TaskState[] = ['ready', 'running'];

/**
 * Copies of the `meta` fields that claims and lists filter on, kept at the top level of the stored
 * document. FerretDB 1.x hands PostgreSQL only equality on top-level fields (`find` drops dotted
 * keys, and `$or`/`$in`/`$lte` are never pushed down); anything else it evaluates by reading and
 * decoding every document of the collection. Written by every write of the task (`toStored`, the
 * claim's `$set`), so they never drift from `meta`.
 */
export interface QueueFields {
  state: TaskState;
  /** `state` is ready or running: the one equality a claim can hand to PostgreSQL. */
  active: boolean;
  runAfter: Date | null;
  leaseUntil: Date | null;
  createdAt: Date;
  layout: number;
}

/** A task as the collection holds it. */
export interface StoredTask extends QueueFields {
  _id: string;
  data: Record<string, unknown>;
  meta: Record<string, unknown>;
  /**
   * Dedupe key, present on every document: FerretDB 1.x has no partial indexes and ignores `sparse`,
   * so tasks without an external id get a key derived from their own id (`id:<_id>`), which cannot
   * collide with `<kind>:<externalId>` because `id` is not a source kind.
   */
  sourceKey: string;
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function checkNumber(value: number, path: string[]): void {
  if (!Number.isFinite(value)) {
    throw new InputError(`${path.join('.')}: ${value} cannot be stored; numbers must be finite`, path);
  }
}

/** Wraps arrays nested in arrays and refuses non-finite numbers; `value` is already key-encoded. */
function wrap(value: unknown, path: string[], insideArray: boolean): unknown {
  if (typeof value === 'number') checkNumber(value, path);
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const items = value.map((item, i) => wrap(item, [...path, String(i)], true));
    return insideArray ? { [NESTED_ARRAY_KEY]: items } : items;
  }
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = wrap(item, [...path, key], false);
  return out;
}

function unwrap(value: unknown, insideArray: boolean): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => unwrap(item, true));
  if (!isPlainObject(value)) return value;
  const keys = Object.keys(value);
  if (insideArray && keys.length === 1 && keys[0] === NESTED_ARRAY_KEY && Array.isArray(value[NESTED_ARRAY_KEY])) {
    return (value[NESTED_ARRAY_KEY] as unknown[]).map((item) => unwrap(item, true));
  }
  const out: Record<string, unknown> = {};
  for (const key of keys) out[key] = unwrap(value[key], false);
  return out;
}

/** Encodes a whole value for storage: keys (keys.ts), nested arrays, finite numbers. */
export function toStoredValue<T>(value: T, path: string[]): T {
  return wrap(encodeDoc(value), path, false) as T;
}

/** Inverse of {@link toStoredValue}. */
export function fromStoredValue<T>(value: T): T {
  return decodeDoc(unwrap(value, false)) as T;
}

/** The top-level copies of `meta` (see {@link QueueFields}); `meta` as the task holds it, decoded. */
export function queueFields(meta: Pick<Task['meta'], 'state' | 'runAfter' | 'lease' | 'createdAt'>): QueueFields {
  return {
    state: meta.state,
    active: ACTIVE_STATES.includes(meta.state),
    runAfter: meta.runAfter ?? null,
    leaseUntil: meta.lease?.until ?? null,
    createdAt: meta.createdAt,
    layout: TASK_LAYOUT,
  };
}

export function toStored(task: Task): StoredTask {
  return {
    _id: task._id,
    ...queueFields(task.meta),
    data: toStoredValue(task.data, ['data']),
    meta: toStoredValue(task.meta, ['meta']) as unknown as Record<string, unknown>,
    sourceKey: sourceKey(task.meta.source) ?? `id:${task._id}`,
  };
}

export function fromStored(doc: StoredTask): Task {
  return {
    _id: doc._id,
    data: fromStoredValue(doc.data) as Task['data'],
    meta: fromStoredValue(doc.meta) as unknown as Task['meta'],
  };
}
