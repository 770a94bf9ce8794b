/**
 * Step 1: intake and classification. Initialises the agent's memory for the ticket, classifies it
 * (category, priority, complexity, signals) and sets the routing hints from the policy.
 *
 * The reasoner's analysis comes back in the same answer (one model call instead of two); it is kept in
 * `escalationAgent.assessment` for step 2.
 */
import type { Classification } from '../src/domain/assessment.ts';
import { defineStep, type StepContext } from '../src/engine/step.ts';
import type { JsonObject } from '../src/engine/types.ts';
import { errorMessage } from '../src/errors.ts';
import { ticketFacts, view, type ConversationEntry } from './lib/read.ts';

function businessImpact(classification: Pick<Classification, 'urgencyIndicators' | 'priority'>, tier: string | undefined): 'low' | 'medium' | 'high' {
  const factors = [
    classification.urgencyIndicators.includes('business_impacting'),
    classification.urgencyIndicators.includes('revenue_affecting') || classification.urgencyIndicators.includes('data_loss'),
    tier === 'enterprise' || tier === 'vip',
    classification.priority === 'critical',
  ].filter(Boolean).length;
  if (factors >= 3) return 'high';
  if (factors >= 2) return 'medium';
  return 'low';
}

/** Agent memory, customer profile and routing: everything step 1 writes besides the classification. */
function intakeFields(ctx: StepContext, classification: Pick<Classification, 'category' | 'priority' | 'urgencyIndicators'>): JsonObject {
  const d = view(ctx.data);
  const t = d.support.ticket;
  const now = ctx.now().toISOString();
  const route = ctx.policy.route(classification.category);
  const first: ConversationEntry = { role: 'customer', content: t.description ?? t.message ?? '', timestamp: now, channel: t.channel ?? 'email' };
  return {
    support: {
      customer: {
        id: t.customerId ?? null,
        email: t.customerEmail ?? null,
        tier: t.customerTier ?? 'unknown',
        accountValue: t.accountValue ?? null,
        previousTickets: t.previousTicketCount ?? 0,
        supportHistory: t.supportHistory ?? [],
        escalationHistory: t.escalationHistory ?? [],
      },
      routing: {
        suggestedTeam: route.team,
        queue: route.queue ?? ctx.policy.team(route.team).queue,
        skillTags: route.skill_tags,
        requiresSpecialist: false,
        businessImpact: businessImpact(classification, t.customerTier),
        timeToRespondMinutes: ctx.policy.source.timings.respond_within_minutes[classification.priority],
      },
    },
    escalationAgent: {
      ticketId: t.id ?? `TICK-${ctx.taskId}`,
      startedAt: now,
      conversationHistory: [first as unknown as JsonObject],
      metrics: { responseTimeMs: null, escalationTimeMs: null, resolutionTimeMs: null, customerSatisfaction: null },
    },
  };
}

export default defineStep({
  id: 'intake_classification',
  title: 'Intake and classification: category, priority, complexity, signals, routing hints',
  condition: { 'support.ticket': { $type: 'object' }, 'support.classification': { $exists: false } },
  writes: ['support', 'escalationAgent'],
  async run(ctx) {
    const answer = await ctx.connectors.reasoner.assess(ticketFacts(ctx.data));
    const { classification, analysis } = answer.value;
    for (const reason of classification.rationale) ctx.explain(reason);
    ctx.explain(`classified by ${answer.source}: ${classification.category}, ${classification.priority} priority, ${classification.complexity}`);
    const fields = intakeFields(ctx, classification);
    const routing = (fields.support as JsonObject).routing as JsonObject;
    routing.requiresSpecialist = classification.complexity === 'expert_required';
    return {
      ...fields,
      support: {
        ...(fields.support as JsonObject),
        classification: { ...classification, classifiedAt: ctx.now().toISOString(), autoClassified: true, reasoner: answer.source },
      },
      escalationAgent: {
        ...(fields.escalationAgent as JsonObject),
        assessment: { analysis, source: answer.source },
      },
    };
  },
  fallback(ctx, error) {
    ctx.flag('needs_human_review');
    const classification = {
      category: 'general_inquiry',
      priority: 'medium',
      complexity: 'moderate',
      issueType: 'request',
      urgencyIndicators: [],
      escalationSignals: ['classification_failure'],
      resolutionLikelihood: 'requires_human',
      entities: [],
      language: 'und',
      confidence: 0,
      rationale: ['classification failed; a person should review this ticket'],
    } as const;
    const fields = intakeFields(ctx, { ...classification, urgencyIndicators: [] });
    return {
      ...fields,
      support: {
        ...(fields.support as JsonObject),
        classification: { ...classification, urgencyIndicators: [], escalationSignals: ['classification_failure'], entities: [], rationale: [...classification.rationale], classificationError: true, error: errorMessage(error), requiresHumanReview: true, classifiedAt: ctx.now().toISOString() },
      },
    };
  },
});
