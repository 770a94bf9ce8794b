/**
 * Callback slots on the example policy: finance works Mon-Fri 09:00-17:00 in London with English
 * holidays; customer_success has no calendar (09:00-17:00 UTC is offered); engineering works around the clock.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { candidateSlots, owningTeam } from '../../../src/callbacks/slots.ts';
import { loadPolicy } from '../../../src/policy/load.ts';
import type { CompiledPolicy } from '../../../src/policy/compile.ts';

let policy: CompiledPolicy;
beforeAll(async () => {
  policy = await loadPolicy();
});

const iso = (dates: Date[]) => dates.map((d) => d.toISOString());

describe('candidateSlots', () => {
  it('offers the next three working days of the team\'s hours in half hours, skipping the weekend', () => {
    const offer = candidateSlots(policy, 'finance', new Date('2027-03-12T23:00:00Z')); // Friday 23:00 GMT
    expect(offer).toMatchObject({ team: 'finance', teamName: 'Billing and Finance', zone: 'Europe/London', teamHours: true });
    expect(offer.slots).toHaveLength(3 * 16);
    expect(offer.slots[0]!.toISOString()).toBe('2027-03-15T09:00:00.000Z'); // Monday 09:00
    expect(offer.slots[15]!.toISOString()).toBe('2027-03-15T16:30:00.000Z'); // the last slot ends at closing
    expect(offer.slots.at(-1)!.toISOString()).toBe('2027-03-17T16:30:00.000Z'); // Wednesday
    expect(iso(offer.slots)).not.toContain('2027-03-15T17:00:00.000Z');
  });

  it('starts at least half an hour from now, on a half hour, and counts today as a day', () => {
    const offer = candidateSlots(policy, 'finance', new Date('2027-03-15T14:10:00Z')); // Monday 14:10
    expect(offer.slots[0]!.toISOString()).toBe('2027-03-15T15:00:00.000Z');
    expect(offer.slots.filter((s) => s.toISOString().startsWith('2027-03-15'))).toHaveLength(4);
    expect(offer.slots.at(-1)!.toISOString()).toBe('2027-03-17T16:30:00.000Z');
  });

  it('skips a public holiday: Good Friday and Easter Monday 2027', () => {
    const offer = candidateSlots(policy, 'finance', new Date('2027-03-25T18:00:00Z')); // Thursday evening before Easter
    const days = [...new Set(offer.slots.map((s) => s.toISOString().slice(0, 10)))];
    expect(days).toEqual(['2027-03-30', '2027-03-31', '2027-04-01']);
  });

  it('offers 09:00-17:00 UTC for a team without a calendar, and says so', () => {
    const offer = candidateSlots(policy, 'customer_success', new Date('2027-03-13T10:00:00Z')); // a Saturday
    expect(offer).toMatchObject({ zone: 'UTC', teamHours: false });
    expect(offer.slots[0]!.toISOString()).toBe('2027-03-13T10:30:00.000Z');
    expect(offer.slots.at(-1)!.toISOString()).toBe('2027-03-15T16:30:00.000Z');
    expect(offer.slots.every((s) => s.getUTCHours() >= 9 && s.getUTCHours() < 17)).toBe(true);
  });
});

describe('owningTeam', () => {
  it('is the team the ticket was handed or queued to, else the route of its category', () => {
    expect(owningTeam({ handoffComplete: { targetTeam: 'engineering' } }, policy)).toBe('engineering');
    expect(owningTeam({ conversationResponse: { queued: { team: 'finance' } } }, policy)).toBe('finance');
    expect(owningTeam({ support: { ticket: {}, classification: { category: 'billing' } } }, policy)).toBe(policy.route('billing').team);
  });
});
