/**
 * What the callback routes do, apart from HTTP: open a signed link (the ticket and its free slots),
 * request a slot (written as `callback.status: requested`; the callback_booking step books it), and
 * record whether a call happened. A refused link or slot changes nothing.
 *
 * A slot is exclusive: before the request is written, the task takes the slot's reservation in the
 * store (`TaskStore.reserve`, atomic across the server and workers sharing it), so of two customers
 * asking for one slot at the same instant exactly one gets it and the other a 409. The store keeps a
 * reservation until its holder releases it; whether a holder still wants its slot is decided here,
 * from the holder's task: a task that moved to another slot, was rejected, or is gone frees it.
 */
import type { App } from '../app.ts';
import type { CallbackData } from '../domain/callback-data.ts';
import type { Task } from '../engine/types.ts';
import { HttpError } from '../server/errors.ts';
import type { Reservation, TaskStore } from '../store/types.ts';
import { candidateSlots, freeSlots, owningTeam, slotKey, takenSlots, type SlotOffer } from './slots.ts';

/**
 * How long a reservation counts as held while its task shows no request written after it. The request
 * is written right after the reservation is taken; this only frees the slot of a process that died
 * in between.
 */
export const PENDING_RESERVATION_MS = 10 * 60_000;

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

/** Whether `holder`'s task still wants the slot it reserved. */
function stillHolds(holder: Task | null, reservation: Reservation, team: string, slot: Date, now: Date): boolean {
  if (!holder) return false;
  const callback = current(holder);
  if (callback && (callback.status === 'requested' || callback.status === 'booked') && Date.parse(callback.slot) === slot.getTime() && (callback.team ?? team) === team) return true;
  // A request written since the reservation (for another slot, or this one rejected): it moved on.
  if (callback && Date.parse(callback.requestedAt) >= reservation.at.getTime()) return false;
  // Reserved, its request not written yet.
  return now.getTime() - reservation.at.getTime() < PENDING_RESERVATION_MS;
}

/**
 * Takes `team`'s `slot` for `task`; false when another task holds it. An abandoned reservation is
 * released (by its exact holder, so two callers cannot both break it and both win) and taken again.
 */
export async function takeSlot(store: TaskStore, team: string, slot: Date, taskId: string, now: Date): Promise<boolean> {
  const key = slotKey(team, slot);
  for (let attempt = 0; attempt < 3; attempt++) {
    const held = await store.reserve(key, taskId, now);
    if (held.holder === taskId) return true;
    if (stillHolds(await store.get(held.holder), held, team, slot, now)) return false;
    await store.release(key, held.holder);
  }
  return false;
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
  const taken = 'that time has just been booked by someone else; pick another';
  // Bookings from before reservations existed are seen only here.
  if ((await takenSlots(app.store, team, task._id)).has(slot.getTime())) throw new HttpError(409, taken);
  if (!(await takeSlot(app.store, team, slot, task._id, now))) throw new HttpError(409, taken);
  const previous = current(task);
  const previousKey = previous && (previous.status === 'booked' || previous.status === 'requested') && !Number.isNaN(Date.parse(previous.slot)) ? slotKey(previous.team ?? team, new Date(previous.slot)) : null;
  const key = slotKey(team, slot);
  try {
    await app.engine.addData(task._id, { callback: { status: 'requested', slot: slot.toISOString(), requestedAt: now.toISOString(), team } });
  } catch (error) {
    if (previousKey !== key) await app.store.release(key, task._id).catch(() => undefined);
    throw error;
  }
  // A rebooking frees the slot booked before at once (a failure here leaves it to stillHolds).
  if (previousKey !== null && previousKey !== key) await app.store.release(previousKey, task._id).catch(() => undefined);
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
