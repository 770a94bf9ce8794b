/**
 * Callback slots: 30-minute starts inside the owning team's open hours over its next three working
 * days, minus the slots already booked for that team (one callback per slot per team). A team without
 * a calendar is offered 09:00-17:00 UTC on the next three days, and the page says so.
 */
import { teamCalendar } from '../calendar/index.ts';
import type { JsonObject, Task } from '../engine/types.ts';
import type { CompiledPolicy } from '../policy/compile.ts';
import type { TaskStore } from '../store/types.ts';
import { view } from '../../steps/lib/read.ts';

export const SLOT_MINUTES = 30;
const SLOT_MS = SLOT_MINUTES * 60_000;
/** Working days offered. */
export const SLOT_DAYS = 3;
/** The earliest slot starts this long after now, so the reminder (15 minutes before) still has time. */
export const SLOT_LEAD_MS = 30 * 60_000;
/** Hours offered for a team without a calendar, UTC. */
const DEFAULT_OPEN_HOUR = 9;
const DEFAULT_CLOSE_HOUR = 17;

export interface SlotOffer {
  team: string;
  teamName: string;
  /** The zone the slots are shown in. */
  zone: string;
  /** False when the team has no calendar and the default hours (09:00-17:00 UTC) were used. */
  teamHours: boolean;
  slots: Date[];
}

/** The team that owns the ticket: the one it was handed or queued to, else the route of its category. */
export function owningTeam(data: Readonly<JsonObject>, policy: CompiledPolicy): string {
  const d = view(data);
  const team = d.handoffComplete?.targetTeam ?? d.escalationPreparation?.targetTeam ?? d.conversationResponse?.queued?.team;
  if (typeof team === 'string' && policy.source.teams[team]) return team;
  return policy.route(d.support?.classification?.category ?? 'general_inquiry').team;
}

function ceilToSlot(ms: number): number {
  return Math.ceil(ms / SLOT_MS) * SLOT_MS;
}

function localDay(at: number, zone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** Every slot start of `team` from `now` over its next SLOT_DAYS working days, booked or not. */
export function candidateSlots(policy: CompiledPolicy, team: string, now: Date): SlotOffer {
  const config = policy.source.teams[team];
  if (!config) throw new Error(`unknown team ${team}`);
  const calendar = teamCalendar(config);
  const slots: Date[] = [];
  const days = new Set<string>();
  const zone = calendar?.zone ?? 'UTC';
  let t = ceilToSlot(now.getTime() + SLOT_LEAD_MS);
  // Bounded: three days of half hours plus the closed time between them, with room for long weekends.
  for (let guard = 0; guard < 5_000; guard++) {
    let open: boolean;
    if (calendar) {
      if (!calendar.time.isOpen(new Date(t))) {
        t = ceilToSlot(calendar.time.nextOpening(new Date(t)).getTime());
        continue;
      }
      const until = calendar.time.openUntil(new Date(t), t + SLOT_MS);
      open = until !== null && until.getTime() >= t + SLOT_MS;
    } else {
      const hour = new Date(t).getUTCHours();
      open = hour >= DEFAULT_OPEN_HOUR && hour < DEFAULT_CLOSE_HOUR;
    }
    if (open) {
      const day = localDay(t, zone);
      if (!days.has(day)) {
        if (days.size === SLOT_DAYS) break;
        days.add(day);
      }
      slots.push(new Date(t));
    }
    t += SLOT_MS;
  }
  return { team, teamName: config.name, zone, teamHours: calendar !== null, slots };
}

/**
 * The reservation key of one slot of one team (`TaskStore.reserve`): the store lets one task at a
 * time hold it, which is what makes a booking exclusive across processes (service.ts).
 */
export function slotKey(team: string, slot: Date): string {
  return `callback:${team}:${slot.toISOString()}`;
}

/** Slot starts (epoch ms) that other tasks hold for `team`: requested or booked, or only booked. */
export async function takenSlots(store: TaskStore, team: string, exceptTaskId: string, statuses: readonly string[] = ['requested', 'booked']): Promise<Set<number>> {
  const taken = new Set<number>();
  const filter: JsonObject = { 'callback.team': team, 'callback.status': { $in: [...statuses] } };
  for (let skip = 0; ; skip += 500) {
    const page = await store.list({ filter, limit: 500, skip });
    for (const task of page.items as Task[]) {
      if (task._id === exceptTaskId) continue;
      const slot = Date.parse(String((task.data.callback as JsonObject | undefined)?.slot));
      if (!Number.isNaN(slot)) taken.add(slot);
    }
    if (page.items.length < 500) break;
  }
  return taken;
}

/** The slots still free for `taskId`'s owning team. */
export async function freeSlots(store: TaskStore, policy: CompiledPolicy, task: Task, now: Date): Promise<SlotOffer> {
  const offer = candidateSlots(policy, owningTeam(task.data, policy), now);
  const taken = await takenSlots(store, offer.team, task._id);
  return { ...offer, slots: offer.slots.filter((slot) => !taken.has(slot.getTime())) };
}

/** A slot as shown to the customer, in the team's zone: "Monday, March 15, 09:30 GMT". */
export function formatSlot(at: Date, zone: string, language = 'en'): string {
  const options: Intl.DateTimeFormatOptions = { weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit', timeZone: zone, timeZoneName: 'short' };
  try {
    return new Intl.DateTimeFormat(language, options).format(at);
  } catch {
    return new Intl.DateTimeFormat('en', options).format(at);
  }
}
