/**
 * Where a data filter is evaluated. FerretDB 1.x implements `$elemMatch` only with operator
 * expressions (`{ $elemMatch: { $gt: 1 } }`); given a query over the elements' fields
 * (`{ $elemMatch: { sku: 'A', qty: { $gte: 2 } } }`) it answers "unknown operator: sku" in counts and
 * matches nothing in finds. A store on such a server evaluates those filters itself, with sift, over
 * the stored documents: the same engine and the same translated filter as the embedded store.
 */
import type { Collection } from 'mongodb';

const LOGICAL = new Set(['$and', '$or', '$nor']);

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof RegExp) && !(value instanceof Date);
}

/** True when `filter` (already translated for storage) has an `$elemMatch` over element fields. */
export function hasElemMatchSubQuery(filter: unknown): boolean {
  if (Array.isArray(filter)) return filter.some(hasElemMatchSubQuery);
  if (!isObject(filter)) return false;
  for (const [key, value] of Object.entries(filter)) {
    if (key === '$elemMatch' && isObject(value) && Object.keys(value).some((k) => !k.startsWith('$') || LOGICAL.has(k))) return true;
    if (hasElemMatchSubQuery(value)) return true;
  }
  return false;
}

/** Asks the server whether it accepts `$elemMatch` with a field query (MongoDB does, FerretDB 1.x does not). */
export async function supportsElemMatchSubQuery(collection: Collection<{ _id: string; probe?: unknown[] }>): Promise<boolean> {
  try {
    await collection.countDocuments({ _id: '~probe', probe: { $elemMatch: { field: 1 } } });
    return true;
  } catch {
    return false;
  }
}
