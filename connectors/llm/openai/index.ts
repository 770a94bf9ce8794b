/**
 * The OpenAI reasoner: one structured-output call per method, every reply validated by the zod schemas
 * in ../schemas.ts, and the heuristic reasoner answering whenever the model's reply is unusable.
 */
import type { Reasoned, Reasoner, ReasonerUsage } from '../types.ts';
import { analysisSchema, assessmentSchema, customerResponseSchema, decisionSchema } from '../schemas.ts';
import { callStructured, type CallOutcome, type CallSettings } from './call.ts';
import { createClient } from './client.ts';
import { rejectContactDetails } from './guard.ts';
import { buildMessages } from './prompts.ts';
import { replyMode } from '../heuristic/respond.ts';
import type { ReplyMode } from '../types.ts';
import type { CustomerResponse } from '../schemas.ts';

const RESPONSE_TYPE: Record<ReplyMode, CustomerResponse['responseType']> = {
  escalation: 'escalation_acknowledgment',
  solution: 'solution_provision',
  queued: 'acknowledgment',
  feature_request: 'acknowledgment',
  compliment: 'acknowledgment',
  clarification: 'clarification_request',
};

export interface OpenAIReasonerOptions {
  apiKey: string;
  /** Any Chat Completions compatible endpoint (Azure OpenAI v1, Ollama, vLLM, a local fake). */
  baseURL?: string;
  model: string;
  /** Per HTTP attempt. */
  timeoutMs: number;
  /** Retries of one request by the SDK (connection errors, timeouts, 408/409/429/5xx); 0 disables them. */
  maxRetries: number;
  /** Longest `Retry-After` worth waiting for before falling back instead; defaults to `timeoutMs`. */
  maxRetryAfterMs?: number;
  /** Answers whenever the model's reply cannot be used. */
  fallback: Reasoner;
}

function addUsage(spent: ReasonerUsage, extra: ReasonerUsage): ReasonerUsage {
  return {
    calls: spent.calls + extra.calls,
    promptTokens: spent.promptTokens + extra.promptTokens,
    completionTokens: spent.completionTokens + extra.completionTokens,
    model: spent.model,
  };
}

async function settle<T>(outcome: CallOutcome<T>, fallback: () => Promise<Reasoned<T>>): Promise<Reasoned<T>> {
  if (outcome.ok) return { value: outcome.value, usage: outcome.usage, source: 'openai' };
  const answer = await fallback();
  return {
    value: answer.value,
    // Tokens spent on the unusable reply are still spent: keep them on the record.
    usage: addUsage(outcome.usage, answer.usage),
    source: 'heuristic',
    fallbackReason: `openai: ${outcome.reason}; answered by the heuristic reasoner`,
  };
}

/** Creates the OpenAI-backed reasoner. Makes no request until a method is called. */
export function createOpenAIReasoner(options: OpenAIReasonerOptions): Reasoner {
  const settings: CallSettings = {
    client: createClient({
      apiKey: options.apiKey,
      baseURL: options.baseURL,
      timeoutMs: options.timeoutMs,
      maxRetries: options.maxRetries,
      maxRetryAfterMs: options.maxRetryAfterMs ?? options.timeoutMs,
    }),
    model: options.model,
    apiKey: options.apiKey,
    timeoutMs: options.timeoutMs,
    maxRetries: options.maxRetries,
  };
  const { fallback } = options;

  return {
    name: 'openai',

    async assess(ticket) {
      const outcome = await callStructured(settings, {
        schemaName: 'assessment',
        schema: assessmentSchema,
        messages: buildMessages('assess', { ticket }),
      });
      return settle(outcome, () => fallback.assess(ticket));
    },

    async analyse(ticket, classification) {
      const outcome = await callStructured(settings, {
        schemaName: 'analysis',
        schema: analysisSchema,
        messages: buildMessages('analyse', { ticket, classification }),
      });
      return settle(outcome, () => fallback.analyse(ticket, classification));
    },

    async decide(input) {
      const { ticket, classification, analysis, overallRisk } = input;
      const outcome = await callStructured(settings, {
        schemaName: 'decision',
        schema: decisionSchema,
        messages: buildMessages('decide', { ticket, classification, analysis }, { overallRisk }),
      });
      return settle(outcome, () => fallback.decide(input));
    },

    async respond(input) {
      const { ticket, classification, analysis, decision, escalating, teamName, expectedWait } = input;
      const mode = replyMode(input);
      // The article is trusted policy data, so it travels with the facts; the ticket stays in the untrusted block.
      const article = mode === 'solution' && input.article ? { title: input.article.title, body: input.article.body } : null;
      const outcome = await callStructured(settings, {
        schemaName: 'customer_response',
        schema: customerResponseSchema,
        messages: buildMessages(
          'respond',
          { ticket, classification, analysis },
          { decision, escalating, mode, language: input.language ?? classification.language, article, teamName: teamName ?? null, expectedWait: expectedWait ?? null },
        ),
        guard: rejectContactDetails,
      });
      // The step decided what kind of message this is; the record must say that, whatever the model labelled it.
      const settled = await settle(outcome, () => fallback.respond(input));
      return settled.source === 'openai' ? { ...settled, value: { ...settled.value, responseType: RESPONSE_TYPE[mode] } } : settled;
    },
  };
}
