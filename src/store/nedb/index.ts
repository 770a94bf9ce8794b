/**
 * The nedb database: files under the data directory, one process at a time. Kept for one release so
 * an existing data directory can be read and migrated; new data directories use SQLite.
 */
import type { Storage } from '../storage.ts';
import { NedbBackend } from './agenda/index.ts';
import { EmbeddedHumanTaskStore } from './human-tasks.ts';
import { EmbeddedTaskStore } from './tasks.ts';
import { EmbeddedUserStore } from './users.ts';

export function createNedbStorage(options: { dataDir: string }): Storage {
  const tasks = new EmbeddedTaskStore(options.dataDir);
  const humanTasks = new EmbeddedHumanTaskStore(options.dataDir);
  const users = new EmbeddedUserStore(options.dataDir);
  return {
    name: 'nedb',
    tasks,
    humanTasks,
    users,
    async schedulerBackend() {
      return new NedbBackend({ dataDir: options.dataDir });
    },
    async start() {
      await tasks.start();
      await humanTasks.start();
      await users.start();
    },
    async stop() {
      await users.stop();
      await humanTasks.stop();
      await tasks.stop();
    },
  };
}
