/**
 * What the reasoner answers, as zod schemas: classification, analysis, decision, customer response.
 *
 * The same schemas validate the OpenAI reasoner's structured outputs (so they use `.nullable()`, never
 * `.optional()`), type the heuristic reasoner's answers, and are embedded in the task-data schema where
 * a step stores an answer. Scores are integers 0..100.
 */
import { z } from 'zod';
import {
  CATEGORIES,
  COMMUNICATION_STYLES,
  COMPLEXITIES,
  DECISIONS,
  ESCALATION_SIGNALS,
  ISSUE_TYPES,
  KNOWLEDGE_LEVELS,
  PRIORITIES,
  RECOMMENDED_STYLES,
  RESOLUTION_LIKELIHOODS,
  RESPONSE_TYPES,
  SENTIMENTS,
  TONES,
  TRAJECTORIES,
  URGENCY_INDICATORS,
  URGENCY_LEVELS,
} from './vocabulary.ts';

/** An integer 0..100. */
export const score = z.number().int().min(0).max(100);
/** 0..1. */
export const confidence = z.number().min(0).max(1);

/**
 * Classification fields shared by the reasoner's answer and the stored classification. No `.describe()`
 * here: descriptions would change the JSON schema sent to the model; the task-data schema adds them.
 */
export const classificationFields = {
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
  confidence: confidence,
  /** Short reasons for the classification, for the run record. */
  rationale: z.array(z.string()),
};

export const classificationSchema = z.object(classificationFields);
export type Classification = z.infer<typeof classificationSchema>;

export const sentimentSchema = z.object({
  overall: z.enum(SENTIMENTS),
  frustrationLevel: score,
  communicationStyle: z.enum(COMMUNICATION_STYLES),
  trajectory: z.enum(TRAJECTORIES),
});

export const complexityScoresSchema = z.object({
  technical: score,
  communication: score,
  process: score,
  resolution: score,
  overall: score,
});

export const riskScoresSchema = z.object({ churn: score, publicity: score });

export const communicationPatternsSchema = z.object({
  technicalKnowledge: z.enum(KNOWLEDGE_LEVELS),
  recommendedStyle: z.enum(RECOMMENDED_STYLES),
  clarity: score,
});

export const analysisSchema = z.object({
  sentiment: sentimentSchema,
  complexity: complexityScoresSchema,
  risk: riskScoresSchema,
  communication: communicationPatternsSchema,
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
  confidence,
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
