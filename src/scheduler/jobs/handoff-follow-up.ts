/**
 * After a handoff (timed by urgency in the policy): has a person resolved it yet? The answer goes
 * into `handoffComplete.followUp`, where the report and the SLA view read it.
 */
import type { FollowUpJob } from './types.ts';
import { humanResolved, isObject } from './types.ts';

export const handoffFollowUp: FollowUpJob = {
  name: 'handoff_follow_up',
  async run({ task, job, now }) {
    const handoff = task.data.handoffComplete;
    if (!isObject(handoff)) return null;
    const resolved = humanResolved(task.data);
    return {
      handoffComplete: {
        followUp: {
          checkedAt: now.toISOString(),
          humanResolved: resolved,
          team: job.payload.team ?? handoff.targetTeam ?? null,
          urgency: job.payload.urgency ?? handoff.urgencyLevel ?? null,
          // Past the follow-up time with nobody done: the inbox and metrics show it as overdue.
          overdue: !resolved,
        },
      },
    };
  },
};
