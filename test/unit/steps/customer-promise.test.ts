/**
 * Honest promises: the customer is told when a person will answer from the team's calendar (the queue's
 * part is in test/unit/calendar/queue-estimate.test.ts and test/integration/queue-promise.test.ts). The
 * example policy's finance team works Mon-Fri 09:00-17:00 London time with English public holidays;
 * general_support has no calendar (around the clock); engineering is staffed around the clock with
 * an on-call rotation. The clock is injected.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatPromiseTime, promiseFor } from '../../../src/calendar/promise.ts';
import { loadPolicy } from '../../../src/policy/load.ts';
import type { Policy } from '../../../src/policy/schema.ts';
import { startAnswerSetup, type AnswerSetup } from './answer-setup.ts';

let policy: Policy;
beforeAll(async () => {
  policy = (await loadPolicy()).source;
});

describe('promiseFor on the example policy', () => {
  it('is a plain wait while the team works the whole time', () => {
    const now = new Date('2026-03-09T10:00:00Z'); // Monday 10:00 in London (GMT)
    expect(promiseFor(policy, 'finance', 'medium', now, 60)).toEqual({ at: new Date('2026-03-09T11:00:00Z'), withinMinutes: 60, zone: 'Europe/London' });
    expect(promiseFor(policy, 'general_support', 'medium', now, 60)).toEqual({ at: new Date('2026-03-09T11:00:00Z'), withinMinutes: 60, zone: null });
  });

  it('runs to the next working morning at 23:00 on the Thursday before Good Friday and Easter Monday', () => {
    const now = new Date('2026-04-02T22:00:00Z'); // Thursday 23:00 BST
    const promise = promiseFor(policy, 'finance', 'high', now, 60);
    expect(promise.withinMinutes).toBeNull();
    expect(promise.at.toISOString()).toBe('2026-04-07T09:00:00.000Z'); // Tuesday 10:00 BST
    expect(formatPromiseTime(promise.at, 'Europe/London', 'en')).toMatch(/Tuesday, April 7.*10:00/);
  });

  it('keeps the wait for a critical ticket on a team with an on-call rotation, at any hour', () => {
    const now = new Date('2026-04-04T02:00:00Z'); // Saturday night
    expect(promiseFor(policy, 'engineering', 'critical', now, 15)).toMatchObject({ withinMinutes: 15, at: new Date('2026-04-04T02:15:00Z') });
  });

  it('a wait that runs past closing is said as a time', () => {
    const now = new Date('2026-03-13T16:30:00Z'); // Friday 16:30 GMT, half an hour before closing
    const promise = promiseFor(policy, 'finance', 'medium', now, 60);
    expect(promise.withinMinutes).toBeNull();
    expect(promise.at.toISOString()).toBe('2026-03-16T09:30:00.000Z'); // Monday 09:30
  });
});

describe('what the customer reads', () => {
  let s: AnswerSetup;
  beforeAll(async () => {
    s = await startAnswerSetup();
  });
  afterAll(() => s.cleanup());

  // A low-priority question is answered within respond_within_minutes.low (1440) of finance's
  // business time: three 8-hour working days, counted from Monday's opening.
  it('a billing question queued at 23:00 on a Friday is promised by the end of Wednesday, and the review task is due then', async () => {
    s.clock.ms = Date.parse('2026-03-13T23:00:00Z'); // Friday 23:00 in London
    const task = await s.ticket({ subject: 'Invoice address', description: 'Can you change the postal address printed on our invoices to our new office in Leeds?' });
    const r = task.data.conversationResponse as Record<string, any>;
    expect(r.mode).toBe('queued');
    expect(r.queued).toMatchObject({ team: 'finance', priority: 'low', minutes: 1440 });
    expect(r.responseMessage).toContain('who will reply to you personally by Wednesday, March 18 at 05:00 PM GMT.');
    expect(r.responseMessage).not.toMatch(/within/);
    const human = await s.humans.get(r.queued.humanTaskId);
    expect(human.dueAt.toISOString()).toBe('2026-03-18T17:00:00.000Z');
    expect(r.queued.dueAt).toBe('2026-03-18T17:00:00.000Z');
    const run = task.meta.runs.find((x) => x.stepId === 'customer_response');
    expect(run?.explanation.join('\n')).toMatch(/promised an answer by Wednesday.*on Billing and Finance's calendar/);
  });

  // "again" reads as a repeat contact, so medium: 480 business minutes from Monday 09:30, of which 450
  // are left on Monday.
  it('a question on a Monday morning counts from then, across the evening: Tuesday 09:30', async () => {
    s.clock.ms = Date.parse('2026-03-16T09:30:00Z');
    const task = await s.ticket({ subject: 'Invoice address again', description: 'Can you change the postal address printed on our invoices to our new office in York?' });
    const r = task.data.conversationResponse as Record<string, any>;
    expect(r.queued).toMatchObject({ team: 'finance', priority: 'medium', minutes: 480, dueAt: '2026-03-17T09:30:00.000Z' });
    expect(r.responseMessage).toContain('by Tuesday, March 17 at 09:30 AM GMT.');
    // finance lists no members in the example policy: the calendar promise stands, and the record says so.
    expect(r.promise).toMatchObject({ governedBy: 'sla', at: '2026-03-17T09:30:00.000Z', slaAt: '2026-03-17T09:30:00.000Z', said: 'by Tuesday, March 17 at 09:30 AM GMT', queue: null });
    expect(r.promise.explanation).toMatch(/^the team lists no members: the SLA promise stands/);
  });
});
