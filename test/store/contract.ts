/**
 * The one TaskStore contract suite. Every implementation runs exactly this:
 *
 *   describeTaskStoreContract('embedded', async () => ({ store, cleanup }));
 *
 * `makeStore` must return a started, empty store; `cleanup` stops it and removes its data.
 * Documented orderings the suite relies on: `claim` takes the oldest `meta.createdAt` first;
 * `list` returns newest `meta.createdAt` first. Lease expiry and `runAfter` use `<= now`, but the
 * suite never tests the exact boundary.
 */
import { afterEach, beforeEach, describe } from 'vitest';
import type { TaskStore } from '../../src/store/types.ts';
import { claimContract } from './contract-claim.ts';
import { createContract } from './contract-create.ts';
import { listContract } from './contract-list.ts';
import { reserveContract } from './contract-reserve.ts';
import { saveContract } from './contract-save.ts';

export type MakeStore = () => Promise<{ store: TaskStore; cleanup: () => Promise<void> }>;

/** Registers the shared suite under `describe(name)`; `store()` gives each test a fresh store. */
export function describeTaskStoreContract(name: string, makeStore: MakeStore): void {
  describe(`TaskStore contract: ${name}`, () => {
    let current: { store: TaskStore; cleanup: () => Promise<void> } | undefined;
    beforeEach(async () => {
      current = await makeStore();
    });
    afterEach(async () => {
      await current?.cleanup();
      current = undefined;
    });
    const store = (): TaskStore => {
      if (!current) throw new Error('store used outside a test');
      return current.store;
    };
    createContract(store);
    claimContract(store);
    saveContract(store);
    listContract(store);
    reserveContract(store);
  });
}
