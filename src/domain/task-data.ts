/**
 * The schema of a task's `data`: every field the pipeline writes, by the step (or job) that writes it.
 * Every top-level field is optional because a task gains them step by step.
 *
 * It is the one description of the data: steps declare what they write by picking from it
 * (`writes` in defineStep), the runner validates each patch against that, the read views steps use are
 * `z.infer` of it, and `policy check` walks it to check the paths policy conditions name. So it stays
 * introspectable: plain objects, enums, arrays and scalars, no lazy schemas or transforms.
 *
 * Unknown keys: `support.ticket` and `human` are open (`looseObject`); every other object is closed,
 * and a step patch naming a key the schema does not know is refused.
 */
import { z } from 'zod';
import { escalationAgentSchema, escalationRiskSchema, handlingStrategySchema, immediateEscalationSchema, sentimentAnalysisSchema } from './analysis-data.ts';
import { escalationDecisionSchema, escalationPreparationSchema } from './decision-data.ts';
import { callbackSchema } from './callback-data.ts';
import { humanSchema } from './human-data.ts';
import { contextPreservationSchema, followUpSchema, outcomeTrackingSchema, performanceAnalysisSchema } from './outcome-data.ts';
import {
  conversationResponseSchema,
  customerReplySchema,
  followUpScheduledSchema,
  handoffCompleteSchema,
  handoffRetrySchema,
} from './response-data.ts';
import { supportSchema } from './support.ts';

export const taskDataSchema = z.object({
  support: supportSchema.optional().describe('the ticket and what intake_classification adds to it'),
  escalationAgent: escalationAgentSchema.optional().describe('the agent\'s memory: conversation and timings'),
  sentimentAnalysis: sentimentAnalysisSchema.optional().describe('sentiment_complexity_analysis: how the customer feels'),
  escalationRisk: escalationRiskSchema.optional().describe('sentiment_complexity_analysis: risk scores 0..100'),
  handlingStrategy: handlingStrategySchema.optional(),
  immediateEscalation: immediateEscalationSchema.optional().describe('present when a threshold demands a person now'),
  escalationDecision: escalationDecisionSchema.optional().describe('escalation_decision: whether a person takes over'),
  escalationPreparation: escalationPreparationSchema.optional().describe('escalation_decision: team, priority, context package'),
  conversationResponse: conversationResponseSchema.optional().describe('customer_response: the reply sent to the customer'),
  followUpScheduled: followUpScheduledSchema.optional(),
  handoffComplete: handoffCompleteSchema.optional().describe('human_handoff or a queue entry: who has the ticket'),
  handoffRetry: handoffRetrySchema.optional(),
  contextPreservation: contextPreservationSchema.optional(),
  outcomeTracking: outcomeTrackingSchema.optional(),
  performanceAnalysis: performanceAnalysisSchema.optional().describe('performance_analysis: the per-ticket report'),
  customerReply: customerReplySchema.optional().describe('the customer\'s latest message after the first'),
  followUp: followUpSchema.optional(),
  human: humanSchema.optional().describe('a person\'s resolution of the human task'),
  callback: callbackSchema.optional().describe('a call the customer booked through the callback link'),
});

/** A task's `data` as the pipeline knows it. */
export type TaskData = z.infer<typeof taskDataSchema>;
/** A top-level field of `data`. */
export type TaskDataKey = keyof typeof taskDataSchema.shape;

/**
 * `data` read as the schema describes it. Not parsed: the runner already checked every step patch
 * against the schema before committing it, and stored tasks are read often (lists, reports).
 */
export function readTaskData(data: Readonly<Record<string, unknown>>): TaskData {
  return data as TaskData;
}
