/**
 * The text the loop guard hashes: `JSON.stringify` of a task's data with every object's keys sorted,
 * so key order does not matter. Built per drive from remembered pieces (see StableJson).
 */
import type { JsonObject } from './types.ts';

/** What `stableText` does not model itself: the general path decides (or throws) instead. */
const UNUSUAL = Symbol('unusual');
const ARRAY_INDEX = /^(?:0|[1-9]\d*)$/;
/** Objects this close to the top have their text remembered; deeper ones are written with their parent. */
const REMEMBERED_DEPTH = 2;

/**
 * The text the loop guard hashes: `JSON.stringify` of `data` with every object's keys sorted. The texts
 * of the document's upper objects are remembered by identity: the runner never changes a task's objects
 * in place (a commit replaces the objects along the changed paths and shares the rest), so within one
 * drive an object seen before has the same text, and a step's hash costs only what the last commit
 * changed. One instance per drive.
 */
export class StableJson {
  private readonly texts = new WeakMap<object, string>();

  of(data: JsonObject): string {
    try {
      return this.text(data, 0) ?? 'undefined';
    } catch (error) {
      if (error !== UNUSUAL) throw error;
      return JSON.stringify(sortedCopy(data));
    }
  }

  private text(value: unknown, depth: number): string | undefined {
    if (value === null || typeof value !== 'object') return stableText(value);
    const known = this.texts.get(value);
    if (known !== undefined) return known;
    const text = depth >= REMEMBERED_DEPTH || value instanceof Date ? stableText(value) : this.compose(value, depth);
    // Dates are left out: unlike the document's own objects, one could be changed in place (setTime).
    if (text !== undefined && !(value instanceof Date)) this.texts.set(value, text);
    return text;
  }

  private compose(value: object, depth: number): string {
    if (Array.isArray(value)) {
      const parts: string[] = [];
      for (let i = 0; i < value.length; i++) parts.push(this.text(value[i], depth + 1) ?? 'null');
      return `[${parts.join(',')}]`;
    }
    const parts: string[] = [];
    for (const key of sortedKeys(value)) {
      const itemText = this.text((value as Record<string, unknown>)[key], depth + 1);
      if (itemText !== undefined) parts.push(`${JSON.stringify(key)}:${itemText}`);
    }
    return `{${parts.join(',')}}`;
  }
}

/**
 * The keys of a plain object in the order JSON.stringify writes its sorted copy: sorted, except that
 * integer-like keys come first in any object's own order (so let the engine order them). Throws
 * UNUSUAL for what the general path must handle (class instances, a `toJSON` member).
 */
function sortedKeys(value: object): string[] {
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) throw UNUSUAL;
  const keys = Object.keys(value).sort();
  let integers = false;
  for (const key of keys) {
    if (key === 'toJSON') throw UNUSUAL;
    if (!integers && ARRAY_INDEX.test(key)) integers = true;
  }
  return integers ? Object.keys(Object.fromEntries(keys.map((key) => [key, 0]))) : keys;
}

/**
 * `JSON.stringify(sortedCopy(value))` written directly, without building the sorted copy; undefined
 * where JSON.stringify leaves a value out.
 */
function stableText(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
    case 'bigint':
      throw UNUSUAL;
  }
  if (value === null) return 'null';
  if (value instanceof Date) return JSON.stringify(value);
  if (Array.isArray(value)) {
    let text = '[';
    for (let i = 0; i < value.length; i++) text += (i > 0 ? ',' : '') + (stableText(value[i]) ?? 'null');
    return `${text}]`;
  }
  let text = '{';
  let first = true;
  for (const key of sortedKeys(value as object)) {
    const itemText = stableText((value as Record<string, unknown>)[key]);
    if (itemText === undefined) continue;
    text += `${first ? '' : ','}${JSON.stringify(key)}:${itemText}`;
    first = false;
  }
  return `${text}}`;
}

/** `value` rebuilt with every object's keys sorted (dates and scalars as they are): the general path. */
function sortedCopy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedCopy);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sortedCopy((value as Record<string, unknown>)[key])]));
  }
  return value;
}
