/**
 * `support`: the ticket as submitted and what intake adds to it (classification, customer, routing),
 * and the conversation entries every part of the pipeline appends to.
 */
import { z } from 'zod';
import { ticketSchema } from '../intake/ticket.ts';
import { classificationFields } from './assessment.ts';
import {
  BUSINESS_IMPACTS,
  CONVERSATION_ROLES,
  REASONER_NAMES,
  RESPONSE_TYPES,
  STORED_ESCALATION_SIGNALS,
  TONES,
} from './vocabulary.ts';

/** An ISO 8601 time as stored in `data` (JSON has no dates). */
export const isoTime = z.string().describe('ISO 8601 time');

/**
 * The classification as stored: the reasoner's answer plus when and by whom; the fallback's
 * `classification_failure` signal and error fields when classification failed.
 */
export const storedClassificationSchema = z.object({
  ...classificationFields,
  category: classificationFields.category.describe('topic of the ticket; routes it to a team'),
  priority: classificationFields.priority.describe('how soon the ticket needs an answer'),
  escalationSignals: z.array(z.enum(STORED_ESCALATION_SIGNALS)).describe('signs that a person should take over'),
  urgencyIndicators: classificationFields.urgencyIndicators.describe('business impact the ticket reports'),
  resolutionLikelihood: classificationFields.resolutionLikelihood.describe('how likely the automation resolves it alone'),
  language: classificationFields.language.describe('ISO 639-1 code of the ticket\'s language (`und` when unknown)'),
  confidence: classificationFields.confidence.describe('0..1: how sure the reasoner is of category and priority'),
  classifiedAt: isoTime.optional(),
  reclassifiedAt: isoTime.optional().describe('set when a customer reply changed the reading'),
  autoClassified: z.boolean().optional(),
  reasoner: z.enum(REASONER_NAMES).optional(),
  requiresHumanReview: z.boolean().optional().describe('classification failed; a person should review'),
  classificationError: z.boolean().optional(),
  error: z.string().optional(),
});
export type StoredClassification = z.infer<typeof storedClassificationSchema>;

export const customerSchema = z.object({
  id: z.string().nullable(),
  email: z.string().nullable(),
  tier: z.string().describe('customer tier from the ticket, `unknown` when absent'),
  accountValue: z.number().nullable(),
  previousTickets: z.number().int().min(0),
  supportHistory: z.array(z.string()),
  escalationHistory: z.array(z.string()),
});

export const routingSchema = z.object({
  suggestedTeam: z.string().describe('team id the policy routes the category to'),
  queue: z.string(),
  skillTags: z.array(z.string()),
  requiresSpecialist: z.boolean(),
  businessImpact: z.enum(BUSINESS_IMPACTS),
  timeToRespondMinutes: z.number().min(0),
});

export const supportSchema = z.object({
  ticket: ticketSchema.describe('the ticket as submitted; unknown fields are kept'),
  classification: storedClassificationSchema.optional(),
  customer: customerSchema.optional(),
  routing: routingSchema.optional(),
});

/** Where an article answer came from, kept with the message so the resolution check can trust it. */
export const sentArticleSchema = z.object({ articleId: z.string(), confidence: z.number(), threshold: z.number() });

/**
 * One message of the conversation. Loose: the server, the agent-reply page and the steps each add
 * their own details (author, replyId, surveyAnswer) and a step rewriting the history keeps them.
 */
export const conversationEntrySchema = z.looseObject({
  role: z.enum(CONVERSATION_ROLES),
  content: z.string(),
  timestamp: isoTime,
  channel: z.string().optional(),
  responseType: z.enum(RESPONSE_TYPES).optional(),
  tone: z.enum(TONES).optional(),
  knowledge: sentArticleSchema.optional(),
  surveyAnswer: z.boolean().optional().describe('the message was an answer to the satisfaction survey'),
  author: z.string().optional(),
  replyId: z.string().optional(),
});
export type ConversationEntry = z.infer<typeof conversationEntrySchema>;
