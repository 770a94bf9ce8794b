/**
 * The reasoner: the domain interface steps call for judgement. Steps never see prompts or SDKs.
 *
 * Two implementations: `heuristic` (offline, deterministic, the default) and `openai`.
 */
import type { ReplyTemplates } from './replies.ts';
import type { StoredClassification } from '../../src/domain/support.ts';
import type { Analysis, Assessment, CustomerResponse, ReasonedDecision } from './schemas.ts';

/**
 * The classification a step hands back to the reasoner: the one stored on the task, which may carry the
 * engine's own `classification_failure` signal besides the reasoner's.
 */
export type ClassificationInput = StoredClassification;

/** The ticket as the reasoner sees it. All text is untrusted customer input. */
export interface TicketFacts {
  id?: string;
  subject?: string;
  description: string;
  channel?: string;
  customerTier?: string;
  accountValue?: number;
  previousTicketCount?: number;
  supportHistory?: string[];
  escalationHistory?: string[];
  /** Later customer messages in the conversation, oldest first. */
  followUps?: string[];
}

export interface ReasonerUsage {
  calls: number;
  promptTokens: number;
  completionTokens: number;
  model?: string;
}

/** Every answer says how it was obtained, so the run record can explain it. */
export interface Reasoned<T> {
  value: T;
  /** Model calls and tokens spent on this answer (zero for the heuristic). */
  usage: ReasonerUsage;
  /** Which reasoner produced `value` (`heuristic` when the model's reply was unusable). */
  source: 'heuristic' | 'openai';
  /** Set when the configured reasoner failed and another path produced `value`; says why. */
  fallbackReason?: string;
}

export interface DecideInput {
  ticket: TicketFacts;
  classification: ClassificationInput;
  analysis: Analysis;
  /** Overall risk 0..100 computed by the analysis step. */
  overallRisk: number;
}

export interface RespondInput {
  ticket: TicketFacts;
  classification: ClassificationInput;
  analysis: Analysis | null;
  decision: string;
  escalating: boolean;
  /** Display name of the team taking over, when escalating. */
  teamName?: string;
  /** Human-readable expected wait in the reply's language, e.g. "within 15 minutes", "innerhalb von 4 Stunden". */
  expectedWait?: string;
  /**
   * What the step decided to send: `escalation` (a person takes over), `solution` (answer from `article`),
   * `queued` (no confident answer: `teamName` replies personally within `expectedWait`), `feature_request`,
   * `compliment`, or `clarification` (ask for details). Derived from `escalating` and the classification
   * when absent; never `solution` without an article.
   */
  mode?: ReplyMode;
  /** The knowledge-base article to answer with; trusted text from the policy's folder, the only source of steps. */
  article?: { id: string; title: string; body: string; language: string; confidence: number };
  /** ISO 639-1 code to write in: the ticket's language when it has templates, else the policy's fallback. */
  language?: string;
  /** The customer-facing templates of `language`; the shipped English ones when absent. */
  templates?: ReplyTemplates;
}

export type ReplyMode = 'escalation' | 'solution' | 'queued' | 'feature_request' | 'compliment' | 'clarification';

export interface Reasoner {
  readonly name: 'heuristic' | 'openai';
  /** Classification and sentiment/complexity analysis of a ticket, in one answer. */
  assess(ticket: TicketFacts): Promise<Reasoned<Assessment>>;
  /** Sentiment/complexity analysis alone, when a classification already exists (e.g. after new messages). */
  analyse(ticket: TicketFacts, classification: ClassificationInput): Promise<Reasoned<Analysis>>;
  /** Escalation decision for cases the policy's triggers leave open. */
  decide(input: DecideInput): Promise<Reasoned<ReasonedDecision>>;
  /** The message sent to the customer. */
  respond(input: RespondInput): Promise<Reasoned<CustomerResponse>>;
}

/**
 * The same reasoner with `around` run about every call (to count its usage, to time it): one place
 * that lists the methods, so a new method cannot be left unwrapped in one of the wrappers.
 */
export function aroundEachCall(inner: Reasoner, around: <T>(call: () => Promise<Reasoned<T>>) => Promise<Reasoned<T>>): Reasoner {
  const wrap = <A extends unknown[], T>(method: (...args: A) => Promise<Reasoned<T>>) => (...args: A): Promise<Reasoned<T>> => around(() => method(...args));
  return {
    name: inner.name,
    assess: wrap(inner.assess.bind(inner)),
    analyse: wrap(inner.analyse.bind(inner)),
    decide: wrap(inner.decide.bind(inner)),
    respond: wrap(inner.respond.bind(inner)),
  };
}
