/**
 * Who works a team and how its new escalation tasks are handed out (docs/assignment.md).
 *
 * ```yaml
 * teams:
 *   finance:
 *     members:
 *       - ana                                         # a username: no skills, the default capacity
 *       - { user: ben, skills: [refunds, vat], capacity: 3 }
 *     assignment: { strategy: least_loaded }          # round_robin | least_loaded | best_skill_match
 * ```
 *
 * Members are usernames; the policy cannot know the accounts, so a member without one is skipped
 * (with a warning) when a task is assigned, not refused here.
 */
import { z } from 'zod';

/** Open tasks a member holds at once unless the policy says otherwise. */
export const DEFAULT_CAPACITY = 5;

export const ASSIGNMENT_STRATEGIES = ['round_robin', 'least_loaded', 'best_skill_match'] as const;
export type AssignmentStrategy = (typeof ASSIGNMENT_STRATEGIES)[number];

const username = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'a username as `triage user add` takes it: lowercase letters, digits, dot, dash or underscore');

const memberObject = z.strictObject({
  user: username,
  /** What the member is good at; `best_skill_match` compares them with the task's skill tags. */
  skills: z.array(z.string().min(1)).default([]),
  /** Open tasks (pending, assigned, in progress) assigned to them at once before they are passed over. */
  capacity: z.number().int().min(1, 'capacity: at least 1 open task').default(DEFAULT_CAPACITY),
});

/** One member, as written: a username, or `{ user, skills, capacity }`; normalised to the object form. */
export const memberSchema = z
  .union([username, memberObject], { error: 'a member: a username, or { user: <username>, skills: [..], capacity: <open tasks> }' })
  .transform((m) => (typeof m === 'string' ? { user: m, skills: [] as string[], capacity: DEFAULT_CAPACITY } : m));
export type TeamMember = z.output<typeof memberSchema>;

export const membersSchema = z.array(memberSchema).superRefine((members, ctx) => {
  const seen = new Set<string>();
  members.forEach((m, i) => {
    if (seen.has(m.user)) ctx.addIssue({ code: 'custom', message: `"${m.user}" is listed twice; keep one entry`, path: [i] });
    seen.add(m.user);
  });
});

export const assignmentSchema = z.strictObject({
  strategy: z.enum(ASSIGNMENT_STRATEGIES, { error: `strategy: one of ${ASSIGNMENT_STRATEGIES.join(', ')}` }),
});
export type AssignmentConfig = z.infer<typeof assignmentSchema>;
