/**
 * Signal detectors: one reading of the ticket that classification and analysis both use, so the two
 * never disagree about what the customer said.
 */
import type { TicketFacts } from '../types.ts';
import * as L from './lexicon.ts';
import { detectLanguage } from './language.ts';
import { readSentiment, type SentimentReading } from './sentiment.ts';
import { repairTypos } from './spelling.ts';

/** Everything the rules look at, extracted once per ticket. */
export interface TicketReading {
  facts: TicketFacts;
  subject: string;
  /** Description plus follow-ups, original casing. */
  body: string;
  normSubject: string;
  normBody: string;
  /** Normalised subject + body. */
  norm: string;
  language: string;
  sentiment: SentimentReading;
  angerStrong: string[];
  angerMild: string[];
  immediacy: string[];
  ultimatum: string[];
  intensifiers: string[];
  demand: string[];
  legal: string[];
  human: string[];
  /** Wants to file a formal complaint or a claim against the company. */
  complaint: string[];
  /** Service failures stated as facts (waiting, no answer, delays, lost items), outside hypothetical questions. */
  failures: string[];
  /** Praise used to mean its opposite. */
  sarcasm: string[];
  executive: string[];
  /** Many users, a whole team or company affected. */
  widespread: string[];
  /** Something has stopped or broken (as opposed to a how-to question). */
  incident: string[];
  /** A chargeback or a disputed charge. */
  dispute: string[];
  repeat: string[];
  churn: string[];
  publicComplaint: string[];
  outage: string[];
  security: string[];
  dataLoss: string[];
  business: string[];
  revenue: string[];
  techTerms: string[];
  /** Words written in capitals that are not acronyms: the written form of shouting. */
  shouting: string[];
  exclamations: number;
  /** "!!" or more in a row. */
  exclamationRuns: number;
}

/** Returns the matched phrase of every pattern that matches, each phrase once. */
export function matches(text: string, patterns: RegExp[]): string[] {
  const found: string[] = [];
  for (const pattern of patterns) {
    const hit = pattern.exec(text);
    const phrase = hit?.[0].trim();
    if (phrase && !found.includes(phrase)) found.push(phrase);
  }
  return found;
}

/** Upper-case tokens that are normal to write in capitals. */
const ACRONYMS = new Set([
  'API', 'APIS', 'URL', 'URLS', 'HTTP', 'HTTPS', 'JSON', 'XML', 'CSV', 'PDF', 'SSO', 'SAML', 'SDK', 'CLI', 'UTC', 'GMT',
  'SLA', 'GDPR', 'XSS', 'CSRF', 'SQL', 'REST', 'USD', 'EUR', 'GBP', 'CEO', 'CTO', 'CFO', 'COO', 'CIO', 'VP', 'SVP',
  'DNS', 'SSL', 'TLS', 'CORS', 'CDN', 'MFA', 'OTP', 'IOS', 'AWS', 'GCP', 'CRM', 'ERP', 'FAQ', 'ASAP', 'OAUTH', 'JWT',
  'UI', 'UX', 'ID', 'IDS', 'PIN', 'VAT', 'IBAN', 'ACH', 'EU', 'UK', 'USA', 'NYC', 'IT', 'HR', 'QA', 'PST', 'EST', 'CET',
]);

/** All-caps words of three letters or more that are not acronyms. */
export function shoutedWords(text: string): string[] {
  const tokens = text.match(/\b[\p{Lu}][\p{Lu}']{2,}\b/gu) ?? [];
  return tokens.filter((t) => !ACRONYMS.has(t.replace(/'/g, '')));
}

/** Sentences of `norm` that state something, without the "will my flight be delayed?" kind. */
function assertions(norm: string): string {
  return norm.split(/(?<=[.!?])\s+|\n+/).filter((sentence) => !L.isHypothetical(sentence)).join('\n');
}

/**
 * "Thanks for keeping us on the tarmac for six hours", "so glad I waited an hour to reach voicemail":
 * praise whose object is a failure. Praise for how a failure was handled ("thanks for rebooking me after
 * the cancellation") is not sarcasm, so a sentence that names the fix or the help is left alone.
 */
function praisedFailures(norm: string): string[] {
  const found: string[] = [];
  for (const sentence of norm.split(/(?<=[.!?])\s+|\n+/)) {
    const praise = /\b(thanks?( you)?|(so |very |really )?glad|love|great|wonderful|awesome|fantastic|appreciate|nice|happy|brilliant|perfect)\b/.exec(sentence);
    if (!praise) continue;
    const rest = sentence.slice(praise.index + praise[0].length);
    if (/\b(after|despite|even though|although|when|once|during|while|dealing with|handling|help\w*|rebook\w*|fix\w*|sorted|resolved|finally|got (me|us)|getting (me|us)|but)\b/.test(rest)) continue;
    const failure = matches(rest, L.SERVICE_FAILURE)[0];
    if (failure) found.push(`${praise[0]} ... ${failure}`.slice(0, 60));
  }
  return found;
}

/** Reads the ticket once: language, sentiment and every lexicon hit. */
export function readTicket(facts: TicketFacts): TicketReading {
  const subject = facts.subject ?? '';
  const body = [facts.description, ...(facts.followUps ?? [])].filter(Boolean).join('\n');
  const language = detectLanguage(`${subject}. ${body}`);
  // Slips in the decisive English words ("eprson", "filr a complaint") would hide the cue.
  const tidy = (text: string): string => (language === 'en' ? repairTypos(L.normalise(text)) : L.normalise(text));
  const normSubject = tidy(subject);
  const normBody = tidy(body);
  const norm = `${normSubject}\n${normBody}`;
  const all = `${subject}\n${body}`;
  const stated = assertions(norm);
  const sarcasm = [...matches(norm, L.SARCASM), ...praisedFailures(norm)];
  const cues = (list: RegExp[]): RegExp[] => L.inLanguage(list, language);
  return {
    facts,
    subject,
    body,
    normSubject,
    normBody,
    norm,
    language,
    sentiment: readSentiment(all, language, sarcasm.length > 0),
    angerStrong: matches(norm, cues(L.ANGER_STRONG)),
    angerMild: matches(norm, cues(L.ANGER_MILD)),
    immediacy: matches(norm, cues(L.IMMEDIACY)),
    ultimatum: matches(norm, cues(L.ULTIMATUM)),
    intensifiers: matches(norm, cues(L.INTENSIFIERS)),
    demand: matches(norm, cues(L.DEMAND)),
    legal: matches(norm, cues(L.LEGAL)),
    human: matches(norm, cues(L.HUMAN_REQUEST)),
    complaint: matches(norm, cues(L.COMPLAINT)),
    failures: matches(stated, cues(L.SERVICE_FAILURE)),
    sarcasm,
    executive: matches(norm, cues(L.EXECUTIVE)),
    widespread: matches(norm, cues(L.WIDESPREAD)),
    incident: matches(stated, cues(L.INCIDENT)),
    dispute: matches(norm, cues(L.PAYMENT_DISPUTE)),
    repeat: matches(norm, cues(L.REPEAT)),
    churn: matches(norm, cues(L.CHURN)),
    publicComplaint: matches(norm, cues(L.PUBLIC)),
    outage: matches(norm, cues(L.OUTAGE)),
    security: matches(norm, cues(L.SECURITY)),
    dataLoss: matches(norm, cues(L.DATA_LOSS)),
    business: matches(norm, cues(L.BUSINESS_IMPACT)),
    revenue: matches(norm, cues(L.REVENUE)),
    techTerms: matches(norm, cues(L.TECH_TERMS)),
    shouting: shoutedWords(all),
    exclamations: (all.match(/!/g) ?? []).length,
    exclamationRuns: (all.match(/!{2,}/g) ?? []).length,
  };
}

/**
 * How the message reads, on the AFINN scale: the shifted word score, minus what stated service failures,
 * sarcasm and a formal complaint say without negative words.
 */
export function toneOf(r: TicketReading): number {
  // Shouting is left out on purpose: on real tweets it marks excitement as often as anger.
  const markers = L.COMPLAINT_MARKERS.reduce((sum, [pattern, weight]) => sum + (pattern.test(r.norm) ? weight : 0), 0);
  return r.sentiment.score - 1.5 * Math.min(3, r.failures.length) - (r.sarcasm.length ? 2 : 0) - (r.complaint.length ? 2 : 0)
    - (r.human.length ? 1.5 : 0) - Math.min(2, markers);
}

export interface Scored {
  level: number;
  reasons: string[];
}

const quote = (words: string[], max = 2): string => words.slice(0, max).map((w) => `'${w}'`).join(', ');
const clamp = (n: number): number => Math.max(0, Math.min(100, Math.round(n)));

/**
 * Frustration 0..100. Points, not a model: each ingredient a support lead would name (anger words,
 * shouting, threats, repeat contact, lexical sentiment) adds a bounded amount, so one cue cannot dominate
 * and the rationale lists exactly what counted.
 */
export function frustrationOf(r: TicketReading): Scored {
  const reasons: string[] = [];
  let level = 5;
  const add = (points: number, reason: string): void => {
    level += points;
    reasons.push(`${reason} (+${Math.round(points)})`);
  };
  if (r.angerStrong.length) add(Math.min(45, 22 * r.angerStrong.length), `angry wording: ${quote(r.angerStrong)}`);
  if (r.angerMild.length) add(Math.min(20, 10 * r.angerMild.length), `frustrated wording: ${quote(r.angerMild)}`);
  if (r.shouting.length) add(Math.min(16, 8 * r.shouting.length), `shouting in capitals: ${quote(r.shouting)}`);
  if (r.intensifiers.length) add(4 * r.intensifiers.length, `intensified wording: ${quote(r.intensifiers)}`);
  if (r.exclamationRuns) add(8, 'repeated exclamation marks');
  else if (r.exclamations >= 2) add(4, 'several exclamation marks');
  if (r.legal.length) add(20, 'threatens legal action');
  if (r.publicComplaint.length) add(15, 'threatens to complain publicly');
  if (r.churn.length) add(20, 'threatens to leave');
  if (r.repeat.length) add(12, 'has had to come back about this');
  const shoutedUrgency = r.shouting.filter((w) => /^(NOW|ASAP|URGENT|IMMEDIATELY|TODAY)$/.test(w));
  if (r.immediacy.length || shoutedUrgency.length) add(6, `demands speed: ${quote([...r.immediacy, ...shoutedUrgency], 1)}`);
  if (r.demand.length) add(10, `gives orders: ${quote(r.demand, 1)}`);
  if (r.ultimatum.length && (r.legal.length || r.churn.length || r.publicComplaint.length || r.immediacy.length)) {
    add(8, `sets an ultimatum: ${quote(r.ultimatum, 1)}`);
  }
  // Victims of a compromise are worried even when they write calmly; someone reporting a flaw is not.
  if (r.security.length && /\b(my|our) (account|data|customers|card|information|orders?)\b|\bwasn'?t me\b|\bdidn'?t (place|make)\b/.test(r.norm)) {
    add(20, 'worried about a compromise of their own account or data');
  }
  if (r.human.length) add(6, 'asks for a person');
  if (r.complaint.length) add(45, `wants to file a formal complaint: ${quote(r.complaint, 1)}`);
  if (r.failures.length) add(Math.min(24, 8 * r.failures.length), `reports the service failing them: ${quote(r.failures)}`);
  if (r.sarcasm.length) add(15, `sarcasm: ${quote(r.sarcasm, 1)}`);
  if (r.revenue.length || (r.outage.length && r.business.length)) add(15, 'their business is losing money or stopped');
  if (r.facts.escalationHistory?.length) add(5, 'escalated before');
  const s = r.sentiment.score;
  if (s < 0) add(Math.min(25, -s * 2), `negative wording overall (sentiment ${s})`);
  if (s > 0) {
    level -= Math.min(15, s * 2);
    reasons.push(`friendly wording (sentiment +${s})`);
  }
  return { level: clamp(level), reasons };
}
