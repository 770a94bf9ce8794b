/**
 * The policy's `on_error.then: escalate`: when a step fails for good (its retries are spent, whether
 * or not a fallback then keeps the ticket going), a person is asked to look at the ticket. Without
 * this a ticket whose answer could not be sent ended `done` with nobody told.
 */
import { errorMessage } from '../errors.ts';
import type { CompiledPolicy } from '../policy/compile.ts';
import type { HumanTaskOpener } from './step.ts';
import type { JsonObject, Task } from './types.ts';

const PRIORITIES = ['low', 'medium', 'high', 'critical'] as const;
type Priority = (typeof PRIORITIES)[number];

export interface FailureEscalation {
  /** A line for the run record. */
  explanation: string;
  /** The human task that now holds the ticket, when one could be opened. */
  humanTaskId?: string;
}

function field(data: JsonObject, path: string): unknown {
  let current: unknown = data;
  for (const part of path.split('.')) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) return undefined;
    current = (current as JsonObject)[part];
  }
  return current;
}

function priorityOf(value: unknown): Priority | undefined {
  return PRIORITIES.includes(value as Priority) ? (value as Priority) : undefined;
}

/**
 * Opens the human task for a failed step, or says why none was opened. Never throws: the failure
 * being handled is the one to record, and the caller commits the step's outcome either way.
 *
 * A ticket the decision already escalated gets its one handoff task (the handoff step later finds it
 * and tells the team as usual), so a failure never gives a ticket a second handoff; any other ticket
 * gets a task of its own for the policy's `on_error.team` (the team its category routes to when unset).
 */
export async function escalateFailure(
  task: Task,
  stepId: string,
  error: unknown,
  policy: CompiledPolicy,
  humanTasks: HumanTaskOpener | null,
): Promise<FailureEscalation | null> {
  const onError = policy.source.on_error;
  if (onError.then !== 'escalate') return null;
  if (!humanTasks?.openForFailure) return { explanation: `on_error escalate: no human task inbox in this process, so nobody was asked` };
  const data = task.data;
  const escalated = field(data, 'escalationDecision.escalationRecommended') === true && typeof field(data, 'escalationPreparation.targetTeam') === 'string';
  const subject = field(data, 'support.ticket.subject');
  const what = typeof subject === 'string' && subject.trim() ? `"${subject.trim().slice(0, 120)}"` : `ticket ${task._id}`;
  const title = `Step ${stepId} failed for ${what}: ${errorMessage(error).slice(0, 300)}`;
  const priority = priorityOf(field(data, 'escalationPreparation.priority')) ?? priorityOf(field(data, 'support.classification.priority')) ?? 'medium';
  try {
    if (escalated) {
      const team = field(data, 'escalationPreparation.targetTeam') as string;
      const context = field(data, 'escalationPreparation.contextPackage');
      // Titled as the handoff step titles it: this is the ticket's escalation, which the failure only brought forward.
      const ref = field(data, 'support.ticket.id');
      const { task: human, created } = await humanTasks.openForHandoff({
        taskId: task._id,
        title: `${typeof ref === 'string' && ref ? ref : task._id}: ${typeof subject === 'string' ? subject.trim() : 'escalated ticket'}`.slice(0, 300),
        team,
        priority,
        ...(typeof context === 'object' && context !== null && !Array.isArray(context) ? { context: context as JsonObject } : {}),
      });
      return { explanation: `on_error escalate: ${created ? 'opened' : 'kept'} the ticket's handoff task ${human._id} for ${team}`, humanTaskId: human._id };
    }
    const team = onError.team ?? policy.route(String(field(data, 'support.classification.category') ?? 'general_inquiry')).team;
    const { task: human, created } = await humanTasks.openForFailure({ taskId: task._id, title, team, priority, context: { failedStep: stepId, error: errorMessage(error) } });
    return { explanation: `on_error escalate: ${created ? 'opened' : 'kept'} human task ${human._id} for ${team}`, humanTaskId: human._id };
  } catch (openError) {
    return { explanation: `on_error escalate: could not open a human task (${errorMessage(openError)})` };
  }
}
