/**
 * What the closing steps and their follow-up jobs write: the preserved context, the outcome tracking
 * (resolution check, satisfaction survey, final analysis) and the per-ticket performance report.
 */
import { z } from 'zod';
import { conversationEntrySchema, isoTime, type ConversationEntry } from './support.ts';
import { CATEGORIES, DECISIONS, KNOWLEDGE_LEVELS, RECOMMENDED_STYLES, RESOLUTION_STATUSES, SURVEY_STATUSES } from './vocabulary.ts';

export const contextPreservationSchema = z.object({
  sessionMetadata: z.object({
    ticketId: z.string(),
    sessionStarted: isoTime.nullable(),
    contextPreservedAt: isoTime,
    totalDurationMs: z.number(),
    escalationPath: z.enum(DECISIONS).nullable(),
    finalOutcome: z.string().describe('the team the ticket went to, or `self_resolved`'),
  }),
  customerInteractionProfile: z.object({
    customerId: z.string().nullable(),
    preferredStyle: z.enum(RECOMMENDED_STYLES).nullable(),
    technicalLevel: z.enum(KNOWLEDGE_LEVELS).nullable(),
    frustrationLevel: z.number().nullable(),
    repeatIssue: z.boolean(),
    previousTickets: z.number(),
  }),
  issueKnowledge: z.object({
    category: z.enum(CATEGORIES).nullable(),
    specificIssue: z.string().nullable(),
    entities: z.array(z.string()),
    resolutionApproach: z.string().nullable(),
    escalatedTo: z.string().nullable(),
  }),
  conversationLength: z
    .number()
    .int()
    .min(0)
    .optional()
    .describe('how many entries of `escalationAgent.conversationHistory` (which only grows by appending) the preserved context covers'),
  conversationSnapshot: z
    .array(conversationEntrySchema)
    .optional()
    .describe('records preserved before `conversationLength`: a copy of the conversation at that moment; read either through preservedConversation()'),
  crm: z.object({ contactId: z.string(), ref: z.string() }).optional(),
  preserved: z.boolean(),
});

export type ContextPreservation = z.infer<typeof contextPreservationSchema>;

/**
 * The conversation as it stood when the context was preserved: the copy older records carry, or the
 * first `conversationLength` entries of the ticket's `escalationAgent.conversationHistory` (entries
 * are only appended, so they are the same messages; a later annotation of one of them, such as
 * `surveyAnswer`, shows). A record with neither (none is written so) gives the whole history.
 */
export function preservedConversation(
  preservation: Pick<ContextPreservation, 'conversationLength' | 'conversationSnapshot'>,
  history: readonly ConversationEntry[],
): readonly ConversationEntry[] {
  if (preservation.conversationSnapshot) return preservation.conversationSnapshot;
  return preservation.conversationLength === undefined ? history : history.slice(0, preservation.conversationLength);
}

const resolvedBy = z.enum(['human', 'automation']).nullable();

/** The satisfaction survey's state; each writer sets the fields of its stage. */
export const satisfactionSurveySchema = z.object({
  status: z.enum(SURVEY_STATUSES).optional(),
  deferredAt: isoTime.optional(),
  checkedAt: isoTime.optional(),
  reason: z.string().optional(),
  sentAt: isoTime.optional(),
  to: z.string().optional(),
  ref: z.string().optional(),
  language: z.string().optional(),
  rescheduledFor: isoTime.optional(),
  score: z.number().int().min(1).max(5).optional().describe('the customer\'s answer, 1..5'),
  raw: z.string().optional(),
  parsedAs: z.enum(['number', 'stars', 'words']).optional(),
  answeredAt: isoTime.optional(),
  nonScoreReplies: z.number().int().optional(),
  lastNonScoreReplyAt: isoTime.optional(),
});

export const outcomeTrackingSchema = z.object({
  trackingInitiated: isoTime,
  monitoringPeriodHours: z.number(),
  trackingMethods: z.array(z.string()),
  outcomeMetrics: z.object({
    resolutionTimeMs: z.number().nullable().optional(),
    customerSatisfaction: z.number().nullable().optional(),
    escalationAppropriate: z.boolean().nullable().optional(),
    resolved: z.boolean().nullable().optional(),
  }),
  feedbackSchedule: z.object({ resolutionCheck: isoTime, satisfactionSurvey: isoTime, finalAnalysis: isoTime }),
  satisfactionSurvey: satisfactionSurveySchema.optional(),
  /** Written by the resolution_check job. */
  resolutionCheck: z
    .object({
      checkedAt: isoTime,
      status: z.enum(RESOLUTION_STATUSES),
      escalated: z.boolean(),
      humanResolved: z.boolean(),
      awaitingHuman: z.boolean(),
      customerReplied: z.boolean(),
      resolved: z.boolean(),
      resolvedBy,
    })
    .optional(),
  /** Written by the outcome_analysis job. */
  finalAnalysis: z
    .object({
      analyzedAt: isoTime,
      resolved: z.boolean(),
      status: z.enum(RESOLUTION_STATUSES),
      resolvedBy,
      queued: z.boolean(),
      resolutionTimeMs: z.number().nullable(),
      openForMs: z.number(),
      escalated: z.boolean(),
      escalatedTo: z.string().nullable(),
      queuedTo: z.string().nullable(),
      handoffDelivered: z.boolean().nullable(),
      escalationAppropriate: z.boolean(),
      surveySent: z.boolean(),
      customerSatisfaction: z.number().nullable(),
    })
    .optional(),
});

/** A self-resolved ticket's follow-up (the follow_up job): did the customer come back? */
export const followUpSchema = z.object({
  checkedAt: isoTime,
  reason: z.string().nullable(),
  customerReplied: z.boolean(),
  status: z.enum(['customer_replied', 'no_reply']),
});

const usageTotals = z.object({ calls: z.number(), promptTokens: z.number(), completionTokens: z.number() });

/** The per-ticket performance report (src/reports/ticket-report.ts builds it). */
export const ticketReportSchema = z.object({
  ticketId: z.string().nullable(),
  generatedAt: isoTime,
  outcome: z.object({
    decision: z.string().nullable(),
    escalated: z.boolean(),
    team: z.string().nullable(),
    decidedBy: z.string().nullable(),
    trigger: z.string().nullable(),
    handoffDelivered: z.boolean().nullable(),
  }),
  timings: z.object({
    totalMs: z.number(),
    toDecisionMs: z.number().nullable(),
    toHandoffMs: z.number().nullable(),
    steps: z.array(z.object({ stepId: z.string(), durationMs: z.number(), attempts: z.number(), outcome: z.string() })),
  }),
  automation: z.object({
    stepsRun: z.number(),
    retries: z.number(),
    failedSteps: z.array(z.string()),
    fallbacks: z.number(),
    automatedShare: z.number().min(0).max(1),
    effectiveness: z.enum(['automated', 'assisted', 'degraded']),
  }),
  decisionQuality: z.object({
    classificationConfidence: z.number().nullable(),
    decisionConfidence: z.number().nullable(),
    frustrationLevel: z.number().nullable(),
    needsHumanReview: z.boolean(),
  }),
  llm: z.object({
    calls: z.number(),
    promptTokens: z.number(),
    completionTokens: z.number(),
    byStep: z.record(z.string(), usageTotals),
    fallbacks: z.number(),
  }),
  effects: z.object({ sent: z.number(), failed: z.number(), pending: z.number() }),
  flags: z.array(z.string()),
});
export type TicketReport = z.infer<typeof ticketReportSchema>;

export const performanceAnalysisSchema = z.object({
  ...ticketReportSchema.shape,
  reportRef: z.string().describe('where the report was written'),
});
