/**
 * The offline heuristic reasoner: the default, and the fallback when the model's answer is unusable.
 *
 * Lexicon and rule based: one reading of the ticket (`signals.ts`) with cue lists per language
 * (`lexicon.ts`, `lexicon-i18n.ts`), typo repair of the decisive words (`spelling.ts`), AFINN sentiment with
 * valence shifters (`sentiment.ts`) and `eld` language detection (`language.ts`); see docs/reasoner.md.
 * Deterministic: no clock, no randomness, same facts give the same answer.
 */
import { z } from 'zod';
import {
  analysisSchema,
  assessmentSchema,
  customerResponseSchema,
  decisionSchema,
} from '../schemas.ts';
import type { Reasoned, Reasoner, ReasonerUsage } from '../types.ts';
import { analyseTicket, assessTicket } from './assess.ts';
import { decideEscalation } from './decide.ts';
import { composeResponse } from './respond.ts';

export { assessTicket, analyseTicket } from './assess.ts';
export { decideEscalation } from './decide.ts';
export { composeResponse } from './respond.ts';

const NO_USAGE: ReasonerUsage = { calls: 0, promptTokens: 0, completionTokens: 0 };

// Parsing our own output costs microseconds and turns a rule bug into a loud error instead of a bad field.
// Compiled once here (zod's fast path; anything it does not accept goes through the ordinary parse, so
// the same errors are thrown): these run for every ticket.
const assessment = z.compile(assessmentSchema);
const analysis = z.compile(analysisSchema);
const decision = z.compile(decisionSchema);
const customerResponse = z.compile(customerResponseSchema);

const reasoned = <T>(value: T): Reasoned<T> => ({ value, usage: { ...NO_USAGE }, source: 'heuristic' });

/** Creates the deterministic, offline reasoner. */
export function createHeuristicReasoner(): Reasoner {
  return {
    name: 'heuristic',
    async assess(ticket) {
      return reasoned(assessment.parse(assessTicket(ticket)));
    },
    async analyse(ticket, classification) {
      return reasoned(analysis.parse(analyseTicket(ticket, classification)));
    },
    async decide(input) {
      return reasoned(decision.parse(decideEscalation(input)));
    },
    async respond(input) {
      return reasoned(customerResponse.parse(composeResponse(input)));
    },
  };
}
