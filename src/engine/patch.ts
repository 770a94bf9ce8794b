/**
 * Applying a step's patch to `data`, and naming what it wrote for the run record.
 */
import type { Json, JsonObject } from './types.ts';

function isPlainObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** Objects merge key by key; arrays and scalars replace. Neither input is modified. */
export function mergePatch(target: JsonObject, patch: JsonObject): JsonObject {
  const out: JsonObject = { ...target };
  for (const [key, value] of Object.entries(patch)) {
    const current = out[key];
    out[key] = isPlainObject(current) && isPlainObject(value) ? mergePatch(current, value) : (value as Json);
  }
  return out;
}

/**
 * The paths a patch wrote, two levels deep at most (`support.classification`, `escalationDecision`),
 * which is what a reader of a run record wants to see.
 */
export function writtenPaths(patch: JsonObject, depth = 2, prefix = ''): string[] {
  const paths: string[] = [];
  for (const [key, value] of Object.entries(patch)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (depth > 1 && isPlainObject(value) && prefix === '' && key === 'support') {
      paths.push(...writtenPaths(value, depth - 1, path));
    } else {
      paths.push(path);
    }
  }
  return paths;
}

/**
 * Checks a patch is plain JSON (no functions, undefined, NaN or Infinity, which neither store keeps
 * faithfully), turning `undefined` members into omissions the way JSON does.
 */
export function toJsonPatch(value: unknown, path = 'patch'): JsonObject {
  if (!isPlainObject(value)) throw new TypeError(`${path} must be an object of new fields`);
  return sanitize(value, path) as JsonObject;
}

function sanitize(value: unknown, path: string): Json | undefined {
  if (value === undefined) return undefined;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`${path} is ${value}; store a finite number or null`);
    return value;
  }
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((item, i) => sanitize(item, `${path}[${i}]`) ?? null);
  if (isPlainObject(value)) {
    const out: JsonObject = {};
    for (const [key, item] of Object.entries(value)) {
      const clean = sanitize(item, `${path}.${key}`);
      if (clean !== undefined) out[key] = clean;
    }
    return out;
  }
  throw new TypeError(`${path} is a ${typeof value}; a patch holds JSON values only`);
}
