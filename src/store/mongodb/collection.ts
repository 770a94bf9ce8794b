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
