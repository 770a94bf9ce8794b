/**
 * The MongoDB database (or FerretDB): one client, opened by the task store, that the inbox, the users
 * and Agenda share, so a process holds one connection pool.
 */
import { storageOf, type Storage } from '../storage.ts';
import { GuardedMongoBackend } from './agenda.ts';
import { MongoHumanTaskStore } from './human-tasks.ts';
import { MongoTaskStore } from './tasks.ts';
import { MongoUserStore } from './users.ts';

export function createMongoStorage(options: { uri: string; dbName?: string }): Storage {
  const tasks = new MongoTaskStore(options.uri, options.dbName ? { dbName: options.dbName } : {});
  return storageOf({
    name: 'mongodb',
    tasks,
    humanTasks: new MongoHumanTaskStore(() => tasks.db()),
    users: new MongoUserStore(() => tasks.db()),
    async schedulerBackend() {
      return new GuardedMongoBackend({ mongo: tasks.db(), collection: 'agendaJobs' });
    },
  });
}
