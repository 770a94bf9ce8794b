/** Contract: save with an optimistic version check. */
import { describe, expect, it } from 'vitest';
import { VersionConflictError, type TaskStore } from '../../src/store/types.ts';
import { at, createMany, saveMeta } from './contract-helpers.ts';

export function saveContract(store: () => TaskStore): void {
  describe('save', () => {
    it('replaces the task and stores version expectedVersion + 1', async () => {
      const [a] = await createMany(store(), [{ n: 1 }]);
      const next = { ...a!, data: { n: 2, added: { 'x.y': [1, 2] } }, meta: { ...a!.meta, state: 'waiting' as const, updatedAt: at(9), flags: ['f'] } };
      const saved = await store().save(next, 1);
      expect(saved.meta.version).toBe(2);
      expect(saved.data).toEqual({ n: 2, added: { 'x.y': [1, 2] } });
      const loaded = await store().get(a!._id);
      expect(loaded).toEqual(saved);
      expect(loaded!.meta).toMatchObject({ state: 'waiting', updatedAt: at(9), flags: ['f'], createdAt: a!.meta.createdAt });
    });

    it('sets the version from expectedVersion, not from the task passed in', async () => {
      const [a] = await createMany(store(), [{ n: 1 }]);
      const saved = await store().save({ ...a!, meta: { ...a!.meta, version: 77 } }, 1);
      expect(saved.meta.version).toBe(2);
      expect((await store().get(a!._id))!.meta.version).toBe(2);
    });

    it('refuses a stale save and writes nothing', async () => {
      const [a] = await createMany(store(), [{ n: 1 }]);
      const winner = await saveMeta(store(), a!, {}, { n: 'winner' });
      const error = await store().save({ ...a!, data: { n: 'stale' } }, 1).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(VersionConflictError);
      expect(error).toMatchObject({ taskId: a!._id, expectedVersion: 1 });
      expect(await store().get(a!._id)).toEqual(winner);
      await expect(store().save({ ...a!, data: { n: 'ahead' } }, 5)).rejects.toBeInstanceOf(VersionConflictError);
      expect((await store().get(a!._id))!.data).toEqual({ n: 'winner' });
    });

    it('lets exactly one of two concurrent saves at the same version win', async () => {
      const [a] = await createMany(store(), [{ n: 0 }]);
      const results = await Promise.allSettled([1, 2, 3].map((n) => store().save({ ...a!, data: { n } }, 1)));
      const ok = results.filter((r) => r.status === 'fulfilled');
      expect(ok).toHaveLength(1);
      for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(VersionConflictError);
      const loaded = (await store().get(a!._id))!;
      expect(loaded.meta.version).toBe(2);
      expect(loaded.data).toEqual((ok[0] as PromiseFulfilledResult<typeof a>).value!.data);
    });

    it('refuses to save a task that does not exist', async () => {
      const [a] = await createMany(store(), [{ n: 1 }]);
      await expect(store().save({ ...a!, _id: 'missing-task' }, 1)).rejects.toBeInstanceOf(VersionConflictError);
      expect(await store().count({})).toBe(1);
    });
  });
}
