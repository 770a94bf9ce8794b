/**
 * A started store in a fresh temporary directory, in the `{ store, cleanup }` shape the store
 * contract suites (test/store/contract.ts, test/human/contract.ts) take.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface StartableStore {
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts `create(dir)` in a new directory named `<prefix>…`; `cleanup` stops it and removes the directory. */
export async function startedInTempDir<S extends StartableStore>(prefix: string, create: (dir: string) => S): Promise<{ store: S; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  const store = create(dir);
  await store.start();
  return {
    store,
    cleanup: async () => {
      await store.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
