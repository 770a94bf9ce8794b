/** The callback jobs as plain functions over a task: stale bookings, recorded outcomes, the check's default. */
import { describe, expect, it } from 'vitest';
import type { Connectors } from '../../../connectors/types.ts';
import type { JsonObject, Task } from '../../../src/engine/types.ts';
import { silentLogger } from '../../../src/log.ts';
import { loadPolicy } from '../../../src/policy/load.ts';
import { callbackCheck } from '../../../src/scheduler/jobs/callback-check.ts';
import { callbackReminder, callbackReminderKey } from '../../../src/scheduler/jobs/callback-reminder.ts';
import type { JobContext } from '../../../src/scheduler/jobs/types.ts';

const NOW = new Date('2027-03-15T10:30:00Z');
const BOOKED = { status: 'booked', slot: '2027-03-15T10:00:00.000Z', requestedAt: '2027-03-12T23:10:00.000Z', bookingId: 'b1', team: 'finance', assignee: { kind: 'team', id: 'finance', name: 'Billing and Finance', email: 'billing@example.com' }, outcome: null };

async function context(callback: JsonObject, bookingId = 'b1') {
  const sent: { to: string[]; key: string }[] = [];
  const connectors = { email: { kind: 'recording', send: async (message: { to: string[] }, key: string) => (sent.push({ to: message.to, key }), { ref: `ref-${sent.length}` }) } } as unknown as Connectors;
  const task = { _id: 'task-1', data: { support: { ticket: { id: 'T-1', subject: 'Invoice\naddress', customerEmail: 'c@example.com' } }, callback }, meta: {} } as unknown as Task;
  const ctx: JobContext = { task, job: { taskId: 'task-1', key: 'task-1:callback', runAt: NOW.toISOString(), stepId: 'callback_booking', payload: { bookingId } }, connectors, policy: await loadPolicy(), log: silentLogger, now: NOW };
  return { ctx, sent };
}

describe('callback_check', () => {
  it('records unconfirmed when nobody said whether the call happened', async () => {
    const { ctx } = await context(BOOKED);
    expect(await callbackCheck.run(ctx)).toEqual({ callback: { outcome: 'unconfirmed', outcomeAt: NOW.toISOString(), outcomeBy: 'callback_check' } });
  });

  it('leaves a recorded outcome and a rebooked callback alone', async () => {
    expect(await callbackCheck.run((await context({ ...BOOKED, outcome: 'missed' })).ctx)).toBeNull();
    expect(await callbackCheck.run((await context(BOOKED, 'b0')).ctx)).toBeNull();
  });
});

describe('callback_reminder', () => {
  it('emails the assignee once, keyed on the booking, and records it', async () => {
    const { ctx, sent } = await context(BOOKED);
    const patch = await callbackReminder.run(ctx);
    expect(sent).toEqual([{ to: ['billing@example.com'], key: callbackReminderKey('task-1', 'b1') }]);
    expect(patch).toEqual({ callback: { reminder: { bookingId: 'b1', sentAt: NOW.toISOString(), to: 'billing@example.com', ref: 'ref-1' } } });
  });

  it('sends nothing for a booking already reminded, a stale booking or a rejected request', async () => {
    for (const [callback, bookingId] of [
      [{ ...BOOKED, reminder: { bookingId: 'b1', sentAt: NOW.toISOString(), to: 'x@example.com', ref: 'r' } }, 'b1'],
      [BOOKED, 'b0'],
      [{ ...BOOKED, status: 'rejected' }, 'b1'],
    ] as const) {
      const { ctx, sent } = await context(callback as unknown as JsonObject, bookingId);
      expect(await callbackReminder.run(ctx)).toBeNull();
      expect(sent).toEqual([]);
    }
  });
});
