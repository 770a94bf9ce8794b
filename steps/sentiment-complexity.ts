/**
 * Step 2: sentiment and complexity analysis. Turns the reasoner's analysis into the risk profile,
 * handling strategy and immediate-escalation flags the decision step and the policy's triggers read.
 * The arithmetic here is deterministic; only the analysis itself comes from the reasoner.
 */
import type { Analysis } from '../src/domain/assessment.ts';
import { defineStep, type StepContext } from '../src/engine/step.ts';
import type { JsonObject } from '../src/engine/types.ts';
import { errorMessage } from '../src/errors.ts';
import { ticketFacts, view, type RiskView } from './lib/read.ts';

/** Frustration weighs most, then complexity, then churn and publicity risk. */
export function overallRisk(analysis: Analysis): number {
  return Math.round(
    analysis.sentiment.frustrationLevel * 0.4 + analysis.complexity.overall * 0.3 + analysis.risk.churn * 0.2 + analysis.risk.publicity * 0.1,
  );
}

function customerRisk(customer: { tier?: string; previousTickets: number; escalationHistory: string[] } | undefined): number {
  if (!customer) return 30;
  let risk = 30;
  if (customer.tier === 'enterprise') risk += 30;
  if (customer.tier === 'vip') risk += 25;
  if (customer.previousTickets > 5) risk += 20;
  if (customer.escalationHistory.length > 0) risk += 25;
  return Math.min(risk, 100);
}

function approach(risk: RiskView, analysis: Analysis): string {
  const frustration = analysis.sentiment.frustrationLevel;
  if (risk.overall > 80 || frustration > 80) return 'high_touch_escalation';
  if (risk.overall > 60 || frustration > 60) return 'careful_handling';
  if (analysis.complexity.technical > 70) return 'technical_specialist';
  return 'standard_support';
}

function resolutionTime(analysis: Analysis): string {
  const c = analysis.complexity.resolution;
  if (c > 80) return '2-4 hours';
  if (c > 60) return '1-2 hours';
  if (c > 40) return '30-60 minutes';
  return '15-30 minutes';
}

function expertise(analysis: Analysis): string {
  if (analysis.complexity.technical > 80) return 'senior_technical';
  if (analysis.complexity.technical > 60) return 'technical_specialist';
  if (analysis.complexity.communication > 70) return 'communication_specialist';
  return 'general_support';
}

/** The analysis step's fields from a reasoner analysis; also used to refresh them after a reply. */
export function analysisFields(ctx: StepContext, analysis: Analysis, source: string, data: Readonly<JsonObject> = ctx.data): JsonObject {
  const d = view(data);
  const classification = d.support.classification;
  const thresholds = ctx.policy.source.thresholds;
  const risk: RiskView = {
    overall: overallRisk(analysis),
    sentiment: analysis.sentiment.frustrationLevel,
    complexity: analysis.complexity.overall,
    business: d.support.routing?.businessImpact === 'high' ? 80 : d.support.routing?.businessImpact === 'medium' ? 60 : 40,
    customer: customerRisk(d.support.customer),
    technical: analysis.complexity.technical,
  };
  const signals = classification?.escalationSignals ?? [];
  const immediate = [
    [analysis.sentiment.frustrationLevel > thresholds.high_frustration, 'high_frustration'],
    [signals.includes('legal_threats'), 'legal_threats'],
    [signals.includes('executive_involvement'), 'executive_involvement'],
    [risk.overall > thresholds.high_risk, 'high_risk_score'],
    [analysis.complexity.resolution > thresholds.extreme_complexity, 'extreme_complexity'],
  ]
    .filter(([hit]) => hit)
    .map(([, reason]) => reason as string);
  for (const reason of analysis.rationale) ctx.explain(reason);
  ctx.explain(`overall risk ${risk.overall} (frustration ${risk.sentiment}, complexity ${risk.complexity})`);
  if (immediate.length > 0) ctx.explain(`immediate-escalation flags: ${immediate.join(', ')}`);
  return {
    sentimentAnalysis: {
      overallSentiment: analysis.sentiment.overall,
      frustrationLevel: analysis.sentiment.frustrationLevel,
      communicationStyle: analysis.sentiment.communicationStyle,
      trajectory: analysis.sentiment.trajectory,
      complexityAssessment: analysis.complexity,
      riskFactors: analysis.risk,
      communicationPatterns: analysis.communication,
      repeatIssue: analysis.repeatIssue,
      specificIssue: analysis.specificIssue,
      rationale: analysis.rationale,
      analyzedAt: ctx.now().toISOString(),
      reasoner: source,
    },
    escalationRisk: { ...risk },
    handlingStrategy: {
      approach: approach(risk, analysis),
      estimatedResolutionTime: resolutionTime(analysis),
      requiredExpertise: expertise(analysis),
      communicationStyle: analysis.communication.recommendedStyle,
    },
    ...(immediate.length > 0 ? { immediateEscalation: { required: true, reasons: immediate, triggeredAt: ctx.now().toISOString() } } : {}),
    // The stashed analysis has been turned into the fields above; drop it so it is not stored twice.
    escalationAgent: { assessment: null },
  };
}

export default defineStep({
  id: 'sentiment_complexity_analysis',
  title: 'Sentiment and complexity analysis: frustration, risk profile, handling strategy',
  condition: { 'support.classification': { $type: 'object' }, escalationAgent: { $type: 'object' }, sentimentAnalysis: { $exists: false } },
  writes: ['sentimentAnalysis', 'escalationRisk', 'handlingStrategy', 'immediateEscalation', 'escalationAgent'],
  async run(ctx) {
    const d = view(ctx.data);
    const stashed = d.escalationAgent?.assessment;
    if (stashed) return analysisFields(ctx, stashed.analysis, stashed.source);
    const classification = d.support.classification;
    if (!classification) throw new Error('support.classification is missing');
    const answer = await ctx.connectors.reasoner.analyse(ticketFacts(ctx.data), classification);
    return analysisFields(ctx, answer.value, answer.source);
  },
  fallback(ctx, error) {
    ctx.flag('needs_human_review');
    // A conservative profile: high enough that the decision step hands the ticket to a person.
    return {
      sentimentAnalysis: { overallSentiment: 'neutral', frustrationLevel: 50, analysisError: true, error: errorMessage(error), repeatIssue: false, specificIssue: '' },
      escalationRisk: { overall: 60, sentiment: 50, complexity: 50, business: 40, customer: 30, technical: 50, requiresHumanReview: true },
      handlingStrategy: { approach: 'careful_handling', estimatedResolutionTime: 'unknown', requiredExpertise: 'general_support', communicationStyle: 'professional' },
      escalationAgent: { assessment: null },
    };
  },
});
