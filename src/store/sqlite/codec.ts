/**
 * Documents to JSON text and back for the JSON columns of triage.sqlite.
 *
 * Keys go through keys.ts first, so no stored key starts with `$`; that frees `{"$date": "<ISO>"}` to
 * mean a Date without any chance of colliding with a payload's own key, and Dates come back as Dates.
 * Encoded keys also mean the stored `data` is exactly the document `toStoredFilter` (filter.ts) speaks
 * about, so data filters need no second translation. Keys with `.`, a leading `$`, `~`, NUL, `""` and
 * `__proto__` all round-trip (keys.ts has the table).
 *
 * The large documents other than a task's data (the rest of its meta, its run records, a human task)
 * are stored deflated with a preset dictionary ({@link pack}): a processed ticket is about 25 KB of
 * JSON and a year of them would not fit the disk budget as text. SQL reads them through
 * `triage_json()` (data-filter.ts), which inflates either codec.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { decodeKey, encodeKey } from '../keys.ts';
import { DICTIONARY_1 } from './dictionary.ts';

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

/**
 * How a packed blob starts. A raw deflate stream (what version 2 and older wrote, "codec 0") begins
 * with a block header whose bits 1-2 are the block type, and type 3 is reserved: zlib refuses it
 * ("invalid block type"), so no blob deflateRawSync ever wrote has a first byte with both bits set.
 * A first byte `(id << 3) | 0b110` therefore marks a blob deflated with preset dictionary `id`
 * (dictionary.ts) without any chance of reading an old blob as one; the deflate stream follows it.
 */
const DICTIONARY_MARK = 0b110;

/** The preset dictionaries by id (at most 31); an id, once written, is never reused or changed. */
const DICTIONARIES: ReadonlyMap<number, Buffer> = new Map([[1, DICTIONARY_1]]);

/** The dictionary new blobs are written with. */
export const CURRENT_DICTIONARY_ID = 1;

/** The codec of a packed blob: 0 for plain raw deflate, otherwise its dictionary's id. */
export function codecOf(value: Buffer | Uint8Array): number {
  const first = value[0] ?? 0;
  return (first & DICTIONARY_MARK) === DICTIONARY_MARK ? first >> 3 : 0;
}

/** JSON text deflated with the current preset dictionary, behind its one-byte mark (see above). */
export function pack(text: string, dictionaryId: number = CURRENT_DICTIONARY_ID): Buffer {
  if (dictionaryId === 0) return deflateRawSync(text);
  const dictionary = DICTIONARIES.get(dictionaryId);
  if (!dictionary) throw new Error(`no deflate dictionary ${dictionaryId}`);
  const body = deflateRawSync(text, { dictionary });
  const out = Buffer.allocUnsafe(body.length + 1);
  out[0] = (dictionaryId << 3) | DICTIONARY_MARK;
  body.copy(out, 1);
  return out;
}

/**
 * Inverse of {@link pack}, whatever the codec (old plain raw deflate or any known dictionary); a TEXT
 * value (written by hand or by a tool) is taken as it is.
 */
export function unpack(value: Buffer | Uint8Array | string): string {
  if (typeof value === 'string') return value;
  const codec = codecOf(value);
  if (codec === 0) return inflateRawSync(value).toString('utf8');
  const dictionary = DICTIONARIES.get(codec);
  if (!dictionary) throw new Error(`a document uses deflate dictionary ${codec}, unknown to this triage; upgrade triage`);
  return inflateRawSync(value.subarray(1), { dictionary }).toString('utf8');
}

/** {@link toJson}, packed. */
export function toPacked(value: unknown): Buffer {
  return pack(toJson(value));
}

/** Inverse of {@link toPacked}. */
export function fromPacked<T>(value: Buffer | string): T {
  return fromJson<T>(unpack(value));
}
