/**
 * The calendar section of a policy: what it accepts and the messages it gives when it is wrong.
 */
import { describe, expect, it } from 'vitest';
import { parseHours } from '../../../src/calendar/hours.ts';
import { calendarSchema } from '../../../src/policy/calendar-schema.ts';
import { teamSchema } from '../../../src/policy/schema.ts';

const problems = (config: Record<string, unknown>) => {
  const result = calendarSchema.safeParse(config);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};
const base = { timezone: 'Europe/London', hours: { 'mon-fri': '09:00-17:00' } };

describe('calendar schema', () => {
  it('accepts the documented shape', () => {
    expect(problems({ ...base, holidays: { country: 'GB', region: 'ENG' }, closed: ['2026-12-24', { from: '2026-12-29', until: '2026-12-31', name: 'close' }] })).toEqual([]);
    expect(calendarSchema.parse({ ...base, holidays: { country: 'gb' } }).holidays?.types).toEqual(['public']);
  });

  it('names an unknown time zone with examples', () => {
    expect(problems({ ...base, timezone: 'Europe/Lodnon' })).toEqual([expect.stringMatching(/^timezone: unknown time zone "Europe\/Lodnon"; use an IANA name such as Europe\/London/)]);
  });

  it('checks holiday codes against the library, with a hint', () => {
    expect(problems({ ...base, holidays: { country: 'UK' } })).toEqual([expect.stringMatching(/^holidays.country: unknown country "UK"; the United Kingdom is GB/)]);
    expect(problems({ ...base, holidays: { country: 'UX' } })).toEqual([expect.stringMatching(/^holidays.country: unknown country "UX"; use an ISO 3166-1 code such as GB.*close: .*UA \(Ukraine\)/)]);
    expect(problems({ ...base, holidays: { country: 'GB', region: 'XYZ' } })).toEqual([expect.stringMatching(/^holidays.region: unknown region "XYZ" of GB; use one of .*ENG \(England\)/)]);
  });

  it('explains malformed hours and refuses a day given twice', () => {
    expect(problems({ ...base, hours: { 'mon-fri': '9-17' } })[0]).toMatch(/"9" in "mon-fri" is not a time of day; write HH:MM/);
    expect(problems({ ...base, hours: { 'mon-fri': '09:00-17:00', fri: '10:00-12:00' } })[0]).toMatch(/fri is given twice \("mon-fri" and "fri"\)/);
    expect(problems({ ...base, hours: { funday: '09:00-17:00' } })[0]).toMatch(/"funday" is not a day/);
    expect(problems({ ...base, hours: { sat: 'closed', sun: 'closed' } })[0]).toMatch(/no day has business hours/);
    expect(problems({ ...base, hours: 'sometimes' })[0]).toMatch(/write "always"/);
  });

  it('parses hours: ranges, lists, wraps and overnight ranges', () => {
    const week = parseHours({ 'mon,wed': '09:00-12:00', 'fri-sat': '22:00-02:00' });
    expect(week[0]).toEqual([[540, 720]]);
    expect(week[1]).toEqual([]);
    expect(week[4]).toEqual([[1320, 1440]]);
    expect(week[5]).toEqual([[0, 120], [1320, 1440]]);
    expect(week[6]).toEqual([[0, 120]]);
  });

  it('checks dates, periods, hand-over times and that a period ends after it starts', () => {
    expect(problems({ ...base, closed: ['24/12/2026'] })[0]).toMatch(/^closed.0: a date as "YYYY-MM-DD" or a date and time as "YYYY-MM-DD HH:MM"/);
    expect(problems({ ...base, closed: [{ from: '2026-12-31', until: '2026-12-24' }] })).toEqual(['closed.0.until: until (2026-12-24) must be after from (2026-12-31)']);
    const onCall = { members: ['ana'], every: 'fortnightly', hand_over: 'monday 9am', starting: '2026-01-05' };
    const found = problems({ ...base, on_call: onCall });
    expect(found).toContainEqual(expect.stringMatching(/^on_call.every: "fortnightly" is not a period; write e.g. "1 week"/));
    expect(found).toContainEqual(expect.stringMatching(/^on_call.hand_over: "monday 9am" is not a hand-over time; write a weekday and a time such as "mon 09:00"/));
  });

  it('refuses the old business_hours key with the calendar to write instead', () => {
    const team = { name: 'Finance', email: 'f@example.com', queue: 'finance', business_hours: { timezone: 'Europe/London', days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '17:00' } };
    const result = teamSchema.safeParse(team);
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.message).toBe(
      'business_hours was replaced by calendar (see docs/calendars.md); write instead: calendar: { timezone: Europe/London, hours: { mon-fri: "09:00-17:00" } }',
    );
  });
});
