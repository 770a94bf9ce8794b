/**
 * Waiting tasks offered again: the periodic drain assigns them when the team's hours begin and is safe
 * to run twice (nothing assigned twice, on-call paged once per task); two processes racing for a
 * member's last free slot give it to exactly one task.
 */
import { setImmediate as yieldTurn } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { createHumanTaskService } from '../../../src/human/service.ts';
import type { HumanTask } from '../../../src/human/types.ts';
import { startAssignment, type AssignmentSetup } from './setup.ts';

/**
 * `target` whose `methods` first give way to other work a random few times, as a call over the network
 * to a shared database would: two "processes" in this one then interleave between reading and writing.
 */
function jittery<T extends object>(target: T, methods: string[]): T {
  return new Proxy(target, {
    get(obj, name, receiver) {
      const value = Reflect.get(obj, name, receiver) as unknown;
      if (typeof value !== 'function') return value;
      if (!methods.includes(String(name))) return value.bind(obj);
      return async (...args: unknown[]) => {
        for (let i = Math.floor(Math.random() * 4); i > 0; i--) await yieldTurn();
        return (value as (...a: unknown[]) => unknown).apply(obj, args);
      };
    },
  });
}

/** Monday 12 January 2026, a minute before finance opens (UTC, Mon-Fri 09:00-17:00); carol is on call until 09:00. */
const MONDAY_0859 = Date.parse('2026-01-12T08:59:00Z');

let setup: AssignmentSetup;
afterEach(() => setup?.cleanup());

const held = async (task: HumanTask) => (await setup.service.get(task._id)).assignedTo;

describe('the periodic drain', () => {
  it('assigns the waiting tasks when the team opens, most urgent first, and a second pass changes nothing', async () => {
    setup = await startAssignment({ members: [{ user: 'ann', capacity: 2 }, 'carol'], assignment: { strategy: 'least_loaded' } });
    await setup.person('ann');
    await setup.person('carol', { presence: 'offline' });
    setup.harness.clock.ms = MONDAY_0859;
    const medium = await setup.handOff('Invoice question');
    const critical1 = await setup.handOff('Payments down', { priority: 'critical' });
    const critical2 = await setup.handOff('Refunds failing', { priority: 'critical' });
    // Closed: ann counts as away; each critical task paged carol once when it opened.
    for (const t of [medium, critical1, critical2]) expect(t.assignedTo).toBeNull();
    const pages = () => setup.emailsTo('carol@example.com').filter((mail) => /PAGE/.test(mail)).length;
    expect(pages()).toBe(2);

    // Still closed: a pass assigns nothing and pages nobody again.
    expect(await setup.service.offerWaiting({ because: 'by the periodic check' })).toEqual([expect.objectContaining({ team: 'finance', waiting: 3, assigned: [], paged: [] })]);

    setup.harness.clock.ms = MONDAY_0859 + 60_000;
    const [first] = await setup.service.offerWaiting({ because: 'by the periodic check' });
    expect(first!.assigned.map((a) => a.humanTaskId)).toEqual([critical1._id, critical2._id]);
    expect([await held(critical1), await held(critical2), await held(medium)]).toEqual(['ann', 'ann', null]);
    const detail = (await setup.service.get(critical1._id)).events.at(-1)!.detail;
    expect(detail).toMatch(/^to ann by least_loaded: .* \(re-offered by the periodic check\)$/);

    // Again: ann is full, carol offline; nothing moves, nobody is paged twice.
    const [second] = await setup.service.offerWaiting({ because: 'by the periodic check' });
    expect(second).toMatchObject({ waiting: 1, assigned: [], paged: [] });
    expect(pages()).toBe(2);
    for (const t of [critical1, critical2]) expect((await setup.service.get(t._id)).events.filter((e) => e.kind === 'assigned')).toHaveLength(1);
  });

  it('does not hand a task straight back to the person who gave it back to the queue', async () => {
    setup = await startAssignment({ members: ['ann', 'ben'], assignment: { strategy: 'round_robin' } });
    await setup.person('ann');
    await setup.person('ben', { presence: 'away' });
    const task = await setup.handOff('Invoice question');
    expect(task.assignedTo).toBe('ann');
    await setup.service.assign(task._id, { assignedToTeam: 'finance' }, 'ann');
    expect(await held(task)).toBeNull();
    await setup.users.setPresence('ben', 'available');
    await setup.service.offerWaiting({ member: 'ben', because: 'when ben became available' });
    expect(await held(task)).toBe('ben');
  });
});

describe('capacity across processes', () => {
  it('gives a member\'s last free slot to exactly one of two processes assigning at once, round after round', async () => {
    setup = await startAssignment({ members: [{ user: 'ann', capacity: 1 }], assignment: { strategy: 'round_robin' } });
    await setup.person('ann');
    // Two services on the same stores, as the server and a worker sharing triage.sqlite are, each
    // reaching the database with some delay.
    const process = () =>
      createHumanTaskService({
        store: jittery(setup.humans, ['list', 'get', 'save']),
        engine: setup.harness.engine,
        policy: setup.policy,
        connectors: { email: { send: async () => ({}) }, chat: { post: async () => ({}) } } as never,
        now: setup.harness.clock.now,
        users: jittery(setup.userStore, ['byUsername', 'takeTurn', 'lockAssignment', 'unlockAssignment']),
      });
    const one = process();
    const two = process();
    for (let round = 0; round < 40; round++) {
      const open = async (service: typeof one, title: string) => {
        const { task: pipeline } = await setup.harness.store.create({ data: { ticket: { subject: title } }, source: { kind: 'cli', externalId: title }, now: setup.harness.clock.now() });
        return (await service.openForHandoff({ taskId: pipeline._id, title, team: 'finance', priority: 'medium' })).task;
      };
      const [a, b] = await Promise.all([open(one, `r${round}-a`), open(two, `r${round}-b`)]);
      const winners = [a, b].filter((t) => t.assignedTo === 'ann');
      expect(winners, `round ${round}`).toHaveLength(1);
      const loser = [a, b].find((t) => t.assignedTo !== 'ann')!;
      expect(loser.assignedTo).toBeNull();
      // Done with it: her slot frees, and the waiting one is hers now; then that one is done too.
      await one.resolve(winners[0]!._id, { respondedBy: 'ann', decision: 'resolved' });
      expect(await held(loser)).toBe('ann');
      await two.resolve(loser._id, { respondedBy: 'ann', decision: 'resolved' });
      setup.harness.clock.ms += 1000;
    }
  });
});
