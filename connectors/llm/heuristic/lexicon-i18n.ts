/**
 * Escalation cues in languages other than English (German, Spanish, French, Portuguese), as regular
 * expression sources over *normalised* text (lower case, no diacritics, straight apostrophes; see
 * `normalise` in `lexicon.ts`): "kündigen" is written `kundigen`, "não" `nao`, "réclamation" `reclamation`.
 * German "ß" survives normalisation, so German cues write `(ss|ß)`; umlauts typed as "ue"/"oe"/"ae" are
 * covered where customers commonly do so (`ku(e)?ndig`).
 *
 * Written per language in `i18n/<code>.ts` (`CUES_BY_LANGUAGE`); `lexicon.ts` (`inLanguage`) appends the
 * ticket's language's patterns to the English list of the same group, so a rule reads one list.
 * `FOREIGN_CUES` flattens all four, for tests.
 *
 * Rules the patterns follow: general phrasings of a support situation, never sentences from a
 * particular ticket; word boundaries on both ends; the threat or the incident, not the polite request
 * next to it (German "bitte", a plain order cancellation like "cancelar mi pedido", a how-to question
 * about two-factor authentication, "rappelez-moi comment..." (remind me) are not cues).
 */
import * as de from './i18n/de.ts';
import * as es from './i18n/es.ts';
import * as fr from './i18n/fr.ts';
import * as pt from './i18n/pt.ts';

/** The cue groups `lexicon.ts` reads; each name matches an exported pattern list there. */
export type CueGroup =
  | 'angerStrong'
  | 'angerMild'
  | 'immediacy'
  | 'ultimatum'
  | 'legal'
  | 'human'
  | 'executive'
  | 'repeat'
  | 'churn'
  | 'publicComplaint'
  | 'outage'
  | 'security'
  | 'dataLoss'
  | 'business'
  | 'revenue'
  /** Filing a formal complaint ("Beschwerde einreichen", "hoja de reclamaciones", "faire une réclamation"). */
  | 'complaint'
  /** Money taken wrongly: charged twice, chargeback, refund not received. Read with the stated service failures. */
  | 'billingDispute';

export type Cues = Record<CueGroup, string[]>;


/** Cue patterns per language, for rules or tests that need to know which language a cue came from. */
export const CUES_BY_LANGUAGE: Record<'de' | 'es' | 'fr' | 'pt', Cues> = { de: de.cues, es: es.cues, fr: fr.cues, pt: pt.cues };

const GROUPS = Object.keys(de.cues) as CueGroup[];

/** Every language's patterns of a group, one list per group. */
export const FOREIGN_CUES: Record<CueGroup, string[]> = Object.fromEntries(
  GROUPS.map((group) => [group, Object.values(CUES_BY_LANGUAGE).flatMap((cues) => cues[group])]),
) as Record<CueGroup, string[]>;
/**
 * Scored sentiment words per language (AFINN scale, -5..5), over normalised single words. Words that
 * say nothing about mood in a support message ("bitte", "por favor", "ayuda", "aide") are left out, as
 * "help" and "please" are neutral in English; negation is handled by the sentiment reader.
 */
export const FOREIGN_SENTIMENT: Record<string, Record<string, number>> = { de: de.sentiment, es: es.sentiment, fr: fr.sentiment, pt: pt.sentiment };
