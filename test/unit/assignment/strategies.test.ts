/**
 * Automatic assignment of new escalation tasks: each strategy, capacity, presence and team hours,
 * the rotation carried over to another service on the same stores, and what the task's events say.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { HumanTask } from '../../../src/human/types.ts';
import { SATURDAY_10, startAssignment, type AssignmentSetup } from './setup.ts';

let setup: AssignmentSetup | undefined;
afterEach(async () => {
  await setup?.cleanup();
  setup = undefined;
});

const autoEvent = (task: HumanTask) => task.events.find((e) => e.kind === 'assigned' && e.by === 'assignment');

describe('round_robin', () => {
  it('takes the members in turn, emails each assignee, and says why on the task', async () => {
    setup = await startAssignment({ members: ['ann', 'ben', { user: 'cat', skills: ['vat'] }], assignment: { strategy: 'round_robin' } });
    for (const name of ['ann', 'ben', 'cat']) await setup.person(name);
    const assigned: (string | null)[] = [];
    for (let i = 0; i < 4; i++) {
      assigned.push((await setup.handOff(`Refund ${i}`)).assignedTo);
      setup.harness.clock.advance(60_000);
    }
    expect(assigned).toEqual(['ann', 'ben', 'cat', 'ann']);
    const first = (await setup.service.list({ assignedTo: 'ben' })).items[0]!;
    expect(first.status).toBe('assigned');
    expect(autoEvent(first)?.detail).toMatch(/^to ben by round_robin: next in turn \(not assigned before; 2 other available member\(s\)\)$/);
    expect(setup.emailsTo('ann@example.com')).toHaveLength(2);
    expect(setup.emailsTo('ben@example.com')[0]).toMatch(/Subject: \[triage\] Assigned to you \(medium\): Refund 1/);
  });

  it('continues the rotation in a second service on the same stores (a restart or another process)', async () => {
    setup = await startAssignment({ members: ['ann', 'ben', 'cat'], assignment: { strategy: 'round_robin' } });
    for (const name of ['ann', 'ben', 'cat']) await setup.person(name);
    expect((await setup.handOff('A')).assignedTo).toBe('ann');
    setup.harness.clock.advance(1000);
    expect((await setup.handOff('B')).assignedTo).toBe('ben');
    setup.harness.clock.advance(1000);
    setup.service = setup.secondService();
    expect((await setup.handOff('C')).assignedTo).toBe('cat');
    setup.harness.clock.advance(1000);
    expect((await setup.handOff('D')).assignedTo).toBe('ann');
  });

  it('skips members who are away, offline, without an account or not in the team, with a warning for the accounts', async () => {
    setup = await startAssignment({ members: ['ghost', 'ann', 'ben', 'dora', 'cat'], assignment: { strategy: 'round_robin' } });
    await setup.person('ann', { presence: 'away' });
    await setup.person('ben', { presence: 'offline' });
    await setup.person('dora', { teams: ['engineering'] });
    await setup.person('cat');
    const task = await setup.handOff('Refund');
    expect(task.assignedTo).toBe('cat');
    expect(setup.warnings.map((w) => w.msg)).toEqual([
      expect.stringMatching(/team member has no user account; skipped/),
      expect.stringMatching(/not in team finance; skipped/),
    ]);
    expect(setup.warnings[0]).toMatchObject({ member: 'ghost', team: 'finance' });
  });

  it('assigns nobody outside team hours: everyone counts as away, and a medium task waits in the queue', async () => {
    setup = await startAssignment({ members: ['ann'], assignment: { strategy: 'round_robin' } });
    await setup.person('ann');
    setup.harness.clock.ms = SATURDAY_10;
    const task = await setup.handOff('Weekend refund');
    expect(task).toMatchObject({ assignedTo: null, status: 'pending' });
    expect(task.events.map((e) => e.kind)).toEqual(['created']);
  });
});

describe('capacity', () => {
  it('passes over a member at capacity, and offers them work again once they finish a task', async () => {
    setup = await startAssignment({ members: [{ user: 'ann', capacity: 1 }, { user: 'ben', capacity: 1 }], assignment: { strategy: 'round_robin' } });
    await setup.person('ann');
    await setup.person('ben');
    const a = await setup.handOff('A');
    const b = await setup.handOff('B');
    const c = await setup.handOff('C');
    expect([a.assignedTo, b.assignedTo, c.assignedTo]).toEqual(['ann', 'ben', null]);
    await setup.service.resolve(a._id, { respondedBy: 'ann', decision: 'resolved' });
    // The waiting task goes to ann as soon as she has room, before any newer one.
    const waited = await setup.service.get(c._id);
    expect(waited.assignedTo).toBe('ann');
    expect(waited.events.at(-1)!.detail).toMatch(/^to ann by round_robin: .* \(re-offered when ann resolved a task\)$/);
    expect((await setup.handOff('D')).assignedTo).toBeNull();
  });
});

describe('least_loaded', () => {
  it('gives the task to whoever holds the fewest open tasks, ties to the one longest without an assignment', async () => {
    // cat is listed before ben, so the second task going to ben shows the tie is broken by turn, not order.
    setup = await startAssignment({ members: ['cat', 'ben', 'ann'], assignment: { strategy: 'least_loaded' } });
    for (const name of ['ann', 'ben', 'cat']) await setup.person(name);
    // Work people took by hand counts: ann holds two, ben one, cat none.
    const manual = async (name: string) => {
      const t = await setup!.service.create({ type: 'review', title: `held by ${name}`, team: 'finance', priority: 'low' });
      await setup!.service.claim(t._id, name);
    };
    await manual('ann');
    await manual('ann');
    await manual('ben');
    const first = await setup.handOff('First');
    expect(first.assignedTo).toBe('cat');
    expect(autoEvent(first)?.detail).toMatch(/by least_loaded: fewest open tasks \(0 of 5 open tasks/);
    setup.harness.clock.advance(1000);
    // ben and cat hold one each; cat was just assigned, so ben.
    expect((await setup.handOff('Second')).assignedTo).toBe('ben');
    setup.harness.clock.advance(1000);
    expect((await setup.handOff('Third')).assignedTo).toBe('cat');
  });
});

describe('best_skill_match', () => {
  it('prefers the member whose skills overlap the task tags most, then the least loaded', async () => {
    setup = await startAssignment({
      members: [
        { user: 'ann', skills: ['refunds'] },
        { user: 'ben', skills: ['vat', 'invoices'] },
        { user: 'cat', skills: ['vat'] },
      ],
      assignment: { strategy: 'best_skill_match' },
    });
    for (const name of ['ann', 'ben', 'cat']) await setup.person(name);
    const vatInvoice = await setup.handOff('VAT on invoice', { skillTags: ['VAT', 'invoices'] });
    expect(vatInvoice.assignedTo).toBe('ben');
    expect(autoEvent(vatInvoice)?.detail).toMatch(/by best_skill_match: skills vat, invoices match the task's tags; then fewest open tasks/);
    // vat alone: ben and cat match one each; cat holds fewer.
    expect((await setup.handOff('VAT question', { skillTags: ['vat'] })).assignedTo).toBe('cat');
    expect((await setup.handOff('Refund', { skillTags: ['refunds'] })).assignedTo).toBe('ann');
    // ben away: the best remaining match for vat is cat.
    await setup.users.setPresence('ben', 'away');
    expect((await setup.handOff('VAT again', { skillTags: ['vat', 'invoices'] })).assignedTo).toBe('cat');
  });
});

describe('teams without a strategy', () => {
  it('leave new tasks in the queue, members or not', async () => {
    setup = await startAssignment({ members: ['ann'] });
    await setup.person('ann');
    expect((await setup.handOff('Refund')).assignedTo).toBeNull();
  });
});
