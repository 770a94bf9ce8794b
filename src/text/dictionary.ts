/**
 * Is this an ordinary English word? From the `an-array-of-english-words` list (MIT, ~275k words), loaded
 * on first use: typo repair needs it to leave real words alone ("contract" is not a slip of "contact").
 *
 * The list is kept as its letters in one byte array with each word's start (~4 MB), searched by
 * bisection: a Set of the words took ~20 MB of heap, and `require` of the JSON kept its array too
 * (~45 MB resident in all).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

interface WordList {
  /** Every word's letters, one after the other, in the list's (sorted) order. */
  letters: Uint8Array;
  /** Where each word starts in `letters`, plus one past the last. */
  starts: Int32Array;
}

let list: WordList | null = null;
/** Only if the file ever came unsorted or with escapes: the plain Set. */
let fallback: Set<string> | null = null;

/** The words of the package's JSON array (`["a","aa",...]`), read without building 275k strings. */
export function readWordList(raw: Uint8Array): WordList | null {
  const QUOTE = 0x22;
  const BACKSLASH = 0x5c;
  const letters = new Uint8Array(raw.length);
  const starts: number[] = [];
  let length = 0;
  let inside = false;
  for (let i = 0; i < raw.length; i++) {
    const byte = raw[i]!;
    if (byte === BACKSLASH || byte >= 0x80) return null;
    if (byte === QUOTE) {
      inside = !inside;
      if (inside) starts.push(length);
    } else if (inside) letters[length++] = byte;
  }
  if (inside) return null;
  starts.push(length);
  const result: WordList = { letters: letters.slice(0, length), starts: Int32Array.from(starts) };
  // Bisection needs the order it compares with (byte order, which is JS string order for ASCII).
  for (let w = 1; w + 1 < result.starts.length; w++) if (compareAt(result, w - 1, result, w) >= 0) return null;
  return result;
}

function compareAt(a: WordList, i: number, b: WordList, j: number): number {
  const aStart = a.starts[i]!;
  const aLength = a.starts[i + 1]! - aStart;
  const bStart = b.starts[j]!;
  const bLength = b.starts[j + 1]! - bStart;
  for (let k = 0; k < Math.min(aLength, bLength); k++) {
    const diff = a.letters[aStart + k]! - b.letters[bStart + k]!;
    if (diff !== 0) return diff;
  }
  return aLength - bLength;
}

/** True when `word` is one of `words` (exact, case-sensitive). */
export function hasWord(words: WordList, word: string): boolean {
  let lo = 0;
  let hi = words.starts.length - 2;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const start = words.starts[mid]!;
    const length = words.starts[mid + 1]! - start;
    let diff = 0;
    for (let k = 0; k < Math.min(length, word.length) && diff === 0; k++) diff = word.charCodeAt(k) - words.letters[start + k]!;
    if (diff === 0) diff = word.length - length;
    if (diff === 0) return true;
    if (diff < 0) hi = mid - 1;
    else lo = mid + 1;
  }
  return false;
}

function load(): void {
  const require = createRequire(import.meta.url);
  const file = require.resolve('an-array-of-english-words');
  list = readWordList(readFileSync(file));
  if (!list) fallback = new Set(JSON.parse(readFileSync(file, 'utf8')) as string[]);
}

/** True for a lower-case English dictionary word. */
export function isEnglishWord(word: string): boolean {
  if (!list && !fallback) load();
  return list ? hasWord(list, word) : fallback!.has(word);
}
