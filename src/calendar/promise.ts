/**
 * What the customer is promised: when a person from the team will get back to them, counted on the
 * team's calendar instead of a fixed string. A critical ticket on a team with an on-call rotation is
 * answered around the clock; anything else waits for the team's business hours, so a ticket at 23:00
 * on a Friday before a holiday is promised the next working morning, not "within 15 minutes".
 */
import type { Policy } from '../policy/schema.ts';
import { teamCalendar } from './index.ts';

const MINUTE = 60_000;
type Priority = keyof Policy['sla'];

export interface Promise_ {
  /** When a person will have answered at the latest. */
  at: Date;
  /**
   * The promise as a wait ("within 15 minutes") when the team is working the whole time until then;
   * null when it runs over a closed period and must be said as a time ("by Tuesday 09:15").
   */
  withinMinutes: number | null;
  /** The team's time zone, to say the time in; null for a team without a calendar. */
  zone: string | null;
}

/**
 * The clock a promise for `team` and `priority` counts on: business time on the team's calendar, or
 * every minute for a team without one and for a priority counted around the clock on a team with an
 * on-call rotation (someone is paged at any hour). `add` returns the instant `minutes` later on it.
 */
export function promiseClock(policy: Pick<Policy, 'sla' | 'teams'>, team: string, priority: Priority): { add(from: Date, minutes: number): Date; zone: string | null } {
  const config = policy.teams[team];
  const calendar = config ? teamCalendar(config) : null;
  const wall = (from: Date, minutes: number) => new Date(from.getTime() + minutes * MINUTE);
  if (!calendar) return { add: wall, zone: null };
  if (calendar.onCall && policy.sla[priority].clock === 'always') return { add: wall, zone: calendar.zone };
  return { add: (from, minutes) => calendar.time.addBusinessMinutes(from, minutes), zone: calendar.zone };
}

/** The latest time a person from `team` answers a `priority` ticket that arrived at `now`, aiming for `minutes`. */
export function promiseFor(policy: Pick<Policy, 'sla' | 'teams'>, team: string, priority: Priority, now: Date, minutes: number): Promise_ {
  const clock = promiseClock(policy, team, priority);
  const at = clock.add(now, minutes);
  const wallClock = now.getTime() + minutes * MINUTE;
  return { at, withinMinutes: at.getTime() <= wallClock ? minutes : null, zone: clock.zone };
}

/**
 * The time of a promise as a customer reads it, in their language and the team's zone: "Tuesday
 * 7 April, 09:15 BST". Intl does the translation; an unknown language falls back to English.
 */
export function formatPromiseTime(at: Date, zone: string, language: string): string {
  return promiseFormatter(zone, language).format(at);
}

const PROMISE_FORMAT: Intl.DateTimeFormatOptions = { weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit', timeZone: 'UTC', timeZoneName: 'short' };
/** Formatters by language and zone: building one costs far more than formatting with it. */
const formatters = new Map<string, Intl.DateTimeFormat>();
const MAX_FORMATTERS = 256;

function promiseFormatter(zone: string, language: string): Intl.DateTimeFormat {
  const key = `${language}\u0000${zone}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    const options = { ...PROMISE_FORMAT, timeZone: zone };
    try {
      formatter = new Intl.DateTimeFormat(language, options);
    } catch {
      formatter = new Intl.DateTimeFormat('en', options);
    }
    if (formatters.size >= MAX_FORMATTERS) formatters.clear();
    formatters.set(key, formatter);
  }
  return formatter;
}
