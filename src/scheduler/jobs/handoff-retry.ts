/**
 * Re-opens a handoff that failed on every channel. `handoffComplete` cannot be removed through
 * `addData` (patches merge), so the job records the request as `handoffRetry.pending: true`, which
 * the human_handoff step's condition matches together with `handoffComplete.delivered: false`; the
 * step clears it. A handoff that got through meanwhile is left alone.
 */
import type { FollowUpJob } from './types.ts';
import { isObject } from './types.ts';

export const handoffRetry: FollowUpJob = {
  name: 'handoff_retry',
  async run({ task, job, now }) {
    const handoff = task.data.handoffComplete;
    if (!isObject(handoff) || handoff.delivered !== false) return null;
    const previous = isObject(task.data.handoffRetry) && typeof task.data.handoffRetry.attempt === 'number' ? task.data.handoffRetry.attempt : 0;
    return {
      handoffRetry: {
        pending: true,
        attempt: previous + 1,
        requestedAt: now.toISOString(),
        reason: typeof job.payload.reason === 'string' ? job.payload.reason : (handoff.error ?? null),
      },
    };
  },
};
