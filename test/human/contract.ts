/**
 * The HumanTaskStore contract. Every implementation runs exactly this:
 *
 *   describeHumanTaskStoreContract('embedded', async () => ({ store, cleanup }));
 *
 * `makeStore` returns a started, empty store; `cleanup` stops it and removes its data.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.ts';
import type { HumanPriority, HumanTask, HumanTaskStore, NewHumanTask } from '../../src/human/types.ts';
import { VersionConflictError } from '../../src/store/types.ts';

export type MakeHumanStore = () => Promise<{ store: HumanTaskStore; cleanup: () => Promise<void> }>;

export const T0 = new Date('2024-03-01T09:00:00.000Z');
export const minutes = (n: number): Date => new Date(T0.getTime() + n * 60_000);

let counter = 0;
export function newInput(overrides: Partial<NewHumanTask> = {}): NewHumanTask {
  counter += 1;
  return {
    key: `key-${counter}`,
    type: 'escalation',
    priority: 'medium',
    title: `task ${counter}`,
    team: 'support',
    queue: 'general',
    skillTags: [],
    context: {},
    fields: [],
    dueAt: minutes(60),
    escalationChain: ['support', 'management'],
    ...overrides,
  };
}

export function describeHumanTaskStoreContract(name: string, makeStore: MakeHumanStore): void {
  describe(`HumanTaskStore contract: ${name}`, () => {
    let current: { store: HumanTaskStore; cleanup: () => Promise<void> } | undefined;
    beforeEach(async () => {
      current = await makeStore();
    });
    afterEach(async () => {
      await current?.cleanup();
      current = undefined;
    });
    const store = (): HumanTaskStore => {
      if (!current) throw new Error('store used outside a test');
      return current.store;
    };
    const create = async (overrides: Partial<NewHumanTask> = {}, now = T0): Promise<HumanTask> => (await store().create(newInput(overrides), now)).task;

    describe('create and get', () => {
      it('stores a pending task at version 1 with a created event, and reads it back exactly', async () => {
        const context = { 'a.b': 1, $op: { '~x': [[1, [2]], []] }, when: '2024-01-01', list: [{ 'k.k': true }] };
        const fields = [{ name: 'kind', label: 'Kind', type: 'select' as const, required: true, options: ['a', 'b'] }];
        const { task, created } = await store().create(newInput({ taskId: 'T1', context, fields, skillTags: ['x'] }), T0);
        expect(created).toBe(true);
        expect(task).toMatchObject({ status: 'pending', version: 1, level: 0, assignedTo: null, assignedToTeam: null, claimedAt: null, resolution: null, messages: [], taskId: 'T1' });
        expect(task.createdAt).toEqual(T0);
        expect(task.events).toEqual([expect.objectContaining({ kind: 'created', at: T0 })]);
        const loaded = await store().get(task._id);
        expect(loaded).toEqual(task);
        expect(loaded!.context).toEqual(context);
        expect(loaded!.dueAt).toBeInstanceOf(Date);
        expect(loaded).not.toHaveProperty('priorityRank');
      });

      it('leaves taskId absent for stand-alone tasks', async () => {
        const task = await create();
        expect(await store().get(task._id)).not.toHaveProperty('taskId');
      });

      it('returns the existing task for a key it has seen (created=false)', async () => {
        const first = await store().create(newInput({ key: 'T9:handoff', title: 'first' }), T0);
        const again = await store().create(newInput({ key: 'T9:handoff', title: 'second' }), minutes(1));
        expect(again).toEqual({ task: first.task, created: false });
      });

      it('turns concurrent creates with one key into one task', async () => {
        const results = await Promise.all(Array.from({ length: 8 }, () => store().create(newInput({ key: 'race' }), T0)));
        expect(results.filter((r) => r.created)).toHaveLength(1);
        expect(new Set(results.map((r) => r.task._id)).size).toBe(1);
        expect((await store().list({})).total).toBe(1);
      });

      it('refuses a missing key or an invalid due date with an InputError', async () => {
        await expect(store().create(newInput({ key: '' }), T0)).rejects.toBeInstanceOf(InputError);
        await expect(store().create(newInput({ dueAt: new Date(Number.NaN) }), T0)).rejects.toBeInstanceOf(InputError);
        expect((await store().list({})).total).toBe(0);
      });

      it('answers null for an unknown id', async () => {
        expect(await store().get('nope')).toBeNull();
      });
    });

    describe('save', () => {
      it('replaces the task and stores version expectedVersion + 1', async () => {
        const task = await create();
        const saved = await store().save({ ...task, status: 'assigned', assignedTo: 'ann', claimedAt: minutes(2), version: 40 }, 1);
        expect(saved).toMatchObject({ version: 2, status: 'assigned', assignedTo: 'ann' });
        expect(await store().get(task._id)).toEqual(saved);
      });

      it('refuses a stale version and writes nothing', async () => {
        const task = await create();
        const winner = await store().save({ ...task, title: 'winner' }, 1);
        await expect(store().save({ ...task, title: 'stale' }, 1)).rejects.toBeInstanceOf(VersionConflictError);
        await expect(store().save({ ...task, title: 'ahead' }, 7)).rejects.toBeInstanceOf(VersionConflictError);
        expect(await store().get(task._id)).toEqual(winner);
      });

      it('lets exactly one of several concurrent saves at the same version win', async () => {
        const task = await create();
        const results = await Promise.allSettled(['a', 'b', 'c', 'd'].map((who) => store().save({ ...task, assignedTo: who }, 1)));
        const won = results.filter((r) => r.status === 'fulfilled');
        expect(won).toHaveLength(1);
        for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(VersionConflictError);
        expect((await store().get(task._id))!.assignedTo).toBe((won[0] as PromiseFulfilledResult<HumanTask>).value.assignedTo);
      });
    });

    describe('list', () => {
      it('puts the most urgent first: priority critical to low, then the earliest due', async () => {
        const specs: [HumanPriority, number][] = [['low', 5], ['critical', 90], ['medium', 1], ['critical', 30], ['high', 200], ['low', 2]];
        for (const [priority, due] of specs) await create({ priority, dueAt: minutes(due), title: `${priority}@${due}` });
        const { items, total } = await store().list({});
        expect(total).toBe(6);
        expect(items.map((t) => t.title)).toEqual(['critical@30', 'critical@90', 'high@200', 'medium@1', 'low@2', 'low@5']);
      });

      it('filters by status (one or several), team, priority and pipeline task, with a total before paging', async () => {
        const a = await create({ team: 'finance', priority: 'high', taskId: 'P1' });
        const b = await create({ team: 'finance', taskId: 'P2' });
        const c = await create({ team: 'support', taskId: 'P1' });
        await store().save({ ...b, status: 'completed' }, 1);
        await store().save({ ...c, status: 'assigned', assignedTo: 'ann' }, 1);
        const ids = async (filter: Parameters<HumanTaskStore['list']>[0]) => (await store().list(filter)).items.map((t) => t._id).sort();
        expect(await ids({ status: 'pending' })).toEqual([a._id]);
        expect(await ids({ status: ['pending', 'assigned'] })).toEqual([a._id, c._id].sort());
        expect(await ids({ team: 'finance' })).toEqual([a._id, b._id].sort());
        expect(await ids({ priority: 'high' })).toEqual([a._id]);
        expect(await ids({ taskId: 'P1', status: 'assigned' })).toEqual([c._id]);
        expect(await store().list({ limit: 1, skip: 1 })).toMatchObject({ total: 3, items: [expect.anything()] });
        expect(await store().list({ limit: 0 })).toEqual({ items: [], total: 3 });
      });

      it('filters by several teams (an agent inbox) and by assignee, or by no assignee', async () => {
        const a = await create({ team: 'finance', priority: 'critical' });
        const b = await create({ team: 'support' });
        const c = await create({ team: 'engineering' });
        await store().save({ ...b, status: 'assigned', assignedTo: 'ann' }, 1);
        const ids = async (filter: Parameters<HumanTaskStore['list']>[0]) => (await store().list(filter)).items.map((t) => t._id);
        // Across teams the order stays most urgent first.
        expect(await ids({ team: ['support', 'finance'] })).toEqual([a._id, b._id]);
        expect((await store().list({ team: ['support', 'finance'] })).total).toBe(2);
        expect(await ids({ team: [] })).toEqual([]);
        expect(await ids({ assignedTo: 'ann' })).toEqual([b._id]);
        expect((await ids({ assignedTo: null })).sort()).toEqual([a._id, c._id].sort());
        expect(await ids({ team: ['support', 'engineering'], assignedTo: null })).toEqual([c._id]);
      });

      it('refuses unknown statuses and priorities, and bad paging, naming the allowed values', async () => {
        await expect(store().list({ status: 'done' as never })).rejects.toThrow(/pending/);
        await expect(store().list({ priority: 'urgent' as never })).rejects.toBeInstanceOf(InputError);
        await expect(store().list({ limit: -1 })).rejects.toBeInstanceOf(InputError);
      });
    });

    describe('dueBefore', () => {
      it('returns open tasks due strictly before the time, earliest first', async () => {
        const late = await create({ dueAt: minutes(50) });
        const early = await create({ dueAt: minutes(10) });
        const done = await create({ dueAt: minutes(5) });
        await create({ dueAt: minutes(60) });
        const held = await create({ dueAt: minutes(20) });
        await store().save({ ...done, status: 'completed' }, 1);
        await store().save({ ...held, status: 'assigned', assignedTo: 'bo' }, 1);
        expect((await store().dueBefore(minutes(60))).map((t) => t._id)).toEqual([early._id, held._id, late._id]);
        expect(await store().dueBefore(minutes(10))).toEqual([]);
      });
    });
  });
}
