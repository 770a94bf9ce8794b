/**
 * Choosing and connecting the Agenda backend: nedb (`jobs.db` beside the embedded task store) or
 * `@agendajs/mongo-backend` on the app's own `Db`, with locks made exclusive on FerretDB (mongo-guard.ts).
 */
import type { AgendaBackend } from 'agenda';
import type { Db } from 'mongodb';
import type { TaskStore } from '../store/types.ts';
import { NedbBackend } from './nedb-backend/index.ts';

/** Where the scheduler keeps its jobs. */
export type BackendSpec =
  | { kind: 'embedded'; dataDir: string }
  /** Shares a connected `Db` (the mongodb task store's); the scheduler never closes it. */
  | { kind: 'mongodb'; db: Db; collection?: string }
  /** Its own connection; closed on stop. */
  | { kind: 'mongodb'; uri: string; collection?: string };

/** Builds (does not connect) the backend `spec` names. */
export async function createBackend(spec: BackendSpec): Promise<AgendaBackend> {
  if (spec.kind === 'embedded') return new NedbBackend({ dataDir: spec.dataDir });
  // Loaded only in mongodb mode, so embedded users never load the driver.
  const { GuardedMongoBackend } = await import('./mongo-guard.ts');
  const collection = spec.collection ?? 'agendaJobs';
  return 'db' in spec ? new GuardedMongoBackend({ mongo: spec.db, collection }) : new GuardedMongoBackend({ address: spec.uri, collection });
}

/**
 * The backend matching the app's task store: the mongodb store's `Db` (the store must be started),
 * otherwise nedb in the embedded store's data directory.
 */
export function backendSpecFor(store: TaskStore, dataDir: string): BackendSpec {
  if (store.kind === 'mongodb') {
    const withDb = store as TaskStore & { db?: () => Db };
    if (typeof withDb.db !== 'function') throw new Error('the mongodb task store does not expose its Db; pass { kind: "mongodb", uri } as the scheduler backend');
    return { kind: 'mongodb', db: withDb.db() };
  }
  const embedded = store as TaskStore & { dataDir?: string };
  return { kind: 'embedded', dataDir: embedded.dataDir ?? dataDir };
}

/**
 * Hands Agenda a backend that `start()` has already connected. Agenda's constructor calls
 * `backend.connect()` without catching a failure (an unhandled rejection, and `ready` never
 * settles), so the scheduler connects first, reports the error itself, and gives Agenda this view
 * whose `connect()` cannot fail. `ownsConnection` is false: the scheduler disconnects, not Agenda.
 */
export class ConnectedBackend implements AgendaBackend {
  readonly ownsConnection = false;

  constructor(private readonly inner: AgendaBackend) {}

  get name(): string {
    return this.inner.name;
  }

  get repository(): AgendaBackend['repository'] {
    return this.inner.repository;
  }

  get notificationChannel(): AgendaBackend['notificationChannel'] {
    return this.inner.notificationChannel;
  }

  get logger(): AgendaBackend['logger'] {
    return this.inner.logger;
  }

  async connect(): Promise<void> {}

  async disconnect(): Promise<void> {}
}
