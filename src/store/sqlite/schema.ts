/**
 * The tables of `triage.sqlite`, versioned with `PRAGMA user_version`: a new version appends a step
 * to MIGRATIONS and never edits an old one, so every file reaches the same schema whatever version it
 * started from. The scheduler's table belongs to its backend (src/store/sqlite/agenda/), which creates
 * it itself.
 *
 * Times are INTEGER milliseconds since the epoch in columns (comparable, indexable) and
 * `{"$date": "<ISO>"}` inside JSON documents (see codec.ts). A task's data is JSONB (`SELECT
 * json(data) FROM task_data` shows it); the other large documents are deflated BLOBs, which
 * `SELECT triage_json(doc) ...` shows from a triage process (since version 3 with a preset dictionary
 * behind a one-byte mark, codec.ts; older blobs are raw deflate, no header).
 */
import type Database from 'better-sqlite3';

const V1 = `
-- The queried part of a task; small, so a claim or a save rewrites little.
CREATE TABLE tasks (
  id                 TEXT PRIMARY KEY,
  state              TEXT NOT NULL,
  version            INTEGER NOT NULL,
  run_after          INTEGER,
  lease_owner        TEXT,
  lease_until        INTEGER,
  source_kind        TEXT NOT NULL,
  source_external_id TEXT,
  created_at         INTEGER NOT NULL,
  updated_at         INTEGER NOT NULL,
  -- The rest of meta (usage, effects, schedules, error, next, flags) as deflated JSON, without runs.
  meta               BLOB NOT NULL,
  -- What a save compares to write only what changed: how many runs are stored and a hash of their
  -- JSON, and a hash of data's JSON.
  run_count          INTEGER NOT NULL DEFAULT 0,
  runs_hash          TEXT NOT NULL,
  data_hash          TEXT NOT NULL
);
CREATE UNIQUE INDEX tasks_source ON tasks (source_kind, source_external_id) WHERE source_external_id IS NOT NULL;
-- claim (oldest first per state) and list by state (newest first).
CREATE INDEX tasks_state_created ON tasks (state, created_at, id);
CREATE INDEX tasks_created ON tasks (created_at, id);
CREATE INDEX tasks_ready_run_after ON tasks (state, run_after) WHERE run_after IS NOT NULL;

-- The ticket's data, apart: rewritten only when it changed, never by a claim.
CREATE TABLE task_data (
  id   TEXT PRIMARY KEY REFERENCES tasks (id) ON DELETE CASCADE,
  data BLOB NOT NULL -- deflated JSON (codec.ts); SQL reads it as triage_json(data)
);

-- One row per step run, append-only: a save inserts the new runs only.
CREATE TABLE task_runs (
  task_id TEXT NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
  seq     INTEGER NOT NULL,
  run     BLOB NOT NULL, -- deflated JSON
  PRIMARY KEY (task_id, seq)
);

CREATE TABLE human_tasks (
  id            TEXT PRIMARY KEY,
  key           TEXT NOT NULL UNIQUE,
  status        TEXT NOT NULL,
  is_open       INTEGER GENERATED ALWAYS AS (status IN ('pending', 'assigned', 'in_progress')) VIRTUAL,
  team          TEXT NOT NULL,
  priority      TEXT NOT NULL,
  priority_rank INTEGER NOT NULL,
  due_at        INTEGER NOT NULL,
  task_id       TEXT,
  assigned_to   TEXT,
  version       INTEGER NOT NULL,
  created_at    INTEGER NOT NULL,
  doc           BLOB NOT NULL -- deflated JSON of the whole task
);
-- The inbox: open tasks, most urgent first (MOST_URGENT_FIRST), for everyone or for one team. The
-- trailing columns let the other filters (and the total count) be checked in the index alone.
CREATE INDEX human_tasks_inbox ON human_tasks (is_open, priority_rank, due_at, id, status, team, assigned_to, priority);
CREATE INDEX human_tasks_team ON human_tasks (team, is_open, priority_rank, due_at, id, status, assigned_to, priority);
CREATE INDEX human_tasks_assignee ON human_tasks (assigned_to, is_open, priority_rank, due_at, id, status, team);
CREATE INDEX human_tasks_urgency ON human_tasks (priority_rank, due_at, id, status, team, assigned_to);
-- SLA sweeps (dueBefore) and listings of closed statuses.
CREATE INDEX human_tasks_due ON human_tasks (is_open, due_at, id);
CREATE INDEX human_tasks_status ON human_tasks (status, priority_rank, due_at, id, team, assigned_to);
CREATE INDEX human_tasks_task ON human_tasks (task_id) WHERE task_id IS NOT NULL;

CREATE TABLE users (
  id            TEXT PRIMARY KEY,
  username      TEXT NOT NULL UNIQUE,
  slack_user_id TEXT,
  disabled      INTEGER NOT NULL,
  doc           TEXT NOT NULL
);
CREATE INDEX users_slack ON users (slack_user_id) WHERE slack_user_id IS NOT NULL;

-- Who holds which API token, and when each was last used (never rewriting the user's document).
CREATE TABLE user_tokens (
  user_id  TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  token_id TEXT NOT NULL,
  PRIMARY KEY (user_id, token_id)
);
CREATE INDEX user_tokens_token ON user_tokens (token_id);
CREATE TABLE user_token_use (
  user_id  TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  token_id TEXT NOT NULL,
  used_at  INTEGER NOT NULL,
  PRIMARY KEY (user_id, token_id)
);

-- id is the sha256 of the cookie value; the cookie itself is never stored.
CREATE TABLE sessions (
  id           TEXT PRIMARY KEY,
  user_id      TEXT NOT NULL,
  csrf         TEXT NOT NULL,
  created_at   INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  expires_at   INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);
CREATE INDEX sessions_last_seen ON sessions (last_seen_at);
`;

/**
 * Version 2: a task's data is SQLite's binary JSON (JSONB) instead of deflated text, so data filters
 * run in SQLite's JSON functions without inflating and parsing every row (a filtered list of 10,000
 * tasks took seconds). Only data, which filters read, changes; the other documents stay deflated.
 */
const V2 = `UPDATE task_data SET data = jsonb(triage_json(data));`;

/**
 * Version 3: the deflated documents (meta, run records, human tasks) are written with a preset
 * dictionary (dictionary.ts), marked by their first byte (codec.ts). Nothing is rewritten: blobs of
 * version 2 and older (plain raw deflate) read as they are and are replaced by the next save. The
 * version number is what changes: a triage of version 2 would fail on the new blobs, so it refuses
 * the file instead (SchemaTooNewError), naming the fix.
 */
const V3 = `-- version 3: blobs deflated with preset dictionary 1 (codec.ts); no table changes`;

/** MIGRATIONS[i] takes a file from version i to version i + 1. */
const MIGRATIONS: readonly string[] = [V1, V2, V3];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** Tables this schema owns (the migration from nedb checks they are empty). */
export const OWN_TABLES = ['tasks', 'task_data', 'task_runs', 'human_tasks', 'users', 'user_tokens', 'user_token_use', 'sessions'] as const;

/** Brings a file at `from` up to SCHEMA_VERSION; the caller holds the write lock and sets user_version. */
export function applySchema(db: Database.Database, from: number): void {
  for (const step of MIGRATIONS.slice(from)) db.exec(step);
}
