/**
 * Resolution check (+2 h by default). Silence is not success: a ticket counts as resolved by the
 * automation only when its last answer was a knowledge-base article sent at or above the policy's
 * confidence threshold, nobody is working on it, and the customer did not write back. Silence after an
 * acknowledgment, a queued ticket, a clarification request or a low-confidence answer is `unconfirmed`.
 * Written to `outcomeTracking.resolutionCheck`; outcome_analysis and the survey apply the same rule.
 */
import { view } from '../../../steps/lib/read.ts';
import type { JsonObject } from '../../engine/types.ts';
import type { FollowUpJob } from './types.ts';
import { humanResolved, isObject } from './types.ts';

export type ResolutionStatus = 'resolved_by_human' | 'resolved_by_automation' | 'customer_replied' | 'awaiting_human' | 'escalated_open' | 'unconfirmed';

/** A human task (escalation or queue) is open: handed over, and no resolution of that task yet. */
export function awaitingHuman(data: JsonObject): boolean {
  const handoff = data.handoffComplete;
  if (!isObject(handoff) || handoff.awaitingHuman !== true) return false;
  return !(isObject(data.human) && typeof data.human.resolvedAt === 'string' && data.human.taskId === handoff.humanTaskId);
}

/** The customer wrote after our last message. */
export function customerReplied(data: JsonObject): boolean {
  const history = view(data).escalationAgent?.conversationHistory ?? [];
  const lastAgent = history.findLastIndex((entry) => entry.role === 'agent');
  // An answer to the satisfaction survey (survey_reply marks it) is not the customer coming back.
  return lastAgent >= 0 && history.slice(lastAgent + 1).some((entry) => entry.role === 'customer' && (entry as { surveyAnswer?: boolean }).surveyAnswer !== true);
}

/** Our last message was a knowledge-base article sent at or above the threshold recorded with it. */
export function lastAnswerWasConfidentArticle(data: JsonObject): boolean {
  const history = (view(data).escalationAgent?.conversationHistory ?? []) as unknown as JsonObject[];
  const last = history.findLast((entry) => entry.role === 'agent');
  const kb = last?.knowledge;
  return last?.responseType === 'solution_provision' && isObject(kb) && typeof kb.confidence === 'number' && typeof kb.threshold === 'number' && kb.confidence >= kb.threshold;
}

/** How the ticket stands now, by the one rule every follow-up uses. */
export function resolutionStatus(data: JsonObject): ResolutionStatus {
  if (humanResolved(data)) return 'resolved_by_human';
  if (awaitingHuman(data)) return 'awaiting_human';
  if (customerReplied(data)) return 'customer_replied';
  if (view(data).escalationDecision?.escalationRecommended === true) return 'escalated_open';
  return lastAnswerWasConfidentArticle(data) ? 'resolved_by_automation' : 'unconfirmed';
}

export const resolutionCheck: FollowUpJob = {
  name: 'resolution_check',
  async run({ task, now }) {
    const status = resolutionStatus(task.data);
    const resolved = status === 'resolved_by_human' || status === 'resolved_by_automation';
    return {
      outcomeTracking: {
        resolutionCheck: {
          checkedAt: now.toISOString(),
          status,
          escalated: view(task.data).escalationDecision?.escalationRecommended === true,
          humanResolved: status === 'resolved_by_human',
          awaitingHuman: status === 'awaiting_human',
          customerReplied: customerReplied(task.data),
          resolved,
          resolvedBy: status === 'resolved_by_human' ? 'human' : status === 'resolved_by_automation' ? 'automation' : null,
        },
        outcomeMetrics: { resolved },
      },
    };
  },
};
