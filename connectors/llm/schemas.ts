/**
 * The reasoner's vocabulary: what it is asked and what it must answer, as zod schemas.
 *
 * The same schemas validate the OpenAI reasoner's structured outputs (so they use `.nullable()`, never
 * `.optional()`) and type the heuristic reasoner's answers. Scores are integers 0..100.
 */
import { z } from 'zod';

export const CATEGORIES = [
  'technical',
  'billing',
  'account',
  'product',
  'integration',
  'bug_report',
  'feature_request',
  'security',
  'general_inquiry',
] as const;
export const PRIORITIES = ['low', 'medium', 'high', 'critical'] as const;
export const COMPLEXITIES = ['simple', 'moderate', 'complex', 'expert_required'] as const;
export const ISSUE_TYPES = ['question', 'problem', 'complaint', 'compliment', 'request'] as const;
export const URGENCY_INDICATORS = [
  'business_impacting',
  'revenue_affecting',
  'security_related',
  'outage_related',
  'data_loss',
  'widespread_impact',
] as const;
export const ESCALATION_SIGNALS = [
  'frustrated_language',
  'legal_threats',
  'previous_escalations',
  'executive_involvement',
  'human_requested',
  'repeat_contact',
  'churn_threat',
  'public_complaint',
  'formal_complaint',
  'payment_dispute',
] as const;
export const RESOLUTION_LIKELIHOODS = ['high', 'medium', 'low', 'requires_human'] as const;
export const SENTIMENTS = ['very_negative', 'negative', 'neutral', 'positive', 'very_positive'] as const;
export const COMMUNICATION_STYLES = ['formal', 'casual', 'technical', 'emotional', 'aggressive'] as const;
export const TRAJECTORIES = ['escalating', 'stable', 'de_escalating'] as const;
export const KNOWLEDGE_LEVELS = ['low', 'medium', 'high'] as const;
export const RECOMMENDED_STYLES = ['empathetic', 'professional', 'technical'] as const;
export const DECISIONS = [
  'no_escalation',
  'immediate_escalation',
  'specialist_escalation',
  'management_escalation',
  'scheduled_escalation',
] as const;
export const URGENCY_LEVELS = ['immediate', 'urgent', 'standard', 'scheduled'] as const;
export const RESPONSE_TYPES = [
  'escalation_acknowledgment',
  'solution_provision',
  'clarification_request',
  'acknowledgment',
] as const;
export const TONES = ['empathetic', 'professional', 'technical'] as const;

const score = z.number().int().min(0).max(100);

export const classificationSchema = z.object({
  category: z.enum(CATEGORIES),
  priority: z.enum(PRIORITIES),
  complexity: z.enum(COMPLEXITIES),
  issueType: z.enum(ISSUE_TYPES),
  urgencyIndicators: z.array(z.enum(URGENCY_INDICATORS)),
  escalationSignals: z.array(z.enum(ESCALATION_SIGNALS)),
  resolutionLikelihood: z.enum(RESOLUTION_LIKELIHOODS),
  /** Product names, error codes, identifiers mentioned in the ticket. */
  entities: z.array(z.string()),
  /** ISO 639-1 code of the ticket's language, e.g. `en`, `de`. */
  language: z.string(),
  /** 0..1: how sure the reasoner is of the category and priority. */
  confidence: z.number().min(0).max(1),
  /** Short reasons for the classification, for the run record. */
  rationale: z.array(z.string()),
});
export type Classification = z.infer<typeof classificationSchema>;

export const analysisSchema = z.object({
  sentiment: z.object({
    overall: z.enum(SENTIMENTS),
    frustrationLevel: score,
    communicationStyle: z.enum(COMMUNICATION_STYLES),
    trajectory: z.enum(TRAJECTORIES),
  }),
  complexity: z.object({
    technical: score,
    communication: score,
    process: score,
    resolution: score,
    overall: score,
  }),
  risk: z.object({ churn: score, publicity: score }),
  communication: z.object({
    technicalKnowledge: z.enum(KNOWLEDGE_LEVELS),
    recommendedStyle: z.enum(RECOMMENDED_STYLES),
    clarity: score,
  }),
  /** The customer says this is not the first time they report it. */
  repeatIssue: z.boolean(),
  /** One sentence naming the specific problem, for the human who picks it up. */
  specificIssue: z.string(),
  rationale: z.array(z.string()),
});
export type Analysis = z.infer<typeof analysisSchema>;

/** Classification and analysis in one answer: one model call instead of two. */
export const assessmentSchema = z.object({
  classification: classificationSchema,
  analysis: analysisSchema,
});
export type Assessment = z.infer<typeof assessmentSchema>;

export const decisionSchema = z.object({
  decision: z.enum(DECISIONS),
  urgencyLevel: z.enum(URGENCY_LEVELS),
  primaryReason: z.string(),
  reasons: z.array(z.string()),
  confidence: z.number().min(0).max(1),
});
export type ReasonedDecision = z.infer<typeof decisionSchema>;

export const customerResponseSchema = z.object({
  responseMessage: z.string().min(1),
  responseType: z.enum(RESPONSE_TYPES),
  tone: z.enum(TONES),
  nextActions: z.array(z.string()),
  followUpRequired: z.boolean(),
});
export type CustomerResponse = z.infer<typeof customerResponseSchema>;
