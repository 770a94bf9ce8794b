/**
 * Moving an embedded data directory from nedb (tasks.db, human_tasks.db, users.db, sessions.db,
 * jobs.db) into triage.sqlite. Runs at start-up when nedb files are present and the database holds
 * nothing yet, or explicitly through `migrateNedbDataDir`.
 *
 * Every file is read and checked before anything is written; then every record goes in within one
 * transaction (ids, versions, meta and dates as they were), and only after the commit are the nedb
 * files moved, never deleted, into `nedb-migrated-<timestamp>/`. A damaged file stops the migration
 * with nothing changed.
 */
import { mkdir, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Task } from '../../engine/types.ts';
import type { HumanTask } from '../../human/types.ts';
import { silentLogger, type Logger } from '../../log.ts';
import type { SessionRecord, StoredUser } from '../../users/store.ts';
import { decodeDoc } from '../keys.ts';
import { SqliteDatabase } from './database.ts';
import { SqliteHumanTaskStore } from './human-tasks.ts';
import { NedbMigrationError, readNedbFile } from './nedb-reader.ts';
import { OWN_TABLES } from './schema.ts';
import { encodeTask } from './task-rows.ts';
import { SqliteTaskStore } from './tasks.ts';
import { SqliteUserStore } from './users.ts';
import { importNedbJobs } from './agenda/migrate.ts';

export { NedbMigrationError } from './nedb-reader.ts';

/** The files of the nedb stores (src/store/nedb/) and of its scheduler backend. */
export const NEDB_FILES = { tasks: 'tasks.db', humanTasks: 'human_tasks.db', users: 'users.db', sessions: 'sessions.db', jobs: 'jobs.db' } as const;
type Kind = keyof typeof NEDB_FILES;

export interface MigrationCounts {
  tasks: number;
  humanTasks: number;
  users: number;
  sessions: number;
  jobs: number;
}

export interface MigrationResult {
  migrated: boolean;
  /** Why nothing was migrated, when `migrated` is false. */
  reason?: string;
  counts: MigrationCounts;
  /** Where the nedb files went. */
  movedTo?: string;
}

export interface MigrateOptions {
  log?: Logger;
  /** Names the folder the nedb files move to; the current time by default. */
  now?: Date;
}

const NONE: MigrationCounts = { tasks: 0, humanTasks: 0, users: 0, sessions: 0, jobs: 0 };

/**
 * Migrates `dataDir`'s nedb files into its triage.sqlite (created if missing). For the explicit
 * command: stop every triage process using the directory first. Throws NedbMigrationError (or the
 * scheduler's JobImportError) with nothing changed when a file is damaged.
 */
export async function migrateNedbDataDir(dataDir: string, options: MigrateOptions = {}): Promise<MigrationResult> {
  const database = new SqliteDatabase(dataDir);
  database.acquire();
  try {
    return await migrateInto(database, options);
  } finally {
    database.release();
  }
}

async function exists(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null)) !== null;
}

/** True when no table of the schema (nor the scheduler's jobs) holds a row. */
function isEmpty(database: SqliteDatabase): boolean {
  const db = database.db;
  const tables = [...OWN_TABLES];
  if (db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'agenda_jobs'").get()) tables.push('agenda_jobs' as never);
  return tables.every((table) => db.prepare(`SELECT 1 FROM ${table} LIMIT 1`).get() === undefined);
}

function check(condition: boolean, file: string, id: unknown, what: string): void {
  if (!condition) {
    throw new NedbMigrationError(`record ${JSON.stringify(id)} in ${file} ${what}; nothing was migrated and no file was changed. Repair or remove that record and start again.`);
  }
}

const isDate = (value: unknown): value is Date => value instanceof Date && !Number.isNaN(value.getTime());

function toTask(doc: Record<string, unknown>, file: string): Task {
  const meta = doc.meta as Record<string, unknown> | undefined;
  check(typeof meta === 'object' && meta !== null && typeof doc.data === 'object' && doc.data !== null, file, doc._id, 'has no data or meta');
  check(typeof meta!.version === 'number' && typeof meta!.state === 'string', file, doc._id, 'has no meta.version or meta.state');
  check(isDate(meta!.createdAt) && isDate(meta!.updatedAt), file, doc._id, 'has no valid meta.createdAt or meta.updatedAt');
  const source = meta!.source as { kind?: unknown } | undefined;
  check(typeof source?.kind === 'string', file, doc._id, 'has no meta.source.kind');
  return { _id: doc._id as string, data: decodeDoc(doc.data) as Task['data'], meta: decodeDoc(meta) as unknown as Task['meta'] };
}

function toHumanTask(doc: Record<string, unknown>, file: string): HumanTask {
  const { priorityRank: _rank, ...task } = decodeDoc(doc) as unknown as HumanTask & { priorityRank?: number };
  check(typeof task.key === 'string' && typeof task.status === 'string' && typeof task.version === 'number', file, doc._id, 'has no key, status or version');
  check(isDate(task.dueAt) && isDate(task.createdAt), file, doc._id, 'has no valid dueAt or createdAt');
  return task;
}

function toUser(doc: Record<string, unknown>, file: string): StoredUser {
  check(typeof doc.username === 'string' && doc.username !== '', file, doc._id, 'has no username');
  const user = doc as unknown as StoredUser;
  return { ...user, tokens: user.tokens ?? [], tokenIds: user.tokenIds ?? (user.tokens ?? []).map((t) => t.id), tokenUse: user.tokenUse ?? {} };
}

function toSession(doc: Record<string, unknown>, file: string): SessionRecord {
  check(typeof doc.userId === 'string', file, doc._id, 'has no userId');
  check(isDate(doc.createdAt) && isDate(doc.lastSeenAt) && isDate(doc.expiresAt), file, doc._id, 'has no valid createdAt, lastSeenAt or expiresAt');
  return doc as unknown as SessionRecord;
}

/**
 * The migration on an open database (Storage.start() calls this with its own connection before the
 * stores start). Does nothing when no nedb file is present or the database already holds data.
 */
export async function migrateInto(database: SqliteDatabase, options: MigrateOptions = {}): Promise<MigrationResult> {
  const log = options.log ?? silentLogger;
  const dir = database.dataDir;
  const present: Kind[] = [];
  for (const kind of Object.keys(NEDB_FILES) as Kind[]) if (await exists(join(dir, NEDB_FILES[kind]))) present.push(kind);
  if (present.length === 0) return { migrated: false, reason: 'no nedb files', counts: NONE };
  if (!isEmpty(database)) {
    const files = present.map((kind) => NEDB_FILES[kind]).join(', ');
    log.warn({ dataDir: dir, files }, `nedb files (${files}) are in the data directory but ${database.filename} already holds data, so they were not migrated; move them aside once you have checked nothing is missing`);
    return { migrated: false, reason: 'the database already holds data', counts: NONE };
  }

  // Read and check everything first: a damaged file must stop the migration before any write.
  const read = async <T>(kind: Kind, convert: (doc: Record<string, unknown>, file: string) => T): Promise<T[]> => {
    if (!present.includes(kind)) return [];
    const file = join(dir, NEDB_FILES[kind]);
    const { docs, warning } = await readNedbFile(file);
    if (warning) log.warn({ file }, warning);
    return docs.map((doc) => convert(doc, file));
  };
  const tasks = await read('tasks', toTask);
  const humanTasks = await read('humanTasks', toHumanTask);
  const users = await read('users', toUser);
  const sessions = await read('sessions', toSession);
  // Encoded up front too, so that the write transaction only writes.
  const encodedTasks = tasks.map((task) => encodeTask(task, task.meta.version));

  const db = database.db;
  const taskStore = new SqliteTaskStore(database);
  const humanStore = new SqliteHumanTaskStore(database);
  const userStore = new SqliteUserStore(database);
  let jobs = 0;
  db.exec('BEGIN IMMEDIATE');
  try {
    // Another process may have migrated while this one was reading.
    if (!isEmpty(database)) {
      db.exec('ROLLBACK');
      return { migrated: false, reason: 'the database already holds data', counts: NONE };
    }
    for (const encoded of encodedTasks) taskStore.insert(encoded);
    for (const task of humanTasks) humanStore.insert(task);
    for (const user of users) userStore.insertStored(user);
    const insertSession = db.prepare('INSERT INTO sessions (id, user_id, csrf, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)');
    for (const s of sessions) insertSession.run(s._id, s.userId, s.csrf ?? '', s.createdAt.getTime(), s.lastSeenAt.getTime(), s.expiresAt.getTime());
    // Inside this transaction (better-sqlite3 nests the import's own transaction as a savepoint).
    if (present.includes('jobs')) jobs = await importNedbJobs(db, join(dir, NEDB_FILES.jobs));
    db.exec('COMMIT');
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    if ((error as { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
      throw new NedbMigrationError(`the nedb files hold two records with the same unique key (${(error as Error).message}); nothing was migrated and no file was changed`, { cause: error });
    }
    throw error;
  }

  const counts: MigrationCounts = { tasks: tasks.length, humanTasks: humanTasks.length, users: users.length, sessions: sessions.length, jobs };
  const stamp = (options.now ?? new Date()).toISOString().replace(/[:.]/g, '-');
  const movedTo = join(dir, `nedb-migrated-${stamp}`);
  await mkdir(movedTo, { recursive: true });
  for (const kind of present) {
    const name = NEDB_FILES[kind];
    await rename(join(dir, name), join(movedTo, name));
    // nedb's temporary file of an interrupted compaction belongs with its file.
    if (await exists(join(dir, `${name}~`))) await rename(join(dir, `${name}~`), join(movedTo, `${name}~`));
  }
  log.info({ dataDir: dir, counts, movedTo }, `migrated the nedb data directory into ${database.filename}; the nedb files are kept in ${movedTo}`);
  return { migrated: true, counts, movedTo };
}
