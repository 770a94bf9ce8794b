/**
 * A team's calendar, compiled from its policy section: business time (hours, holidays, closures in
 * its zone) and its on-call rotation. Compiled once per team object and remembered, so the SLA pass
 * and the CLI can ask for it as often as they like.
 */
import type { CalendarConfig } from '../policy/calendar-schema.ts';
import { BusinessCalendar } from './business-time.ts';
import { holidayIntervals, type ClosedInterval } from './holidays.ts';
import { parseHours } from './hours.ts';
import { localInstant } from './local-time.ts';
import { Rotation } from './on-call.ts';

export { BusinessCalendar, CalendarError } from './business-time.ts';
export { Rotation, type OnCall } from './on-call.ts';

export interface TeamCalendar {
  readonly zone: string;
  readonly time: BusinessCalendar;
  /** Null when the team has no `on_call` section. */
  readonly onCall: Rotation | null;
}

/** Builds the calendar from a validated `calendar:` section; `label` names the team in errors. */
export function compileCalendar(config: CalendarConfig, label?: string): TeamCalendar {
  const zone = config.timezone;
  const closures: ClosedInterval[] = config.closed.map((c) =>
    typeof c === 'string'
      ? { start: localInstant(c, zone).getTime(), end: localInstant(c, zone, { end: true }).getTime(), name: 'closed' }
      : { start: localInstant(c.from, zone).getTime(), end: localInstant(c.until, zone, { end: true }).getTime(), name: c.name ?? 'closed' },
  );
  const time = new BusinessCalendar({
    zone,
    weekly: parseHours(config.hours),
    holidays: config.holidays ? holidayIntervals(config.holidays, zone) : undefined,
    closures,
    ...(label ? { label } : {}),
  });
  return { zone, time, onCall: config.on_call ? new Rotation(config.on_call, zone) : null };
}

const compiled = new WeakMap<CalendarConfig, TeamCalendar>();

/** The compiled calendar of a team's `calendar:` section (remembered per section object); null without one. */
export function teamCalendar(team: { calendar?: CalendarConfig | undefined; name?: string }): TeamCalendar | null {
  if (!team.calendar) return null;
  let found = compiled.get(team.calendar);
  if (!found) {
    found = compileCalendar(team.calendar, team.name);
    compiled.set(team.calendar, found);
  }
  return found;
}
