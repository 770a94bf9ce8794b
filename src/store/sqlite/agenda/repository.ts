/**
 * Agenda's `JobRepository` over better-sqlite3. Several processes share the database file (WAL), so
 * what makes a lock exclusive is SQLite's write lock: every write is one short `BEGIN IMMEDIATE`
 * transaction, and a lock is an UPDATE whose WHERE re-checks "unlocked, or lock expired", counted by
 * `changes`. better-sqlite3 is synchronous: a transaction never spans an `await`, and a waiting
 * writer blocks (up to busy_timeout) only while another process runs a few indexed statements.
 */
import type { Database } from 'better-sqlite3';
import {
  computeJobState,
  type JobId,
  type JobParameters,
  type JobRepository,
  type JobRepositoryOptions,
  type JobsOverview,
  type JobsQueryOptions,
  type JobsResult,
  type JobWithState,
  type RemoveJobsOptions,
} from 'agenda';
import { fromRow, toMillis, toStateColumns } from './documents.ts';
import { orderBy, whereFromQueryOptions, whereFromRemoveOptions, type Where } from './queries.ts';
import { saveJob } from './save.ts';
import { ensureSchema } from './schema.ts';
import { JobTable, statementsFor } from './table.ts';

/** Raised when the repository is used while not connected (or its database was closed under it). */
export class SchedulerNotConnectedError extends Error {
  override name = 'SchedulerNotConnectedError';
}

/** Due and unlocked, or locked longer ago than the lock lifetime; never disabled. */
const NEXT_TO_RUN = `name = ? AND disabled IS NOT 1 AND ((locked_at IS NULL AND next_run_at <= ?) OR locked_at <= ?)`;
/** Which due job goes first, as the mongo backend sorts. */
const NEXT_TO_RUN_ORDER = 'next_run_at ASC, priority DESC';

export class SqliteJobRepository implements JobRepository {
  private table: JobTable | null = null;

  /** `open` gives the connection; it is called by `connect()`, never before. */
  constructor(private readonly open: () => Database) {}

  private get jobs(): JobTable {
    const table = this.table;
    if (!table) throw new SchedulerNotConnectedError("the scheduler's job table is not connected; start the scheduler first");
    if (!table.db.open) throw new SchedulerNotConnectedError(`the scheduler's database ${table.db.name} was closed; stop the scheduler before closing its database`);
    return table;
  }

  /** A write: one IMMEDIATE transaction (a savepoint when the caller already holds one). */
  private write<T>(fn: (jobs: JobTable) => T): T {
    const jobs = this.jobs;
    return jobs.db.transaction(() => fn(jobs)).immediate();
  }

  /** Several reads that must agree (a page and its total): one snapshot. */
  private read<T>(fn: (jobs: JobTable) => T): T {
    const jobs = this.jobs;
    return jobs.db.transaction(() => fn(jobs)).deferred();
  }

  async connect(): Promise<void> {
    if (this.table?.db.open) return;
    const db = this.open();
    ensureSchema(db);
    this.table = new JobTable(statementsFor(db));
  }

  /** Drops the statements (and the reference); closing the database is the backend's call. */
  release(): Database | null {
    const db = this.table?.db ?? null;
    this.table = null;
    return db;
  }

  async queryJobs(options: JobsQueryOptions = {}): Promise<JobsResult> {
    const now = new Date();
    const where = whereFromQueryOptions(options);
    const order = orderBy(options.sort);
    const skip = Math.max(0, options.skip ?? 0);
    const limit = options.limit !== undefined && options.limit > 0 ? options.limit : undefined;
    const withState = (rows: ReturnType<JobTable['findAll']>): JobWithState[] =>
      rows.map((row) => {
        const job = fromRow(row);
        return { ...job, state: computeJobState(job, now) };
      });

    if (!options.state) {
      // The state is computed from the row and filters nothing out: paging can be done by SQLite.
      return this.read((jobs) => ({
        jobs: withState(jobs.findAll(where, order, limit !== undefined || skip > 0 ? { limit: limit ?? -1, offset: skip } : undefined)),
        total: jobs.count(where),
      }));
    }
    const state = options.state;
    const all = withState(this.jobs.findAll(where, order)).filter((job) => (state === 'paused' ? job.disabled === true : job.state === state));
    return { jobs: limit !== undefined ? all.slice(skip, skip + limit) : all.slice(skip), total: all.length };
  }

  async getJobsOverview(): Promise<JobsOverview[]> {
    const now = new Date();
    const byName = new Map<string, JobsOverview>();
    for (const row of this.jobs.findAll({ sql: '1', params: [] })) {
      const job = fromRow(row);
      let overview = byName.get(job.name);
      if (!overview) {
        overview = { name: job.name, total: 0, running: 0, scheduled: 0, queued: 0, completed: 0, failed: 0, repeating: 0, paused: 0 };
        byName.set(job.name, overview);
      }
      overview.total++;
      overview[computeJobState(job, now)]++;
      if (job.disabled) overview.paused++;
    }
    return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  async getDistinctJobNames(): Promise<string[]> {
    return this.jobs.statements.get('SELECT DISTINCT name FROM agenda_jobs ORDER BY name').pluck().all() as string[];
  }

  async getJobById(id: string): Promise<JobParameters | null> {
    if (typeof id !== 'string') return null;
    const row = this.jobs.byId(id);
    return row ? fromRow(row) : null;
  }

  async getQueueSize(): Promise<number> {
    return this.jobs.count({ sql: 'next_run_at < ?', params: [Date.now()] });
  }

  async removeJobs(options: RemoveJobsOptions): Promise<number> {
    const where = whereFromRemoveOptions(options);
    if (!where) return 0;
    return this.write((jobs) => jobs.run(`DELETE FROM agenda_jobs WHERE ${where.sql}`, where.params));
  }

  async disableJobs(options: RemoveJobsOptions): Promise<number> {
    return this.setDisabled(options, true);
  }

  async enableJobs(options: RemoveJobsOptions): Promise<number> {
    return this.setDisabled(options, false);
  }

  private setDisabled(options: RemoveJobsOptions, disabled: boolean): number {
    const where = whereFromRemoveOptions(options);
    if (!where) return 0;
    // Count only jobs that change, as the mongo backend's modifiedCount does.
    const changing = disabled ? 'disabled IS NOT 1' : 'disabled = 1';
    return this.write((jobs) => jobs.run(`UPDATE agenda_jobs SET disabled = ? WHERE (${where.sql}) AND ${changing}`, [disabled ? 1 : 0, ...where.params]));
  }

  async purgeAllJobs(): Promise<number> {
    return this.write((jobs) => jobs.run('DELETE FROM agenda_jobs'));
  }

  async saveJob<DATA = unknown>(job: JobParameters<DATA>, options: JobRepositoryOptions | undefined): Promise<JobParameters<DATA>> {
    return this.write((jobs) => saveJob(jobs, job as JobParameters, options, new Date())) as JobParameters<DATA>;
  }

  async saveJobState(job: JobParameters, options: JobRepositoryOptions | undefined): Promise<void> {
    if (!job._id) throw new Error('cannot save the state of a job that has no id; save() it first');
    const columns = toStateColumns(job, options?.lastModifiedBy);
    const updated = this.write((jobs) => jobs.update(String(job._id), columns, { sql: 'name = ?', params: [job.name] }));
    if (!updated) throw new Error(`job ${job._id} (${job.name}) cannot be updated: it no longer exists`);
  }

  async lockJob(job: JobParameters, options: JobRepositoryOptions | undefined): Promise<JobParameters | undefined> {
    if (!job._id) return undefined;
    const id = String(job._id);
    // Still the run the caller saw (same nextRunAt), unlocked and enabled.
    const unlocked: Where = { sql: 'name = ? AND locked_at IS NULL AND next_run_at IS ? AND disabled IS NOT 1', params: [job.name, toMillis(job.nextRunAt, 'nextRunAt', job.name)] };
    return this.write((jobs) => this.lockOne(jobs, id, unlocked, new Date(), options));
  }

  async unlockJob(job: JobParameters): Promise<void> {
    if (!job._id) return;
    // A one-off job that is running has nextRunAt null; Agenda unlocks those through unlockJobs only.
    this.write((jobs) => jobs.run('UPDATE agenda_jobs SET locked_at = NULL WHERE id = ? AND next_run_at IS NOT NULL', [String(job._id)]));
  }

  async unlockJobs(jobIds: (JobId | string)[]): Promise<void> {
    if (jobIds.length === 0) return;
    this.write((jobs) => jobs.run('UPDATE agenda_jobs SET locked_at = NULL WHERE id IN (SELECT value FROM json_each(?))', [JSON.stringify(jobIds.map(String))]));
  }

  async getNextJobToRun(jobName: string, nextScanAt: Date, lockDeadline: Date, now: Date | undefined, options: JobRepositoryOptions | undefined): Promise<JobParameters | undefined> {
    const due: Where = { sql: NEXT_TO_RUN, params: [jobName, nextScanAt.getTime(), lockDeadline.getTime()] };
    return this.write((jobs) => {
      const next = jobs.findOne(due, NEXT_TO_RUN_ORDER);
      return next ? this.lockOne(jobs, next.id, due, now ?? new Date(), options) : undefined;
    });
  }

  /**
   * Locks job `id` if it still matches `criteria`: the re-check in the UPDATE's WHERE, not the read
   * before it, decides, so the lock holds even if this ran outside a transaction.
   */
  private lockOne(jobs: JobTable, id: string, criteria: Where, at: Date, options: JobRepositoryOptions | undefined): JobParameters | undefined {
    const changes = jobs.run(`UPDATE agenda_jobs SET locked_at = ?, last_modified_by = ? WHERE id = ? AND (${criteria.sql})`, [
      at.getTime(),
      options?.lastModifiedBy ?? null,
      id,
      ...criteria.params,
    ]);
    if (changes !== 1) return undefined;
    const row = jobs.byId(id);
    return row ? fromRow(row) : undefined;
  }
}
