/**
 * Callback reminder (15 minutes before a booked slot): one email to whoever calls: the assignee's own
 * address when they have one, else the team's. Keyed on the booking, so a retried or re-run job sends
 * nothing new (the task records the reminder; the email connectors deduplicate on the key as well),
 * and a callback rebooked or cancelled since the job was scheduled gets no stale reminder.
 */
import { view } from '../../../steps/lib/read.ts';
import { formatSlot } from '../../callbacks/slots.ts';
import { teamCalendar } from '../../calendar/index.ts';
import type { CallbackData } from '../../domain/callback-data.ts';
import type { FollowUpJob } from './types.ts';

/** The reminder's idempotency key. */
export function callbackReminderKey(taskId: string, bookingId: string): string {
  return `${taskId}:scheduler:callback_reminder:${bookingId}`;
}

/** One line of customer text for an email header or body: no line breaks, bounded. */
function oneLine(text: string | undefined, fallback: string): string {
  const s = (text ?? '').replace(/[\r\n\t]+/g, ' ').trim();
  return s ? (s.length > 100 ? `${s.slice(0, 97)}...` : s) : fallback;
}

export const callbackReminder: FollowUpJob = {
  name: 'callback_reminder',
  async run({ task, job, connectors, policy, now }) {
    const callback = task.data.callback as CallbackData | undefined;
    const bookingId = job.payload.bookingId;
    if (typeof bookingId !== 'string' || !callback || callback.status !== 'booked' || callback.bookingId !== bookingId) return null;
    if (callback.reminder?.bookingId === bookingId) return null;
    const team = callback.team ? policy.source.teams[callback.team] : undefined;
    const to = callback.assignee?.email ?? team?.email;
    if (!to) return null;
    const d = view(task.data);
    const ticketId = d.escalationAgent?.ticketId ?? d.support.ticket.id ?? task._id;
    const zone = (team && teamCalendar(team)?.zone) ?? 'UTC';
    const when = formatSlot(new Date(callback.slot), zone);
    const delivery = await connectors.email.send(
      {
        to: [to],
        subject: `Callback at ${when} [${ticketId}]`,
        // Plain text: the subject line is customer text.
        text: [
          `Hello ${callback.assignee?.name ?? 'team'},`,
          '',
          `You have a callback with the customer of ticket ${ticketId} (${oneLine(d.support.ticket.subject, 'no subject')}) at ${when}.`,
          `Customer: ${oneLine(d.support.ticket.customerEmail, 'no email on the ticket')}.`,
          '',
          `Afterwards, record whether the call happened: POST /api/tasks/${task._id}/callback {"happened": true|false}.`,
        ].join('\n'),
        headers: { 'X-Triage-Ticket': ticketId, 'X-Triage-Callback': bookingId },
      },
      callbackReminderKey(task._id, bookingId),
    );
    return { callback: { reminder: { bookingId, sentAt: now.toISOString(), to, ref: delivery.ref } } };
  },
};
