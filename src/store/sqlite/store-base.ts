/**
 * What every SQLite store shares: the database it works in (its own, opened from a data directory, or
 * the one a storage shares between its stores) and a start/stop that holds a reference to it. Writes
 * are synchronous, so stopping has nothing pending to wait for.
 */
import { SqliteDatabase } from './database.ts';

export abstract class SqliteStoreBase {
  readonly database: SqliteDatabase;
  private started = false;

  /** `source`: the data directory (the store opens triage.sqlite itself) or a shared database. */
  constructor(source: string | SqliteDatabase) {
    this.database = typeof source === 'string' ? new SqliteDatabase(source) : source;
  }

  async start(): Promise<void> {
    if (this.started) return;
    this.database.acquire();
    this.started = true;
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    this.database.release();
  }
}
