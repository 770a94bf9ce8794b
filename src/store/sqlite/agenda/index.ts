/**
 * The scheduler's storage in the app's SQLite database: Agenda's `AgendaBackend` over better-sqlite3,
 * table `agenda_jobs` beside the task stores' tables. Polling only: SQLite has no way to tell another
 * process that a row changed, and an in-process channel would wake only this process's instances.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import type { AgendaBackend } from 'agenda';
import { SqliteJobRepository } from './repository.ts';

export { SqliteJobRepository, SchedulerNotConnectedError } from './repository.ts';
export { AgendaSchemaError, SCHEMA_VERSION } from './schema.ts';
export { UniqueConstraintError } from './queries.ts';
export { JobEncodingError } from './documents.ts';
export { importNedbJobs, JobImportError } from './migrate.ts';

/** How long a writer waits for another process's write lock before SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 5_000;

export type SqliteAgendaBackendOptions =
  /**
   * A connection the caller opened (WAL, busy_timeout set) and will close: the backend only uses it.
   * A function, so the backend can be built before the store has opened its database.
   */
  | { database: () => Database }
  /** A file the backend opens itself in `connect()` (WAL, busy_timeout 5 s) and closes in `disconnect()`. */
  | { filename: string };

/** Opens `filename` the way several processes can share it. */
export function openSharedDatabase(filename: string): Database {
  if (filename !== ':memory:') mkdirSync(dirname(filename), { recursive: true });
  const db = new BetterSqlite3(filename, { timeout: BUSY_TIMEOUT_MS });
  try {
    db.pragma('journal_mode = WAL');
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

/**
 * `AgendaBackend` on SQLite. Unlike the nedb backend, any number of backends (in any number of
 * processes) may share the file: locks are taken by SQLite, not by an in-process mutex.
 */
export class SqliteAgendaBackend implements AgendaBackend {
  readonly name = 'sqlite';
  readonly repository: SqliteJobRepository;
  /** True when the backend opened the database itself (and so closes it on disconnect). */
  readonly ownsConnection: boolean;
  /** The database file when the backend opens it; undefined for a shared connection. */
  readonly filename: string | undefined;
  private owned: Database | null = null;

  constructor(options: SqliteAgendaBackendOptions) {
    if ('database' in options) {
      this.ownsConnection = false;
      this.filename = undefined;
      this.repository = new SqliteJobRepository(options.database);
    } else {
      this.ownsConnection = true;
      this.filename = options.filename;
      this.repository = new SqliteJobRepository(() => {
        this.owned ??= openSharedDatabase(options.filename);
        return this.owned;
      });
    }
  }

  /** Opens the database (when owned) and creates or checks the scheduler's tables. */
  async connect(): Promise<void> {
    try {
      await this.repository.connect();
    } catch (error) {
      // A half-done connect must not leave an open file behind.
      this.closeOwned();
      throw error;
    }
  }

  /** Forgets the connection; closes it only when this backend opened it. */
  async disconnect(): Promise<void> {
    this.repository.release();
    this.closeOwned();
  }

  private closeOwned(): void {
    const db = this.owned;
    this.owned = null;
    if (db?.open) db.close();
  }
}
