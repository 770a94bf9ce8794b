/** Contract: create, dedupe, get, round-trips and copies. */
import { describe, expect, it } from 'vitest';
import type { Task } from '../../src/engine/types.ts';
import { InputError } from '../../src/errors.ts';
import type { TaskStore } from '../../src/store/types.ts';
import { at, input, oddData, saveMeta, T0 } from './contract-helpers.ts';

export function createContract(store: () => TaskStore): void {
  describe('create and get', () => {
    it('creates a ready task at version 1 with the given data', async () => {
      const { task, created } = await store().create(input({ subject: 'Printer on fire', n: 1 }, { source: { kind: 'inbox', externalId: 'm-1' } }));
      expect(created).toBe(true);
      expect(typeof task._id).toBe('string');
      expect(task.data).toEqual({ subject: 'Printer on fire', n: 1 });
      expect(task.meta).toEqual({
        state: 'ready', version: 1, lease: null, runAfter: null, runs: [],
        usage: { calls: 0, promptTokens: 0, completionTokens: 0, byStep: {}, fallbacks: [] },
        effects: [], schedules: [], source: { kind: 'inbox', externalId: 'm-1' }, error: null, flags: [],
        createdAt: T0, updatedAt: T0,
      });
      expect(task.meta.createdAt).toBeInstanceOf(Date);
      expect(await store().get(task._id)).toEqual(task);
    });

    it('gives every task its own id when there is no external id', async () => {
      const a = await store().create(input({ n: 1 }));
      const b = await store().create(input({ n: 1 }));
      expect(b.created).toBe(true);
      expect(a.task._id).not.toBe(b.task._id);
      expect(await store().count({})).toBe(2);
    });

    it('returns null for an unknown id of any shape', async () => {
      await store().create(input({}));
      for (const id of ['nope', '000000000000000000000000', '01HZZZZZZZZZZZZZZZZZZZZZZZ', '']) {
        expect(await store().get(id)).toBeNull();
      }
    });

    it('refuses data that is not an object', async () => {
      await expect(store().create(input([] as never))).rejects.toBeInstanceOf(InputError);
      await expect(store().create(input(null as never))).rejects.toBeInstanceOf(InputError);
      expect(await store().count({})).toBe(0);
    });
  });

  describe('dedupe on (source.kind, source.externalId)', () => {
    it('returns the existing task for the same source id', async () => {
      const first = await store().create(input({ v: 'first' }, { source: { kind: 'zendesk', externalId: '42' } }));
      const again = await store().create(input({ v: 'second' }, { source: { kind: 'zendesk', externalId: '42' }, now: at(5) }));
      expect(again.created).toBe(false);
      expect(again.task._id).toBe(first.task._id);
      expect(again.task.data).toEqual({ v: 'first' });
      expect(await store().count({})).toBe(1);
    });

    it('keeps different kinds with the same external id apart', async () => {
      const a = await store().create(input({}, { source: { kind: 'zendesk', externalId: '7' } }));
      const b = await store().create(input({}, { source: { kind: 'inbox', externalId: '7' } }));
      expect(b.created).toBe(true);
      expect(b.task._id).not.toBe(a.task._id);
    });

    it('creates one task from concurrent duplicate deliveries', async () => {
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) => store().create(input({ i }, { source: { kind: 'inbox', externalId: 'dup' } }))),
      );
      expect(results.filter((r) => r.created)).toHaveLength(1);
      expect(new Set(results.map((r) => r.task._id)).size).toBe(1);
      expect(await store().count({})).toBe(1);
    });

    it('still dedupes after the first task was saved in another state', async () => {
      const first = await store().create(input({}, { source: { kind: 'api', externalId: 'x' } }));
      await saveMeta(store(), first.task, { state: 'done' });
      const again = await store().create(input({}, { source: { kind: 'api', externalId: 'x' } }));
      expect(again).toMatchObject({ created: false, task: { _id: first.task._id, meta: { state: 'done', version: 2 } } });
    });
  });

  describe('round-trips', () => {
    it('stores odd keys, nesting, unicode, numbers, booleans and nulls exactly', async () => {
      const data = oddData();
      const { task } = await store().create(input(data));
      const loaded = (await store().get(task._id))!;
      expect(loaded.data).toEqual(data);
      expect(JSON.stringify(sortKeys(loaded.data))).toBe(JSON.stringify(sortKeys(data)));
      expect(Object.keys(loaded.data)).toContain('__proto__');
      expect(Object.getPrototypeOf(loaded.data)).toBe(Object.prototype);
      expect(task.data).toEqual(data);
      const listed = await store().list({});
      expect(listed.items[0]!.data).toEqual(data);
    });

    it('keeps Dates in meta as Dates, including inside arrays', async () => {
      const { task } = await store().create(input({ n: 1 }));
      const run = {
        stepId: 'classify', attempt: 1, worker: 'w1', startedAt: at(1), finishedAt: at(2), durationMs: 1000,
        outcome: 'ok' as const, matched: '{}', inputHash: 'h1', fieldsWritten: ['support.classification'], explanation: ['because'],
      };
      const effect = { key: 'k.1', channel: 'email', stepId: 'handoff', status: 'sent' as const, createdAt: at(3), updatedAt: at(4) };
      await saveMeta(store(), task, {
        runs: [run], effects: [effect], runAfter: at(10), lease: { owner: 'w1', until: at(30) },
        usage: { calls: 1, promptTokens: 2, completionTokens: 3, byStep: { 'step.with.dots': { calls: 1, promptTokens: 2, completionTokens: 3 } }, fallbacks: [{ stepId: 's', reason: 'r', at: at(5) }] },
        schedules: [{ job: 'survey', runAt: at(86400), payload: { '$odd.key': 1 }, stepId: 's', key: 'sk' }],
      });
      const loaded = (await store().get(task._id))!;
      expect(loaded.meta.runs[0]!.startedAt).toBeInstanceOf(Date);
      expect(loaded.meta.runs[0]).toEqual(run);
      expect(loaded.meta.effects[0]).toEqual(effect);
      expect(loaded.meta.lease).toEqual({ owner: 'w1', until: at(30) });
      expect(loaded.meta.runAfter).toEqual(at(10));
      expect(loaded.meta.usage.byStep['step.with.dots']).toEqual({ calls: 1, promptTokens: 2, completionTokens: 3 });
      expect(loaded.meta.usage.fallbacks[0]!.at).toEqual(at(5));
      expect(loaded.meta.schedules[0]!.payload).toEqual({ '$odd.key': 1 });
      expect(loaded.meta.schedules[0]!.runAt).toEqual(at(86400));
    });

    it('stores and loads a 2 MB description', async () => {
      const description = 'Ünïcode line ✓ with some text to make it long enough.\n'.repeat(40_000).slice(0, 2 * 1024 * 1024);
      const { task } = await store().create(input({ description, subject: 'big' }));
      const loaded = (await store().get(task._id))!;
      expect(loaded.data.description).toBe(description);
      const saved = await saveMeta(store(), loaded, { state: 'waiting' }, { ...loaded.data, extra: true });
      expect(saved.data.description).toBe(description);
      const listed = await store().list({ filter: { subject: 'big' } });
      expect(listed.items[0]!.data.description).toBe(description);
    });
  });

  describe('copies', () => {
    it('never hands out an object the store keeps', async () => {
      const data = { nested: { list: [{ a: 1 }] } };
      const created = await store().create(input(data));
      data.nested.list[0]!.a = 99;
      mutate(created.task);
      const got = (await store().get(created.task._id))!;
      expect(got.data).toEqual({ nested: { list: [{ a: 1 }] } });
      mutate(got);
      const listed = (await store().list({})).items[0]!;
      expect(listed.data).toEqual({ nested: { list: [{ a: 1 }] } });
      mutate(listed);
      const claimed = (await store().claim({ owner: 'w', leaseMs: 1000, now: at(1) }))!;
      expect(claimed.data).toEqual({ nested: { list: [{ a: 1 }] } });
      mutate(claimed);
      const fresh = (await store().get(created.task._id))!;
      expect(fresh.meta.version).toBe(2);
      expect(fresh.meta.lease).toEqual({ owner: 'w', until: at(2) });
      const saved = await store().save(fresh, 2);
      mutate(saved);
      const final = (await store().get(created.task._id))!;
      expect(final.data).toEqual({ nested: { list: [{ a: 1 }] } });
      expect(final.meta.createdAt).toEqual(T0);
      expect(final.meta.flags).toEqual([]);
      expect(final.meta.version).toBe(3);
    });
  });
}

function mutate(task: Task): void {
  const list = (task.data.nested as { list: { a: number }[] } | undefined)?.list;
  if (list?.[0]) list[0].a = 1234;
  task.data.added = 'x';
  task.meta.flags.push('mutated');
  task.meta.createdAt.setTime(0);
  task.meta.version = 999;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([k, v]) => [k, sortKeys(v)]));
}
