/**
 * Business time over real calendars: London office hours with English holidays, Berlin and New York
 * around their 2026 clock changes, overnight shifts and the team's own closures.
 */
import { describe, expect, it } from 'vitest';
import { compileCalendar } from '../../../src/calendar/index.ts';
import { calendarSchema, type CalendarConfig } from '../../../src/policy/calendar-schema.ts';

const calendar = (config: Record<string, unknown>) => compileCalendar(calendarSchema.parse(config) as CalendarConfig).time;
const at = (iso: string) => new Date(iso);
const iso = (d: Date) => d.toISOString();

const london = calendar({ timezone: 'Europe/London', hours: { 'mon-fri': '09:00-17:00' }, holidays: { country: 'GB', region: 'ENG' } });

describe('London office hours with English public holidays', () => {
  it('is open inside the hours and closed outside, on weekends and on holidays', () => {
    // Monday 9 March 2026 (GMT): 09:00 opens, 17:00 closes.
    expect(london.isOpen(at('2026-03-09T09:00:00Z'))).toBe(true);
    expect(london.isOpen(at('2026-03-09T08:59:59Z'))).toBe(false);
    expect(london.isOpen(at('2026-03-09T16:59:59Z'))).toBe(true);
    expect(london.isOpen(at('2026-03-09T17:00:00Z'))).toBe(false);
    expect(london.isOpen(at('2026-03-14T12:00:00Z'))).toBe(false);
    // Good Friday 3 April 2026, 10:00 BST.
    expect(london.isOpen(at('2026-04-03T09:00:00Z'))).toBe(false);
    expect(london.closureAt(at('2026-04-03T09:00:00Z'))?.name).toBe('Good Friday');
  });

  it('opens next after Easter on Tuesday 09:00 BST', () => {
    expect(iso(london.nextOpening(at('2026-04-02T22:00:00Z')))).toBe('2026-04-07T08:00:00.000Z');
    expect(iso(london.nextOpening(at('2026-03-09T10:00:00Z')))).toBe('2026-03-09T10:00:00.000Z');
  });

  it('adds business minutes over a weekend and over the Easter holidays', () => {
    // Friday 16:30 + 60 = Monday 09:30.
    expect(iso(london.addBusinessMinutes(at('2026-03-13T16:30:00Z'), 60))).toBe('2026-03-16T09:30:00.000Z');
    // Thursday 2 April 23:00 BST + 240 business minutes: Tuesday 7 April 13:00 BST.
    expect(iso(london.addBusinessMinutes(at('2026-04-02T22:00:00Z'), 240))).toBe('2026-04-07T12:00:00.000Z');
    // A count that ends exactly at closing time is due at closing time, not the next morning.
    expect(iso(london.addBusinessMinutes(at('2026-03-09T09:00:00Z'), 480))).toBe('2026-03-09T17:00:00.000Z');
  });

  it('subtracts and counts business minutes consistently with adding', () => {
    const due = at('2026-04-07T12:00:00Z');
    expect(iso(london.subtractBusinessMinutes(due, 240))).toBe('2026-04-07T08:00:00.000Z');
    // 300 minutes back from Tuesday 13:00 BST: 4 h on Tuesday, then 1 h before Thursday's 17:00 close.
    expect(iso(london.subtractBusinessMinutes(due, 300))).toBe('2026-04-02T15:00:00.000Z');
    expect(london.businessMinutesBetween(at('2026-04-02T22:00:00Z'), due)).toBe(240);
    expect(london.businessMinutesBetween(due, at('2026-04-02T22:00:00Z'))).toBe(-240);
    expect(london.businessMinutesBetween(at('2026-03-13T12:00:00Z'), at('2026-03-16T12:00:00Z'))).toBe(8 * 60);
  });

  it('closes for the team\'s own closures: a half day and an inclusive range of dates', () => {
    const own = calendar({
      timezone: 'Europe/London',
      hours: { 'mon-fri': '09:00-17:00' },
      closed: [{ from: '2026-12-24 13:00', until: '2026-12-24 17:00', name: 'Christmas Eve afternoon' }, { from: '2026-12-29', until: '2026-12-31', name: 'Year-end close' }],
    });
    expect(own.isOpen(at('2026-12-24T12:59:00Z'))).toBe(true);
    expect(own.closureAt(at('2026-12-24T13:00:00Z'))?.name).toBe('Christmas Eve afternoon');
    expect(own.isOpen(at('2026-12-31T16:00:00Z'))).toBe(false);
    expect(iso(own.nextOpening(at('2026-12-29T10:00:00Z')))).toBe('2027-01-01T09:00:00.000Z');
  });
});

describe('clock changes', () => {
  const always = calendar({ timezone: 'Europe/Berlin', hours: 'always' });
  const berlinOffice = calendar({ timezone: 'Europe/Berlin', hours: { 'mon-fri': '09:00-17:00' } });

  it('a 60-minute SLA started just before the autumn change (Berlin, 25 Oct 2026) is due 60 real minutes later', () => {
    // 02:30 CEST (00:30Z); the clocks go back at 03:00 CEST to 02:00 CET.
    const start = at('2026-10-25T00:30:00Z');
    expect(iso(always.addBusinessMinutes(start, 60))).toBe('2026-10-25T01:30:00.000Z');
    // The same count on a calendar open all day every day, written as hours.
    const daily = calendar({ timezone: 'Europe/Berlin', hours: { daily: '00:00-24:00' } });
    expect(iso(daily.addBusinessMinutes(start, 60))).toBe('2026-10-25T01:30:00.000Z');
    // The autumn day has 25 hours of open time, the spring day 23.
    expect(daily.businessMinutesBetween(at('2026-10-24T22:00:00Z'), at('2026-10-25T23:00:00Z'))).toBe(25 * 60);
    expect(daily.businessMinutesBetween(at('2026-03-28T23:00:00Z'), at('2026-03-29T22:00:00Z'))).toBe(23 * 60);
  });

  it('office hours stay at 09:00 on the wall across the change: Friday 16:30 + 60 is Monday 09:30 CET', () => {
    // Friday 23 Oct 16:30 CEST = 14:30Z; Monday 26 Oct 09:30 CET = 08:30Z.
    expect(iso(berlinOffice.addBusinessMinutes(at('2026-10-23T14:30:00Z'), 60))).toBe('2026-10-26T08:30:00.000Z');
    // And back: Monday 09:30 CET - 60 = Friday 16:30 CEST.
    expect(iso(berlinOffice.subtractBusinessMinutes(at('2026-10-26T08:30:00Z'), 60))).toBe('2026-10-23T14:30:00.000Z');
  });

  it('New York, spring forward on 8 March 2026: the 02:00-03:00 hour does not exist and is not counted', () => {
    const ny = calendar({ timezone: 'America/New_York', hours: 'always' });
    // 01:30 EST (06:30Z) + 60 minutes = 03:30 EDT (07:30Z).
    expect(iso(ny.addBusinessMinutes(at('2026-03-08T06:30:00Z'), 60))).toBe('2026-03-08T07:30:00.000Z');
    const nyOffice = calendar({ timezone: 'America/New_York', hours: { 'mon-fri': '09:00-17:00' }, holidays: { country: 'US', region: 'NY' } });
    // Friday 6 March 16:00 EST + 120 = Monday 9 March 10:00 EDT (14:00Z).
    expect(iso(nyOffice.addBusinessMinutes(at('2026-03-06T21:00:00Z'), 120))).toBe('2026-03-09T14:00:00.000Z');
  });
});

describe('overnight and split hours', () => {
  it('an overnight range runs into the next day', () => {
    const night = calendar({ timezone: 'UTC', hours: { fri: '22:00-06:00' } });
    expect(night.isOpen(at('2026-03-13T23:00:00Z'))).toBe(true);
    expect(night.isOpen(at('2026-03-14T05:59:00Z'))).toBe(true);
    expect(night.isOpen(at('2026-03-14T06:00:00Z'))).toBe(false);
    expect(iso(night.openUntil(at('2026-03-13T23:00:00Z'))!)).toBe('2026-03-14T06:00:00.000Z');
    expect(iso(night.addBusinessMinutes(at('2026-03-13T21:00:00Z'), 8 * 60))).toBe('2026-03-14T06:00:00.000Z');
  });

  it('a lunch break is not counted', () => {
    const split = calendar({ timezone: 'UTC', hours: { 'mon-fri': ['09:00-12:30', '13:30-17:00'] } });
    expect(split.isOpen(at('2026-03-09T13:00:00Z'))).toBe(false);
    expect(iso(split.addBusinessMinutes(at('2026-03-09T12:00:00Z'), 60))).toBe('2026-03-09T14:00:00.000Z');
  });

  it('refuses to count on a calendar closed for longer than a year', () => {
    const shut = calendar({ timezone: 'UTC', hours: { mon: '09:00-10:00' }, closed: [{ from: '2026-01-01', until: '2027-12-31' }] });
    expect(() => shut.addBusinessMinutes(at('2026-03-09T12:00:00Z'), 60)).toThrow(/no business hours within 400 days/);
  });
});
