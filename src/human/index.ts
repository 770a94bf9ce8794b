/**
 * Picks the HumanTaskStore the way the task store is picked: nedb under `TRIAGE_DATA_DIR` by default,
 * the task store's MongoDB database when `MONGODB_URI` is set. Returned unstarted.
 */
import type { Config } from '../config.ts';
import type { TaskStore } from '../store/types.ts';
import { EmbeddedHumanTaskStore } from './embedded-store.ts';
import type { HumanTaskStore } from './types.ts';

export type { HumanTaskStore, HumanTaskService, HumanTask } from './types.ts';

/**
 * Builds (does not start) the human task store. In mongodb mode it shares the task store's `Db`
 * (resolved when `start()` is called, so start the task store first); a task store that is not the
 * mongodb one (tests passing their own) makes it open its own client from the URI.
 */
export async function createHumanTaskStore(config: Pick<Config, 'TRIAGE_DATA_DIR' | 'MONGODB_URI'>, taskStore?: TaskStore): Promise<HumanTaskStore> {
  if (config.MONGODB_URI === undefined) return new EmbeddedHumanTaskStore(config.TRIAGE_DATA_DIR);
  // Loaded only when asked for, so embedded users never load the mongodb driver.
  const [{ MongoHumanTaskStore }, { MongoTaskStore, dbNameFromUri }] = await Promise.all([import('./mongodb-store.ts'), import('../store/mongodb.ts')]);
  if (taskStore instanceof MongoTaskStore) return new MongoHumanTaskStore(() => taskStore.db());
  return new MongoHumanTaskStore({ uri: config.MONGODB_URI, dbName: dbNameFromUri(config.MONGODB_URI) ?? 'triage' });
}
