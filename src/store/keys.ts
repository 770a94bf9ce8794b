/**
 * Lossless, reversible encoding of object keys for storage.
 *
 * Keys from outside (webhook payloads) may contain `.`, start with `$`, be empty, contain NUL or be
 * `__proto__`. nedb, MongoDB and FerretDB refuse the first two (and some refuse the others), and
 * `__proto__` silently disappears when a library copies objects by assignment. Every stored key
 * therefore goes through {@link encodeKey}; ordinary keys come out unchanged, so filters on them need
 * no translation beyond {@link encodePath}.
 *
 * Escapes use `~`, which is rare in field names, and `~` escapes itself:
 *
 * | key part             | stored as |
 * |----------------------|-----------|
 * | `~`                  | `~~`      |
 * | `.`                  | `~p`      |
 * | `$` (first char)     | `~d`      |
 * | NUL                  | `~0`      |
 * | `""` (whole key)     | `~e`      |
 * | `__proto__` (whole)  | `~u`      |
 */

const ESCAPE = '~';
// Keys that need no work are the overwhelming majority; test them with one regex.
const NEEDS_ENCODING = /[~.\u0000]|^\$|^$|^__proto__$/;

/** Encodes one object key so that every backend accepts it as a field name. */
export function encodeKey(key: string): string {
  if (!NEEDS_ENCODING.test(key)) return key;
  if (key === '') return '~e';
  if (key === '__proto__') return '~u';
  let out = key[0] === '$' ? '~d' : '';
  for (let i = out === '' ? 0 : 1; i < key.length; i++) {
    const ch = key[i]!;
    if (ch === ESCAPE) out += '~~';
    else if (ch === '.') out += '~p';
    else if (ch === '\u0000') out += '~0';
    else out += ch;
  }
  return out;
}

/** Inverse of {@link encodeKey}. Unknown escapes (never produced by the encoder) are kept verbatim. */
export function decodeKey(key: string): string {
  if (!key.includes(ESCAPE)) return key;
  if (key === '~e') return '';
  if (key === '~u') return '__proto__';
  let out = '';
  for (let i = 0; i < key.length; i++) {
    const ch = key[i]!;
    if (ch !== ESCAPE || i === key.length - 1) {
      out += ch;
      continue;
    }
    const next = key[i + 1]!;
    if (next === '~') out += '~';
    else if (next === 'p') out += '.';
    else if (next === 'd') out += '$';
    else if (next === '0') out += '\u0000';
    else {
      out += ch;
      continue;
    }
    i++;
  }
  return out;
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function mapKeys(value: unknown, mapKey: (key: string) => string): unknown {
  if (value === null || typeof value !== 'object') return value;
  // A fresh Date so that callers never share a mutable object with the store.
  if (value instanceof Date) return new Date(value.getTime());
  if (Array.isArray(value)) return value.map((item) => mapKeys(item, mapKey));
  if (!isPlainObject(value)) return value;
  // Object.fromEntries defines properties, so a `__proto__` key stays an own property.
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [mapKey(key), mapKeys(item, mapKey)]));
}

/**
 * Deep copy of `value` with every object key encoded (objects inside arrays too).
 * Primitives pass through; Dates are copied with the same time.
 */
export function encodeDoc<T>(value: T): T {
  return mapKeys(value, encodeKey) as T;
}

/** Deep copy of `value` with every object key decoded; inverse of {@link encodeDoc}. */
export function decodeDoc<T>(value: T): T {
  return mapKeys(value, decodeKey) as T;
}

/**
 * Splits a dotted filter path into its literal segments. Inside a segment, `\.` is a literal dot,
 * `\$` a literal dollar and `\\` a backslash; any other backslash is kept as is. This is how a
 * filter names a key that itself contains a dot, e.g. `headers.x\.forwarded`.
 */
export function splitPath(path: string): string[] {
  const segments: string[] = [];
  let current = '';
  for (let i = 0; i < path.length; i++) {
    const ch = path[i]!;
    const next = path[i + 1];
    if (ch === '\\' && (next === '.' || next === '\\' || next === '$')) {
      current += next;
      i++;
    } else if (ch === '.') {
      segments.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  segments.push(current);
  return segments;
}

/** Encodes a dotted filter path segment by segment (see {@link splitPath} for escaping dots). */
export function encodePath(path: string): string {
  return splitPath(path).map(encodeKey).join('.');
}
