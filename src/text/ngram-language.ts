/**
 * Nito-ELD's language detection (the `eld` package, Apache-2.0, by Nito T.M.) over a compact copy of
 * its `small` database. Importing `eld/small` builds its 81,206 byte n-grams as object literals, one
 * small object per n-gram with integer keys up to 59, which costs ~47 MB of heap and ~100 MB of
 * resident memory once parsed; the same n-grams here are one Map of strings to offsets into an
 * Int32Array (~8 MB). The tables are read from eld's own files (no copy to drift), and the arithmetic
 * below is eld 2.1's `detect`, `getScores` and `isReliable` step for step, so every answer is the one
 * `eld/small` gives: `test/unit/text/ngram-language.test.ts` compares the two over many texts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** eld's files this module reads, relative to the package's folder. */
const FILES = { ngrams: 'src/ngrams/small.js', patterns: 'src/regexPatterns.js', dictionary: 'src/dictionary.js', avgScore: 'src/avgScore.js' } as const;

export interface NgramDatabase {
  /** Language code by eld's index. */
  languages: string[];
  /** n-gram -> offset in `scores` of `[count, lang, score, lang, score, ...]`. */
  ngrams: Map<string, number>;
  scores: Int32Array;
  /** Non-letter runs, as eld splits words. */
  separators: RegExp;
  /** eld's stand-in character for each UTF-8 byte. */
  byteChars: string[];
  /** Average score of a correct detection, by language (what `isReliable` compares with). */
  avgScore: Record<string, number>;
}

function eldDir(): string {
  // `eld` exports only its entry points, so the folder is found beside the packages node would search.
  const require = createRequire(import.meta.url);
  for (const dir of require.resolve.paths('eld') ?? []) if (existsSync(path.join(dir, 'eld', FILES.ngrams))) return path.join(dir, 'eld');
  throw new Error('the eld package (language detection) is not installed; run npm install');
}

function unexpected(file: string, what: string): Error {
  return new Error(`eld's ${file} is not in the format this triage reads (${what}); install the eld version package.json names`);
}

/** A single-quoted JS string's contents (`\'`, `\\`, `\xNN`, `\uNNNN` escapes). */
function unquote(text: string): string {
  return text.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|.)/g, (_, escape: string) =>
    escape.length > 1 ? String.fromCharCode(parseInt(escape.slice(1), 16)) : escape,
  );
}

function parseNgrams(text: string): { languages: string[]; ngrams: Map<string, number>; scores: Int32Array } {
  const file = FILES.ngrams;
  const langStart = text.indexOf('languages:{');
  const ngramStart = text.indexOf('ngrams:{');
  if (langStart < 0 || ngramStart < 0) throw unexpected(file, 'no languages or ngrams');
  const languages: string[] = [];
  const langBody = text.slice(langStart + 'languages:{'.length, text.indexOf('}', langStart));
  for (const match of langBody.matchAll(/(\d+):'([a-z]+)'/g)) languages[Number(match[1])] = match[2]!;
  if (languages.length === 0 || languages.some((code) => code === undefined)) throw unexpected(file, 'languages');

  const ngrams = new Map<string, number>();
  let scores = new Int32Array(1 << 19);
  let used = 0;
  let i = ngramStart + 'ngrams:{'.length;
  const at = (expected: string) => {
    if (text[i] !== expected) throw unexpected(file, `expected "${expected}" at ${i}`);
    i++;
  };
  const int = (): number => {
    const start = i;
    while (text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
    if (i === start) throw unexpected(file, `expected a number at ${i}`);
    return Number(text.slice(start, i));
  };
  while (text[i] !== '}') {
    let key: string;
    if (text[i] === "'") {
      const start = ++i;
      while (text[i] !== "'") i += text[i] === '\\' ? 2 : 1;
      key = unquote(text.slice(start, i));
      i++;
    } else {
      const start = i;
      while (text[i] !== ':') i++;
      key = text.slice(start, i);
      // An unquoted numeric key names the number's canonical spelling, as in JS.
      if (/^[0-9]/.test(key)) key = String(Number(key));
    }
    at(':');
    at('{');
    if (used + 2 * 64 + 1 > scores.length) {
      const grown = new Int32Array(scores.length * 2);
      grown.set(scores);
      scores = grown;
    }
    const offset = used++;
    let count = 0;
    while (text[i] !== '}') {
      scores[used++] = int();
      at(':');
      scores[used++] = int();
      count++;
      if (text[i] === ',') i++;
    }
    i++;
    scores[offset] = count;
    // A repeated key in an object literal keeps the last value.
    ngrams.set(key, offset);
    if (text[i] === ',') i++;
  }
  return { languages, ngrams, scores: scores.slice(0, used) };
}

function parseSeparators(text: string): RegExp {
  const match = /'bmp':\s*'((?:\\.|[^'\\])*)'/.exec(text);
  if (!match) throw unexpected(FILES.patterns, 'no letter ranges');
  // eld's own expression (with lookbehind, which Node has).
  return new RegExp(`[^${unquote(match[1]!)}]+(?<![\\x27\\x60\\u2019])`, 'gu');
}

function parseDictionary(text: string): string[] {
  const body = text.slice(text.indexOf('['), text.lastIndexOf(']'));
  const chars = [...body.matchAll(/'((?:\\.|[^'\\])*)'/g)].map((m) => unquote(m[1]!));
  if (chars.length !== 256) throw unexpected(FILES.dictionary, `${chars.length} byte characters, not 256`);
  return chars;
}

function parseAvgScore(text: string): Record<string, number> {
  const body = text.slice(text.indexOf('{'), text.indexOf('}'));
  const scores: Record<string, number> = {};
  for (const match of body.matchAll(/'([a-z]+)':\s*([0-9.]+)/g)) scores[match[1]!] = Number(match[2]);
  if (Object.keys(scores).length === 0) throw unexpected(FILES.avgScore, 'no scores');
  return scores;
}

let database: NgramDatabase | null = null;

/** eld's `small` database, read once on first use (~0.2 s). */
export function ngramDatabase(): NgramDatabase {
  if (database) return database;
  const dir = eldDir();
  const read = (file: string) => readFileSync(path.join(dir, file), 'utf8');
  database = {
    ...parseNgrams(read(FILES.ngrams)),
    separators: parseSeparators(read(FILES.patterns)),
    byteChars: parseDictionary(read(FILES.dictionary)),
    avgScore: parseAvgScore(read(FILES.avgScore)),
  };
  return database;
}

/** What a detection answers, as eld's `LanguageResult`. */
export interface NgramResult {
  /** ISO 639-1 code, or '' when nothing scored. */
  language: string;
  getScores(): Record<string, number>;
  isReliable(thresholdRatio?: number): boolean;
}

/** eld's strToUtf8Bytes: words as strings of one stand-in character per UTF-8 byte, cut near 350 bytes. */
function utf8Words(str: string, byteChars: string[]): string[] {
  let encoded = '';
  const words: string[] = [];
  let countBytes = 0;
  for (let ii = 0; ii < str.length; ii++) {
    let charCode = str.charCodeAt(ii);
    if (charCode < 0x80) {
      if (charCode === 32) {
        if (encoded !== '') {
          words.push(encoded);
          encoded = '';
        }
        if (countBytes > 350) break;
      } else encoded += str[ii];
      countBytes++;
    } else if (charCode < 0x800) {
      encoded += byteChars[0xc0 | (charCode >> 6)]! + byteChars[0x80 | (charCode & 0x3f)]!;
      countBytes += 2;
    } else if (charCode < 0xd800 || charCode >= 0xe000) {
      encoded += byteChars[0xe0 | (charCode >> 12)]! + byteChars[0x80 | ((charCode >> 6) & 0x3f)]! + byteChars[0x80 | (charCode & 0x3f)]!;
      countBytes += 3;
    } else {
      ii++;
      charCode = 0x10000 + (((charCode & 0x3ff) << 10) | (str.charCodeAt(ii) & 0x3ff));
      encoded +=
        byteChars[0xf0 | (charCode >> 18)]! + byteChars[0x80 | ((charCode >> 12) & 0x3f)]! + byteChars[0x80 | ((charCode >> 6) & 0x3f)]! + byteChars[0x80 | (charCode & 0x3f)]!;
      countBytes += 4;
    }
    if (countBytes > 380) break;
  }
  if (encoded !== '') words.push(encoded);
  return words;
}

/** eld's getByteNgrams: 4-byte n-grams with a stride of 3, word starts and ends marked by a space. */
function byteNgrams(words: string[]): Set<string> {
  const found = new Set<string>();
  for (const word of words) {
    const len = Math.min(word.length, 70);
    let j: number;
    for (j = 0; j + 4 < len; j += 3) found.add((j === 0 ? ' ' : '') + word.substring(j, j + 4));
    found.add((j === 0 ? ' ' : '') + word.substring(len !== 3 ? len - 4 : 0) + ' ');
  }
  return found;
}

/**
 * A detector restricted to `subset` (codes the database lacks are ignored, as eld's
 * `setLanguageSubset` does), answering what an `eld/small` instance with that subset answers.
 */
export function createNgramDetector(subset: readonly string[]): { detect(text: string): NgramResult } {
  const db = ngramDatabase();
  const allowed = new Set(subset.map((code) => db.languages.indexOf(code)).filter((index) => index >= 0));
  if (allowed.size === 0) throw new Error(`none of ${subset.join(', ')} is a language of the detector`);
  return {
    detect(input: string): NgramResult {
      const text = input.substring(0, 1000).replace(db.separators, ' ').trim().toLowerCase();
      const grams = byteNgrams(utf8Words(text, db.byteChars));
      const scores = new Array<number>(db.languages.length).fill(0);
      for (const gram of grams) {
        const offset = db.ngrams.get(gram);
        if (offset === undefined) continue;
        const end = offset + 1 + 2 * db.scores[offset]!;
        // eld subtracts 53 from every stored score to keep its file small.
        for (let k = offset + 1; k < end; k += 2) scores[db.scores[k]!]! += db.scores[k + 1]! + 53;
      }
      // The subset's positive scores by language index, ascending (eld's sparse array, read with for-in).
      const kept: [number, number][] = [];
      for (let lang = 0; lang < scores.length; lang++) if (scores[lang]! > 0 && allowed.has(lang)) kept.push([lang, scores[lang]!]);
      let best = -1;
      let bestScore = 0;
      for (const [lang, score] of kept) {
        if (score > bestScore) {
          bestScore = score;
          best = lang;
        }
      }
      if (best < 0) return { language: '', getScores: () => ({}), isReliable: () => false };
      const language = db.languages[best]!;
      const numNgrams = grams.size;
      let ordered: [number, number][] | null = null;
      // eld's orderAndScale: a 0-1 score per language, best first (a stable sort keeps index order on ties).
      const order = () =>
        (ordered ??= kept
          .map(([lang, score]): [number, number] => {
            const ngramScore = score / numNgrams;
            return [lang, ngramScore / (ngramScore + 25)];
          })
          .sort((a, b) => b[1] - a[1]));
      return {
        language,
        getScores() {
          const result: Record<string, number> = {};
          for (const [lang, score] of order()) result[db.languages[lang]!] = score;
          return result;
        },
        isReliable(thresholdRatio = 0.75) {
          const results = order();
          if (!results.length || numNgrams < 3) return false;
          // As eld 2.1 writes it: the runner-up's *index*, not its score, is compared.
          const nextScore = results.length > 1 ? results[1]![0] : 0;
          return !((db.avgScore[language] ?? 0) * thresholdRatio > results[0]![1] || 0.01 > Math.abs(results[0]![1] - nextScore));
        },
      };
    },
  };
}
