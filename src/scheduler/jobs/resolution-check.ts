/**
 * Resolution check (+2 h by default): resolved by a person, by the automated answer (no customer
 * reply since), or still open. Written to `outcomeTracking.resolutionCheck`.
 */
import { view } from '../../../steps/lib/read.ts';
import type { FollowUpJob } from './types.ts';
import { humanResolved } from './types.ts';

export const resolutionCheck: FollowUpJob = {
  name: 'resolution_check',
  async run({ task, now }) {
    const d = view(task.data);
    const escalated = d.escalationDecision?.escalationRecommended === true;
    const history = d.escalationAgent?.conversationHistory ?? [];
    const lastAgent = history.findLastIndex((entry) => entry.role === 'agent');
    const reopened = lastAgent >= 0 && history.slice(lastAgent + 1).some((entry) => entry.role === 'customer');
    const byHuman = humanResolved(task.data);
    const resolved = byHuman || (!escalated && !reopened);
    return {
      outcomeTracking: {
        resolutionCheck: {
          checkedAt: now.toISOString(),
          escalated,
          humanResolved: byHuman,
          customerReplied: reopened,
          resolved,
          resolvedBy: byHuman ? 'human' : resolved ? 'automation' : null,
        },
        outcomeMetrics: { resolved },
      },
    };
  },
};
