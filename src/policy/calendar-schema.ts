/**
 * A team's calendar in the policy: its time zone, weekly business hours, holidays (a country and
 * region from date-holidays, plus the team's own closures) and its on-call rotation.
 *
 * ```yaml
 * calendar:
 *   timezone: Europe/London
 *   hours: { mon-fri: "09:00-17:00" }        # or "always"; ranges may run past midnight (22:00-06:00)
 *   holidays: { country: GB, region: ENG }   # public holidays; add types: [public, bank] for more
 *   closed: ["2026-12-24", { from: "2026-12-29", until: "2026-12-31", name: Year-end close }]
 *   on_call:
 *     members: [ana, ben]
 *     every: 1 week
 *     hand_over: mon 09:00
 *     starting: "2026-01-05"
 *     overrides: [{ member: ben, from: "2026-04-03 09:00", until: "2026-04-06 09:00" }]
 * ```
 *
 * The schema checks everything it can (zone, hours syntax, holiday codes against the library, dates);
 * src/calendar/ turns the validated data into a calendar. Teams share a calendar with a YAML anchor.
 */
import { z } from 'zod';
import { checkHolidaySource, DEFAULT_HOLIDAY_TYPES, HOLIDAY_TYPES } from '../calendar/holidays.ts';
import { HoursError, parseHours, WEEKDAYS } from '../calendar/hours.ts';
import { isLocalDateTime, isValidZone, localInstant } from '../calendar/local-time.ts';
import { checkHandOver, checkPeriod } from '../calendar/on-call.ts';

const localDateTime = z
  .string()
  .refine((text) => isLocalDateTime(text), 'a date as "YYYY-MM-DD" or a date and time as "YYYY-MM-DD HH:MM" (quote it), in the team\'s zone');

const hoursSchema = z
  .union([z.string(), z.record(z.string(), z.union([z.string(), z.array(z.string()).min(1)]))], {
    error: 'hours: write "always" or weekdays with ranges, e.g. { mon-fri: "09:00-17:00", sat: "10:00-14:00" }',
  })
  .superRefine((hours, ctx) => {
    try {
      parseHours(hours);
    } catch (error) {
      if (!(error instanceof HoursError)) throw error;
      ctx.addIssue({ code: 'custom', message: error.message });
    }
  });

const holidaysSchema = z
  .strictObject({
    /** ISO 3166-1 code, e.g. GB, US, DE. */
    country: z.string().min(2),
    /** Subdivision as date-holidays names it (GB: ENG, SCT, WLS, NIR; US: NY, CA; DE: BY...). */
    region: z.string().min(1).optional(),
    /** A finer region where the library has one (DE-BY: A for Augsburg). */
    subregion: z.string().min(1).optional(),
    /** Which of the library's holiday types close the team. */
    types: z.array(z.enum(HOLIDAY_TYPES)).min(1).default([...DEFAULT_HOLIDAY_TYPES]),
  })
  .superRefine((source, ctx) => {
    const problem = checkHolidaySource(source);
    if (problem) ctx.addIssue({ code: 'custom', message: problem.message, path: [problem.path] });
  });

const closureSchema = z.union(
  [
    localDateTime,
    z.strictObject({
      from: localDateTime,
      /** Inclusive when a bare date: `until: 2026-12-31` closes the 31st too. */
      until: localDateTime,
      name: z.string().min(1).optional(),
    }),
  ],
  { error: 'a closure: a date "YYYY-MM-DD", or { from, until, name } with dates or "YYYY-MM-DD HH:MM"' },
);

const overrideSchema = z.strictObject({
  member: z.string().min(1),
  from: localDateTime,
  /** Inclusive when a bare date, as for closures. */
  until: localDateTime,
  reason: z.string().optional(),
});

const rotationSchema = z.strictObject({
  /** In rotation order; the first takes the first shift. */
  members: z.array(z.string().min(1)).min(1, 'name at least one member'),
  every: z.string().refine((text) => checkPeriod(text) === null, { error: (issue) => checkPeriod(String(issue.input)) ?? 'a period' }),
  hand_over: z.string().refine((text) => checkHandOver(text) === null, { error: (issue) => checkHandOver(String(issue.input)) ?? 'a hand-over time' }),
  /** The first member's first shift starts at the first hand-over on or after this date. */
  starting: localDateTime,
  overrides: z.array(overrideSchema).default([]),
});

export const calendarSchema = z
  .strictObject({
    /** IANA zone; hours, closures, hand-overs and override times are read in it. */
    timezone: z.string().refine(isValidZone, {
      error: (issue) => `unknown time zone "${String(issue.input)}"; use an IANA name such as Europe/London, America/New_York or UTC`,
    }),
    hours: hoursSchema,
    holidays: holidaysSchema.optional(),
    closed: z.array(closureSchema).default([]),
    on_call: rotationSchema.optional(),
  })
  .superRefine((calendar, ctx) => {
    if (!isValidZone(calendar.timezone)) return;
    const ordered = (from: string, until: string, path: (string | number)[]) => {
      if (!isLocalDateTime(from) || !isLocalDateTime(until)) return;
      if (localInstant(until, calendar.timezone, { end: true }) <= localInstant(from, calendar.timezone)) {
        ctx.addIssue({ code: 'custom', message: `until (${until}) must be after from (${from})`, path });
      }
    };
    calendar.closed.forEach((c, i) => {
      if (typeof c === 'object') ordered(c.from, c.until, ['closed', i, 'until']);
    });
    calendar.on_call?.overrides.forEach((o, i) => ordered(o.from, o.until, ['on_call', 'overrides', i, 'until']));
  });

export type CalendarConfig = z.infer<typeof calendarSchema>;

/** Days as written in `hours` keys: a run such as mon-fri, otherwise a list. */
function dayKey(days: string[]): string {
  const idx = days.map((d) => WEEKDAYS.indexOf(d as (typeof WEEKDAYS)[number])).sort((a, b) => a - b);
  const run = idx.every((d, i) => i === 0 || d === idx[i - 1]! + 1);
  return run && idx.length > 1 ? `${WEEKDAYS[idx[0]!]}-${WEEKDAYS[idx.at(-1)!]}` : idx.map((d) => WEEKDAYS[d]).join(',');
}

/**
 * The old, never-used `business_hours` key is refused (two ways of saying one thing would drift apart),
 * with the `calendar` to write instead when its shape allows.
 */
export const legacyBusinessHours = z.unknown().superRefine((value, ctx) => {
  if (value === undefined) return;
  const old = value as { timezone?: unknown; days?: unknown; start?: unknown; end?: unknown };
  const usable = typeof old === 'object' && old !== null && Array.isArray(old.days) && old.days.every((d) => typeof d === 'string') && typeof old.start === 'string' && typeof old.end === 'string';
  const instead = usable
    ? `calendar: { timezone: ${typeof old.timezone === 'string' ? old.timezone : 'UTC'}, hours: { ${dayKey(old.days as string[])}: "${String(old.start)}-${String(old.end)}" } }`
    : 'calendar: { timezone: Europe/London, hours: { mon-fri: "09:00-17:00" } }';
  ctx.addIssue({ code: 'custom', message: `business_hours was replaced by calendar (see docs/calendars.md); write instead: ${instead}` });
});
