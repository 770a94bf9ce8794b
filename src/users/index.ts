/**
 * Picks the UserStore the way the task store is picked: nedb files under TRIAGE_DATA_DIR by default,
 * the task store's MongoDB database when MONGODB_URI is set. Returned unstarted.
 */
import type { Config } from '../config.ts';
import type { TaskStore } from '../store/types.ts';
import { EmbeddedUserStore } from './embedded-store.ts';
import type { UserStore } from './store.ts';

export type { UserStore, SessionRecord } from './store.ts';

/** Builds (does not start) the user store; in mongodb mode it shares the started task store's `Db`. */
export async function createUserStore(config: Pick<Config, 'TRIAGE_DATA_DIR' | 'MONGODB_URI'>, taskStore?: TaskStore): Promise<UserStore> {
  if (config.MONGODB_URI === undefined) return new EmbeddedUserStore(config.TRIAGE_DATA_DIR);
  // Loaded only when asked for, so embedded users never load the mongodb driver.
  const [{ MongoUserStore }, { MongoTaskStore, dbNameFromUri }] = await Promise.all([import('./mongodb-store.ts'), import('../store/mongodb.ts')]);
  if (taskStore instanceof MongoTaskStore) return new MongoUserStore(() => taskStore.db());
  return new MongoUserStore({ uri: config.MONGODB_URI, dbName: dbNameFromUri(config.MONGODB_URI) ?? 'triage' });
}
