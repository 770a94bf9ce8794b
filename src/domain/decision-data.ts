/**
 * What the escalation decision writes: the decision with its explanation (`escalationDecision`) and,
 * when escalating, where and how the ticket goes (`escalationPreparation`) with the context package.
 */
import { z } from 'zod';
import { complexityScoresSchema, confidence } from './assessment.ts';
import { conversationEntrySchema, isoTime } from './support.ts';
import { CATEGORIES, COMPLEXITIES, DECISIONS, KNOWLEDGE_LEVELS, PRIORITIES, RECOMMENDED_STYLES, SENTIMENTS, URGENCY_LEVELS } from './vocabulary.ts';

/** A JSON object whose keys are data paths (e.g. what a trigger saw); values are any JSON. */
const byPath = z.record(z.string(), z.unknown());

export const triggerEvaluationSchema = z.object({
  id: z.string(),
  matched: z.boolean(),
  fired: z.boolean(),
  /**
   * The trigger's condition (JSON). Written only when the clauses do not spell it exactly; read it with
   * `recordedCondition` (src/policy/explain.ts), which rebuilds it from the clauses otherwise.
   */
  condition: z.string().optional(),
  /**
   * The values of the paths the condition reads. Records written before the compact form have it;
   * newer ones derive it from the clauses: read it with `recordedValuesSeen`.
   */
  saw: byPath.optional().describe('the values of the paths the condition reads (older records)'),
  /**
   * Each clause with the value it saw and whether it held ($and/$or/$nor kept as groups), so a record
   * answers "why did this rule not fire"; see explainCondition in src/policy/explain.ts.
   */
  clauses: z.array(z.unknown()).optional(),
});
export type TriggerEvaluation = z.infer<typeof triggerEvaluationSchema>;

export const escalationDecisionSchema = z.object({
  decision: z.enum(DECISIONS).describe('whether and how the ticket goes to a person'),
  escalationRecommended: z.boolean().describe('true for every decision but no_escalation'),
  urgencyLevel: z.enum(URGENCY_LEVELS),
  primaryReason: z.string(),
  reasons: z.array(z.string()),
  confidence: confidence,
  trigger: z.object({ id: z.string(), priority: z.enum(PRIORITIES), tags: z.array(z.string()) }).nullable().describe('the policy trigger that fired, if one did'),
  decidedBy: z.string().describe('`policy`, the reasoner (`heuristic`, `openai`) or `fallback`'),
  policyVersion: z.string(),
  decisionMadeAt: isoTime,
  triggersEvaluated: z.array(triggerEvaluationSchema).optional(),
  riskFactorsConsidered: z.array(z.string()).optional(),
  fallbackApplied: z.boolean().optional(),
  /** Set when a customer reply changed the decision. */
  after: z.string().optional(),
});

export const contextPackageSchema = z.object({
  ticketSummary: z.object({
    id: z.string().nullable(),
    subject: z.string().nullable(),
    category: z.enum(CATEGORIES).nullable(),
    priority: z.enum(PRIORITIES).nullable(),
    complexity: z.enum(COMPLEXITIES).nullable(),
    specificIssue: z.string().nullable(),
    entities: z.array(z.string()),
  }),
  customerProfile: z.object({
    id: z.string().nullable(),
    tier: z.string().nullable(),
    accountValue: z.number().nullable(),
    previousTickets: z.number(),
    escalationHistory: z.array(z.string()),
    supportHistory: z.array(z.string()),
  }),
  sentimentProfile: z.object({
    frustrationLevel: z.number().nullable(),
    emotionalState: z.enum(SENTIMENTS).nullable(),
    communicationStyle: z.enum(RECOMMENDED_STYLES).nullable(),
    repeatIssue: z.boolean(),
  }),
  technicalContext: z.object({
    technicalKnowledge: z.enum(KNOWLEDGE_LEVELS).nullable(),
    complexity: complexityScoresSchema.nullable(),
    requiredExpertise: z.string().nullable(),
    estimatedResolutionTime: z.string().nullable(),
  }),
  conversationHistory: z.array(conversationEntrySchema),
  /** The policy's `context_for_human.fields`, by path. */
  fields: byPath,
  /** The policy's `context_for_human.summaries`, by name. */
  summaries: z.record(z.string(), z.object({ text: z.string(), include: byPath })),
});
export type ContextPackage = z.infer<typeof contextPackageSchema>;

export const escalationPreparationSchema = z.object({
  targetTeam: z.string().describe('policy team id that takes the ticket'),
  targetTeamName: z.string(),
  notifyTeams: z.array(z.string()),
  queue: z.string(),
  skillTags: z.array(z.string()),
  priority: z.enum(PRIORITIES).describe('the ticket\'s priority raised by the route\'s priority_boost'),
  urgencyLevel: z.enum(URGENCY_LEVELS),
  tags: z.array(z.string()),
  handoffRequirements: z.array(z.string()),
  estimatedHandoffTime: z.string(),
  escalateAt: isoTime,
  contextPackage: contextPackageSchema,
});
