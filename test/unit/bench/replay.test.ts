import { describe, expect, it } from 'vitest';
import { callCounts, record, type Stores } from '../../../bench/recorder.ts';
import { replayTicket } from '../../../bench/replay.ts';
import { newHumanTask } from '../../../src/human/common.ts';
import type { HumanTask, HumanTaskStore } from '../../../src/human/types.ts';
import { MemoryTaskStore } from '../../../src/store/memory/tasks.ts';
import { VersionConflictError } from '../../../src/store/types.ts';

/** Enough of a HumanTaskStore for the replay: keyed creates and version-checked saves. */
function fakeHumanTasks(): HumanTaskStore {
  const tasks = new Map<string, HumanTask>();
  let next = 0;
  return {
    start: async () => undefined,
    stop: async () => undefined,
    async create(input, now) {
      const existing = [...tasks.values()].find((t) => t.key === input.key);
      if (existing) return { task: structuredClone(existing), created: false };
      const task = { ...newHumanTask(input, now), _id: `h${next++}` };
      tasks.set(task._id, structuredClone(task));
      return { task, created: true };
    },
    get: async (id) => structuredClone(tasks.get(id) ?? null),
    list: async () => ({ items: [...tasks.values()], total: tasks.size }),
    async save(task, expectedVersion) {
      if (tasks.get(task._id)?.version !== expectedVersion) throw new VersionConflictError(task._id, expectedVersion);
      const saved = { ...task, version: expectedVersion + 1 };
      tasks.set(task._id, structuredClone(saved));
      return saved;
    },
    dueBefore: async () => [],
  };
}

async function stores(): Promise<Stores> {
  const tasks = new MemoryTaskStore();
  await tasks.start();
  return { tasks, humanTasks: fakeHumanTasks() };
}

describe('recording and replaying store calls', () => {
  it('replays a ticket with the same documents under new ids and versions', async () => {
    const source = await stores();
    const recording = record(source);
    const now = new Date();
    const { task } = await source.tasks.create({ data: { support: { ticket: { id: 'T-1' } } }, source: { kind: 'inbox', externalId: 'T-1' }, now });
    const claimed = (await source.tasks.claim({ owner: 'w', leaseMs: 60_000, now }))!;
    const first = await source.tasks.save({ ...claimed, data: { ...claimed.data, step: 1 }, meta: { ...claimed.meta, version: claimed.meta.version + 1 } }, claimed.meta.version);
    const { task: human } = await source.humanTasks.create(
      { key: `${task._id}:escalation`, taskId: task._id, type: 'escalation', priority: 'high', title: 't', team: 'finance', queue: 'q', skillTags: [], context: {}, fields: [], dueAt: new Date(now.getTime() + 60_000), escalationChain: ['finance'] },
      now,
    );
    await source.humanTasks.save({ ...human, status: 'assigned' }, human.version);
    await source.tasks.save({ ...first, meta: { ...first.meta, state: 'waiting', lease: null, version: first.meta.version + 1 } }, first.meta.version);
    await source.tasks.get(task._id);
    const calls = recording.take();
    recording.stop();
    expect(Object.prototype.hasOwnProperty.call(source.tasks, 'save')).toBe(false);
    expect(callCounts(calls)).toEqual({ 'tasks.create': 1, 'tasks.claim': 1, 'tasks.save': 2, 'humanTasks.create': 1, 'humanTasks.save': 1, 'tasks.get': 1 });

    const target = await stores();
    await replayTicket(target, calls, 'R-1');
    await replayTicket(target, calls, 'R-2');
    const replayed = (await target.tasks.list({})).items;
    expect(replayed).toHaveLength(2);
    for (const t of replayed) {
      expect(t.meta.state).toBe('waiting');
      expect(t.meta.version).toBe(4);
      expect(t.data).toEqual({ support: { ticket: { id: 'T-1' } }, step: 1 });
    }
    expect(replayed.map((t) => t.meta.source.externalId).sort()).toEqual(['R-1', 'R-2']);
    const humans = (await target.humanTasks.list({})).items;
    expect(humans.map((h) => h.key).sort()).toEqual(replayed.map((t) => `${t._id}:escalation`).sort());
    expect(humans.every((h) => h.status === 'assigned' && h.version === 2)).toBe(true);
  });

  it('refuses a call it cannot replay, naming where to add it', async () => {
    const target = await stores();
    await expect(replayTicket(target, [{ store: 'tasks', method: 'purge', args: [], result: null }], 'R')).rejects.toThrow(/bench\/replay\.ts/);
  });
});
