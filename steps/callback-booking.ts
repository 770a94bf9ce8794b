/**
 * A callback the customer requested through the signed link: the slot is checked against the team's
 * calendar again (the page may have been open for a day), booked for the person who has the ticket
 * (the assignee of its human task, else the team), confirmed to the customer by email, noted on the
 * human task (the team's calendar in triage), and followed by two jobs: a reminder 15 minutes before
 * and a check 30 minutes after, which records whether the call happened.
 *
 * No other task can hold the slot here: the request was written only after the task took the slot's
 * reservation in the store (src/callbacks/service.ts), and a rejection below frees it (the next
 * request for the slot sees that this task moved on).
 */
import { fill } from '../connectors/llm/replies.ts';
import { candidateSlots, formatSlot, owningTeam } from '../src/callbacks/slots.ts';
import type { CallbackData } from '../src/domain/callback-data.ts';
import { defineStep } from '../src/engine/step.ts';
import type { JsonObject } from '../src/engine/types.ts';
import { sendToCustomer } from './customer-response.ts';
import { view } from './lib/read.ts';

/** The reminder goes out this long before the slot. */
export const REMINDER_LEAD_MINUTES = 15;
/** Whether the call happened is checked this long after the slot starts. */
export const CHECK_AFTER_MINUTES = 30;

/** One booking's id: the slot and the request, so a new request for the same slot is a new booking. */
export function bookingIdOf(callback: Pick<CallbackData, 'slot' | 'requestedAt'>): string {
  return `${Date.parse(callback.slot).toString(36)}-${Date.parse(callback.requestedAt).toString(36)}`;
}

export default defineStep({
  id: 'callback_booking',
  title: 'Callback booking: check the requested slot, book it for the assignee, confirm it and schedule the reminder',
  condition: { 'callback.status': 'requested' },
  writes: ['callback'],
  async run(ctx) {
    const d = view(ctx.data);
    const callback = d.callback as CallbackData;
    const now = ctx.now();
    const slot = new Date(callback.slot);
    const team = callback.team && ctx.policy.source.teams[callback.team] ? callback.team : owningTeam(ctx.data, ctx.policy);
    const offer = candidateSlots(ctx.policy, team, now);
    if (Number.isNaN(slot.getTime()) || !offer.slots.some((s) => s.getTime() === slot.getTime())) {
      ctx.explain(`slot ${callback.slot} is not among ${offer.teamName}'s open slots at ${now.toISOString()}; not booked`);
      return { callback: { status: 'rejected', rejectedAt: now.toISOString(), reason: 'the slot is no longer available' } };
    }
    const bookingId = bookingIdOf(callback);
    const teamConfig = ctx.policy.team(team);
    const open = (await ctx.humanTasks?.openFor?.(ctx.taskId)) ?? null;
    const person = open?.assignedTo ? ((await ctx.humanTasks?.person?.(open.assignedTo)) ?? null) : null;
    const assignee = person
      ? { kind: 'user' as const, id: person.id, name: person.name, email: person.email ?? teamConfig.email }
      : { kind: 'team' as const, id: team, name: teamConfig.name, email: teamConfig.email };
    ctx.explain(`callback booked for ${slot.toISOString()} with ${assignee.kind} ${assignee.id}${open ? ` (human task ${open._id})` : ''}`);

    const { language, templates } = ctx.policy.replies.resolve(d.support.classification?.language);
    const time = formatSlot(slot, offer.zone, language);
    let confirmation: JsonObject | null = null;
    if (templates.callback_confirmed) {
      confirmation = await sendToCustomer(ctx, fill(templates.callback_confirmed, { time, team: teamConfig.name }), `callback_confirmation_${bookingId}`);
    } else {
      ctx.explain(`replies/${language}.yaml has no callback_confirmed text: the booking is not confirmed by email`);
    }
    if (open && ctx.humanTasks?.addNote) {
      const addNote = ctx.humanTasks.addNote.bind(ctx.humanTasks);
      // Once per booking, also when the step is retried.
      await ctx.effect({ channel: 'inbox', name: `callback_note_${bookingId}`, target: open._id }, async () => {
        await addNote(open._id, 'callbacks', `Callback booked with the customer for ${formatSlot(slot, offer.zone)} (${assignee.name} calls).`);
        return { ref: open._id };
      });
    }
    ctx.schedule('callback_reminder', new Date(slot.getTime() - REMINDER_LEAD_MINUTES * 60_000), { bookingId });
    ctx.schedule('callback_check', new Date(slot.getTime() + CHECK_AFTER_MINUTES * 60_000), { bookingId });
    return {
      callback: {
        status: 'booked',
        bookingId,
        team,
        bookedAt: now.toISOString(),
        reason: null,
        assignee,
        humanTaskId: open?._id ?? null,
        confirmation: confirmation as CallbackData['confirmation'],
        outcome: null,
        outcomeAt: null,
        outcomeBy: null,
        notes: null,
      },
    };
  },
});
