/**
 * The reply plan the customer_response step would make for a ticket under the default policy (knowledge
 * base, language, templates), as `respond` input. Lets reasoner tests ask for a reply the way the step does.
 */
import type { Classification } from '../../../connectors/llm/schemas.ts';
import type { RespondInput, TicketFacts } from '../../../connectors/llm/types.ts';
import type { CompiledPolicy } from '../../../src/policy/compile.ts';
import { DEFAULT_POLICY_FILE, loadPolicy } from '../../../src/policy/load.ts';
import { planInput, planReply } from '../../../src/knowledge/plan.ts';

let policy: Promise<CompiledPolicy> | null = null;

export async function plannedReply(ticket: TicketFacts, classification: Classification, escalating = false): Promise<Pick<RespondInput, 'mode' | 'language' | 'templates' | 'article'>> {
  policy ??= loadPolicy(DEFAULT_POLICY_FILE);
  return planInput(planReply(await policy, { classification, text: `${ticket.subject ?? ''}\n${ticket.description}`, escalating }));
}
