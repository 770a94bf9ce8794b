/**
 * Who is on call: weekly hand-overs at Monday 09:00 Berlin time (on both sides of a clock change),
 * overrides, and the time before the rotation starts.
 */
import { describe, expect, it } from 'vitest';
import { compileCalendar } from '../../../src/calendar/index.ts';
import { calendarSchema, type CalendarConfig } from '../../../src/policy/calendar-schema.ts';

const rotation = (onCall: Record<string, unknown>) =>
  compileCalendar(calendarSchema.parse({ timezone: 'Europe/Berlin', hours: 'always', on_call: onCall }) as CalendarConfig).onCall!;
const at = (iso: string) => new Date(iso);

const weekly = rotation({
  members: ['ana', 'ben', 'chloe'],
  every: '1 week',
  hand_over: 'mon 09:00',
  starting: '2026-01-01',
  overrides: [{ member: 'dev', from: '2026-04-03 09:00', until: '2026-04-06 09:00', reason: 'Ana on leave' }],
});

describe('a weekly rotation', () => {
  it('starts at the first Monday 09:00 on or after the start date, with the first member', () => {
    expect(weekly.starts.toISOString()).toBe('2026-01-05T08:00:00.000Z');
    expect(weekly.at(at('2026-01-05T07:59:00Z'))).toMatchObject({ member: null, source: 'not_started', next: 'ana' });
    expect(weekly.at(at('2026-01-05T08:00:00Z'))).toMatchObject({ member: 'ana', source: 'rotation', until: at('2026-01-12T08:00:00Z'), next: 'ben' });
    expect(weekly.at(at('2026-01-21T03:00:00Z'))).toMatchObject({ member: 'chloe', next: 'ana' });
  });

  it('hands over at 09:00 local on both sides of the spring clock change (29 March 2026)', () => {
    // Monday 23 March 09:00 CET = 08:00Z; Monday 30 March 09:00 CEST = 07:00Z.
    expect(weekly.at(at('2026-03-23T07:59:00Z')).member).toBe('ben');
    expect(weekly.at(at('2026-03-23T08:00:00Z'))).toMatchObject({ member: 'chloe', until: at('2026-03-30T07:00:00Z'), next: 'ana' });
    expect(weekly.at(at('2026-03-30T06:59:59Z')).member).toBe('chloe');
    expect(weekly.at(at('2026-03-30T07:00:00Z')).member).toBe('ana');
  });

  it('an override takes over for its period and cuts the regular shift short', () => {
    expect(weekly.at(at('2026-04-02T21:00:00Z'))).toMatchObject({ member: 'ana', until: at('2026-04-03T07:00:00Z'), next: 'dev' });
    expect(weekly.at(at('2026-04-03T07:00:00Z'))).toMatchObject({ member: 'dev', source: 'override', reason: 'Ana on leave', until: at('2026-04-06T07:00:00Z'), next: 'ben' });
    expect(weekly.at(at('2026-04-06T07:00:00Z'))).toMatchObject({ member: 'ben', source: 'rotation', until: at('2026-04-13T07:00:00Z') });
  });

  it('a one-member rotation has no end unless an override lies ahead', () => {
    const solo = rotation({ members: ['ana'], every: '1 week', hand_over: 'mon 09:00', starting: '2026-01-05' });
    expect(solo.at(at('2026-02-01T12:00:00Z'))).toMatchObject({ member: 'ana', until: null, next: null });
    const covered = rotation({ members: ['ana'], every: '1 week', hand_over: 'mon 09:00', starting: '2026-01-05', overrides: [{ member: 'ben', from: '2026-02-10', until: '2026-02-10' }] });
    // A bare `until` date includes that day: Ben covers all of 10 February.
    expect(covered.at(at('2026-02-01T12:00:00Z'))).toMatchObject({ member: 'ana', until: at('2026-02-09T23:00:00Z'), next: 'ben' });
    expect(covered.at(at('2026-02-10T22:00:00Z'))).toMatchObject({ member: 'ben', until: at('2026-02-10T23:00:00Z'), next: 'ana' });
  });

  it('a daily rotation hands over at its time every day', () => {
    const daily = rotation({ members: ['ana', 'ben'], every: '1 day', hand_over: '08:00', starting: '2026-06-01' });
    expect(daily.at(at('2026-06-01T06:00:00Z'))).toMatchObject({ member: 'ana', until: at('2026-06-02T06:00:00Z'), next: 'ben' });
    expect(daily.at(at('2026-06-03T05:59:00Z')).member).toBe('ben');
  });
});
