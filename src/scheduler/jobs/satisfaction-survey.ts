/**
 * Satisfaction survey (+24 h by default): one email to the customer. Its idempotency key is derived
 * from the task and the job, so a retried or re-synced job never sends a second survey (the outbox
 * and the SMTP connector deduplicate on it), and a survey already recorded on the task is not resent.
 */
import { view } from '../../../steps/lib/read.ts';
import type { FollowUpJob } from './types.ts';
import { isObject } from './types.ts';

/** The survey's idempotency key for `taskId`. */
export function surveyKey(taskId: string): string {
  return `${taskId}:scheduler:satisfaction_survey`;
}

export const satisfactionSurvey: FollowUpJob = {
  name: 'satisfaction_survey',
  async run({ task, connectors, now }) {
    const tracking = task.data.outcomeTracking;
    if (isObject(tracking) && isObject(tracking.satisfactionSurvey) && tracking.satisfactionSurvey.sentAt) return null;
    const d = view(task.data);
    const to = d.support.ticket.customerEmail;
    // The step schedules a survey only when there is an address; one removed since gets none.
    if (!to) return null;
    const ticketId = d.escalationAgent?.ticketId ?? d.support.ticket.id ?? task._id;
    const subject = d.support.ticket.subject ?? 'your support request';
    const delivery = await connectors.email.send(
      {
        to: [to],
        subject: `How did we do? [${ticketId}]`,
        // Plain text only: the subject is customer text and must not become markup.
        text: [
          `Hello,`,
          ``,
          `We recently worked on your request "${subject}" (${ticketId}).`,
          `How satisfied are you with how it was handled, from 1 (not at all) to 5 (very)?`,
          `Just reply to this email with a number and anything you would like to add.`,
        ].join('\n'),
        headers: { 'X-Triage-Ticket': ticketId, 'X-Triage-Survey': 'satisfaction' },
      },
      surveyKey(task._id),
    );
    return { outcomeTracking: { satisfactionSurvey: { sentAt: now.toISOString(), to, ref: delivery.ref } } };
  },
};
