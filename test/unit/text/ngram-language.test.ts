/**
 * The compact n-gram detector must answer exactly what `eld/small` answers (the language, its scores
 * and whether it is reliable) for every subset the heuristic reasoner uses, and its database must hold
 * exactly eld's n-grams. Texts: the hand-written language fixture, mixed scripts and edge cases, and
 * (when the shared evaluation data is present) every airline tweet and helpdesk ticket the eval reads.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { eld } from 'eld/small';
// eld's database module, for the comparison only (the package exports no types for it).
// @ts-expect-error: a data file of the eld package, without declarations
import { ngramsData } from '../../../node_modules/eld/src/ngrams/small.js';
import { describe, expect, it } from 'vitest';
import { SUPPORTED_LANGUAGES } from '../../../connectors/llm/heuristic/language.ts';
import { createNgramDetector, ngramDatabase } from '../../../src/text/ngram-language.ts';

const SUBSETS = [
  [...SUPPORTED_LANGUAGES],
  [...SUPPORTED_LANGUAGES, 'pl', 'sv', 'da', 'nb', 'fi', 'cs', 'ro', 'hu', 'tr', 'id', 'vi'],
  [...SUPPORTED_LANGUAGES, 'ru', 'uk', 'bg', 'el', 'he', 'ar', 'fa', 'hi', 'th', 'zh', 'ja', 'ko'],
  ['en'],
];

function texts(): string[] {
  const fixture = JSON.parse(readFileSync('fixtures/reasoner/languages.json', 'utf8')) as Record<string, unknown>;
  const out = Object.values(fixture).flatMap((v) => (Array.isArray(v) ? v.filter((t): t is string => typeof t === 'string') : []));
  out.push(
    '', ' ', 'a', 'ok', "don't won’t can`t", 'Привет, как дела? Мой заказ не пришёл.', 'こんにちは、注文が届きません', '注文 😀 emoji 🎉 text',
    'Mein Konto ist gesperrt und ich kann nicht zahlen', 'x'.repeat(2000), `${'wort '.repeat(120)}end`, 'Ελληνικά κείμενο εδώ', 'مرحبا، طلبي لم يصل',
    'Szanowni Państwo, moje zamówienie nie dotarło na czas i proszę o zwrot pieniędzy', 'Merhaba, siparişim gelmedi ve paramı geri istiyorum lütfen',
  );
  // The evaluation data, as raw text (every line; enough to cover what the eval feeds the detector).
  const shared = path.resolve('../shared/eval-data');
  for (const file of ['airline/Tweets.csv', 'helpdesk-tickets/tickets-v4-first2181.csv', 'bitext/bitext-dev.jsonl']) {
    const full = path.join(shared, file);
    if (existsSync(full)) out.push(...readFileSync(full, 'utf8').split('\n').slice(0, 6000));
  }
  return out;
}

describe('the compact n-gram detector', () => {
  it('holds exactly eld small\'s n-grams and languages', () => {
    const db = ngramDatabase();
    const source = ngramsData as { languages: Record<string, string>; ngrams: Record<string, Record<string, number>> };
    expect(db.languages).toEqual(Object.values(source.languages));
    const keys = Object.keys(source.ngrams);
    expect(db.ngrams.size).toBe(keys.length);
    for (const key of keys) {
      const offset = db.ngrams.get(key);
      expect(offset, key).toBeDefined();
      const pairs: Record<string, number> = {};
      for (let k = 0; k < db.scores[offset!]!; k++) pairs[String(db.scores[offset! + 1 + 2 * k])] = db.scores[offset! + 2 + 2 * k]!;
      if (JSON.stringify(pairs) !== JSON.stringify(source.ngrams[key])) expect(pairs, key).toEqual(source.ngrams[key]);
    }
  });

  it('answers what eld/small answers: language, scores, reliability', () => {
    const all = texts();
    expect(all.length).toBeGreaterThan(50);
    for (const subset of SUBSETS) {
      const reference = eld.newInstance();
      reference.setLanguageSubset(subset);
      const compact = createNgramDetector(subset);
      let differences = 0;
      for (const text of all) {
        const want = reference.detect(text);
        const got = compact.detect(text);
        const same =
          got.language === want.language &&
          JSON.stringify(got.getScores()) === JSON.stringify(want.getScores()) &&
          got.isReliable() === want.isReliable() &&
          got.isReliable(0.5) === (want.isReliable as (ratio?: number) => boolean)(0.5);
        if (!same && differences++ < 3) {
          expect({ text, language: got.language, scores: got.getScores(), reliable: got.isReliable() }).toEqual({
            text,
            language: want.language,
            scores: want.getScores(),
            reliable: want.isReliable(),
          });
        }
      }
      expect(differences).toBe(0);
    }
  }, 120_000);

  it('refuses a subset it has no language of', () => {
    expect(() => createNgramDetector(['xx'])).toThrow(/none of xx/);
  });
});
