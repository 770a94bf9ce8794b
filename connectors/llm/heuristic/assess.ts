/**
 * Assessment: classification and analysis from one reading of the ticket.
 */
import type { Analysis, Assessment, Classification } from '../schemas.ts';
import type { ClassificationInput, TicketFacts } from '../types.ts';
import { analysisOf, complexityOf, technicalKnowledge } from './analyse.ts';
import { entitiesOf, escalationSignals, issueTypeOf, pickCategory, priorityOf, urgencyIndicators } from './classify.ts';
import { frustrationOf, readTicket } from './signals.ts';

function resolutionLikelihoodOf(c: Omit<Classification, 'resolutionLikelihood' | 'confidence' | 'rationale'>, frustration: number): Classification['resolutionLikelihood'] {
  // A threat to leave, a formal complaint or a payment dispute is a relationship matter, not a how-to.
  const needsPerson = ['legal_threats', 'human_requested', 'executive_involvement', 'churn_threat', 'formal_complaint', 'payment_dispute'] as const;
  if (needsPerson.some((s) => c.escalationSignals.includes(s)) || c.complexity === 'expert_required' || c.priority === 'critical') {
    return 'requires_human';
  }
  if (c.complexity === 'complex' || frustration >= 70 || c.escalationSignals.includes('repeat_contact')) return 'low';
  if (c.complexity === 'moderate') return 'medium';
  return 'high';
}

/** Classifies a ticket; deterministic for the same facts. */
export function assessTicket(facts: TicketFacts): Assessment {
  const r = readTicket(facts);
  const frustration = frustrationOf(r);
  const f = frustration.level;
  const { category, margin, reasons: categoryReasons } = pickCategory(r);
  const { signals, reasons: signalReasons } = escalationSignals(r, f, category);
  const { urgency, reasons: urgencyReasons } = urgencyIndicators(r);
  const issueType = issueTypeOf(r, category, f);
  const knowledge = technicalKnowledge(r);
  const { complexity, reason: complexityReason } = complexityOf(r, category, urgency, signals, knowledge);
  const { priority, reasons: priorityReasons } = priorityOf(r, category, issueType, urgency, signals, f, complexity);
  const base = {
    category, priority, complexity, issueType,
    urgencyIndicators: urgency, escalationSignals: signals,
    entities: entitiesOf(r), language: r.language,
  };
  // Confidence follows how clearly one category won; rule systems are never certain.
  const confidence = Math.round(Math.max(0.3, Math.min(0.9, (category === 'general_inquiry' && margin === 0 ? 0.4 : 0.5) + margin * 0.04)) * 100) / 100;
  const classification: Classification = {
    ...base,
    resolutionLikelihood: resolutionLikelihoodOf(base, f),
    confidence,
    rationale: [...categoryReasons, ...priorityReasons, complexityReason, ...urgencyReasons, ...signalReasons,
      ...(r.language !== 'en' ? [`written in '${r.language}'`] : [])],
  };
  return { classification, analysis: analysisOf(r, classification, frustration) };
}

/** Analysis for a ticket whose classification came from elsewhere (e.g. the model, or an earlier run). */
export function analyseTicket(facts: TicketFacts, classification: ClassificationInput): Analysis {
  const r = readTicket(facts);
  return analysisOf(r, classification, frustrationOf(r));
}
