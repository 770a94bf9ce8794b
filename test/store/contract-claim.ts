/** Contract: claim (ordering, runAfter, leases, by id, concurrency) and nextRunAfter. */
import { describe, expect, it } from 'vitest';
import type { TaskStore } from '../../src/store/types.ts';
import { at, createMany, input, moveTo, saveMeta } from './contract-helpers.ts';

export function claimContract(store: () => TaskStore): void {
  describe('claim', () => {
    it('returns null when nothing is claimable', async () => {
      expect(await store().claim({ owner: 'w1', leaseMs: 30_000, now: at(0) })).toBeNull();
    });

    it('takes the oldest task first, sets the lease and bumps the version', async () => {
      // Created out of order so that insertion order and createdAt disagree.
      const middle = (await store().create(input({ n: 2 }, { now: at(2) }))).task;
      const oldest = (await store().create(input({ n: 1 }, { now: at(1) }))).task;
      const newest = (await store().create(input({ n: 3 }, { now: at(3) }))).task;
      const now = at(10);
      const first = await store().claim({ owner: 'w1', leaseMs: 30_000, now });
      expect(first).toMatchObject({ _id: oldest._id, data: { n: 1 }, meta: { state: 'running', version: 2 } });
      expect(first!.meta.lease).toEqual({ owner: 'w1', until: at(40) });
      expect(first!.meta.lease!.until).toBeInstanceOf(Date);
      expect(await store().get(oldest._id)).toEqual(first);
      expect((await store().claim({ owner: 'w1', leaseMs: 30_000, now }))!._id).toBe(middle._id);
      expect((await store().claim({ owner: 'w1', leaseMs: 30_000, now }))!._id).toBe(newest._id);
      expect(await store().claim({ owner: 'w1', leaseMs: 30_000, now })).toBeNull();
    });

    it('skips tasks whose runAfter is in the future', async () => {
      const [a] = await createMany(store(), [{ n: 1 }]);
      await saveMeta(store(), a!, { runAfter: at(60) });
      expect(await store().claim({ owner: 'w1', leaseMs: 1000, now: at(30) })).toBeNull();
      const claimed = await store().claim({ owner: 'w1', leaseMs: 1000, now: at(61) });
      expect(claimed).toMatchObject({ _id: a!._id, meta: { state: 'running', version: 3 } });
    });

    it('prefers an older due task over a newer one and ignores a not-yet-due older one', async () => {
      const [old, young] = await createMany(store(), [{ n: 'old' }, { n: 'young' }]);
      await saveMeta(store(), old!, { runAfter: at(100) });
      expect((await store().claim({ owner: 'w', leaseMs: 1000, now: at(50) }))!._id).toBe(young!._id);
    });

    it('never claims waiting, done or failed tasks', async () => {
      const tasks = await createMany(store(), [{ s: 'waiting' }, { s: 'done' }, { s: 'failed' }]);
      for (const task of tasks) await moveTo(store(), task, task.data.s as 'waiting' | 'done' | 'failed');
      expect(await store().claim({ owner: 'w', leaseMs: 1000, now: at(100) })).toBeNull();
      expect(await store().claim({ owner: 'w', leaseMs: 1000, now: at(100), taskId: tasks[0]!._id })).toBeNull();
    });

    it('skips a leased task until its lease expires, then another worker takes it over', async () => {
      const [a] = await createMany(store(), [{ n: 1 }]);
      const first = await store().claim({ owner: 'crashed', leaseMs: 30_000, now: at(0) });
      expect(first!._id).toBe(a!._id);
      expect(await store().claim({ owner: 'w2', leaseMs: 30_000, now: at(10) })).toBeNull();
      expect(await store().claim({ owner: 'w2', leaseMs: 30_000, now: at(29) })).toBeNull();
      const taken = await store().claim({ owner: 'w2', leaseMs: 30_000, now: at(31) });
      expect(taken).toMatchObject({ _id: a!._id, meta: { state: 'running', version: 3, lease: { owner: 'w2', until: at(61) } } });
      // The crashed worker's later save must lose.
      await expect(store().save(first!, first!.meta.version)).rejects.toThrow(/changed since version/);
    });

    it('claims a given task by id, and only when it is claimable', async () => {
      const [a, b] = await createMany(store(), [{ n: 'a' }, { n: 'b' }]);
      const claimed = await store().claim({ owner: 'w', leaseMs: 1000, now: at(5), taskId: b!._id });
      expect(claimed).toMatchObject({ _id: b!._id, meta: { state: 'running' } });
      expect(await store().claim({ owner: 'w', leaseMs: 1000, now: at(5), taskId: b!._id })).toBeNull();
      expect(await store().claim({ owner: 'w', leaseMs: 1000, now: at(5), taskId: 'no-such-task' })).toBeNull();
      await saveMeta(store(), (await store().get(a!._id))!, { runAfter: at(100) });
      expect(await store().claim({ owner: 'w', leaseMs: 1000, now: at(5), taskId: a!._id })).toBeNull();
      expect((await store().claim({ owner: 'w', leaseMs: 1000, now: at(101), taskId: a!._id }))!._id).toBe(a!._id);
    });

    it('never gives one task to two concurrent claimers', async () => {
      const tasks = await createMany(store(), Array.from({ length: 10 }, (_, i) => ({ i })));
      const claims = await Promise.all(
        Array.from({ length: 12 }, (_, i) => store().claim({ owner: `w${i}`, leaseMs: 60_000, now: at(20) })),
      );
      const won = claims.filter((c) => c !== null);
      expect(won).toHaveLength(10);
      expect(new Set(won.map((c) => c._id))).toEqual(new Set(tasks.map((t) => t._id)));
      for (const c of won) expect(c.meta.version).toBe(2);
      expect(await store().count({ state: 'running' })).toBe(10);
    });

    it('lets concurrent claimers race for one task by id', async () => {
      const [a] = await createMany(store(), [{ n: 1 }]);
      const claims = await Promise.all(
        Array.from({ length: 10 }, (_, i) => store().claim({ owner: `w${i}`, leaseMs: 60_000, now: at(1), taskId: a!._id })),
      );
      expect(claims.filter((c) => c !== null)).toHaveLength(1);
    });
  });

  describe('nextRunAfter', () => {
    it('is null without ready tasks that have a runAfter', async () => {
      expect(await store().nextRunAfter()).toBeNull();
      await createMany(store(), [{ n: 1 }]);
      expect(await store().nextRunAfter()).toBeNull();
    });

    it('is the earliest runAfter among ready tasks only', async () => {
      const [a, b, c, d] = await createMany(store(), [{ n: 'a' }, { n: 'b' }, { n: 'c' }, { n: 'd' }]);
      await saveMeta(store(), a!, { runAfter: at(500) });
      await saveMeta(store(), b!, { runAfter: at(200) });
      await saveMeta(store(), c!, { runAfter: at(100), state: 'waiting' });
      await saveMeta(store(), d!, { runAfter: at(50), state: 'done' });
      const next = await store().nextRunAfter();
      expect(next).toBeInstanceOf(Date);
      expect(next).toEqual(at(200));
    });
  });
}
