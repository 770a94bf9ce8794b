/**
 * Picks the database from the configuration: MongoDB when `MONGODB_URI` is set, otherwise the
 * embedded SQLite database under `TRIAGE_DATA_DIR` (which migrates an old nedb data directory the
 * first time it starts on it). Storage is returned unstarted; callers call `start()`.
 * Each database's code lives in its own folder and is loaded only when chosen, so embedded users never
 * load the mongodb driver.
 */
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import type { Storage } from './storage.ts';

export type { TaskStore } from './types.ts';
export type { Storage } from './storage.ts';

/** Builds (but does not start) the storage `config` selects. */
export async function createStorage(config: Pick<Config, 'TRIAGE_DATA_DIR' | 'MONGODB_URI'>, log?: Logger): Promise<Storage> {
  if (config.MONGODB_URI !== undefined) {
    const { createMongoStorage } = await import('./mongodb/index.ts');
    return createMongoStorage({ uri: config.MONGODB_URI });
  }
  const { createSqliteStorage } = await import('./sqlite/index.ts');
  return createSqliteStorage({ dataDir: config.TRIAGE_DATA_DIR, ...(log ? { log } : {}) });
}

/**
 * Whether `config` points at stored data. A command that only reads (a policy replay) asks first, so a
 * wrong data directory is an error instead of a new, empty database. A server database is assumed to
 * hold data; its connection errors say otherwise.
 */
export async function storageHasData(config: Pick<Config, 'TRIAGE_DATA_DIR' | 'MONGODB_URI'>): Promise<boolean> {
  if (config.MONGODB_URI !== undefined) return true;
  const { existsSync } = await import('node:fs');
  const path = await import('node:path');
  const { DATABASE_FILE, NEDB_FILES } = await import('./sqlite/index.ts');
  return existsSync(path.join(config.TRIAGE_DATA_DIR, DATABASE_FILE)) || existsSync(path.join(config.TRIAGE_DATA_DIR, NEDB_FILES.tasks));
}
