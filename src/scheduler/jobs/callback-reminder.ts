/**
 * Callback reminder (15 minutes before a booked slot): one email to whoever calls, decided when the
 * reminder is sent, not when the call was booked: the current assignee of the ticket's open human
 * task (their own address, else their team's), else the human task's current team, so a ticket
 * reassigned in between reminds the new owner. Without an inbox to ask (or an open human task), the
 * person the call was booked with. Keyed on the booking, so a retried or re-run job sends nothing
 * new (the task records the reminder; the email connectors deduplicate on the key as well), and a
 * callback rebooked or cancelled since the job was scheduled gets no stale reminder.
 */
import { view } from '../../../steps/lib/read.ts';
import { formatSlot } from '../../callbacks/slots.ts';
import { teamCalendar } from '../../calendar/index.ts';
import type { CallbackData } from '../../domain/callback-data.ts';
import type { HumanTaskOpener } from '../../engine/step.ts';
import type { CompiledPolicy } from '../../policy/compile.ts';
import type { FollowUpJob } from './types.ts';

/** The inbox as the reminder asks it: the ticket's open human task and a person's address. */
export type ReminderInbox = Required<Pick<HumanTaskOpener, 'openFor' | 'person'>>;

export interface ReminderRecipient {
  to: string;
  name: string;
  kind: 'user' | 'team';
  id: string;
}

/** The reminder's idempotency key. */
export function callbackReminderKey(taskId: string, bookingId: string): string {
  return `${taskId}:scheduler:callback_reminder:${bookingId}`;
}

/** One line of customer text for an email header or body: no line breaks, bounded. */
function oneLine(text: string | undefined, fallback: string): string {
  const s = (text ?? '').replace(/[\r\n\t]+/g, ' ').trim();
  return s ? (s.length > 100 ? `${s.slice(0, 97)}...` : s) : fallback;
}

function teamRecipient(policy: CompiledPolicy, teamId: string | undefined): ReminderRecipient | null {
  const team = teamId ? policy.source.teams[teamId] : undefined;
  return team?.email ? { to: team.email, name: team.name, kind: 'team', id: teamId! } : null;
}

/**
 * Who is reminded, read now: the open human task's assignee (their address, else their team's), else
 * that task's team; without an open human task or an inbox to ask, whom the call was booked with.
 */
export async function reminderRecipient(taskId: string, callback: CallbackData, policy: CompiledPolicy, inbox: Partial<ReminderInbox> | null | undefined): Promise<ReminderRecipient | null> {
  const open = inbox?.openFor ? await inbox.openFor(taskId) : null;
  if (open) {
    const person = open.assignedTo && inbox?.person ? await inbox.person(open.assignedTo) : null;
    const team = teamRecipient(policy, open.team) ?? teamRecipient(policy, callback.team);
    if (person) return person.email ? { to: person.email, name: person.name, kind: 'user', id: person.id } : team && { ...team, name: person.name, kind: 'user', id: person.id };
    if (team) return team;
  }
  const booked = callback.assignee;
  if (booked?.email) return { to: booked.email, name: booked.name, kind: booked.kind, id: booked.id };
  return teamRecipient(policy, callback.team);
}

export const callbackReminder: FollowUpJob = {
  name: 'callback_reminder',
  async run(ctx) {
    const { task, job, connectors, policy, now } = ctx;
    const callback = task.data.callback as CallbackData | undefined;
    const bookingId = job.payload.bookingId;
    if (typeof bookingId !== 'string' || !callback || callback.status !== 'booked' || callback.bookingId !== bookingId) return null;
    if (callback.reminder?.bookingId === bookingId) return null;
    const team = callback.team ? policy.source.teams[callback.team] : undefined;
    const recipient = await reminderRecipient(task._id, callback, policy, ctx.assignees);
    if (!recipient) return null;
    const to = recipient.to;
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
          `Hello ${recipient.name},`,
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
