/**
 * A customer wrote again while no person owns the ticket. The whole conversation is read again, the
 * classification as well as the sentiment, so a request for a person, a legal threat or "all our users
 * are locked out now" in a reply counts; the policy's triggers decide again (a calm ticket can become an
 * escalation, handed off by human_handoff next); and the customer gets an answer: the team and the wait
 * when escalated, an article when the knowledge base covers the new question, otherwise the ticket goes
 * to its team's queue.
 */
import type { Priority, UrgencyLevel } from '../src/domain/vocabulary.ts';
import { defineStep } from '../src/engine/step.ts';
import type { JsonObject } from '../src/engine/types.ts';
import { mergePatch } from '../src/engine/patch.ts';
import { planInput, planReply } from '../src/knowledge/plan.ts';
import { callbackOffer, enqueue, historyEntry, knowledgeRecord, promiseRecord, promiseToCustomer, queuedHandoff, sendToCustomer, whoAndWhen } from './customer-response.ts';
import { decide, preparation } from './escalation-decision.ts';
import { mergeReclassification } from './lib/reclassify.ts';
import { ticketFacts, view } from './lib/read.ts';
import { analysisFields } from './sentiment-complexity.ts';

export default defineStep({
  id: 'customer_reply',
  title: 'Customer reply: re-read the conversation, re-classify, re-decide, answer',
  condition: { 'customerReply.receivedAt': { $exists: true }, 'customerReply.handledAt': null, 'support.classification': { $type: 'object' } },
  writes: ['support', 'sentimentAnalysis', 'escalationRisk', 'handlingStrategy', 'immediateEscalation', 'escalationAgent', 'escalationDecision', 'escalationPreparation', 'customerReply', 'handoffComplete'],
  async run(ctx) {
    const d = view(ctx.data);
    const before = d.support.classification;
    if (!before) throw new Error('support.classification is missing');
    const reply = ctx.data.customerReply as { count?: number; content?: string };
    const count = typeof reply.count === 'number' ? reply.count : 1;
    const facts = ticketFacts(ctx.data);
    const answer = await ctx.connectors.reasoner.assess(facts);
    const classification = mergeReclassification(before, answer.value.classification, `reply ${count}`);
    const added = classification.escalationSignals.filter((s) => !before.escalationSignals.includes(s));
    ctx.explain(added.length ? `reply ${count} adds ${added.join(', ')}` : `reply ${count} adds no escalation signal`);
    const reclassified: JsonObject = { support: { classification: { ...classification, reclassifiedAt: ctx.now().toISOString(), reasoner: answer.source } } } as unknown as JsonObject;
    const withClassification = mergePatch(ctx.data as JsonObject, reclassified);
    const refreshed = analysisFields(ctx, answer.value.analysis, answer.source, withClassification);
    const patch: JsonObject = mergePatch(reclassified, refreshed);
    const current = mergePatch(withClassification, refreshed);

    const alreadyEscalated = d.escalationDecision?.escalationRecommended === true;
    let escalating = alreadyEscalated;
    if (!alreadyEscalated) {
      const outcome = await decide(ctx, current);
      if (outcome.decision.escalationRecommended) {
        escalating = true;
        ctx.explain(`the reply changed the decision to ${outcome.decision.decision}`);
        patch.escalationDecision = { ...outcome.decision, decidedBy: outcome.decidedBy, policyVersion: ctx.policy.version, triggersEvaluated: outcome.evaluated, decisionMadeAt: ctx.now().toISOString(), after: `customer reply ${count}` } as unknown as JsonObject;
        patch.escalationPreparation = preparation(ctx, outcome.decision, outcome.trigger, current);
      } else {
        ctx.explain('still no escalation after the reply');
      }
    }

    const plan = planReply(ctx.policy, { classification, text: reply.content ?? facts.followUps?.at(-1) ?? facts.description, escalating });
    ctx.explain(`reply in ${plan.language}: ${plan.mode} (${plan.why})`);
    // A follow-up nobody can answer automatically goes to the team's queue, as a first message would.
    const queued = plan.mode === 'queued' || plan.mode === 'feature_request' ? await enqueue(ctx) : null;
    const prep = (patch.escalationPreparation ?? d.escalationPreparation) as { targetTeam: string; urgencyLevel: UrgencyLevel; priority: Priority } | undefined;
    const promised = await promiseToCustomer(ctx, plan, escalating ? prep : undefined, queued);
    const response = await ctx.connectors.reasoner.respond({
      ticket: facts,
      classification,
      analysis: answer.value.analysis,
      decision: ((patch.escalationDecision ?? d.escalationDecision) as { decision?: string } | undefined)?.decision ?? 'no_escalation',
      escalating,
      ...planInput(plan),
      ...whoAndWhen(promised),
    });
    // A later answer that promises a time offers a callback under the first reply's rule, once per ticket.
    const offer = callbackOffer(ctx, plan, promised);
    const message = offer ? `${response.value.responseMessage}\n\n${offer}` : response.value.responseMessage;
    const delivery = await sendToCustomer(ctx, message, `reply_to_customer_message_${count}`);
    const now = ctx.now().toISOString();
    const history = d.escalationAgent?.conversationHistory ?? [];
    const entry: JsonObject = { ...historyEntry(ctx, plan), ...(offer ? { callbackOffered: true } : {}) };
    return {
      ...patch,
      escalationAgent: {
        ...(refreshed.escalationAgent as JsonObject),
        conversationHistory: [...history, { role: 'agent', content: message, timestamp: now, responseType: response.value.responseType, tone: response.value.tone, ...entry }] as unknown as JsonObject[],
      },
      customerReply: {
        handledAt: now, escalated: escalating && !alreadyEscalated, delivery, mode: plan.mode, knowledge: knowledgeRecord(ctx, plan), queued: queued as unknown as JsonObject,
        promise: promised ? (promiseRecord(promised) as unknown as JsonObject) : null, callbackOffered: offer !== null,
      },
      ...(queued?.humanTaskId ? { handoffComplete: queuedHandoff(ctx, queued) } : {}),
    };
  },
});
