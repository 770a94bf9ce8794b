import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.ts';
import { daysOf, parsePeriod } from '../../../src/reports/analytics-period.ts';

const now = new Date('2026-11-30T12:00:00.000Z');

describe('analytics period', () => {
  it('reads durations back from now, dates as UTC midnight, and defaults to the last 7 days', () => {
    expect(parsePeriod({}, now)).toEqual({ since: new Date('2026-11-23T12:00:00.000Z'), until: now, label: '7d' });
    expect(parsePeriod({ since: '24h' }, now).since).toEqual(new Date('2026-11-29T12:00:00.000Z'));
    expect(parsePeriod({ since: '2w' }, now).since).toEqual(new Date('2026-11-16T12:00:00.000Z'));
    const dated = parsePeriod({ since: '2026-11-01', until: '2026-11-15T06:30:00Z' }, now);
    expect(dated.since).toEqual(new Date('2026-11-01T00:00:00.000Z'));
    expect(dated.until).toEqual(new Date('2026-11-15T06:30:00.000Z'));
    expect(dated.label).toBe('2026-11-01 .. 2026-11-15T06:30:00Z');
  });

  it.each(['7', 'yesterday', '0d', '-7d', '2026-02-31', '2026-13-01', '7d; drop', '1e3d'])('refuses %j naming the option', (since) => {
    expect(() => parsePeriod({ since }, now, { since: '--since', until: '--until' })).toThrow(InputError);
    expect(() => parsePeriod({ since }, now, { since: '--since', until: '--until' })).toThrow(/--since must be/);
  });

  it('refuses a reversed or empty period and one longer than 366 days', () => {
    expect(() => parsePeriod({ since: '2026-11-30', until: '2026-11-01' }, now)).toThrow(/must be before/);
    expect(() => parsePeriod({ since: '2026-11-01', until: '2026-11-01' }, now)).toThrow(/must be before/);
    expect(() => parsePeriod({ since: '2024-01-01' }, now)).toThrow(/at most 366 days/);
  });

  it('lists every UTC day the period touches, the until instant excluded', () => {
    expect(daysOf({ since: new Date('2026-11-28T23:00:00Z'), until: new Date('2026-11-30T00:00:00Z') })).toEqual(['2026-11-28', '2026-11-29']);
    expect(daysOf({ since: new Date('2026-11-28T23:00:00Z'), until: new Date('2026-11-30T00:00:01Z') })).toEqual(['2026-11-28', '2026-11-29', '2026-11-30']);
  });
});
