/**
 * What the callback routes do, apart from HTTP: open a signed link (the ticket and its free slots),
 * request a slot (written as `callback.status: requested`; the callback_booking step books it), and
 * record whether a call happened. A refused link or slot changes nothing.
 */
import type { App } from '../app.ts';
import type { CallbackData } from '../domain/callback-data.ts';
import type { Task } from '../engine/types.ts';
import { HttpError } from '../server/errors.ts';
import { candidateSlots, freeSlots, owningTeam, takenSlots, type SlotOffer } from './slots.ts';

export type CallbackApp = Pick<App, 'store' | 'policy' | 'engine' | 'callbackLinks'>;

/** The task a link names, with its free slots and the call booked on it, if any. */
export interface OpenedLink {
  task: Task;
  offer: SlotOffer;
  /** The slot of a booked call still ahead, if any. */
  booked: Date | null;
}

function current(task: Task): CallbackData | undefined {
  return task.data.callback as CallbackData | undefined;
}

/** A booked (or requested) call that has not happened yet. */
function upcoming(callback: CallbackData | undefined, now: Date): Date | null {
  if (!callback || (callback.status !== 'booked' && callback.status !== 'requested') || callback.outcome) return null;
  const slot = new Date(callback.slot);
  return slot.getTime() > now.getTime() ? slot : null;
}

async function taskOf(app: CallbackApp, token: string, now: Date): Promise<Task> {
  if (!app.callbackLinks) throw new HttpError(404, 'callbacks are not enabled on this server (TRIAGE_LINK_SECRET is not set)');
  const { taskId } = app.callbackLinks.verify(token, now);
  const task = await app.store.get(taskId);
  if (!task) throw new HttpError(410, 'the request this link belongs to no longer exists');
  return task;
}

export async function openLink(app: CallbackApp, token: string, now: Date): Promise<OpenedLink> {
  const task = await taskOf(app, token, now);
  return { task, offer: await freeSlots(app.store, app.policy, task, now), booked: upcoming(current(task), now) };
}

/**
 * Requests `slotText` (an ISO time from the offer) for the link's task: 400 for a time that is not a
 * slot, 409 for one another customer holds or a request still being booked; otherwise writes
 * `callback.status: requested` and resumes the task.
 */
export async function requestSlot(app: CallbackApp, token: string, slotText: unknown, now: Date): Promise<{ task: Task; slot: Date; offer: SlotOffer }> {
  const task = await taskOf(app, token, now);
  if (typeof slotText !== 'string' || slotText.trim() === '') throw new HttpError(400, 'slot: required; pick one of the offered times');
  const slot = new Date(slotText.trim());
  if (Number.isNaN(slot.getTime())) throw new HttpError(400, `slot: "${slotText.slice(0, 40)}" is not a time; pick one of the offered times`);
  if (current(task)?.status === 'requested') throw new HttpError(409, 'a callback request for this ticket is still being booked; wait for its confirmation email');
  const team = owningTeam(task.data, app.policy);
  const offer = candidateSlots(app.policy, team, now);
  if (!offer.slots.some((s) => s.getTime() === slot.getTime())) throw new HttpError(400, 'slot: not one of the offered times (they move as time passes); open the link again and pick another');
  if ((await takenSlots(app.store, team, task._id)).has(slot.getTime())) throw new HttpError(409, 'that time has just been booked by someone else; pick another');
  await app.engine.addData(task._id, { callback: { status: 'requested', slot: slot.toISOString(), requestedAt: now.toISOString(), team } });
  return { task, slot, offer };
}

/** A person's word on whether the booked call happened; 409 when there is no booked call. */
export async function recordOutcome(app: CallbackApp, task: Task, input: { happened: boolean; notes?: string | undefined }, by: string, now: Date): Promise<Task> {
  const callback = current(task);
  if (callback?.status !== 'booked') throw new HttpError(409, `task ${task._id} has no booked callback`);
  return app.engine.addData(task._id, {
    callback: { outcome: input.happened ? 'happened' : 'missed', outcomeAt: now.toISOString(), outcomeBy: by, notes: input.notes ?? null },
  });
}
