import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.ts';
import { HumanTaskConflictError, HumanTaskNotFoundError, type HumanTask } from '../../../src/human/types.ts';
import { startHumanSetup, type HumanSetup } from './setup.ts';

const MINUTE = 60_000;
let s: HumanSetup;
beforeEach(async () => {
  s = await startHumanSetup();
});
afterEach(async () => {
  await s.cleanup();
});

const approval = (overrides: Record<string, unknown> = {}) =>
  s.service.create({
    type: 'approval',
    title: 'Refund of 1500 EUR',
    team: 'finance',
    priority: 'high',
    fields: [
      { name: 'approved_amount', label: 'Approved amount', type: 'number', required: true },
      { name: 'id_type', label: 'ID type', type: 'select', options: ['passport', 'national_id'], required: true },
      { name: 'refund_on', label: 'Refund date', type: 'date', required: false },
      { name: 'approved_refund', label: 'Refund approved', type: 'boolean', required: false },
      { name: 'notes_for_agent', label: 'Notes', type: 'textarea', required: false },
    ],
    ...overrides,
  } as never);

const error = async (promise: Promise<unknown>): Promise<Error> => (await promise.then(() => new Error('did not throw'), (e: unknown) => e)) as Error;

describe('create', () => {
  it('opens a task for a policy team with its SLA due date and chain, and emails the team', async () => {
    const task = await approval();
    expect(task).toMatchObject({ status: 'pending', team: 'finance', queue: 'finance', escalationChain: ['finance', 'management'], level: 0 });
    // The example policy's SLA for high priority is 240 minutes.
    expect(task.dueAt.getTime() - s.harness.clock.ms).toBe(240 * MINUTE);
    expect(s.emailsTo('billing@example.com')).toHaveLength(1);
    const custom = await approval({ dueInMinutes: 15 });
    expect(custom.dueAt.getTime() - s.harness.clock.ms).toBe(15 * MINUTE);
  });

  it('refuses unknown types, escalations, unknown teams, malformed fields and unknown pipeline tasks, naming the field', async () => {
    expect(await error(approval({ type: 'chat' }))).toMatchObject({ name: 'InputError', path: ['type'] });
    expect((await error(approval({ type: 'escalation' }))).message).toMatch(/handoff/);
    expect(await error(approval({ team: 'nobody' }))).toMatchObject({ path: ['team'], message: expect.stringMatching(/finance/) });
    expect(await error(approval({ fields: [{ name: 'x', type: 'select', label: 'X' }] }))).toMatchObject({ path: ['fields', '0', 'options'] });
    expect(await error(approval({ fields: [{ name: 'resolved', type: 'boolean', label: 'R' }] }))).toMatchObject({ path: ['fields', '0', 'name'] });
    expect(await error(approval({ fields: [{ name: 'a.b', type: 'text', label: 'A' }] }))).toBeInstanceOf(InputError);
    expect(await error(approval({ dueInMinutes: -5 }))).toMatchObject({ path: ['dueInMinutes'] });
    expect(await error(approval({ taskId: 'no-such-task' }))).toMatchObject({ path: ['taskId'] });
    expect((await s.service.list({})).total).toBe(0);
  });
});

describe('claim and assign', () => {
  it('claims a pending task, treats claiming it again as a no-op, and refuses another person (409)', async () => {
    const task = await approval();
    s.harness.clock.advance(5 * MINUTE);
    const claimed = await s.service.claim(task._id, 'ann');
    expect(claimed).toMatchObject({ status: 'assigned', assignedTo: 'ann', claimedAt: new Date(s.harness.clock.ms), version: 2 });
    expect(claimed.events.at(-1)).toMatchObject({ kind: 'claimed', by: 'ann' });
    expect((await s.service.claim(task._id, 'ann')).version).toBe(2);
    const refused = await error(s.service.claim(task._id, 'bob'));
    expect(refused).toBeInstanceOf(HumanTaskConflictError);
    expect(refused.message).toMatch(/held by ann/);
    await expect(s.service.claim('missing', 'ann')).rejects.toBeInstanceOf(HumanTaskNotFoundError);
    await expect(s.service.claim(task._id, '')).rejects.toBeInstanceOf(InputError);
  });

  it('gives exactly one of several simultaneous claims by different people', async () => {
    for (let round = 0; round < 3; round++) {
      const task = await approval();
      const users = ['ann', 'bob', 'cat', 'dan', 'eve'];
      const results = await Promise.allSettled(users.map((u) => s.service.claim(task._id, u)));
      const won = results.filter((r): r is PromiseFulfilledResult<HumanTask> => r.status === 'fulfilled');
      expect(won).toHaveLength(1);
      for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(HumanTaskConflictError);
      const stored = await s.service.get(task._id);
      expect(stored.assignedTo).toBe(won[0]!.value.assignedTo);
      expect(stored.events.filter((e) => e.kind === 'claimed')).toHaveLength(1);
    }
  });

  it('assigns to a person (who can then claim) or to a team (unassigned, team notified)', async () => {
    const task = await approval();
    const toBob = await s.service.assign(task._id, { assignedTo: 'bob' }, 'lead');
    expect(toBob).toMatchObject({ status: 'assigned', assignedTo: 'bob', claimedAt: null });
    await expect(s.service.claim(task._id, 'ann')).rejects.toBeInstanceOf(HumanTaskConflictError);
    expect((await s.service.claim(task._id, 'bob')).claimedAt).toEqual(new Date(s.harness.clock.ms));
    const toTeam = await s.service.assign(task._id, { assignedToTeam: 'customer_success' }, 'lead');
    expect(toTeam).toMatchObject({ status: 'pending', assignedTo: null, assignedToTeam: 'customer_success', team: 'customer_success', queue: 'customer_success' });
    expect(toTeam.events.at(-1)).toMatchObject({ kind: 'assigned', by: 'lead', detail: 'to team customer_success' });
    expect(s.emailsTo('success@example.com')).toHaveLength(1);
    await expect(s.service.assign(task._id, { assignedToTeam: 'nope' })).rejects.toMatchObject({ path: ['assignedToTeam'] });
    await expect(s.service.assign(task._id, {})).rejects.toBeInstanceOf(InputError);
    await expect(s.service.assign(task._id, { assignedTo: 'a', assignedToTeam: 'finance' })).rejects.toBeInstanceOf(InputError);
  });
});

describe('resolve', () => {
  const good = { approved_amount: 1500, id_type: 'passport' };

  it('enforces required fields and their types, naming the field, and leaves the task open', async () => {
    const task = await approval();
    const missing = await error(s.service.resolve(task._id, { respondedBy: 'ann', decision: 'approved', fields: { approved_amount: 10 } }));
    expect(missing).toBeInstanceOf(InputError);
    expect(missing).toMatchObject({ path: ['fields', 'id_type'], message: expect.stringMatching(/"id_type".*required/) });
    const cases: [Record<string, unknown>, string][] = [
      [{ ...good, approved_amount: '1500' }, 'approved_amount'],
      [{ ...good, id_type: 'library_card' }, 'id_type'],
      [{ ...good, refund_on: 'next tuesday' }, 'refund_on'],
      [{ ...good, approved_refund: 'yes' }, 'approved_refund'],
      [{ ...good, notes_for_agent: 42 }, 'notes_for_agent'],
      [{ ...good, surprise: 1 }, 'surprise'],
    ];
    for (const [fields, name] of cases) {
      expect(await error(s.service.resolve(task._id, { respondedBy: 'ann', decision: 'approved', fields: fields as never }))).toMatchObject({ name: 'InputError', path: ['fields', name] });
    }
    await expect(s.service.resolve(task._id, { respondedBy: 'ann', decision: 'Approved!', fields: good })).rejects.toMatchObject({ path: ['decision'] });
    expect((await s.service.get(task._id)).status).toBe('pending');
  });

  it('completes the task, writes data.human on the pipeline task, makes it ready, and the policy completes it', async () => {
    const pipeline = await s.waitingTask();
    const task = await approval({ taskId: pipeline._id });
    s.harness.clock.advance(10 * MINUTE);
    await s.service.claim(task._id, 'ann');
    s.harness.clock.advance(20 * MINUTE);
    const done = await s.service.resolve(task._id, {
      respondedBy: 'ann',
      decision: 'approved',
      fields: { ...good, refund_on: '2026-02-01', approved_refund: true },
      notes: 'verified by phone',
    });
    expect(done).toMatchObject({ status: 'completed', resolution: { respondedBy: 'ann', decision: 'approved', notes: 'verified by phone' } });
    const after = (await s.harness.store.get(pipeline._id))!;
    expect(after.meta.state).toBe('ready');
    expect(after.data.human).toEqual({
      taskId: task._id,
      type: 'approval',
      decision: 'approved',
      resolved: true,
      approved: true,
      approved_refund: true,
      fields: { ...good, refund_on: '2026-02-01', approved_refund: true },
      notes: 'verified by phone',
      respondedBy: 'ann',
      resolvedAt: new Date(s.harness.clock.ms).toISOString(),
      timeToClaimMs: 10 * MINUTE,
      timeToResolveMs: 30 * MINUTE,
      outcome: null,
    });
    const processed = await s.harness.engine.process(pipeline._id);
    expect(processed.data.human).toMatchObject({ outcome: { action: 'complete', rule: 0 } });
    expect(processed.meta.state).toBe('done');
  });

  it('lets a decision or a boolean answer reach on_human_complete flags such as human.needs_agent', async () => {
    const pipeline = await s.waitingTask();
    const { task } = await s.service.openForHandoff({ taskId: pipeline._id, title: 'Angry customer', team: 'general_support', priority: 'high' });
    await s.service.resolve(task._id, { respondedBy: 'ann', decision: 'handed_back', fields: { needs_agent: true } });
    const processed = await s.harness.engine.process(pipeline._id);
    expect(processed.data.human).toMatchObject({ resolved: false, needs_agent: true, handed_back: true, outcome: { action: 'handoff', step: 'customer_response' } });
    expect(processed.data.handedBack).toBe(true);
    expect(processed.meta.runs.map((r) => r.stepId)).toEqual(['human_resolution', 'customer_response']);
    expect(processed.meta.runs[1]?.matched).toMatch(/^handoff: run customer_response as directed/);
    const other = await s.service.openForHandoff({ taskId: (await s.waitingTask())._id, title: 'x', team: 'finance', priority: 'low' });
    await expect(s.service.resolve(other.task._id, { respondedBy: 'a', decision: 'needs_agent', fields: { needs_agent: false } })).rejects.toBeInstanceOf(InputError);
  });

  it('refuses a second resolution (409) without writing the pipeline task again, and refuses someone else holding it', async () => {
    const pipeline = await s.waitingTask();
    const task = await approval({ taskId: pipeline._id });
    await s.service.claim(task._id, 'ann');
    await expect(s.service.resolve(task._id, { respondedBy: 'bob', decision: 'approved', fields: good })).rejects.toBeInstanceOf(HumanTaskConflictError);
    await s.service.resolve(task._id, { respondedBy: 'ann', decision: 'approved', fields: good });
    const version = (await s.harness.store.get(pipeline._id))!.meta.version;
    const again = await error(s.service.resolve(task._id, { respondedBy: 'ann', decision: 'approved', fields: good }));
    expect(again).toBeInstanceOf(HumanTaskConflictError);
    expect(again.message).toMatch(/completed by ann/);
    expect((await s.harness.store.get(pipeline._id))!.meta.version).toBe(version);
    await expect(s.service.claim(task._id, 'ann')).rejects.toBeInstanceOf(HumanTaskConflictError);
  });
});

describe('resolve when the pipeline write fails', () => {
  it('lets a repeat of the call finish the write once, then answers 409', async () => {
    await s.cleanup();
    let failures = 1;
    s = await startHumanSetup({
      engine: (h) => ({
        store: h.engine.store,
        addData: async (taskId, patch) => {
          if (failures-- > 0) throw new Error('database restarting');
          return h.engine.addData(taskId, patch);
        },
      }),
    });
    const pipeline = await s.waitingTask();
    const { task } = await s.service.openForHandoff({ taskId: pipeline._id, title: 't', team: 'finance', priority: 'low' });
    await expect(s.service.resolve(task._id, { respondedBy: 'ann', decision: 'resolved' })).rejects.toThrow(/restarting/);
    expect((await s.harness.store.get(pipeline._id))!.data.human).toBeUndefined();
    await s.service.resolve(task._id, { respondedBy: 'ann', decision: 'resolved' });
    expect((await s.harness.store.get(pipeline._id))!.data.human).toMatchObject({ taskId: task._id, resolved: true });
    await expect(s.service.resolve(task._id, { respondedBy: 'ann', decision: 'resolved' })).rejects.toBeInstanceOf(HumanTaskConflictError);
  });
});

describe('handoff tasks and messages', () => {
  it('opens one escalation task per pipeline task, with the flag fields, found by openFor until resolved', async () => {
    const pipeline = await s.waitingTask();
    const input = { taskId: pipeline._id, title: 'Legal threat', team: 'senior_support', priority: 'critical' as const, context: { 'odd.key': 1 } };
    const first = await s.service.openForHandoff(input);
    const second = await s.service.openForHandoff({ ...input, title: 'retried' });
    expect(first.created).toBe(true);
    expect(second).toEqual({ task: first.task, created: false });
    expect(first.task).toMatchObject({ key: `${pipeline._id}:handoff`, type: 'escalation', escalationChain: ['senior_support', 'management'], context: { 'odd.key': 1 } });
    expect(first.task.fields.map((f) => f.name)).toEqual(['needs_agent', 'needs_followup', 'escalation_needed']);
    expect((await s.service.openFor(pipeline._id))?._id).toBe(first.task._id);
    await s.service.resolve(first.task._id, { respondedBy: 'ann', decision: 'resolved' });
    expect(await s.service.openFor(pipeline._id)).toBeNull();
  });

  it('a ticket that comes back after its task was closed gets a new task, not the closed one', async () => {
    const pipeline = await s.waitingTask();
    const input = { taskId: pipeline._id, title: 'Queued question', team: 'general_support', priority: 'low' as const };
    const first = await s.service.openForQueue(input);
    await s.service.resolve(first.task._id, { respondedBy: 'ann', decision: 'resolved' });
    const again = await s.service.openForQueue(input);
    expect(again.created).toBe(true);
    expect(again.task._id).not.toBe(first.task._id);
    expect(again.task).toMatchObject({ key: `${pipeline._id}:queue:2`, status: 'pending', type: 'review' });
    // While that one is open, asking again finds it.
    expect(await s.service.openForQueue(input)).toEqual({ task: again.task, created: false });
  });

  it('stores customer messages on the open task and emails the team once per message', async () => {
    const pipeline = await s.waitingTask();
    const { task } = await s.service.openForHandoff({ taskId: pipeline._id, title: 'Outage', team: 'engineering', priority: 'high' });
    await s.service.addMessage(task._id, 'Still down. <script>x</script>');
    const updated = await s.service.addMessage(task._id, 'Any news?');
    expect(updated.messages.map((m) => m.content)).toEqual(['Still down. <script>x</script>', 'Any news?']);
    expect(updated.events.filter((e) => e.kind === 'message')).toHaveLength(2);
    const mails = s.emailsTo('engineering-escalations@example.com');
    expect(mails).toHaveLength(2);
    expect(mails.join('\n')).toContain('Any news?');
    expect(s.outbox('slack')).toHaveLength(0);
    await expect(s.service.addMessage(task._id, '   ')).rejects.toBeInstanceOf(InputError);
    await s.service.resolve(task._id, { respondedBy: 'ann', decision: 'resolved' });
    await expect(s.service.addMessage(task._id, 'thanks')).rejects.toBeInstanceOf(HumanTaskConflictError);
  });
});
