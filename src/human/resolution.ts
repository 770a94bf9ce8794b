/**
 * What a resolution writes into the pipeline task's `data.human`, shaped so the policy's
 * `on_human_complete` conditions can test it directly: `human.resolved`, and every boolean answer
 * and the decision itself as top-level flags (`human.needs_agent`, `human.approved_refund`).
 */
import type { Json, JsonObject } from '../engine/types.ts';
import { InputError } from '../errors.ts';
import { RESERVED_HUMAN_KEYS } from './forms.ts';
import type { HumanTask } from './types.ts';

/** Decisions that close the case; `human.resolved` is true for these. */
export const RESOLVING_DECISIONS: readonly string[] = ['resolved', 'approved'];

const DECISION = /^[a-z][a-z0-9_]{0,63}$/;

export function checkDecision(decision: unknown): string {
  if (typeof decision !== 'string' || !DECISION.test(decision)) {
    throw new InputError('decision must be lower_snake_case, e.g. resolved, approved, rejected, needs_agent, needs_followup', ['decision']);
  }
  return decision;
}

/**
 * The `data.human` patch of a completed task. A decision named like a flag sets that flag, so
 * `--decision needs_agent` reaches `{ "human.needs_agent": true }`; an answer saying the opposite is
 * refused rather than guessed at.
 */
export function humanPatch(task: HumanTask): JsonObject {
  const resolution = task.resolution;
  if (!resolution) throw new Error(`human task ${task._id} has no resolution`);
  const flags: JsonObject = {};
  if (!(RESERVED_HUMAN_KEYS as readonly string[]).includes(resolution.decision)) flags[resolution.decision] = true;
  for (const [name, value] of Object.entries(resolution.fields)) {
    if (typeof value !== 'boolean') continue;
    if (flags[name] === true && value === false) {
      throw new InputError(`decision "${name}" contradicts field "${name}" = false; change one of them`, ['fields', name]);
    }
    flags[name] = value;
  }
  const created = task.createdAt.getTime();
  const human: JsonObject = {
    taskId: task._id,
    type: task.type,
    decision: resolution.decision,
    resolved: RESOLVING_DECISIONS.includes(resolution.decision),
    fields: resolution.fields as Json,
    respondedBy: resolution.respondedBy,
    resolvedAt: resolution.resolvedAt.toISOString(),
    timeToClaimMs: task.claimedAt ? task.claimedAt.getTime() - created : null,
    timeToResolveMs: resolution.resolvedAt.getTime() - created,
    ...flags,
    // Cleared so that on_human_complete decides again for this resolution (data patches merge).
    outcome: null,
  };
  if (resolution.notes !== undefined) human.notes = resolution.notes;
  return { human };
}

/**
 * Whether the pipeline task still lacks this resolution (the earlier write failed): true when its
 * `data.human` belongs to no human task, or to one resolved before this one.
 */
export function needsRedelivery(task: HumanTask, pipelineData: JsonObject | undefined): boolean {
  if (!pipelineData || !task.resolution) return false;
  const human = pipelineData.human;
  if (typeof human !== 'object' || human === null || Array.isArray(human)) return true;
  if (human.taskId === task._id) return false;
  const theirs = typeof human.resolvedAt === 'string' ? Date.parse(human.resolvedAt) : Number.NaN;
  return Number.isNaN(theirs) || theirs < task.resolution.resolvedAt.getTime();
}
