/**
 * Picks the TaskStore from the configuration: embedded (nedb) under `TRIAGE_DATA_DIR` by default,
 * mongodb when `MONGODB_URI` is set. The store is returned unstarted; callers call `start()`.
 */
import type { Config } from '../config.ts';
import { EmbeddedTaskStore } from './embedded.ts';
import type { TaskStore } from './types.ts';

export type { TaskStore } from './types.ts';

/** Builds (but does not start) the store `config` selects. */
export async function createStore(config: Pick<Config, 'TRIAGE_DATA_DIR' | 'MONGODB_URI'>): Promise<TaskStore> {
  if (config.MONGODB_URI !== undefined) {
    // Loaded only when asked for, so embedded users never load the mongodb driver.
    const { MongoTaskStore } = await import('./mongodb.ts');
    return new MongoTaskStore(config.MONGODB_URI);
  }
  return new EmbeddedTaskStore(config.TRIAGE_DATA_DIR);
}
