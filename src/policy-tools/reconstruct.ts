/**
 * The data an escalation decision saw, rebuilt from a stored task: the assessment fields as they are
 * now, minus the decision and everything written at or after it, with the conversation cut at the
 * decision's time and the values the recorded triggers saw put back where a later reassessment (a
 * customer reply re-reads the ticket) has changed them.
 */
import type { Json, JsonObject, Task } from '../engine/types.ts';
import { recordedValuesSeen } from '../policy/explain.ts';

/** Fields written at or after the decision by the pipeline or from outside (the inbox, replies). */
const ALWAYS_DROPPED = ['escalationDecision', 'escalationPreparation', 'human', 'customerReply'];
const DECISION_STEPS = new Set(['escalation_decision']);

/** One stored task's decision, as replay and suggest read it. */
export interface DecisionInput {
  taskId: string;
  subject: string;
  /** What the decision saw, as closely as the store allows. */
  data: JsonObject;
  /** The decision recorded on the task. */
  recorded: { decision: string; escalated: boolean; trigger: string | null; decidedBy: string; policyVersion: string | null; afterReply: boolean; fallback: boolean; at: string | null; team: string | null; priority: string | null };
  /** Values put back from the decision record because the task's data has changed since. */
  restored: number;
  /** A customer reply re-assessed the ticket after the decision (fields other than the triggers' may differ). */
  reassessed: boolean;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Top-level and one-below paths the runs at or after the decision wrote and no earlier run did. */
function writtenAfterDecision(task: Task): string[] {
  const runs = task.meta.runs.filter((run) => run.outcome === 'ok');
  const at = runs.findIndex((run) => DECISION_STEPS.has(run.stepId));
  if (at < 0) return [];
  const before = new Set(runs.slice(0, at).flatMap((run) => run.fieldsWritten));
  const beforeTop = new Set([...before].map((p) => p.split('.')[0]));
  return [...new Set(runs.slice(at).flatMap((run) => run.fieldsWritten))].filter((p) => !before.has(p) && !beforeTop.has(p));
}

function dropPath(data: JsonObject, path: string): void {
  const [head, ...rest] = path.split('.');
  if (head === undefined) return;
  if (rest.length === 0) delete data[head];
  else if (isObject(data[head])) dropPath(data[head] as JsonObject, rest.join('.'));
}

/**
 * Sets `path` to `value` when every step walks through an object that exists; reports whether the
 * value changed. Paths through arrays are left alone (their recorded value is a projection).
 */
function restore(data: JsonObject, path: string, value: Json): boolean {
  const parts = path.split('.');
  let current: JsonObject = data;
  for (const part of parts.slice(0, -1)) {
    const next = current[part];
    if (!isObject(next)) return false;
    current = next;
  }
  const last = parts.at(-1)!;
  if (JSON.stringify(current[last]) === JSON.stringify(value)) return false;
  current[last] = value;
  return true;
}

/** A recorded value is exact only for numbers, booleans, uncut strings and short lists of those. */
function exact(value: Json): boolean {
  if (typeof value === 'number' || typeof value === 'boolean') return true;
  if (typeof value === 'string') return !value.endsWith('…') && !/^\{.*\}$/.test(value);
  if (Array.isArray(value)) return value.length < 10 && value.every((v) => typeof v === 'number' || typeof v === 'boolean' || (typeof v === 'string' && exact(v)));
  return false;
}

/** The decision input of `task`, or null when the task never reached a decision. */
export function decisionInput(task: Task): DecisionInput | null {
  const recorded = task.data.escalationDecision;
  if (!isObject(recorded)) return null;
  const data = structuredClone(task.data);
  for (const key of ALWAYS_DROPPED) delete data[key];
  for (const path of writtenAfterDecision(task)) dropPath(data, path);

  const at = typeof recorded.decisionMadeAt === 'string' ? recorded.decisionMadeAt : null;
  let reassessed = false;
  const agent = data.escalationAgent;
  if (at && isObject(agent) && Array.isArray(agent.conversationHistory)) {
    // The reasoner reads the customer's follow-ups: only those the decision could have seen.
    agent.conversationHistory = agent.conversationHistory.filter((entry) => !isObject(entry) || typeof entry.timestamp !== 'string' || entry.timestamp <= at);
  }
  const classification = isObject(data.support) && isObject(data.support.classification) ? data.support.classification : null;
  if (at && typeof classification?.reclassifiedAt === 'string' && classification.reclassifiedAt > at) reassessed = true;

  let restored = 0;
  const evaluated = Array.isArray(recorded.triggersEvaluated) ? recorded.triggersEvaluated : [];
  for (const entry of evaluated) {
    // Older records keep a `saw` map per trigger; compact ones only the clauses, which hold the same values.
    const saw = isObject(entry) ? recordedValuesSeen(entry) : undefined;
    if (!saw) continue;
    for (const [path, value] of Object.entries(saw)) {
      if (value === null || !exact(value)) continue;
      if (restore(data, path, value)) restored += 1;
    }
  }

  const trigger = isObject(recorded.trigger) && typeof recorded.trigger.id === 'string' ? recorded.trigger.id : null;
  const prep = isObject(task.data.escalationPreparation) ? task.data.escalationPreparation : null;
  const ticket = isObject(data.support) && isObject(data.support.ticket) ? data.support.ticket : {};
  return {
    taskId: task._id,
    subject: typeof ticket.subject === 'string' ? ticket.subject : typeof ticket.description === 'string' ? ticket.description.slice(0, 80) : '',
    data,
    recorded: {
      decision: typeof recorded.decision === 'string' ? recorded.decision : 'unknown',
      escalated: recorded.escalationRecommended === true,
      trigger,
      decidedBy: typeof recorded.decidedBy === 'string' ? recorded.decidedBy : 'unknown',
      policyVersion: typeof recorded.policyVersion === 'string' ? recorded.policyVersion : null,
      afterReply: typeof recorded.after === 'string',
      fallback: recorded.fallbackApplied === true,
      at,
      team: recorded.escalationRecommended === true && typeof prep?.targetTeam === 'string' ? prep.targetTeam : null,
      priority: recorded.escalationRecommended === true && typeof prep?.priority === 'string' ? prep.priority : null,
    },
    restored,
    reassessed,
  };
}
