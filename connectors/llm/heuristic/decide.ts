/**
 * Escalation decision for tickets the policy's triggers left open.
 *
 * The policy handles the clear-cut cases; this covers the middle ground with the order a support lead
 * would apply: incidents first, then relationship risk, then expertise, then the customer's own request.
 */
import type { ReasonedDecision } from '../schemas.ts';
import type { DecideInput } from '../types.ts';

/** Decides whether and how to escalate, with the reasons in plain words. */
export function decideEscalation({ classification: c, analysis: a, overallRisk }: DecideInput): ReasonedDecision {
  const signals = new Set(c.escalationSignals);
  const f = a.sentiment.frustrationLevel;
  const severe = c.urgencyIndicators.some((u) => u === 'outage_related' || u === 'security_related' || u === 'data_loss');
  const reasons: string[] = [];
  const make = (decision: ReasonedDecision['decision'], urgencyLevel: ReasonedDecision['urgencyLevel'], primaryReason: string, confidence: number): ReasonedDecision =>
    ({ decision, urgencyLevel, primaryReason, reasons: [primaryReason, ...reasons], confidence });

  reasons.push(`priority ${c.priority}, complexity ${c.complexity}, frustration ${f}/100, overall risk ${overallRisk}/100`);
  if (c.escalationSignals.length) reasons.push(`signals: ${c.escalationSignals.join(', ').replace(/_/g, ' ')}`);

  if (c.priority === 'critical' && (severe || signals.has('legal_threats'))) {
    return make('immediate_escalation', 'immediate', severe ? 'critical incident affecting the customer' : 'critical ticket with a legal threat', 0.85);
  }
  if (signals.has('legal_threats')) return make('management_escalation', 'urgent', 'legal threat needs management attention', 0.8);
  const relationship = (signals.has('repeat_contact') || signals.has('previous_escalations')) && f >= 80;
  if (relationship || a.risk.churn >= 70 || signals.has('executive_involvement') || (signals.has('public_complaint') && f >= 60)) {
    return make('management_escalation', 'urgent', relationship ? 'relationship risk: repeat contact from a very frustrated customer'
      : signals.has('executive_involvement') ? 'executive involvement on the customer side' : 'high churn or publicity risk', 0.75);
  }
  const specialistArea = ['technical', 'integration', 'security', 'bug_report'].includes(c.category);
  if (specialistArea && (c.complexity === 'complex' || c.complexity === 'expert_required')) {
    return make('specialist_escalation', c.priority === 'critical' || c.priority === 'high' ? 'urgent' : 'standard',
      `${c.complexity.replace('_', ' ')} ${c.category.replace('_', ' ')} problem needs a specialist`, 0.75);
  }
  if (severe) return make('specialist_escalation', 'urgent', `${c.urgencyIndicators[0]?.replace('_', ' ')} needs investigation`, 0.7);
  if (signals.has('human_requested')) return make('scheduled_escalation', 'urgent', 'the customer asked for a person', 0.7);
  if (overallRisk >= 50 || c.priority === 'high' || f >= 60 || c.resolutionLikelihood === 'requires_human') {
    return make('scheduled_escalation', 'standard', 'moderate risk: a person should review it in the normal queue', 0.6);
  }
  return make('no_escalation', 'scheduled', 'standard request the automated answer can resolve', 0.7);
}
