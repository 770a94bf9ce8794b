/**
 * `human`: a person's resolution of the ticket's human task (src/human/resolution.ts writes it) and
 * what `on_human_complete` made of it. Open: a decision or a boolean form answer becomes a flag of its
 * own name (`human.needs_agent`), so unknown keys are allowed.
 */
import { z } from 'zod';
import { isoTime } from './support.ts';
import { HUMAN_OUTCOME_ACTIONS } from './vocabulary.ts';

export const humanOutcomeSchema = z.object({
  action: z.enum(HUMAN_OUTCOME_ACTIONS),
  rule: z.number().int().nullable().describe('index of the on_human_complete rule that matched'),
  step: z.string().optional(),
  decidedAt: isoTime,
});

export const humanSchema = z.looseObject({
  taskId: z.string().optional(),
  type: z.string().optional(),
  decision: z.string().optional().describe('the decision the person chose, e.g. resolved, needs_agent'),
  resolved: z.boolean().optional().describe('the person closed the case'),
  fields: z.record(z.string(), z.unknown()).optional().describe('the form answers, by field name'),
  respondedBy: z.string().optional(),
  resolvedAt: isoTime.optional(),
  timeToClaimMs: z.number().nullable().optional(),
  timeToResolveMs: z.number().optional(),
  notes: z.string().optional(),
  customerMessage: z.string().optional().describe('a reply the person wrote for the automation to send'),
  outcome: humanOutcomeSchema.nullable().optional().describe('null until on_human_complete decided'),
  // The boolean answers of the form every escalation task offers (src/human/input.ts), as flags.
  needs_agent: z.boolean().optional().describe('the person handed the conversation back to the automation'),
  needs_followup: z.boolean().optional().describe('the person kept the case open for a follow-up'),
});
