import { describe, expect, it } from 'vitest';
import { MemoryTaskStore } from '../../../src/store/memory/tasks.ts';
import { describeTaskStoreContract } from '../../store/contract.ts';
import { input } from '../../store/contract-helpers.ts';

describeTaskStoreContract('memory', async () => {
  const store = new MemoryTaskStore();
  await store.start();
  return { store, cleanup: () => store.stop() };
});

describe('MemoryTaskStore', () => {
  it('refuses use before start() and keeps nothing after stop()', async () => {
    const store = new MemoryTaskStore();
    await expect(store.get('x')).rejects.toThrow(/start\(\)/);
    await store.start();
    const { task } = await store.create(input({ n: 1 }, { source: { kind: 'inbox', externalId: 'a' } }));
    await store.stop();
    await store.start();
    expect(await store.get(task._id)).toBeNull();
    expect((await store.create(input({ n: 2 }, { source: { kind: 'inbox', externalId: 'a' } }))).created).toBe(true);
    await store.stop();
  });
});
