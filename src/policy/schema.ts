/**
 * The policy language: everything a support team tunes without touching code.
 *
 * One zod schema; types come from `z.infer`. Conditions (`when`, `if`) are MongoDB-style queries over
 * the task's `data`; templates use `{{path.in.data}}`. Compiling conditions and checking that teams and
 * steps exist happens in `load.ts`, which reports every problem with its path in the file.
 */
import { z } from 'zod';
import { fileURLToPath } from 'node:url';
import { DEFAULT_REPLIES_DIR } from '../../connectors/llm/replies.ts';
import { CATEGORIES, DECISIONS, PRIORITIES, URGENCY_LEVELS } from '../domain/vocabulary.ts';
import { calendarSchema, legacyBusinessHours } from './calendar-schema.ts';
import { assignmentSchema, membersSchema } from './people-schema.ts';

/** The articles shipped with the project (absolute, so a copied policy still finds them). */
export const DEFAULT_KNOWLEDGE_DIR = fileURLToPath(new URL('../../knowledge/', import.meta.url));

const id = z
  .string()
  .regex(/^[a-z][a-z0-9_]*$/, 'use lower_snake_case: a letter, then letters, digits or underscores');
const minutes = z.number().nonnegative();
const email = z.email();
const slackChannel = z.string().regex(/^[#@]?[a-z0-9._-]+$/i, 'a Slack channel such as #support or a channel id');
/** A MongoDB-style condition over `data`; validated and compiled by the loader. */
const condition = z.record(z.string(), z.unknown());

export const teamSchema = z.strictObject({
  name: z.string().min(1),
  email,
  slack_channel: slackChannel.optional(),
  queue: z.string().min(1),
  skills: z.array(z.string()).default([]),
  /** People who work the team: usernames or `{ user, skills, capacity }` (docs/assignment.md). */
  members: membersSchema.default([]),
  /** How new escalation tasks are offered to members; absent: they wait in the queue to be claimed. */
  assignment: assignmentSchema.optional(),
  /** Who takes over, in order, when this team's human task breaches its SLA. */
  escalation_chain: z.array(id).default([]),
  /** Time zone, business hours, holidays and on-call rotation; business-clock SLAs count in it (docs/calendars.md). */
  calendar: calendarSchema.optional(),
  /** Replaced by `calendar`; refused with the calendar to write instead. */
  business_hours: legacyBusinessHours.optional(),
  /** Zendesk group the ticket is assigned to on handoff. */
  zendesk_group_id: z.number().int().positive().optional(),
});
export type Team = z.infer<typeof teamSchema>;

const routeSchema = z.strictObject({
  team: id,
  queue: z.string().optional(),
  skill_tags: z.array(z.string()).default([]),
  /** Priority levels added to the ticket's priority when it is handed off (0..3). */
  priority_boost: z.number().int().min(0).max(3).default(0),
});
export type Route = z.infer<typeof routeSchema>;

export const triggerSchema = z.strictObject({
  id,
  when: condition,
  /** Template over `data`, shown to the human and recorded as the decision's reason. */
  reason: z.string().min(1),
  priority: z.enum(PRIORITIES),
  decision: z.enum(DECISIONS).exclude(['no_escalation']),
  urgency: z.enum(URGENCY_LEVELS),
  /** Overrides the category route's team. */
  team: id.optional(),
  /** Teams told about the handoff besides the one that owns it. */
  notify: z.array(id).default([]),
  tags: z.array(z.string()).default([]),
});
export type Trigger = z.infer<typeof triggerSchema>;

const summarySchema = z.strictObject({
  name: id,
  template: z.string().min(1),
  include: z.array(z.string()).default([]),
});

// The descriptions word the check's message: `"completed" is not an action; use complete, continue, or {handoff: <step id>}`.
const humanOutcomeAction = z
  .union([z.literal('complete'), z.literal('continue'), z.strictObject({ handoff: id.describe('step id') })])
  .describe('an action');

const onHumanCompleteRule = z.strictObject({ if: condition, then: humanOutcomeAction });

/**
 * How an SLA counts time: `business` counts only the owning team's business hours (its calendar;
 * a team without one counts around the clock), `always` counts every minute.
 */
export const SLA_CLOCKS = ['business', 'always'] as const;
export type SlaClock = (typeof SLA_CLOCKS)[number];

const slaTarget = (clock: SlaClock) =>
  z.strictObject({
    /** Time from handoff to resolution before the task breaches and moves up the chain. */
    resolve_minutes: minutes,
    /** How long before the breach the team is warned (counted on the same clock). */
    warn_before_minutes: minutes,
    clock: z.enum(SLA_CLOCKS, { error: 'clock: "business" (the team\'s business hours) or "always" (around the clock)' }).default(clock),
  });

const byUrgency = z.strictObject({
  immediate: minutes,
  urgent: minutes,
  standard: minutes,
  scheduled: minutes,
});

export const policySchema = z.strictObject({
  version: z.literal(1),
  teams: z.record(id, teamSchema).refine((teams) => Object.keys(teams).length > 0, 'define at least one team'),
  escalation: z.strictObject({
    /** Copied on every handoff email; the fallback route when a team's channel fails. */
    email,
    slack_channel: slackChannel,
    /** Told to the customer when a person takes over; a template over `data`. */
    customer_message: z.string().min(1),
  }),
  routing: z.strictObject({
    default: routeSchema,
    categories: z.partialRecord(z.enum(CATEGORIES), routeSchema).default({}),
  }),
  /** Numbers the analysis and decision steps compare against (0..100 scores). */
  thresholds: z
    .strictObject({
      high_frustration: z.number().min(0).max(100).default(85),
      high_risk: z.number().min(0).max(100).default(90),
      extreme_complexity: z.number().min(0).max(100).default(90),
      /** Below this overall risk and with no trigger matched, the ticket stays automated. */
      consult_reasoner_from_risk: z.number().min(0).max(100).default(60),
    })
    .prefault({}),
  triggers: z.array(triggerSchema).default([]),
  timings: z
    .strictObject({
      /** Delay before the handoff is sent, by urgency. */
      escalate_after_minutes: byUrgency.default({ immediate: 0, urgent: 5, standard: 30, scheduled: 240 }),
      /** Follow-up after a handoff, by urgency. */
      follow_up_minutes: byUrgency.default({ immediate: 15, urgent: 60, standard: 240, scheduled: 480 }),
      /** Target first-response time by priority. */
      respond_within_minutes: z
        .strictObject({ low: minutes, medium: minutes, high: minutes, critical: minutes })
        .default({ low: 1440, medium: 480, high: 120, critical: 15 }),
      resolution_check_minutes: minutes.default(120),
      satisfaction_survey_minutes: minutes.default(1440),
      outcome_analysis_minutes: minutes.default(4320),
      /**
       * A person's minutes per ticket, for the wait the customer is promised, until the team has
       * enough recently completed tasks to measure it (docs/calendars.md).
       */
      handling_minutes: z.number().positive('handling_minutes: more than 0 minutes per ticket').default(30),
    })
    .prefault({}),
  /** The callback link offered in a customer's reply (docs/calendars.md). */
  callbacks: z
    .strictObject({
      /** Offer the link also while the team is open when the queue's estimated wait is longer than this. */
      offer_when_wait_over_minutes: minutes.default(120),
    })
    .prefault({}),
  context_for_human: z
    .strictObject({
      fields: z.array(z.string()).default([]),
      summaries: z.array(summarySchema).default([]),
    })
    .prefault({}),
  on_human_complete: z.array(onHumanCompleteRule).default([{ if: { 'human.resolved': true }, then: 'complete' }]),
  on_error: z
    .strictObject({
      /** Told to the customer when a step fails for good. */
      respond: z.string().min(1).default('We hit a problem handling your request; a person from our team will follow up.'),
      retry: z.number().int().min(0).max(10).default(2),
      backoff_ms: z.number().int().min(0).default(500),
      /**
       * `escalate`: a step that fails for good opens a human task (the ticket's handoff task when it is
       * escalated, otherwise one for `team`); `fail`: only the fallback (or the failed state) records it.
       */
      then: z.enum(['escalate', 'fail']).default('escalate'),
      /** Who gets a failed ticket that was not escalated; the team its category routes to when unset. */
      team: id.optional(),
    })
    .prefault({}),
  sla: z
    .strictObject({
      low: slaTarget('business'),
      medium: slaTarget('business'),
      high: slaTarget('business'),
      // A critical ticket is worked around the clock unless the policy says otherwise.
      critical: slaTarget('always'),
    })
    .prefault({
      low: { resolve_minutes: 2880, warn_before_minutes: 240 },
      medium: { resolve_minutes: 1440, warn_before_minutes: 120 },
      high: { resolve_minutes: 240, warn_before_minutes: 30 },
      critical: { resolve_minutes: 60, warn_before_minutes: 15 },
    }),
  /**
   * The articles the automation may answer with. Without this section nothing is answered from
   * articles: every non-escalated question goes to its team's queue.
   */
  knowledge_base: z
    .strictObject({
      /** Folder of articles, relative to the policy file; the shipped knowledge/ by default. */
      dir: z.string().min(1).default(DEFAULT_KNOWLEDGE_DIR),
      /** An article is sent only at or above this confidence (0..1; see src/knowledge/index.ts). */
      min_confidence: z.number().min(0).max(1).default(0.6),
    })
    .optional(),
  /** Customer-facing texts per language (`<dir>/<code>.yaml`) and the language used when one has none. */
  languages: z
    .strictObject({
      fallback: z.string().regex(/^[a-z]{2}$/, 'an ISO 639-1 code such as en').default('en'),
      /** Folder of reply templates, relative to the policy file; the shipped replies/ by default. */
      replies: z.string().min(1).default(DEFAULT_REPLIES_DIR),
    })
    .prefault({}),
});

export type Policy = z.infer<typeof policySchema>;
export type PolicyInput = z.input<typeof policySchema>;
