/**
 * A customer's later message read together with everything before it. The fresh reading covers the whole
 * conversation, so what the customer says now (asks for a person, threatens to leave, reports that many
 * users are affected) shows up; what was already established is not lost: signals and urgency are the
 * union, priority and doubt about self-service only go up, and the topic stays unless it was unclear.
 */
import type { Classification } from '../../src/domain/assessment.ts';
import type { StoredClassification } from '../../src/domain/support.ts';
import { higher, PRIORITIES, RESOLUTION_LIKELIHOODS } from '../../src/domain/vocabulary.ts';

const union = <T>(a: readonly T[], b: readonly T[]): T[] => [...new Set([...a, ...b])];

export function mergeReclassification(before: StoredClassification, fresh: Classification, label: string): StoredClassification {
  const added = fresh.escalationSignals.filter((s) => !before.escalationSignals.includes(s));
  return {
    ...before,
    category: before.category === 'general_inquiry' ? fresh.category : before.category,
    priority: higher(PRIORITIES, before.priority, fresh.priority),
    issueType: fresh.issueType === 'complaint' ? 'complaint' : before.issueType,
    urgencyIndicators: union(before.urgencyIndicators, fresh.urgencyIndicators),
    escalationSignals: union(before.escalationSignals, fresh.escalationSignals),
    resolutionLikelihood: higher(RESOLUTION_LIKELIHOODS, before.resolutionLikelihood, fresh.resolutionLikelihood),
    entities: union(before.entities, fresh.entities).slice(0, 12),
    rationale: [...before.rationale, ...(added.length ? [`${label}: new signals ${added.join(', ')}`] : [`${label}: no new signal`]),
      ...fresh.rationale.filter((r) => !before.rationale.includes(r)).map((r) => `${label}: ${r}`)].slice(0, 40),
  };
}
