/**
 * Language detection and lexical sentiment.
 *
 * Why these packages:
 * - `sentiment` (AFINN-165, ~550k downloads a month, MIT, synchronous, no model files): a scored word list
 *   is exactly what a deterministic offline reasoner needs, it accepts per-call `extras` (support-domain
 *   words AFINN lacks, like "unacceptable" being worse than -2) and `registerLanguage`, which we use to
 *   give Spanish, German, French and Portuguese tickets a small scored vocabulary of their own.
 *   `wink-nlp` + its model is heavier (a 2 MB model) for a sentiment score of the same kind; `vader-sentiment`
 *   is English-only and barely maintained; `natural` is large and its sentiment is also AFINN-based.
 * - `franc-min` (~500k downloads a month, ESM, ships types, trigram profiles of the 82 most spoken
 *   languages): offline and deterministic. We restrict it to the languages a support desk plausibly
 *   receives so short tickets are not mistaken for Scots or Tagalog.
 */
import Sentiment from 'sentiment';
import { franc } from 'franc-min';

const FRANC_TO_ISO1: Record<string, string> = {
  eng: 'en', spa: 'es', deu: 'de', fra: 'fr', por: 'pt', ita: 'it', nld: 'nl',
};

/** Common function words; they settle short tickets where trigram statistics are unreliable. */
const STOPWORDS: Record<string, string[]> = {
  en: ['the', 'and', 'is', 'my', 'to', 'of', 'i', 'it', 'we', 'our', 'you', 'your', 'this', 'for', 'not', 'can', 'have', 'how', 'do'],
  es: ['el', 'la', 'los', 'las', 'es', 'mi', 'y', 'de', 'que', 'no', 'por', 'para', 'una', 'un', 'con', 'esta', 'hola', 'puedo'],
  de: ['der', 'die', 'das', 'ist', 'ich', 'und', 'nicht', 'mein', 'sie', 'ihr', 'ihre', 'wir', 'unsere', 'seit', 'bitte', 'mir', 'ein', 'eine'],
  fr: ['le', 'la', 'les', 'est', 'je', 'et', 'ne', 'pas', 'mon', 'ma', 'vous', 'nous', 'une', 'un', 'depuis', 'bonjour', 'que', 'pour'],
  pt: ['o', 'a', 'os', 'as', 'minha', 'meu', 'nao', 'e', 'de', 'que', 'para', 'uma', 'um', 'com', 'ola', 'voces', 'podem', 'consigo'],
};

/** ISO 639-1 code of the ticket's language; `en` when the text is too short to tell. */
export function detectLanguage(normalisedText: string): string {
  const words = normalisedText.match(/\p{L}+/gu) ?? [];
  const counts = Object.entries(STOPWORDS).map(([code, list]) => {
    const set = new Set(list);
    return [code, words.filter((w) => set.has(w)).length] as const;
  });
  counts.sort((a, b) => b[1] - a[1]);
  const [best, second] = counts;
  // A clear stopword majority is more reliable than trigrams on a two-line ticket.
  if (best && second && best[1] >= 3 && best[1] >= second[1] * 2) return best[0];
  const guess = franc(normalisedText, { only: Object.keys(FRANC_TO_ISO1), minLength: 20 });
  return FRANC_TO_ISO1[guess] ?? 'en';
}

/** Support-desk words AFINN underrates or lacks, in the same -5..5 scale. */
const ENGLISH_EXTRAS: Record<string, number> = {
  unacceptable: -4, unprofessional: -4, ridiculous: -4, outrageous: -4, pathetic: -4, garbage: -3,
  useless: -3, furious: -4, frustrated: -3, outage: -2, down: -1, broken: -2, failing: -2, crashed: -2,
  hacked: -3, charged: -1, overcharged: -3, twice: -1, nobody: -1, again: -1, still: -1, inconsistent: -1,
  unable: -1, cannot: -1, lawyer: -2, lawsuit: -3, legal: -1, cancel: -1, competitor: -1,
};

const FOREIGN: Record<string, Record<string, number>> = {
  es: {
    gracias: 2, ayuda: 1, ayudar: 1, excelente: 3, genial: 3, bueno: 2, perfecto: 3, por: 0, favor: 1,
    inaceptable: -4, indignante: -4, harto: -3, harta: -3, pesimo: -4, terrible: -3, horrible: -3, caido: -2,
    problema: -2, error: -2, perdiendo: -2, abogados: -2, nadie: -1, otra: -1, urgente: -1, mal: -2,
  },
  de: {
    danke: 2, bitte: 1, hilfe: 1, super: 3, toll: 3, gut: 2, perfekt: 3,
    frechheit: -4, unverschamt: -4, inakzeptabel: -4, katastrophe: -4, schrecklich: -3, ausgefallen: -2,
    fehler: -2, problem: -2, anwalt: -2, sofort: -1, dringend: -1, niemand: -1, schlecht: -2, arger: -3,
  },
  fr: {
    merci: 2, aide: 1, excellent: 3, super: 3, bien: 2, parfait: 3,
    inadmissible: -4, inacceptable: -4, scandaleux: -4, honteux: -4, nul: -3, terrible: -3, panne: -2,
    bloque: -2, probleme: -2, erreur: -2, avocat: -2, resilier: -2, marre: -3,
  },
  pt: {
    obrigado: 2, obrigada: 2, ajuda: 1, ajudar: 1, otimo: 3, excelente: 3, perfeito: 3,
    inaceitavel: -4, absurdo: -3, pessimo: -4, ridiculo: -3, terrivel: -3, problema: -2, erro: -2,
    advogado: -2, ninguem: -1, nao: -1, urgente: -1,
  },
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
