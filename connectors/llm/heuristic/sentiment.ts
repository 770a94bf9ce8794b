/**
 * Lexical sentiment.
 *
 * Why these packages:
 * - `sentiment` (AFINN-165, ~550k downloads a month, MIT, synchronous, no model files): a scored word list
 *   is exactly what a deterministic offline reasoner needs, it accepts per-call `extras` (support-domain
 *   words AFINN lacks, like "unacceptable" being worse than -2) and `registerLanguage`, which we use to
 *   give Spanish, German, French and Portuguese tickets a small scored vocabulary of their own.
 *   `wink-nlp` + its model is heavier (a 2 MB model) for a sentiment score of the same kind; `vader-sentiment`
 *   is English-only and barely maintained; `natural` is large and its sentiment is also AFINN-based.
 */
import Sentiment from 'sentiment';
import { FOREIGN_SENTIMENT as FOREIGN } from './lexicon-i18n.ts';

/** Support-desk words AFINN underrates or lacks, in the same -5..5 scale. */
const ENGLISH_EXTRAS: Record<string, number> = {
  unacceptable: -4, unprofessional: -4, ridiculous: -4, outrageous: -4, pathetic: -4, garbage: -3,
  useless: -3, furious: -4, frustrated: -3, outage: -2, down: -1, broken: -2, failing: -2, crashed: -2,
  hacked: -3, charged: -1, overcharged: -3, twice: -1, nobody: -1, again: -1, still: -1, inconsistent: -1,
  unable: -1, cannot: -1, lawyer: -2, lawsuit: -3, legal: -1, cancel: -1, competitor: -1,
};

const analyser = new Sentiment();
for (const [code, labels] of Object.entries(FOREIGN)) analyser.registerLanguage(code, { labels });

export interface SentimentReading {
  /** Sum of word scores (AFINN scale). */
  score: number;
  /** Score per token: comparable between long and short tickets. */
  comparative: number;
  negativeWords: string[];
  positiveWords: string[];
}

/** Lexical sentiment of normalised text in `language` (English vocabulary when we have none for it). */
export function readSentiment(normalisedText: string, language: string): SentimentReading {
  const lang = language in FOREIGN ? language : 'en';
  const result = analyser.analyze(normalisedText, lang === 'en' ? { extras: ENGLISH_EXTRAS } : { language: lang });
  return {
    score: result.score,
    comparative: result.comparative,
    negativeWords: result.negative,
    positiveWords: result.positive,
  };
}
