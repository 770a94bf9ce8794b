/**
 * What the analysis step (sentiment_complexity_analysis) writes, and the agent memory
 * (`escalationAgent`) that intake starts and later steps extend.
 */
import { z } from 'zod';
import { analysisSchema, communicationPatternsSchema, complexityScoresSchema, riskScoresSchema, score } from './assessment.ts';
import { conversationEntrySchema, isoTime } from './support.ts';
import {
  COMMUNICATION_STYLES,
  HANDLING_APPROACHES,
  IMMEDIATE_REASONS,
  REASONER_NAMES,
  RECOMMENDED_STYLES,
  REQUIRED_EXPERTISE,
  SENTIMENTS,
  TRAJECTORIES,
} from './vocabulary.ts';

const msOrNull = z.number().nullable();

export const escalationAgentSchema = z.object({
  ticketId: z.string().describe('the ticket id shown to people (the ticket\'s own id or TICK-<task id>)'),
  startedAt: isoTime,
  conversationHistory: z.array(conversationEntrySchema).describe('every message, oldest first'),
  /** The reasoner's analysis from intake's single call, until the analysis step turns it into fields. */
  assessment: z.object({ analysis: analysisSchema, source: z.enum(REASONER_NAMES) }).nullable(),
  metrics: z.object({
    responseTimeMs: msOrNull,
    escalationTimeMs: msOrNull,
    resolutionTimeMs: msOrNull,
    customerSatisfaction: z.number().nullable(),
  }),
});

/** Optional beyond the first three: the step's fallback stores a conservative profile without them. */
export const sentimentAnalysisSchema = z.object({
  overallSentiment: z.enum(SENTIMENTS),
  frustrationLevel: score.describe('0..100: how frustrated the customer is'),
  repeatIssue: z.boolean().describe('the customer says this is not the first time'),
  specificIssue: z.string().describe('one sentence naming the problem'),
  communicationStyle: z.enum(COMMUNICATION_STYLES).optional(),
  trajectory: z.enum(TRAJECTORIES).optional(),
  complexityAssessment: complexityScoresSchema.optional(),
  riskFactors: riskScoresSchema.optional(),
  communicationPatterns: communicationPatternsSchema.optional(),
  rationale: z.array(z.string()).optional(),
  analyzedAt: isoTime.optional(),
  reasoner: z.enum(REASONER_NAMES).optional(),
  analysisError: z.boolean().optional().describe('the analysis failed; the values are a conservative default'),
  error: z.string().optional(),
});

export const escalationRiskSchema = z.object({
  overall: score.describe('0..100: weighted frustration, complexity, churn and publicity risk'),
  sentiment: score,
  complexity: score,
  business: score,
  customer: score,
  technical: score,
  requiresHumanReview: z.boolean().optional(),
});

export const handlingStrategySchema = z.object({
  approach: z.enum(HANDLING_APPROACHES),
  estimatedResolutionTime: z.string().describe('e.g. `30-60 minutes`'),
  requiredExpertise: z.enum(REQUIRED_EXPERTISE),
  communicationStyle: z.enum(RECOMMENDED_STYLES),
});

export const immediateEscalationSchema = z.object({
  required: z.boolean(),
  reasons: z.array(z.enum(IMMEDIATE_REASONS)).describe('thresholds of the policy the analysis crossed'),
  triggeredAt: isoTime,
});
