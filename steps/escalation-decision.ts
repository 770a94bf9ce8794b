/**
 * Step 3: the escalation decision. The policy's triggers decide first, in order, and the first match
 * wins; the reasoner is consulted only when no trigger fired and the risk is high enough to be open.
 * Every trigger is recorded with its clauses (each with the value it saw and whether it held) and
 * whether it matched, so the decision explains itself, including why a rule did not fire.
 */
import type { ReasonedDecision } from '../src/domain/assessment.ts';
import { raisePriority } from '../src/domain/vocabulary.ts';
import type { TaskData } from '../src/domain/task-data.ts';
import type { TriggerEvaluation } from '../src/domain/decision-data.ts';
import { defineStep, type PatchOf, type StepContext } from '../src/engine/step.ts';
import type { JsonObject } from '../src/engine/types.ts';
import { errorMessage } from '../src/errors.ts';
import type { CompiledTrigger } from '../src/policy/compile.ts';
import { compactTriggerRecord, explainCondition, valuesSeen } from '../src/policy/explain.ts';
import { renderTemplate } from '../src/policy/template.ts';
import { buildContextPackage } from './lib/context-package.ts';
import { addMinutes, ticketFacts, view, type DecisionView } from './lib/read.ts';

const HANDOFF_TIME = { immediate: '2-5 minutes', urgent: '5-15 minutes', standard: '15-30 minutes', scheduled: '2-4 hours' } as const;

export function preparation(ctx: StepContext, decision: DecisionView, trigger: CompiledTrigger | undefined, data: Readonly<JsonObject> = ctx.data): JsonObject {
  const d = view(data);
  const category = d.support.classification?.category ?? 'general_inquiry';
  const route = ctx.policy.route(category);
  const teamId = trigger?.team ?? route.team;
  const team = ctx.policy.team(teamId);
  const basePriority = trigger?.priority ?? d.support.classification?.priority ?? 'medium';
  const delay = ctx.policy.source.timings.escalate_after_minutes[decision.urgencyLevel];
  ctx.explain(`routed to ${team.name} (${trigger?.team ? `trigger ${trigger.id}` : `category ${category}`})`);
  return {
    targetTeam: teamId,
    targetTeamName: team.name,
    notifyTeams: trigger?.notify ?? [],
    queue: route.queue ?? team.queue,
    skillTags: route.skill_tags,
    priority: raisePriority(basePriority, route.priority_boost),
    urgencyLevel: decision.urgencyLevel,
    tags: trigger?.tags ?? [],
    handoffRequirements: ['context_transfer', 'conversation_history'],
    estimatedHandoffTime: HANDOFF_TIME[decision.urgencyLevel],
    escalateAt: addMinutes(ctx.now(), delay).toISOString(),
    contextPackage: buildContextPackage(data, ctx.policy),
  };
}

/** The decision over `data` (the task's data by default; a reply re-decides over refreshed data). */
export async function decide(
  ctx: StepContext,
  data: Readonly<JsonObject> = ctx.data,
): Promise<{ decision: DecisionView; trigger?: CompiledTrigger; decidedBy: string; evaluated: TriggerEvaluation[] }> {
  const d = view(data);
  const evaluated: TriggerEvaluation[] = [];
  let fired: CompiledTrigger | undefined;
  // Every trigger is evaluated, not only up to the first match, so the record also answers
  // "why did this other rule not fire"; the first match in policy order is the one that fires.
  for (const trigger of ctx.policy.triggers) {
    const matched = trigger.compiled.test(data as JsonObject);
    const fires = matched && !fired;
    // Compact: the clauses carry the values seen and, in the usual spelling, the condition itself
    // (see compactTriggerRecord); readers derive `saw` and `condition` from them.
    evaluated.push({ id: trigger.id, matched, fired: fires, ...compactTriggerRecord(trigger.compiled.text, explainCondition(trigger.compiled.source, data)) });
    if (fires) fired = trigger;
  }
  if (fired) {
    const reason = renderTemplate(fired.reason, data as JsonObject);
    const seen = valuesSeen(fired.compiled.source, data);
    const values = Object.entries(seen).map(([path, value]) => `${path} = ${JSON.stringify(value)}`).join(', ');
    ctx.explain(`policy trigger "${fired.id}" matched: ${fired.compiled.text}${values ? ` (it saw ${values})` : ''}`);
    return {
      decision: {
        decision: fired.decision,
        escalationRecommended: true,
        urgencyLevel: fired.urgency,
        primaryReason: reason,
        reasons: [reason, ...(d.immediateEscalation?.reasons ?? [])],
        confidence: 0.95,
        trigger: { id: fired.id, priority: fired.priority, tags: fired.tags },
      },
      trigger: fired,
      decidedBy: 'policy',
      evaluated,
    };
  }
  ctx.explain(`no policy trigger matched (${evaluated.length} evaluated)`);
  const risk = d.escalationRisk?.overall ?? 0;
  const from = ctx.policy.source.thresholds.consult_reasoner_from_risk;
  const classification = d.support.classification;
  // Open: enough risk, an important ticket, or the reasoner doubts the automation can resolve it.
  const important = classification?.priority === 'high' || classification?.priority === 'critical';
  const open = risk >= from || important || classification?.resolutionLikelihood === 'requires_human' || classification?.resolutionLikelihood === 'low';
  if (!open || !classification || !d.sentimentAnalysis) {
    ctx.explain(`overall risk ${risk} is below ${from}, priority ${classification?.priority ?? 'unknown'}, and the reasoner expects to resolve it: no escalation`);
    return {
      decision: { decision: 'no_escalation', escalationRecommended: false, urgencyLevel: 'standard', primaryReason: `no trigger matched and risk ${risk} < ${from}`, reasons: [], confidence: 0.8, trigger: null },
      decidedBy: 'policy',
      evaluated,
    };
  }
  const analysis = {
    sentiment: { overall: d.sentimentAnalysis.overallSentiment, frustrationLevel: d.sentimentAnalysis.frustrationLevel, communicationStyle: d.sentimentAnalysis.communicationStyle, trajectory: d.sentimentAnalysis.trajectory },
    complexity: d.sentimentAnalysis.complexityAssessment,
    risk: d.sentimentAnalysis.riskFactors,
    communication: d.sentimentAnalysis.communicationPatterns,
    repeatIssue: d.sentimentAnalysis.repeatIssue,
    specificIssue: d.sentimentAnalysis.specificIssue,
    rationale: d.sentimentAnalysis.rationale,
  } as Parameters<typeof ctx.connectors.reasoner.decide>[0]['analysis'];
  const answer = await ctx.connectors.reasoner.decide({ ticket: ticketFacts(data), classification, analysis, overallRisk: risk });
  const value: ReasonedDecision = answer.value;
  const why = risk >= from ? `risk ${risk} >= ${from}` : important ? `${classification.priority} priority` : `resolution likelihood ${classification.resolutionLikelihood}`;
  ctx.explain(`the case was open (${why}); ${answer.source} reasoner decided ${value.decision}: ${value.primaryReason}`);
  return {
    decision: { ...value, escalationRecommended: value.decision !== 'no_escalation', trigger: null },
    decidedBy: answer.source,
    evaluated,
  };
}

export default defineStep({
  id: 'escalation_decision',
  title: 'Escalation decision: policy triggers first, the reasoner for open cases; routing and context package',
  condition: { sentimentAnalysis: { $type: 'object' }, escalationRisk: { $type: 'object' }, escalationDecision: { $exists: false } },
  writes: ['escalationDecision', 'escalationPreparation'],
  async run(ctx) {
    const d = view(ctx.data);
    const { decision, trigger, decidedBy, evaluated } = await decide(ctx);
    const result: PatchOf<TaskData> = {
      escalationDecision: {
        ...decision,
        decidedBy,
        policyVersion: ctx.policy.version,
        triggersEvaluated: evaluated,
        decisionMadeAt: ctx.now().toISOString(),
        riskFactorsConsidered: [
          `overall risk ${d.escalationRisk?.overall ?? 'n/a'}`,
          `frustration ${d.escalationRisk?.sentiment ?? 'n/a'}`,
          `complexity ${d.escalationRisk?.complexity ?? 'n/a'}`,
          `customer tier ${d.support.customer?.tier ?? 'unknown'}`,
        ],
      },
    };
    if (decision.escalationRecommended) result.escalationPreparation = preparation(ctx, decision, trigger);
    return result;
  },
  fallback(ctx, error) {
    // Without a decision the safe path is a person: escalate to the default route.
    ctx.flag('needs_human_review');
    const decision: DecisionView = {
      decision: 'scheduled_escalation',
      escalationRecommended: true,
      urgencyLevel: 'standard',
      primaryReason: `the decision step failed (${errorMessage(error)}); a person decides`,
      reasons: ['decision_failure'],
      confidence: 0,
      trigger: null,
    };
    return {
      escalationDecision: { ...decision, fallbackApplied: true, decidedBy: 'fallback', policyVersion: ctx.policy.version, decisionMadeAt: ctx.now().toISOString() },
      escalationPreparation: preparation(ctx, decision, undefined),
    };
  },
});
