/**
 * Callback check (30 minutes after a booked slot): when nobody has recorded whether the call happened
 * (`POST /api/tasks/:id/callback`), the outcome is `unconfirmed`, so the report does not count a call
 * that may never have taken place. An outcome a person recorded is left alone, as is a callback that
 * was rebooked since.
 */
import type { CallbackData } from '../../domain/callback-data.ts';
import type { FollowUpJob } from './types.ts';

export const callbackCheck: FollowUpJob = {
  name: 'callback_check',
  async run({ task, job, now }) {
    const callback = task.data.callback as CallbackData | undefined;
    if (!callback || callback.status !== 'booked' || callback.bookingId !== job.payload.bookingId) return null;
    if (callback.outcome) return null;
    return { callback: { outcome: 'unconfirmed', outcomeAt: now.toISOString(), outcomeBy: 'callback_check' } };
  },
};
