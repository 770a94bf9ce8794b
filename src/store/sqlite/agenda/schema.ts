/**
 * The scheduler's tables in the shared SQLite database. The version lives in `agenda_meta`, not in
 * `PRAGMA user_version`: that pragma is one number for the whole file, and the file belongs to the
 * task stores too.
 */
import type { Database } from 'better-sqlite3';

/** The layout this code reads and writes. */
export const SCHEMA_VERSION = 1;

/** Raised by `connect()` when `agenda_jobs` was laid out by a newer triage. */
export class AgendaSchemaError extends Error {
  override name = 'AgendaSchemaError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

// STRICT: a wrong type is an error at the write, not a surprise at the next read.
const CREATE = `
CREATE TABLE IF NOT EXISTS agenda_meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE IF NOT EXISTS agenda_jobs (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  priority REAL NOT NULL DEFAULT 0,
  next_run_at INTEGER,
  type TEXT NOT NULL CHECK (type IN ('normal', 'single')),
  data TEXT NOT NULL DEFAULT 'null',
  locked_at INTEGER,
  last_finished_at INTEGER,
  failed_at INTEGER,
  fail_count INTEGER,
  fail_reason TEXT,
  repeat_timezone TEXT,
  last_run_at INTEGER,
  repeat_interval TEXT,
  repeat_at TEXT,
  disabled INTEGER CHECK (disabled IN (0, 1)),
  progress REAL,
  debounce_started_at INTEGER,
  last_modified_by TEXT,
  fork INTEGER CHECK (fork IN (0, 1)),
  start_date INTEGER,
  end_date INTEGER,
  skip_days TEXT
) STRICT;

-- getNextJobToRun: due and unlocked jobs of one name, earliest first, then highest priority.
CREATE INDEX IF NOT EXISTS agenda_jobs_due ON agenda_jobs (name, next_run_at, priority DESC);
-- getNextJobToRun's other branch: jobs of one name whose lock expired.
CREATE INDEX IF NOT EXISTS agenda_jobs_locked ON agenda_jobs (name, locked_at);
-- getQueueSize and the default listing order.
CREATE INDEX IF NOT EXISTS agenda_jobs_next_run ON agenda_jobs (next_run_at);
-- every(): one 'single' job per name, even when two processes declare it at once.
CREATE UNIQUE INDEX IF NOT EXISTS agenda_jobs_single ON agenda_jobs (name) WHERE type = 'single';
`;

/**
 * Creates the tables when missing and checks the version, in one IMMEDIATE transaction so two
 * processes starting together do not both stamp a version.
 */
export function ensureSchema(db: Database): void {
  db.transaction(() => {
    db.exec(CREATE);
    const row = db.prepare(`SELECT value FROM agenda_meta WHERE key = 'schema_version'`).get() as { value: string } | undefined;
    if (!row) {
      db.prepare(`INSERT INTO agenda_meta (key, value) VALUES ('schema_version', ?)`).run(String(SCHEMA_VERSION));
      return;
    }
    const found = Number(row.value);
    if (found !== SCHEMA_VERSION) {
      throw new AgendaSchemaError(
        found > SCHEMA_VERSION
          ? `the scheduler tables in ${db.name} are at version ${row.value}, newer than this triage understands (${SCHEMA_VERSION}); upgrade triage, or point it at another database`
          : `the scheduler tables in ${db.name} are at version ${row.value}, which this triage cannot upgrade (it knows ${SCHEMA_VERSION}); import the jobs into a new database`,
      );
    }
  }).immediate();
}
