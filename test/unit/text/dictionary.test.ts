/**
 * The compact word list answers yes and no for exactly the words the package's array holds.
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { hasWord, isEnglishWord, readWordList } from '../../../src/text/dictionary.ts';

const words = createRequire(import.meta.url)('an-array-of-english-words') as string[];
const encode = (text: string) => new TextEncoder().encode(text);

describe('the English word list', () => {
  it('says yes to every word of the list', () => {
    let missing = 0;
    for (const word of words) if (!isEnglishWord(word)) missing++;
    expect(missing).toBe(0);
  });

  it('says no to what the list does not hold, as the Set of the list did', () => {
    const set = new Set(words);
    const probes = ['', 'contact', 'contract', 'contracts', 'contactt', 'Contract', 'zzzzzz', 'aa', 'a', 'zyzzyvas', 'zz', 'refund', 'refnud', 'héllo', 'don\'t', 'a b', '😀', 'aardvarkz'];
    // Every word cut short and lengthened by a letter: the neighbours bisection must tell apart.
    for (const word of words.filter((_, i) => i % 97 === 0)) probes.push(word.slice(0, -1), `${word}q`, word.toUpperCase());
    for (const probe of probes) expect(isEnglishWord(probe), probe).toBe(set.has(probe));
  });

  it('reads a small list and refuses one it could not bisect', () => {
    const list = readWordList(encode('["ab","abc","b"]'))!;
    expect(['ab', 'abc', 'b', 'a', 'abd', 'c', ''].map((w) => hasWord(list, w))).toEqual([true, true, true, false, false, false, false]);
    expect(readWordList(encode('["b","a"]'))).toBeNull();
    expect(readWordList(encode('["a\\"b"]'))).toBeNull();
    expect(hasWord(readWordList(encode('[]'))!, 'a')).toBe(false);
  });
});
