/**
 * A self-resolved ticket whose reply asked for a follow-up: did the customer come back after our
 * answer? Written to `followUp`; a reply means the answer did not settle it.
 */
import { view } from '../../../steps/lib/read.ts';
import type { FollowUpJob } from './types.ts';

export const followUp: FollowUpJob = {
  name: 'follow_up',
  async run({ task, job, now }) {
    const history = view(task.data).escalationAgent?.conversationHistory ?? [];
    const lastAgent = history.findLastIndex((entry) => entry.role === 'agent');
    const customerReplied = lastAgent >= 0 && history.slice(lastAgent + 1).some((entry) => entry.role === 'customer');
    return {
      followUp: {
        checkedAt: now.toISOString(),
        reason: typeof job.payload.reason === 'string' ? job.payload.reason : null,
        customerReplied,
        status: customerReplied ? 'customer_replied' : 'no_reply',
      },
    };
  },
};
