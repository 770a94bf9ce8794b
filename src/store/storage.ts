/**
 * One database's worth of storage: the pipeline's tasks, the human task inbox, people and sessions,
 * and the scheduler's jobs, all in the same place. `createStorage(config)` (index.ts) picks the
 * database; nothing outside `src/store/` asks which one it got.
 */
import type { AgendaBackend } from 'agenda';
import type { HumanTaskStore } from '../human/types.ts';
import type { UserStore } from '../users/store.ts';
import type { TaskStore } from './types.ts';

export interface Storage {
  /** For logs and /healthz only (`sqlite`, `mongodb`, `memory`); never branch on it. */
  readonly name: string;
  readonly tasks: TaskStore;
  readonly humanTasks: HumanTaskStore;
  readonly users: UserStore;
  /**
   * Agenda's backend on this database, built but not connected: the scheduler connects it in its
   * `start()` (Agenda's constructor would connect without catching a failure) and disconnects it.
   * Call after `start()`.
   */
  schedulerBackend(): Promise<AgendaBackend>;
  /** Opens the database, then every store; idempotent. */
  start(): Promise<void>;
  /** Lets pending writes finish, then closes the stores and the database; idempotent. */
  stop(): Promise<void>;
}

/**
 * A storage from its stores: `start()` opens them in order (tasks first: the others may share its
 * connection) and closes the opened ones again when one fails; `stop()` closes them in reverse.
 */
export function storageOf(parts: Pick<Storage, 'name' | 'tasks' | 'humanTasks' | 'users' | 'schedulerBackend'>): Storage {
  const stores = [parts.tasks, parts.humanTasks, parts.users];
  return {
    ...parts,
    async start() {
      const opened: typeof stores = [];
      try {
        for (const store of stores) {
          await store.start();
          opened.push(store);
        }
      } catch (error) {
        for (const store of opened.reverse()) await store.stop().catch(() => undefined);
        throw error;
      }
    },
    async stop() {
      for (const store of [...stores].reverse()) await store.stop();
    },
  };
}
