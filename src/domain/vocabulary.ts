/**
 * The triage vocabulary: every closed list of words the pipeline, the policy, the reasoner and the
 * interfaces share (categories, priorities, decisions, urgency levels, signals, task states...).
 *
 * One place, so a new category or decision is added once and the policy schema, the reasoner's
 * structured outputs, the task-data schema and the pages all follow.
 */

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
export type Category = (typeof CATEGORIES)[number];

/** Lowest first: the order is used to raise a priority (routing boost, reclassification). */
export const PRIORITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Priority = (typeof PRIORITIES)[number];

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
/** What the reasoner may report. */
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
/**
 * What `support.classification.escalationSignals` may hold: the reasoner's signals plus the one the
 * engine adds itself when classification failed (the model must never claim it).
 */
export const STORED_ESCALATION_SIGNALS = [...ESCALATION_SIGNALS, 'classification_failure'] as const;
/** Most confident first: the order is used to raise doubt when a ticket is reclassified. */
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
export type Decision = (typeof DECISIONS)[number];
/** Most pressing first. */
export const URGENCY_LEVELS = ['immediate', 'urgent', 'standard', 'scheduled'] as const;
export type UrgencyLevel = (typeof URGENCY_LEVELS)[number];
export const RESPONSE_TYPES = [
  'escalation_acknowledgment',
  'solution_provision',
  'clarification_request',
  'acknowledgment',
] as const;
export const TONES = ['empathetic', 'professional', 'technical'] as const;
/** How the customer reply was planned (see src/knowledge/plan.ts). */
export const REPLY_MODES = ['escalation', 'solution', 'queued', 'feature_request', 'compliment', 'clarification'] as const;
export type ReplyMode = (typeof REPLY_MODES)[number];
export const REASONER_NAMES = ['heuristic', 'openai'] as const;
export type ReasonerName = (typeof REASONER_NAMES)[number];

export const BUSINESS_IMPACTS = ['low', 'medium', 'high'] as const;
export const HANDLING_APPROACHES = ['high_touch_escalation', 'careful_handling', 'technical_specialist', 'standard_support'] as const;
export const REQUIRED_EXPERTISE = ['senior_technical', 'technical_specialist', 'communication_specialist', 'general_support'] as const;
/** Why the analysis step asks for an immediate escalation. */
export const IMMEDIATE_REASONS = ['high_frustration', 'legal_threats', 'executive_involvement', 'high_risk_score', 'extreme_complexity'] as const;
export const CONVERSATION_ROLES = ['customer', 'agent', 'human'] as const;
/** `escalation`: a team was paged; `queue`: the ticket waits in a team's queue, nobody paged. */
export const HANDOFF_MODES = ['escalation', 'queue'] as const;
export const HUMAN_OUTCOME_ACTIONS = ['complete', 'continue', 'handoff'] as const;
export const SURVEY_STATUSES = ['deferred', 'skipped', 'sent', 'rescheduled'] as const;
export const RESOLUTION_STATUSES = ['resolved_by_human', 'resolved_by_automation', 'customer_replied', 'awaiting_human', 'escalated_open', 'unconfirmed'] as const;
export type ResolutionStatus = (typeof RESOLUTION_STATUSES)[number];

/**
 * `ready`: has work to do and may be claimed. `running`: a worker holds its lease.
 * `waiting`: no step matches; new data (a reply, a human resolution, a scheduled job) resumes it.
 * `done`: finished. `failed`: the engine gave up (loop guard, run budget); the reason is in `meta.error`.
 */
export const TASK_STATES = ['ready', 'running', 'waiting', 'done', 'failed'] as const;
export type TaskState = (typeof TASK_STATES)[number];

/** The later of `a` and `b` in `order` (e.g. the higher priority). */
export function higher<T extends string>(order: readonly T[], a: T, b: T): T {
  return order.indexOf(b) > order.indexOf(a) ? b : a;
}

/** `priority` raised by `levels`, capped at `critical`. */
export function raisePriority(priority: Priority, levels: number): Priority {
  return PRIORITIES[Math.min(PRIORITIES.indexOf(priority) + levels, PRIORITIES.length - 1)] as Priority;
}
