/**
 * Collection chores both MongoDB stores (tasks and human tasks) share, kept to what FerretDB 1.x supports.
 */
import type { Collection, Document, Filter, IndexDescription, Sort } from 'mongodb';

/**
 * One index per command: FerretDB 1.24 panics (and drops the connection) when one createIndexes
 * names three or more indexes that all exist already, which is every start after the first.
 * A process starting at the same moment may win the race to create one; that counts as success.
 */
export async function ensureIndexes<T extends Document>(collection: Collection<T>, indexes: readonly IndexDescription[]): Promise<void> {
  for (const index of indexes) {
    try {
      await collection.createIndex(index.key, { name: index.name!, ...(index.unique ? { unique: true } : {}) });
    } catch (error) {
      const existing = await collection.listIndexes().toArray().catch(() => []);
      if (!existing.some((found) => found.name === index.name)) throw error;
    }
  }
}

/** One page of the matches in `sort` order, and how many match in all; `limit: 0` only counts. */
export async function findPage<T extends Document>(
  collection: Collection<T>,
  query: Filter<T>,
  sort: Sort,
  paging: { skip: number; limit: number | undefined },
): Promise<{ docs: T[]; total: number }> {
  const total = await collection.countDocuments(query);
  if (paging.limit === 0) return { docs: [], total };
  let cursor = collection.find(query).sort(sort).skip(paging.skip);
  if (paging.limit !== undefined) cursor = cursor.limit(paging.limit);
  return { docs: (await cursor.toArray()) as T[], total };
}

/** Type order of the values the stores sort on, as MongoDB orders them (missing and null first). */
function typeRank(value: unknown): number {
  if (value === undefined || value === null) return 0;
  if (typeof value === 'number') return 1;
  if (typeof value === 'string') return 2;
  if (typeof value === 'boolean') return 4;
  if (value instanceof Date) return 5;
  return 3;
}

function compareValues(a: unknown, b: unknown): number {
  const ranks = typeRank(a) - typeRank(b);
  if (ranks !== 0) return ranks;
  if (a instanceof Date && b instanceof Date) return a.getTime() - b.getTime();
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return 0;
}

/** Compares two documents by a sort spec of top-level fields (`{ field: 1 | -1, ... }`). */
export function comparatorOf(sort: Readonly<Record<string, 1 | -1>>): (a: Document, b: Document) => number {
  const keys = Object.entries(sort);
  return (a, b) => {
    for (const [field, direction] of keys) {
      const order = compareValues(a[field], b[field]);
      if (order !== 0) return order * direction;
    }
    return 0;
  };
}

/**
 * {@link findPage} over the union of `queries`, which must match disjoint sets (e.g. one per state).
 *
 * Why: FerretDB 1.x hands PostgreSQL an equality (`{ state: 'done' }`) but not `$in`, so one `$in`
 * query makes it read and decode every document, while one equality query per value makes
 * PostgreSQL return only the matches. Each query fetches at most `skip + limit` documents in `sort`
 * order; they are merged here and the page cut from the merge. No queries: nothing matches.
 */
export async function findPageOfUnion<T extends Document>(
  collection: Collection<T>,
  queries: readonly Filter<T>[],
  sort: Readonly<Record<string, 1 | -1>>,
  paging: { skip: number; limit: number | undefined },
): Promise<{ docs: T[]; total: number }> {
  if (queries.length === 1) return findPage(collection, queries[0]!, sort as Sort, paging);
  const end = paging.limit === undefined ? undefined : paging.skip + paging.limit;
  const parts = await Promise.all(
    queries.map((query) => findPage(collection, query, sort as Sort, { skip: 0, limit: end })),
  );
  const total = parts.reduce((sum, part) => sum + part.total, 0);
  if (paging.limit === 0) return { docs: [], total };
  const merged = parts.flatMap((part) => part.docs).sort(comparatorOf(sort));
  return { docs: merged.slice(paging.skip, end), total };
}

/** How many documents match any of `queries` (disjoint, as for {@link findPageOfUnion}). */
export async function countUnion<T extends Document>(collection: Collection<T>, queries: readonly Filter<T>[]): Promise<number> {
  const counts = await Promise.all(queries.map((query) => collection.countDocuments(query)));
  return counts.reduce((sum, n) => sum + n, 0);
}

/** Drops the named indexes where they exist; an index already gone (or dropped by a process starting at once) is fine. */
export async function dropIndexes<T extends Document>(collection: Collection<T>, names: readonly string[]): Promise<void> {
  const existing = new Set((await collection.listIndexes().toArray().catch(() => [])).map((index) => index.name as string));
  for (const name of names) {
    if (existing.has(name)) await collection.dropIndex(name).catch(() => undefined);
  }
}
