/**
 * The reasoner's vocabulary and answer schemas. They live in the domain module (src/domain), shared with
 * the policy and the task-data schema; this module re-exports them for the reasoner implementations.
 */
export {
  CATEGORIES,
  PRIORITIES,
  COMPLEXITIES,
  ISSUE_TYPES,
  URGENCY_INDICATORS,
  ESCALATION_SIGNALS,
  RESOLUTION_LIKELIHOODS,
  SENTIMENTS,
  COMMUNICATION_STYLES,
  TRAJECTORIES,
  KNOWLEDGE_LEVELS,
  RECOMMENDED_STYLES,
  DECISIONS,
  URGENCY_LEVELS,
  RESPONSE_TYPES,
  TONES,
} from '../../src/domain/vocabulary.ts';
export {
  classificationSchema,
  analysisSchema,
  assessmentSchema,
  decisionSchema,
  customerResponseSchema,
  type Classification,
  type Analysis,
  type Assessment,
  type ReasonedDecision,
  type CustomerResponse,
} from '../../src/domain/assessment.ts';
