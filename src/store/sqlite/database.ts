/**
 * The one SQLite file of the embedded mode (`triage.sqlite` under the data directory) and the one
 * connection this process holds to it, shared by every store and the scheduler.
 *
 * Several processes (`triage serve` and a CLI command) may open the same file at once: WAL lets
 * readers run beside the one writer, `busy_timeout` makes a second writer wait for the first instead
 * of failing, and every write is a single statement or a `BEGIN IMMEDIATE` transaction (a deferred
 * transaction that reads and then writes can fail with SQLITE_BUSY_SNAPSHOT when another process
 * committed in between, without waiting).
 */
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { registerFilterFunction } from './data-filter.ts';
import { SCHEMA_VERSION, applySchema } from './schema.ts';

export type Connection = Database.Database;

/** The database file's name inside the data directory. */
export const DATABASE_FILE = 'triage.sqlite';

export interface SqliteDatabaseOptions {
  /** How long a write waits for another process's write to finish; 5 s by default. */
  busyTimeoutMs?: number;
}

/** Raised when the file was written by a newer triage whose schema this one does not know. */
export class SchemaTooNewError extends Error {
  override name = 'SchemaTooNewError';
  constructor(filename: string, found: number) {
    super(
      `${filename} has schema version ${found}, newer than the ${SCHEMA_VERSION} this triage knows; ` +
        'upgrade triage (every process sharing the data directory must run the same version) or point TRIAGE_DATA_DIR elsewhere',
    );
  }
}

/**
 * The shared connection, opened by the first `acquire()` and closed by the last `release()`, so a store
 * can be started on its own (tests, tools) or as part of a Storage that owns the same handle.
 */
export class SqliteDatabase {
  readonly filename: string;
  private connection: Connection | null = null;
  private users = 0;
  // Prepared once per connection: preparing is a large part of a small statement's cost.
  private statements = new Map<string, Database.Statement>();

  constructor(
    readonly dataDir: string,
    private readonly options: SqliteDatabaseOptions = {},
  ) {
    this.filename = join(dataDir, DATABASE_FILE);
  }

  /** The open connection; throws naming the fix when nothing has started it. */
  get db(): Connection {
    if (!this.connection) throw new Error('the sqlite store is not started; call start() first');
    return this.connection;
  }

  get isOpen(): boolean {
    return this.connection !== null;
  }

  /** Opens the file on first use: pragmas, then the schema. Start-up reads nothing else. */
  acquire(): Connection {
    if (!this.connection) this.connection = this.open();
    this.users += 1;
    return this.connection;
  }

  /** Closes the connection when its last user lets go (SQLite then checkpoints the WAL). */
  release(): void {
    if (this.users === 0) return;
    this.users -= 1;
    if (this.users > 0 || !this.connection) return;
    const connection = this.connection;
    this.connection = null;
    this.statements.clear();
    connection.close();
  }

  /** A prepared statement of the open connection, prepared on first use. */
  statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      // Listing SQL varies with the filter's shape; a bound keeps an odd caller from growing this forever.
      if (this.statements.size >= 500) this.statements.clear();
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /** Runs `fn` in a `BEGIN IMMEDIATE` transaction (a savepoint when one is already open). */
  write<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  /** Runs `fn` in a read transaction, so that several statements see one snapshot. */
  read<T>(fn: () => T): T {
    return this.db.transaction(fn).deferred();
  }

  private open(): Connection {
    const info = statSync(this.dataDir, { throwIfNoEntry: false });
    if (info && !info.isDirectory()) {
      throw new Error(`the data directory ${this.dataDir} is a file; point TRIAGE_DATA_DIR at a directory`);
    }
    mkdirSync(this.dataDir, { recursive: true });
    let db: Connection;
    try {
      db = new Database(this.filename);
    } catch (error) {
      throw new Error(`cannot open ${this.filename}: ${(error as Error).message}; check the permissions of TRIAGE_DATA_DIR`, { cause: error });
    }
    try {
      // First, so that even switching to WAL waits for another process instead of failing.
      db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(this.options.busyTimeoutMs ?? 5_000))}`);
      const mode = db.pragma('journal_mode = WAL', { simple: true });
      if (String(mode).toLowerCase() !== 'wal') {
        throw new Error(`${this.filename} cannot use WAL (journal_mode is ${String(mode)}); keep the data directory on a local disk, not a network share`);
      }
      // Durable across a process crash; a power cut may lose the last commits, never corrupt the file.
      db.pragma('synchronous = NORMAL');
      // The WAL is reused, not shrunk, after a checkpoint: a burst of writes while a long read held the
      // checkpoint back would otherwise leave a file of that burst's size beside the database for good.
      db.pragma('journal_size_limit = 33554432');
      db.pragma('foreign_keys = ON');
      registerFilterFunction(db);
      const found = db.pragma('user_version', { simple: true }) as number;
      if (found > SCHEMA_VERSION) throw new SchemaTooNewError(this.filename, found);
      if (found < SCHEMA_VERSION) {
        // Two processes may start together on a new file: the check is repeated inside the lock.
        db.transaction(() => {
          const current = db.pragma('user_version', { simple: true }) as number;
          if (current < SCHEMA_VERSION) {
            applySchema(db, current);
            db.pragma(`user_version = ${SCHEMA_VERSION}`);
          }
        }).immediate();
      }
    } catch (error) {
      db.close();
      throw error;
    }
    return db;
  }
}
