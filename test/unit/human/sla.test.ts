import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHumanSetup, type HumanSetup } from './setup.ts';

const MINUTE = 60_000;
let s: HumanSetup;
beforeEach(async () => {
  s = await startHumanSetup();
});
afterEach(async () => {
  await s.cleanup();
});

/** The example policy: high priority resolves in 240 minutes with a warning 30 minutes before. */
async function highTask() {
  const pipeline = await s.waitingTask();
  const { task } = await s.service.openForHandoff({ taskId: pipeline._id, title: 'Checkout broken', team: 'general_support', priority: 'high' });
  return task;
}

describe('sweepSla', () => {
  it('warns the owning team once, by email and Slack, when the warning window opens', async () => {
    const task = await highTask();
    const start = s.harness.clock.ms;
    expect(await s.service.sweepSla(new Date(start + 209 * MINUTE))).toMatchObject({ warned: [], escalated: [] });
    expect(s.outbox('email')).toHaveLength(0);

    const at = new Date(start + 210 * MINUTE);
    expect((await s.service.sweepSla(at)).warned).toEqual([task._id]);
    expect((await s.service.sweepSla(at)).warned).toEqual([]);
    expect((await s.service.sweepSla(new Date(start + 230 * MINUTE))).warned).toEqual([]);
    expect(s.emailsTo('support@example.com')).toHaveLength(1);
    expect(s.outbox('slack')).toHaveLength(1);
    const stored = await s.service.get(task._id);
    expect(stored.events.filter((e) => e.kind === 'sla_warning')).toHaveLength(1);
    expect(stored).toMatchObject({ level: 0, team: 'general_support', status: 'pending' });
  });

  it('on a breach moves the task up the chain, unassigned with a fresh due date, and tells the next team once', async () => {
    const task = await highTask();
    const start = s.harness.clock.ms;
    await s.service.claim(task._id, 'ann');
    const breach = new Date(start + 240 * MINUTE);
    const first = await s.service.sweepSla(breach);
    const second = await s.service.sweepSla(breach);
    expect(first.escalated).toEqual([task._id]);
    expect(second.escalated).toEqual([]);
    const moved = await s.service.get(task._id);
    expect(moved).toMatchObject({ level: 1, team: 'senior_support', queue: 'senior_support', status: 'pending', assignedTo: null, claimedAt: null });
    expect(moved.dueAt).toEqual(new Date(breach.getTime() + 240 * MINUTE));
    expect(moved.events.map((e) => e.kind)).toEqual(['created', 'claimed', 'sla_breach', 'escalated']);
    expect(s.emailsTo('senior-support@example.com')).toHaveLength(1);
    expect(s.outbox('slack')).toHaveLength(1);

    // The next level gets its own warning and, later, its own breach.
    expect((await s.service.sweepSla(new Date(breach.getTime() + 215 * MINUTE))).warned).toEqual([task._id]);
    expect((await s.service.sweepSla(new Date(breach.getTime() + 240 * MINUTE))).escalated).toEqual([task._id]);
    expect(await s.service.get(task._id)).toMatchObject({ level: 2, team: 'management' });
    expect(s.emailsTo('support-managers@example.com')).toHaveLength(1);
    expect(s.emailsTo('senior-support@example.com')).toHaveLength(2);
  });

  it('keeps a task open at the end of the chain: flagged, the last team reminded once per SLA period with the escalation address in copy', async () => {
    const pipeline = await s.waitingTask();
    const { task } = await s.service.openForHandoff({ taskId: pipeline._id, title: 'Fraud', team: 'management', priority: 'critical' });
    expect(task.escalationChain).toEqual(['management']);
    const start = s.harness.clock.ms;
    const breach = new Date(start + 60 * MINUTE);
    expect((await s.service.sweepSla(breach)).breachedAtEnd).toEqual([task._id]);
    expect((await s.service.sweepSla(breach)).breachedAtEnd).toEqual([]);
    const flagged = await s.service.get(task._id);
    expect(flagged).toMatchObject({ status: 'pending', level: 0, team: 'management' });
    expect(flagged.dueAt).toEqual(new Date(breach.getTime() + 60 * MINUTE));
    expect(flagged.events.filter((e) => e.kind === 'sla_breach')).toHaveLength(1);
    const mails = s.emailsTo('support-managers@example.com');
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatch(/^Cc: .*escalation@example\.com/m);
    expect((await s.service.sweepSla(new Date(breach.getTime() + 60 * MINUTE))).breachedAtEnd).toEqual([task._id]);
    expect(s.emailsTo('support-managers@example.com')).toHaveLength(2);
  });

  it('leaves completed tasks alone and reports a task whose notifications all fail, for the next sweep', async () => {
    const done = await highTask();
    await s.service.resolve(done._id, { respondedBy: 'ann', decision: 'resolved' });
    expect(await s.service.sweepSla(new Date(s.harness.clock.ms + 1000 * MINUTE))).toMatchObject({ checked: 0, escalated: [] });

    await s.cleanup();
    s = await startHumanSetup();
    const task = await highTask();
    const broken = { send: async () => Promise.reject(new Error('smtp down')), kind: 'x' };
    const { createHumanTaskService } = await import('../../../src/human/service.ts');
    const { loadPolicy } = await import('../../../src/policy/load.ts');
    const failing = createHumanTaskService({
      store: s.humans,
      engine: s.harness.engine,
      policy: await loadPolicy(),
      connectors: { email: broken, chat: { kind: 'x', post: async () => Promise.reject(new Error('slack down')) } },
      now: s.harness.clock.now,
    });
    const at = new Date(s.harness.clock.ms + 240 * MINUTE);
    const result = await failing.sweepSla(at);
    expect(result.failed).toEqual([{ id: task._id, error: expect.stringMatching(/smtp down.*slack down|slack down.*smtp down/) }]);
    expect((await s.service.get(task._id)).level).toBe(0);
    expect((await s.service.sweepSla(at)).escalated).toEqual([task._id]);
  });
});
