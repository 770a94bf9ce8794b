/**
 * Documents to JSON text and back for the JSON columns of triage.sqlite.
 *
 * Keys go through keys.ts first, so no stored key starts with `$`; that frees `{"$date": "<ISO>"}` to
 * mean a Date without any chance of colliding with a payload's own key, and Dates come back as Dates.
 * Encoded keys also mean the stored `data` is exactly the document `toStoredFilter` (filter.ts) speaks
 * about, so data filters need no second translation. Keys with `.`, a leading `$`, `~`, NUL, `""` and
 * `__proto__` all round-trip (keys.ts has the table).
 *
 * The large documents (a task's data, meta and runs, a human task) are stored deflated ({@link pack}):
 * a processed ticket is about 25 KB of JSON and a year of them would not fit the disk budget as text.
 * SQL reads them through `triage_json()` (data-filter.ts).
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { decodeKey, encodeKey } from '../keys.ts';

const DATE_KEY = '$date';

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function encodeValue(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) {
    const time = value.getTime();
    return { [DATE_KEY]: Number.isNaN(time) ? 'invalid' : value.toISOString() };
  }
  if (Array.isArray(value)) return value.map(encodeValue);
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const item = value[key];
    // As MongoDB with ignoreUndefined and nedb do: an undefined field is not stored.
    if (item === undefined) continue;
    defineOwn(out, encodeKey(key), encodeValue(item));
  }
  return out;
}

function decodeValue(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(decodeValue);
  const object = value as Record<string, unknown>;
  const keys = Object.keys(object);
  if (keys.length === 1 && keys[0] === DATE_KEY) return new Date(object[DATE_KEY] as string);
  const out: Record<string, unknown> = {};
  for (const key of keys) defineOwn(out, decodeKey(key), decodeValue(object[key]));
  return out;
}

/** Assignment would set the prototype for `__proto__`; a defined property stays an own key. */
function defineOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/** JSON text of `value` with keys encoded and Dates tagged. */
export function toJson(value: unknown): string {
  return JSON.stringify(encodeValue(value));
}

/** Inverse of {@link toJson}: a fresh object, keys decoded, Dates as Dates. */
export function fromJson<T>(text: string): T {
  return decodeValue(JSON.parse(text)) as T;
}

/** A Date as a column value (milliseconds); null stays null. */
export function toMillis(date: Date | null | undefined): number | null {
  return date instanceof Date ? date.getTime() : null;
}

/** A column value (milliseconds) as a Date; null stays null. */
export function fromMillis(value: number | bigint | null | undefined): Date | null {
  return value === null || value === undefined ? null : new Date(Number(value));
}

/** JSON text deflated for a BLOB column: about a quarter of the size for a processed ticket. */
export function pack(text: string): Buffer {
  return deflateRawSync(text);
}

/** Inverse of {@link pack}; a TEXT value (written by hand or by a tool) is taken as it is. */
export function unpack(value: Buffer | Uint8Array | string): string {
  return typeof value === 'string' ? value : inflateRawSync(value).toString('utf8');
}

/** {@link toJson}, packed. */
export function toPacked(value: unknown): Buffer {
  return pack(toJson(value));
}

/** Inverse of {@link toPacked}. */
export function fromPacked<T>(value: Buffer | string): T {
  return fromJson<T>(unpack(value));
}
