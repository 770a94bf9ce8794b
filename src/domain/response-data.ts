/**
 * What the customer-facing steps write: the reply (`conversationResponse`), a reply to a later customer
 * message (`customerReply`), the handoff to people (`handoffComplete`, `handoffRetry`) and the
 * follow-ups that watch them.
 */
import { z } from 'zod';
import { customerResponseSchema } from './assessment.ts';
import { isoTime } from './support.ts';
import { HANDOFF_MODES, PRIORITIES, REPLY_MODES, URGENCY_LEVELS } from './vocabulary.ts';

/** An email that went to the customer. */
export const deliverySchema = z.object({ channel: z.string(), to: z.string(), ref: z.string() });

/** What the knowledge-base search found, also when its best article was not sent. */
export const knowledgeRecordSchema = z.object({
  articleId: z.string(),
  articleLanguage: z.string(),
  title: z.string(),
  confidence: z.number(),
  threshold: z.number().nullable(),
  sent: z.boolean(),
  runnerUp: z.object({ id: z.string(), coverage: z.number() }).nullable(),
  unmatchedTerms: z.array(z.string()),
  excluded: z.array(z.string()),
});

/** The ticket was put in a team's queue as a `review` human task, nobody paged. */
export const queuedSchema = z.object({
  team: z.string(),
  teamName: z.string(),
  queue: z.string(),
  priority: z.enum(PRIORITIES),
  minutes: z.number(),
  dueAt: isoTime,
  humanTaskId: z.string().nullable(),
});
export type Queued = z.infer<typeof queuedSchema>;

/** What the customer was promised and why: the SLA's time on the team's calendar, or the queue's if later. */
export const promiseRecordSchema = z.object({
  at: isoTime.describe('when a person will have answered at the latest'),
  said: z.string().describe('the words the reply used ("within 2 hours", "by Monday, March 16 at 09:30 AM GMT")'),
  governedBy: z.enum(['sla', 'queue']).describe('the later of the two, which the customer is promised'),
  slaAt: isoTime.describe('the promise from the calendar and the SLA minutes alone'),
  explanation: z.string(),
  queue: z
    .object({
      ahead: z.number().int().min(0).describe('unheld tasks of the team as urgent or more'),
      available: z.number().int().min(0).describe('members available with spare capacity'),
      members: z.number().int().min(0),
      open: z.boolean().describe('the team\'s calendar was open'),
      handlingMinutes: z.number(),
      handlingFrom: z.enum(['measured', 'default']),
      samples: z.number().int().min(0),
      waitMinutes: z.number(),
      at: isoTime,
    })
    .nullable()
    .describe('null for a team that lists no members'),
});
export type PromiseRecord = z.infer<typeof promiseRecordSchema>;

export const conversationResponseSchema = z.object({
  ...customerResponseSchema.shape,
  generatedAt: isoTime,
  escalationPath: z.boolean().describe('the reply tells the customer a person takes over'),
  responseStrategy: z.string().nullable(),
  delivery: deliverySchema.nullable(),
  mode: z.enum(REPLY_MODES).optional(),
  language: z.string().optional(),
  knowledge: knowledgeRecordSchema.nullable().optional(),
  queued: queuedSchema.nullable().optional(),
  fallbackApplied: z.boolean().optional(),
  error: z.string().optional(),
  callbackOffered: z.boolean().optional().describe('the reply carried a signed link to book a callback'),
  promise: promiseRecordSchema.optional(),
});

export const followUpScheduledSchema = z.object({
  required: z.boolean(),
  scheduledFor: isoTime,
  reason: z.string(),
  actions: z.array(z.string()),
});

/** A later customer message: written by the server, marked handled by the step that answers it. */
export const customerReplySchema = z.object({
  content: z.string(),
  receivedAt: isoTime,
  count: z.number().int().min(1).describe('how many messages the customer sent after the first'),
  handledAt: isoTime.nullable().describe('null until a step has answered the message'),
  escalated: z.boolean().optional(),
  delivery: deliverySchema.nullable().optional(),
  mode: z.enum(REPLY_MODES).optional(),
  knowledge: knowledgeRecordSchema.nullable().optional(),
  queued: queuedSchema.nullable().optional(),
  promise: promiseRecordSchema.nullable().optional().describe('null when the answer promised no time'),
  callbackOffered: z.boolean().optional().describe('the answer to this message carried a signed link to book a callback'),
});

export const channelResultSchema = z.object({
  channel: z.string(),
  target: z.string(),
  ref: z.string().optional(),
  error: z.string().optional(),
  retryable: z.boolean().optional(),
});

/**
 * The handoff to people: a page (`mode: escalation`) or a queue entry (`mode: queue`). One object for
 * both, since an escalation after queueing merges into it; fields a mode does not set are absent.
 */
export const handoffCompleteSchema = z.object({
  mode: z.enum(HANDOFF_MODES),
  handedOffAt: isoTime.nullable(),
  targetTeam: z.string().nullable(),
  delivered: z.boolean().describe('a person was reached (email or Slack)'),
  contextTransferred: z.boolean(),
  teamName: z.string().optional(),
  queue: z.string().optional(),
  urgencyLevel: z.enum(URGENCY_LEVELS).optional(),
  priority: z.enum(PRIORITIES).optional(),
  paged: z.boolean().optional(),
  humanTaskId: z.string().nullable().optional(),
  awaitingHuman: z.boolean().optional().describe('a human task is open for the ticket'),
  fallbackProcedure: z.boolean().optional().describe('a channel failed and another carried the handoff'),
  deliveries: z.array(channelResultSchema).optional(),
  followUpScheduled: z.object({ scheduledFor: isoTime, urgency: z.enum(URGENCY_LEVELS) }).optional(),
  dueAt: isoTime.optional(),
  error: z.string().optional(),
  retryScheduledFor: isoTime.optional(),
  /** Written by the handoff_follow_up job. */
  followUp: z
    .object({
      checkedAt: isoTime,
      humanResolved: z.boolean(),
      team: z.unknown(),
      urgency: z.unknown(),
      overdue: z.boolean(),
    })
    .optional(),
});

export const handoffRetrySchema = z.object({
  pending: z.boolean().describe('the scheduler asks human_handoff to try a failed handoff again'),
  attempt: z.number().int().optional(),
  requestedAt: isoTime.optional(),
  reason: z.string().nullable().optional(),
});
