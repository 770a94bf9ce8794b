/**
 * Typo repair for the words that decide an escalation.
 *
 * Customers type fast on phones: "eprson", "talkk", "assistgant", "filr a complaint", "tosomebody". The
 * cue patterns are exact, so one slip used to hide a request for a person. This repairs only tokens
 * that are not English words (the `an-array-of-english-words` list, MIT) and are one edit (two for long
 * words) away from a short list of decisive words. So "contract", "compliant" and "failing" stay what
 * they are, and a token close to two different decisive words is ambiguous and left alone too.
 */
import { isEnglishWord as isWord } from '../../../src/text/dictionary.ts';

/** The words the escalation cues hinge on (English, normalised). */
const DECISIVE = [
  'person', 'people', 'somebody', 'someone', 'anyone', 'anybody', 'human', 'operator', 'agent', 'assistant',
  'representative', 'supervisor', 'manager', 'customer', 'service', 'support', 'speak', 'speaking', 'talking',
  'chatting', 'contact', 'contacting', 'assistance', 'complaint', 'complain', 'complaints', 'claim', 'reclamation',
  'lodge', 'lodging', 'filing', 'company', 'business', 'organization', 'organisation', 'unhappy', 'terrible',
  'horrible', 'awful', 'frustrated', 'disappointed', 'ridiculous', 'unacceptable', 'useless', 'refund', 'cancel',
  'cancelled', 'canceled', 'subscription', 'account', 'password', 'delayed', 'luggage', 'baggage', 'waiting',
  'nobody', 'answer', 'response', 'please', 'immediately', 'urgent', 'problem', 'experience', 'talk', 'chat',
  'call', 'file',
];

/** Short words glued to a decisive word: "tosomebody", "helpme". */
const GLUE = ['to', 'with', 'a', 'an', 'the', 'i', 'me', 'help', 'my'];

const byLength = new Map<number, string[]>();
for (const word of DECISIVE) {
  const list = byLength.get(word.length) ?? [];
  list.push(word);
  byLength.set(word.length, list);
}
const decisive = new Set(DECISIVE);

/** Optimal-string-alignment distance, capped: returns `max + 1` as soon as it is exceeded. */
function distance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) rows.push([i]);
  for (let j = 1; j <= b.length; j++) (rows[0] as number[])[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let best = Infinity;
    for (let j = 1; j <= b.length; j++) {
      const row = rows[i] as number[];
      const prev = rows[i - 1] as number[];
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, ((rows[i - 2] as number[])[j - 2] as number) + 1);
      row[j] = d;
      best = Math.min(best, d);
    }
    if (best > max) return max + 1;
  }
  return (rows[a.length] as number[])[b.length] as number;
}

/** The decisive word `token` is a slip of, when exactly one is close enough. */
function repairWord(token: string): string | null {
  if (token.length < 4 || decisive.has(token) || isWord(token)) return null;
  const max = token.length >= 10 ? 2 : 1;
  let found: string | null = null;
  for (let len = token.length - max; len <= token.length + max; len++) {
    for (const word of byLength.get(len) ?? []) {
      if (distance(token, word, max) <= max) {
        if (found && found !== word) return null;
        found = word;
      }
    }
  }
  return found;
}

function unglue(token: string): string | null {
  for (const glue of GLUE) {
    if (token.startsWith(glue) && decisive.has(token.slice(glue.length))) return `${glue} ${token.slice(glue.length)}`;
    if (token.endsWith(glue) && decisive.has(token.slice(0, -glue.length))) return `${token.slice(0, -glue.length)} ${glue}`;
  }
  return null;
}

/** What a token becomes, remembered: most tokens recur across tickets and the answer depends on the token alone. */
const repaired = new Map<string, string>();
function repairToken(token: string): string {
  let fixed = repaired.get(token);
  if (fixed === undefined) {
    fixed = repairWord(token) ?? unglue(token) ?? token;
    // Bounded so a long run over unusual text cannot grow it forever.
    if (repaired.size >= 50_000) repaired.clear();
    repaired.set(token, fixed);
  }
  return fixed;
}

/** Normalised English text with slips of decisive words repaired; everything else is kept as it was. */
export function repairTypos(normalisedText: string): string {
  return normalisedText.replace(/[a-z]{4,}/g, repairToken);
}
