/**
 * Language detection: which language a ticket is written in, so the right word lists and reply
 * templates apply. `franc-min` trigram profiles, restricted to the languages a support desk plausibly
 * receives, with a stopword vote that settles short texts.
 */
import { franc } from 'franc-min';
import { normalise } from './lexicon.ts';

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
export function detectLanguage(text: string): string {
  const normalisedText = normalise(text);
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

