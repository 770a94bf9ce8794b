/**
 * Is this an ordinary English word? From the `an-array-of-english-words` list (MIT, ~275k words), loaded
 * on first use (about 0.1 s, ~20 MB): typo repair needs it to leave real words alone ("contract" is not a
 * slip of "contact").
 */
import { createRequire } from 'node:module';

let words: Set<string> | null = null;

/** True for a lower-case English dictionary word. */
export function isEnglishWord(word: string): boolean {
  words ??= new Set(createRequire(import.meta.url)('an-array-of-english-words') as string[]);
  return words.has(word);
}
