/**
 * Picks the database from the configuration: MongoDB when `MONGODB_URI` is set, otherwise the
 * embedded database under `TRIAGE_DATA_DIR`. Storage is returned unstarted; callers call `start()`.
 * Each database's code lives in its own folder and is loaded only when chosen, so embedded users never
 * load the mongodb driver.
 */
import type { Config } from '../config.ts';
import type { Storage } from './storage.ts';

export type { TaskStore } from './types.ts';
export type { Storage } from './storage.ts';

/** Builds (but does not start) the storage `config` selects. */
export async function createStorage(config: Pick<Config, 'TRIAGE_DATA_DIR' | 'MONGODB_URI'>): Promise<Storage> {
  if (config.MONGODB_URI !== undefined) {
    const { createMongoStorage } = await import('./mongodb/index.ts');
    return createMongoStorage({ uri: config.MONGODB_URI });
  }
  const { createNedbStorage } = await import('./nedb/index.ts');
  return createNedbStorage({ dataDir: config.TRIAGE_DATA_DIR });
}
