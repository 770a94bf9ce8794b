/**
 * A customer wrote again while no person owns the ticket: refresh the analysis with the new message,
 * decide again with the policy's triggers (a calm ticket can become an escalation), and answer.
 * An escalation found here is handed off by the human_handoff step, which matches next.
 */
import { defineStep } from '../src/engine/step.ts';
import type { JsonObject } from '../src/engine/types.ts';
import { mergePatch } from '../src/engine/patch.ts';
import { sendToCustomer } from './customer-response.ts';
import { decide, preparation } from './escalation-decision.ts';
import { humanDuration, ticketFacts, view } from './lib/read.ts';
import { analysisFields } from './sentiment-complexity.ts';

export default defineStep({
  id: 'customer_reply',
  title: 'Customer reply: re-analyse with the new message, re-decide, answer',
  condition: { 'customerReply.receivedAt': { $exists: true }, 'customerReply.handledAt': null, 'support.classification': { $type: 'object' } },
  async run(ctx) {
    const d = view(ctx.data);
    const classification = d.support.classification;
    if (!classification) throw new Error('support.classification is missing');
    const reply = ctx.data.customerReply as { count?: number };
    const count = typeof reply.count === 'number' ? reply.count : 1;
    const answer = await ctx.connectors.reasoner.analyse(ticketFacts(ctx.data), classification);
    ctx.recordUsage(answer.usage, answer.fallbackReason);
    const refreshed = analysisFields(ctx, answer.value, answer.source);
    const patch: JsonObject = { ...refreshed };

    const alreadyEscalated = d.escalationDecision?.escalationRecommended === true;
    let escalating = alreadyEscalated;
    if (!alreadyEscalated) {
      const outcome = await decide(ctx, mergePatch(ctx.data as JsonObject, refreshed));
      if (outcome.decision.escalationRecommended) {
        escalating = true;
        ctx.explain(`the reply changed the decision to ${outcome.decision.decision}`);
        patch.escalationDecision = { ...outcome.decision, decidedBy: outcome.decidedBy, triggersEvaluated: outcome.evaluated, decisionMadeAt: ctx.now().toISOString(), after: `customer reply ${count}` } as unknown as JsonObject;
        patch.escalationPreparation = preparation(ctx, outcome.decision, outcome.trigger, mergePatch(ctx.data as JsonObject, refreshed));
      } else {
        ctx.explain('still no escalation after the reply');
      }
    }
    const prep = (patch.escalationPreparation ?? d.escalationPreparation) as { targetTeam: string; urgencyLevel: 'immediate' | 'urgent' | 'standard' | 'scheduled' } | undefined;
    const response = await ctx.connectors.reasoner.respond({
      ticket: ticketFacts(ctx.data),
      classification,
      analysis: answer.value,
      decision: ((patch.escalationDecision ?? d.escalationDecision) as { decision?: string } | undefined)?.decision ?? 'no_escalation',
      escalating,
      ...(prep ? { teamName: ctx.policy.team(prep.targetTeam).name, expectedWait: humanDuration(ctx.policy.source.timings.follow_up_minutes[prep.urgencyLevel]) } : {}),
    });
    ctx.recordUsage(response.usage, response.fallbackReason);
    const delivery = await sendToCustomer(ctx, response.value.responseMessage, `reply_to_customer_message_${count}`);
    const now = ctx.now().toISOString();
    const history = d.escalationAgent?.conversationHistory ?? [];
    return {
      ...patch,
      escalationAgent: {
        ...(refreshed.escalationAgent as JsonObject),
        conversationHistory: [...history, { role: 'agent', content: response.value.responseMessage, timestamp: now, responseType: response.value.responseType, tone: response.value.tone }] as unknown as JsonObject[],
      },
      customerReply: { handledAt: now, escalated: escalating && !alreadyEscalated, delivery },
    };
  },
});
