/**
 * The fake OpenAI's default behaviour: a schema-valid answer for each `response_format` the reasoner uses,
 * computed by the heuristic reasoner from the data block of the request. With it, the whole pipeline gets
 * realistic answers in openai mode, and the real SDK, prompts and validation are exercised.
 */
import { createHeuristicReasoner } from '../../connectors/llm/heuristic/index.ts';
import type { Analysis, Classification } from '../../connectors/llm/schemas.ts';
import type { Reasoner, TicketFacts } from '../../connectors/llm/types.ts';
import type { FakeHandler, FakeReply, RecordedRequest } from './openai-server.ts';

/** What the reasoner's prompts put in the data block (see connectors/llm/openai/prompts.ts). */
interface DataBlock {
  ticket?: TicketFacts;
  classification?: Classification;
  analysis?: Analysis | null;
}

function nullsToUndefined(facts: Record<string, unknown> = {}): Record<string, unknown> {
  return Object.fromEntries(Object.entries(facts).map(([key, value]) => [key, value === null ? undefined : value]));
}

/** Computes the answer a well-behaved model would give to `request`, or undefined if it cannot. */
export async function answerFor(reasoner: Reasoner, request: RecordedRequest): Promise<object | undefined> {
  const data = request.data as DataBlock | undefined;
  const ticket = data?.ticket;
  if (!ticket) return undefined;
  const { classification, analysis } = data;
  // Facts come from the engine; the fake trusts the reasoner to have sent the right ones.
  const facts = nullsToUndefined(request.facts);
  switch (request.responseFormat?.name) {
    case 'assessment':
      return (await reasoner.assess(ticket)).value;
    case 'analysis':
      return classification ? (await reasoner.analyse(ticket, classification)).value : undefined;
    case 'decision':
      if (!classification || !analysis) return undefined;
      return (await reasoner.decide({ ticket, classification, analysis, overallRisk: Number(facts.overallRisk ?? 0) })).value;
    case 'customer_response':
      if (!classification) return undefined;
      return (
        await reasoner.respond({
          ticket,
          classification,
          analysis: analysis ?? null,
          decision: String(facts.decision ?? 'no_escalation'),
          escalating: facts.escalating === true,
          teamName: facts.teamName as string | undefined,
          expectedWait: facts.expectedWait as string | undefined,
        })
      ).value;
    default:
      return undefined;
  }
}

/** A handler answering every known response_format from `reasoner` (the heuristic one by default). */
export function smartHandler(reasoner: Reasoner = createHeuristicReasoner()): FakeHandler {
  return async (request): Promise<FakeReply> => {
    const answer = await answerFor(reasoner, request);
    if (answer === undefined) {
      return {
        status: 400,
        error: { message: `fake OpenAI cannot answer response_format ${String(request.responseFormat?.name)} without a ticket in the data block`, param: 'response_format' },
      };
    }
    return { content: answer };
  };
}
