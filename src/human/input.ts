/**
 * Checking what callers (REST, CLI, the handoff step) ask the inbox to open. Errors are InputErrors
 * naming the field and, where there is a closed set (types, teams, priorities), its members.
 */
import type { JsonObject } from '../engine/types.ts';
import { InputError } from '../errors.ts';
import type { CompiledPolicy } from '../policy/compile.ts';
import { checkFormFields } from './forms.ts';
import { nestedDeeperThan } from '../engine/depth.ts';

/** A context package is a few levels of fields and summaries; thousands of levels is an attack. */
const MAX_CONTEXT_DEPTH = 32;
import { HUMAN_PRIORITIES, HUMAN_TASK_TYPES, type CreateHumanTaskInput, type FormField, type HumanPriority } from './types.ts';

/** What the handoff step gives `openForHandoff`. */
export interface HandoffTaskInput {
  /** The pipeline task; the human task's key is `<taskId>:handoff`. */
  taskId: string;
  title: string;
  /** Policy team id that owns the task first; its `escalation_chain` follows. */
  team: string;
  priority: HumanPriority;
  /** The team's queue by default. */
  queue?: string;
  skillTags?: string[];
  /** The context package built from the policy's `context_for_human`. */
  context?: JsonObject;
  /** Extra form fields; the `needs_agent` and `needs_followup` flags are always offered. */
  fields?: FormField[];
  /** The policy SLA for the priority by default. */
  dueAt?: Date;
}

/**
 * Offered on every escalation task: the flags the policy's `on_human_complete` rules test, and whether
 * the escalation was needed (`escalation_needed`: yes/no/unsure), which `triage policy suggest` reads.
 */
export const DEFAULT_ESCALATION_FIELDS: FormField[] = [
  { name: 'needs_agent', label: 'Hand the conversation back to the automation', type: 'boolean', required: false },
  { name: 'needs_followup', label: 'Keep the case open for a follow-up', type: 'boolean', required: false },
  // Not required, so nobody is blocked; the answers are what `triage policy suggest` learns from.
  { name: 'escalation_needed', label: 'Did this ticket need a person? (teaches the escalation policy)', type: 'select', required: false, options: ['yes', 'no', 'unsure'] },
];

/** A non-empty string of at most `max` characters, trimmed. */
export function text(value: unknown, name: string, max = 500): string {
  if (typeof value !== 'string' || value.trim() === '') throw new InputError(`${name} must be a non-empty string`, [name]);
  if (value.length > max) throw new InputError(`${name} is longer than ${max} characters`, [name]);
  return value.trim();
}

function isPlainObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function checkTeam(team: unknown, policy: CompiledPolicy): string {
  const id = text(team, 'team', 100);
  if (!Object.hasOwn(policy.source.teams, id)) throw new InputError(`unknown team "${id}"; teams: ${Object.keys(policy.source.teams).join(', ')}`, ['team']);
  return id;
}

function checkPriority(priority: unknown): HumanPriority {
  if (!HUMAN_PRIORITIES.includes(priority as HumanPriority)) throw new InputError(`priority must be one of ${HUMAN_PRIORITIES.join(', ')}`, ['priority']);
  return priority as HumanPriority;
}

function checkContext(context: unknown): JsonObject {
  if (context === undefined) return {};
  if (!isPlainObject(context)) throw new InputError('context must be a JSON object', ['context']);
  if (nestedDeeperThan(context, MAX_CONTEXT_DEPTH)) throw new InputError(`context is nested deeper than ${MAX_CONTEXT_DEPTH} levels`, ['context']);
  return structuredClone(context);
}

export type CheckedCreate = Required<Pick<CreateHumanTaskInput, 'type' | 'title' | 'team' | 'priority' | 'fields' | 'context'>> &
  Pick<CreateHumanTaskInput, 'dueInMinutes' | 'taskId'>;

/** Checks an API-opened task. Escalations are opened by the handoff (`openForHandoff`), not here. */
export function checkCreate(input: CreateHumanTaskInput, policy: CompiledPolicy): CheckedCreate {
  if (!isPlainObject(input)) throw new InputError('a human task must be a JSON object');
  const openable = HUMAN_TASK_TYPES.filter((t) => t !== 'escalation');
  if (!openable.includes(input.type as (typeof openable)[number])) {
    throw new InputError(`type must be one of ${openable.join(', ')} (escalation tasks are opened by the handoff)`, ['type']);
  }
  const out: CheckedCreate = {
    type: input.type,
    title: text(input.title, 'title'),
    team: checkTeam(input.team, policy),
    priority: checkPriority(input.priority),
    fields: checkFormFields(input.fields),
    context: checkContext(input.context),
  };
  if (input.dueInMinutes !== undefined) {
    const minutes = input.dueInMinutes;
    if (typeof minutes !== 'number' || !Number.isFinite(minutes) || minutes <= 0 || minutes > 525_600) {
      throw new InputError('dueInMinutes must be a number of minutes above 0 and at most a year (525600)', ['dueInMinutes']);
    }
    out.dueInMinutes = minutes;
  }
  if (input.taskId !== undefined) out.taskId = text(input.taskId, 'taskId', 100);
  return out;
}

/** Checks what the handoff step passes; its mistakes are programming errors, reported as InputErrors. */
export function checkHandoff(input: HandoffTaskInput, policy: CompiledPolicy): HandoffTaskInput {
  if (!isPlainObject(input as unknown)) throw new InputError('openForHandoff needs an object');
  if (input.dueAt !== undefined && (!(input.dueAt instanceof Date) || Number.isNaN(input.dueAt.getTime()))) throw new InputError('dueAt must be a valid Date', ['dueAt']);
  if (input.skillTags !== undefined && (!Array.isArray(input.skillTags) || !input.skillTags.every((t) => typeof t === 'string'))) {
    throw new InputError('skillTags must be a list of strings', ['skillTags']);
  }
  return {
    ...input,
    taskId: text(input.taskId, 'taskId', 100),
    title: text(input.title, 'title', 1_000),
    team: checkTeam(input.team, policy),
    priority: checkPriority(input.priority),
    context: checkContext(input.context),
    ...(input.fields !== undefined ? { fields: checkFormFields(input.fields) } : {}),
  };
}
