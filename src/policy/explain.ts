/**
 * What a condition looked at: the data paths a MongoDB-style condition names and the values found
 * there, so a decision record can say "this trigger fired because frustrationLevel was 100" or
 * "this one did not: tier was standard".
 */
import type { Json, JsonObject } from '../engine/types.ts';

const LOGICAL = new Set(['$and', '$or', '$nor']);
/** Long text seen by a condition is cut in the record; the task still holds all of it. */
const MAX_TEXT = 160;
const MAX_ITEMS = 10;

/** The dotted data paths a condition tests, in the order written, without duplicates. */
export function conditionPaths(condition: unknown): string[] {
  const paths: string[] = [];
  const visit = (node: unknown) => {
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    for (const [key, value] of Object.entries(node)) {
      if (LOGICAL.has(key)) visit(value);
      else if (!key.startsWith('$') && !paths.includes(key)) paths.push(key);
    }
  };
  visit(condition);
  return paths;
}

/** The value at a dotted path; through an array, the values of its elements (as MongoDB reads it). */
export function valueAt(data: Readonly<JsonObject>, path: string): Json | undefined {
  let current: Json | undefined = data as Json;
  const parts = path.split('.');
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (Array.isArray(current)) {
      if (/^\d+$/.test(part)) {
        current = current[Number(part)];
        continue;
      }
      const rest = parts.slice(i).join('.');
      const values = current
        .filter((item): item is JsonObject => typeof item === 'object' && item !== null && !Array.isArray(item))
        .map((item) => valueAt(item, rest))
        .filter((v): v is Json => v !== undefined);
      return values;
    }
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as JsonObject)[part];
  }
  return current;
}

/** A value short enough for a decision record. */
export function summarise(value: Json | undefined): Json {
  if (value === undefined) return null;
  if (typeof value === 'string') return value.length > MAX_TEXT ? `${value.slice(0, MAX_TEXT - 1)}…` : value;
  if (Array.isArray(value)) return value.slice(0, MAX_ITEMS).map((v) => summarise(v));
  if (typeof value === 'object' && value !== null) return `{${Object.keys(value).slice(0, MAX_ITEMS).join(', ')}}`;
  return value;
}

/** `{ path: value }` for every path `condition` tests; a path absent from the data is null. */
export function valuesSeen(condition: unknown, data: Readonly<JsonObject>): JsonObject {
  const seen: JsonObject = {};
  for (const path of conditionPaths(condition)) seen[path] = summarise(valueAt(data, path));
  return seen;
}
