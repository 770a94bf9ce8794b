/**
 * Moving the scheduler's jobs from the nedb backend's `jobs.db` into `agenda_jobs`. The file is read
 * with nedb itself (so tombstones, index lines and `$$date` values mean what nedb means by them),
 * from a copy: loading a file makes nedb rewrite it, and the original must stay as it was. A damaged
 * file is refused whole, before anything is written, rather than imported minus the lines nedb
 * would have dropped.
 */
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Datastore from '@seald-io/nedb';
import type { Database } from 'better-sqlite3';
import type { JobParameters } from 'agenda';
import { JOB_COLUMNS, toColumns, type JobColumns } from './documents.ts';
import { ensureSchema } from './schema.ts';

/** The import was refused; nothing was written. */
export class JobImportError extends Error {
  override name = 'JobImportError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

const DATE_FIELDS = ['nextRunAt', 'lockedAt', 'lastFinishedAt', 'failedAt', 'lastRunAt', 'debounceStartedAt', 'startDate', 'endDate'] as const;

/** Line numbers (1-based) that are not one JSON document each. */
function damagedLines(text: string): number[] {
  const damaged: number[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      const value: unknown = JSON.parse(line);
      if (value === null || typeof value !== 'object' || Array.isArray(value)) damaged.push(i + 1);
    } catch {
      damaged.push(i + 1);
    }
  });
  return damaged;
}

async function readJobsFile(jobsFile: string): Promise<Record<string, unknown>[]> {
  let text: string;
  try {
    text = await readFile(jobsFile, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'it does not exist' : code === 'EISDIR' ? 'it is a directory' : (error as Error).message;
    throw new JobImportError(`cannot import the scheduler's jobs from ${jobsFile}: ${why}; pass the nedb backend's jobs.db (in the data directory)`, { cause: error });
  }
  const damaged = damagedLines(text);
  if (damaged.length > 0) {
    const shown = damaged.slice(0, 10).join(', ') + (damaged.length > 10 ? `, ... (${damaged.length} in all)` : '');
    throw new JobImportError(
      `cannot import the scheduler's jobs from ${jobsFile}: line ${shown} is not a JSON document, so the file is damaged; nothing was imported. ` +
        'Repair or delete those lines (each line is one job; an older version of the same _id may be earlier in the file) and run the import again.',
    );
  }
  const dir = await mkdtemp(join(tmpdir(), 'triage-jobs-import-'));
  try {
    const copy = join(dir, 'jobs.db');
    await copyFile(jobsFile, copy);
    // corruptAlertThreshold 0: nedb must not drop a line the check above let through.
    const store = new Datastore<Record<string, unknown>>({ filename: copy, corruptAlertThreshold: 0 });
    try {
      await store.loadDatabaseAsync();
    } catch (error) {
      throw new JobImportError(`cannot import the scheduler's jobs from ${jobsFile}: nedb cannot load it (${(error as Error).message}); nothing was imported`, { cause: error });
    }
    return store.getAllData();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** One nedb job document as columns, or a clear refusal naming the job and the field. */
function toImportRow(doc: Record<string, unknown>): { id: string; columns: JobColumns } {
  const id = doc._id;
  const refuse = (what: string) => new JobImportError(`job ${typeof id === 'string' ? id : '(no _id)'} in the nedb jobs file ${what}; nothing was imported`);
  if (typeof id !== 'string' || id === '') throw refuse('has no string _id');
  if (typeof doc.name !== 'string' || doc.name === '') throw refuse('has no name');
  if (doc.type !== 'normal' && doc.type !== 'single') throw refuse(`has type ${JSON.stringify(doc.type)}, not "normal" or "single"`);
  if (doc.priority !== undefined && doc.priority !== null && typeof doc.priority !== 'number') throw refuse('has a priority that is not a number');
  for (const field of DATE_FIELDS) {
    const value = doc[field];
    if (value !== undefined && value !== null && !(value instanceof Date && Number.isFinite(value.getTime()))) throw refuse(`has a ${field} that is not a valid date`);
  }
  // nedb keeps unset fields as null; Agenda's types say undefined.
  const job = Object.fromEntries(Object.entries(doc).filter(([, value]) => value !== null)) as unknown as JobParameters;
  const lastModifiedBy = typeof doc.lastModifiedBy === 'string' ? doc.lastModifiedBy : undefined;
  try {
    return { id, columns: { ...toColumns({ ...job, priority: job.priority ?? 0, nextRunAt: job.nextRunAt ?? null, data: doc.data ?? null }, lastModifiedBy) } };
  } catch (error) {
    throw new JobImportError(`job ${id} in the nedb jobs file cannot be stored: ${(error as Error).message}; nothing was imported`, { cause: error });
  }
}

/**
 * Imports every job of the nedb backend's `jobsFile` into `agenda_jobs` (created if missing), in one
 * transaction, keeping ids. Returns how many were inserted. Jobs already there (same id, or a
 * `single` job of the same name, which `every()` keeps one of) are skipped, so an import that was
 * interrupted, or run twice, can simply be run again. Throws `JobImportError` on a damaged file or
 * job, before writing anything. The nedb file is left untouched.
 */
export async function importNedbJobs(database: Database, jobsFile: string): Promise<number> {
  const docs = await readJobsFile(jobsFile);
  const rows = docs.map(toImportRow);
  ensureSchema(database);
  const insert = database.prepare(
    `INSERT INTO agenda_jobs (id, ${JOB_COLUMNS.join(', ')}) VALUES (?${', ?'.repeat(JOB_COLUMNS.length)}) ON CONFLICT DO NOTHING`,
  );
  return database.transaction(() => {
    let inserted = 0;
    for (const { id, columns } of rows) inserted += insert.run(id, ...JOB_COLUMNS.map((c) => columns[c])).changes;
    return inserted;
  }).immediate();
}
