/**
 * Dates and times written in a policy ("2026-12-24", "2026-04-03 09:00") read in the team's zone.
 * A date alone means the start of that day; as the end of a period (`until`) it means the end of that
 * day, because "closed from 24 until 26 December" includes the 26th.
 */
import { DateTime, IANAZone } from 'luxon';

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}))?$/;

/** Whether `text` is a date (`YYYY-MM-DD`) or a date and time (`YYYY-MM-DD HH:MM`) that exists on the calendar. */
export function isLocalDateTime(text: string): boolean {
  const match = LOCAL.exec(text.trim());
  if (!match) return false;
  const [, y, mo, d, h, mi] = match;
  return DateTime.fromObject({ year: +y!, month: +mo!, day: +d!, hour: h ? +h : 0, minute: mi ? +mi : 0 }, { zone: 'UTC' }).isValid;
}

/** Whether `text` is only a date (no time of day). */
export function isDateOnly(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text.trim());
}

/**
 * The instant `text` names in `zone`; `end` makes a bare date mean the end of that day. A local time
 * skipped by a spring clock change moves forward by the gap (luxon's rule), which is what a clock on
 * the wall shows.
 */
export function localInstant(text: string, zone: string, options: { end?: boolean } = {}): Date {
  const match = LOCAL.exec(text.trim());
  if (!match) throw new Error(`"${text}" is not a date; write YYYY-MM-DD or YYYY-MM-DD HH:MM`);
  const [, y, mo, d, h, mi] = match;
  let at = DateTime.fromObject({ year: +y!, month: +mo!, day: +d!, hour: h ? +h : 0, minute: mi ? +mi : 0 }, { zone });
  if (!at.isValid) throw new Error(`"${text}" is not a date on the calendar (${at.invalidExplanation ?? at.invalidReason})`);
  if (options.end && h === undefined) at = at.plus({ days: 1 });
  return at.toJSDate();
}

/** Whether `zone` is an IANA time zone name this Node knows (e.g. Europe/London, America/New_York, UTC). */
export function isValidZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}
