/**
 * The embedded database: one SQLite file (`triage.sqlite`) under the data directory, shared safely by
 * every triage process on the machine (the server, workers, CLI commands). See docs/storage.md.
 */
import { silentLogger, type Logger } from '../../log.ts';
import type { Storage } from '../storage.ts';
import { SqliteAgendaBackend } from './agenda/index.ts';
import { SqliteDatabase } from './database.ts';
import { SqliteHumanTaskStore } from './human-tasks.ts';
import { migrateInto } from './migrate-nedb.ts';
import { SqliteTaskStore } from './tasks.ts';
import { SqliteUserStore } from './users.ts';

export { DATABASE_FILE, SchemaTooNewError, SqliteDatabase } from './database.ts';
export { migrateNedbDataDir, NedbMigrationError, NEDB_FILES, type MigrationResult } from './migrate-nedb.ts';
export { SqliteHumanTaskStore } from './human-tasks.ts';
export { SqliteTaskStore } from './tasks.ts';
export { SqliteUserStore } from './users.ts';

export interface SqliteStorageOptions {
  dataDir: string;
  /** Told about a nedb migration at start-up; silent by default. */
  log?: Logger;
}

/**
 * Storage on `<dataDir>/triage.sqlite`. `start()` opens the file and checks its schema (nothing is
 * loaded into memory), and migrates a nedb data directory found there when the database is empty.
 */
export function createSqliteStorage(options: SqliteStorageOptions): Storage {
  const database = new SqliteDatabase(options.dataDir);
  const tasks = new SqliteTaskStore(database);
  const humanTasks = new SqliteHumanTaskStore(database);
  const users = new SqliteUserStore(database);
  let started = false;
  return {
    name: 'sqlite',
    tasks,
    humanTasks,
    users,
    async schedulerBackend() {
      // The scheduler shares this process's one connection; it neither opens nor closes it.
      return new SqliteAgendaBackend({ database: () => database.db });
    },
    async start() {
      if (started) return;
      database.acquire();
      try {
        await migrateInto(database, { log: options.log ?? silentLogger });
        await tasks.start();
        await humanTasks.start();
        await users.start();
      } catch (error) {
        await users.stop();
        await humanTasks.stop();
        await tasks.stop();
        database.release();
        throw error;
      }
      started = true;
    },
    async stop() {
      if (!started) return;
      started = false;
      await users.stop();
      await humanTasks.stop();
      await tasks.stop();
      database.release();
    },
  };
}
