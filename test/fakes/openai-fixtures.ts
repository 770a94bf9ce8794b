/**
 * Schema-valid model answers and a fixed fallback reasoner for OpenAI reasoner tests. Each constant is
 * parsed by its schema at import, so a schema change breaks here first rather than in a confusing assertion.
 */
import {
  analysisSchema,
  assessmentSchema,
  customerResponseSchema,
  decisionSchema,
  type Analysis,
  type Assessment,
  type CustomerResponse,
  type ReasonedDecision,
} from '../../connectors/llm/schemas.ts';
import type { Reasoned, Reasoner } from '../../connectors/llm/types.ts';

export const ANALYSIS: Analysis = analysisSchema.parse({
  sentiment: { overall: 'negative', frustrationLevel: 55, communicationStyle: 'technical', trajectory: 'stable' },
  complexity: { technical: 70, communication: 30, process: 40, resolution: 60, overall: 55 },
  risk: { churn: 35, publicity: 10 },
  communication: { technicalKnowledge: 'high', recommendedStyle: 'technical', clarity: 80 },
  repeatIssue: false,
  specificIssue: 'Nightly CSV export fails with error E1234.',
  rationale: ['error code given', 'business process blocked'],
});

export const ASSESSMENT: Assessment = assessmentSchema.parse({
  classification: {
    category: 'technical',
    priority: 'high',
    complexity: 'complex',
    issueType: 'problem',
    urgencyIndicators: ['business_impacting'],
    escalationSignals: [],
    resolutionLikelihood: 'medium',
    entities: ['CSV export', 'E1234'],
    language: 'en',
    confidence: 0.8,
    rationale: ['export failure', 'error code'],
  },
  analysis: ANALYSIS,
});

export const DECISION: ReasonedDecision = decisionSchema.parse({
  decision: 'specialist_escalation',
  urgencyLevel: 'urgent',
  primaryReason: 'Complex technical failure blocking a business process',
  reasons: ['error code needs engineering', 'enterprise customer'],
  confidence: 0.7,
});

export const RESPONSE: CustomerResponse = customerResponseSchema.parse({
  responseMessage: 'Thanks for the details. Our Tier 2 team is looking into the export failure.',
  responseType: 'escalation_acknowledgment',
  tone: 'technical',
  nextActions: ['Tier 2 investigates error E1234'],
  followUpRequired: true,
});

/** What a fixed fallback answers: deliberately different from the constants above. */
const FIXED = {
  assessment: assessmentSchema.parse({
    ...ASSESSMENT,
    classification: { ...ASSESSMENT.classification, category: 'general_inquiry', rationale: ['fallback'] },
  }),
  analysis: analysisSchema.parse({ ...ANALYSIS, rationale: ['fallback'] }),
  decision: decisionSchema.parse({ ...DECISION, decision: 'no_escalation', primaryReason: 'fallback' }),
  response: customerResponseSchema.parse({ ...RESPONSE, responseMessage: 'fallback reply', responseType: 'acknowledgment' }),
};

const answer = <T>(value: T): Reasoned<T> => ({ value, source: 'heuristic', usage: { calls: 0, promptTokens: 0, completionTokens: 0 } });

/** A reasoner with fixed answers that records which methods were called. */
export function fixedFallback(): Reasoner & { calls: string[]; fixed: typeof FIXED } {
  const calls: string[] = [];
  return {
    name: 'heuristic',
    calls,
    fixed: FIXED,
    async assess() {
      calls.push('assess');
      return answer(FIXED.assessment);
    },
    async analyse() {
      calls.push('analyse');
      return answer(FIXED.analysis);
    },
    async decide() {
      calls.push('decide');
      return answer(FIXED.decision);
    },
    async respond() {
      calls.push('respond');
      return answer(FIXED.response);
    },
  };
}
