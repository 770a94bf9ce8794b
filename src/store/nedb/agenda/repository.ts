/**
 * Agenda's `JobRepository` over an nedb file. nedb lives in one process, so every Agenda instance
 * of that process must share this repository (through one `NedbBackend`): its write mutex is what
 * makes a lock exclusive, the way `findOneAndUpdate` does on a server.
 */
import type Datastore from '@seald-io/nedb';
import {
  computeJobState,
  type JobParameters,
  type JobRepository,
  type JobRepositoryOptions,
  type JobsOverview,
  type JobsQueryOptions,
  type JobsResult,
  type JobWithState,
  type RemoveJobsOptions,
} from 'agenda';
import { NedbFile } from '../file.ts';
import { toJobParameters, toStateFields, type StoredJob } from './documents.ts';
import { atOrBefore, before, filterFromQueryOptions, filterFromRemoveOptions, sortFromQueryOptions } from './filters.ts';
import { saveJob } from './save.ts';

export interface NedbJobRepositoryOptions {
  /** The `jobs.db` file. */
  filename: string;
  /** How often nedb rewrites its append-only file; 60 s by default (nedb's minimum is 5 s). */
  autocompactionMs?: number;
}

const NEXT_TO_RUN = { nextRunAt: 1, priority: -1 } as const;

/** `JobRepository` on `@seald-io/nedb`; `connect()` opens the file, `close()` compacts and drops it. */
export class NedbJobRepository implements JobRepository {
  private readonly file: NedbFile<StoredJob>;

  constructor(options: NedbJobRepositoryOptions) {
    this.file = new NedbFile({
      filename: options.filename,
      description: "the scheduler's job file",
      notOpen: `the scheduler's job file ${options.filename} is not open; start the scheduler first`,
      indexes: [{ fieldName: 'name' }],
      autocompactionMs: options.autocompactionMs,
    });
  }

  private get jobs(): Datastore<StoredJob> {
    return this.file.store;
  }

  connect(): Promise<void> {
    return this.file.open();
  }

  /** Waits for queued writes, compacts the file and closes it. */
  close(): Promise<void> {
    return this.file.close();
  }

  async queryJobs(options: JobsQueryOptions = {}): Promise<JobsResult> {
    const now = new Date();
    const docs = await this.jobs.findAsync(filterFromQueryOptions(options)).sort(sortFromQueryOptions(options.sort));
    let jobs: JobWithState[] = docs.map((doc) => {
      const job = toJobParameters(doc);
      return { ...job, state: computeJobState(job, now) };
    });
    if (options.state) jobs = jobs.filter((job) => (options.state === 'paused' ? job.disabled === true : job.state === options.state));
    const total = jobs.length;
    const skip = options.skip ?? 0;
    const page = options.limit && options.limit > 0 ? jobs.slice(skip, skip + options.limit) : jobs.slice(skip);
    return { jobs: page, total };
  }

  async getJobsOverview(): Promise<JobsOverview[]> {
    const now = new Date();
    const byName = new Map<string, JobsOverview>();
    for (const doc of await this.jobs.findAsync({})) {
      const job = toJobParameters(doc);
      let row = byName.get(job.name);
      if (!row) {
        row = { name: job.name, total: 0, running: 0, scheduled: 0, queued: 0, completed: 0, failed: 0, repeating: 0, paused: 0 };
        byName.set(job.name, row);
      }
      row.total++;
      row[computeJobState(job, now)]++;
      if (job.disabled) row.paused++;
    }
    return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  async getDistinctJobNames(): Promise<string[]> {
    const docs = await this.jobs.findAsync({}, { name: 1 });
    return [...new Set(docs.map((doc) => doc.name))].sort();
  }

  async getJobById(id: string): Promise<JobParameters | null> {
    if (typeof id !== 'string') return null;
    const doc = await this.jobs.findOneAsync({ _id: id });
    return doc ? toJobParameters(doc) : null;
  }

  async getQueueSize(): Promise<number> {
    return this.jobs.countAsync({ nextRunAt: before(new Date()) });
  }

  async removeJobs(options: RemoveJobsOptions): Promise<number> {
    const query = filterFromRemoveOptions(options);
    if (!query) return 0;
    return this.file.writes.run(() => this.jobs.removeAsync(query, { multi: true }));
  }

  async disableJobs(options: RemoveJobsOptions): Promise<number> {
    return this.setDisabled(options, true);
  }

  async enableJobs(options: RemoveJobsOptions): Promise<number> {
    return this.setDisabled(options, false);
  }

  private async setDisabled(options: RemoveJobsOptions, disabled: boolean): Promise<number> {
    const query = filterFromRemoveOptions(options);
    if (!query) return 0;
    // Count only jobs that change, as the mongo backend's modifiedCount does.
    const changing = { ...query, disabled: disabled ? { $ne: true } : true };
    return this.file.writes.run(async () => (await this.jobs.updateAsync(changing, { $set: { disabled } }, { multi: true })).numAffected);
  }

  async purgeAllJobs(): Promise<number> {
    return this.file.writes.run(() => this.jobs.removeAsync({}, { multi: true }));
  }

  async saveJob<DATA = unknown>(job: JobParameters<DATA>, options: JobRepositoryOptions | undefined): Promise<JobParameters<DATA>> {
    return this.file.writes.run(() => saveJob(this.jobs, job, options, new Date()));
  }

  async saveJobState(job: JobParameters, options: JobRepositoryOptions | undefined): Promise<void> {
    if (!job._id) throw new Error('cannot save the state of a job that has no id; save() it first');
    const { numAffected } = await this.file.writes.run(() =>
      this.jobs.updateAsync({ _id: String(job._id), name: job.name }, { $set: toStateFields(job, options?.lastModifiedBy) }, {}),
    );
    if (numAffected !== 1) throw new Error(`job ${job._id} (${job.name}) cannot be updated: it no longer exists`);
  }

  async lockJob(job: JobParameters, options: JobRepositoryOptions | undefined): Promise<JobParameters | undefined> {
    if (!job._id) return undefined;
    const criteria = { _id: String(job._id), name: job.name, lockedAt: null, nextRunAt: job.nextRunAt ?? null, disabled: { $ne: true } };
    const locked = await this.file.writes.run(() => this.lockOne(criteria, new Date(), options));
    return locked ?? undefined;
  }

  async unlockJob(job: JobParameters): Promise<void> {
    if (!job._id) return;
    // A one-off job that is running has nextRunAt null; Agenda unlocks those through unlockJobs only.
    await this.file.writes.run(() => this.jobs.updateAsync({ _id: String(job._id), nextRunAt: { $ne: null } }, { $set: { lockedAt: null } }, {}));
  }

  async unlockJobs(jobIds: string[]): Promise<void> {
    if (jobIds.length === 0) return;
    await this.file.writes.run(() => this.jobs.updateAsync({ _id: { $in: jobIds.map(String) } }, { $set: { lockedAt: null } }, { multi: true }));
  }

  async getNextJobToRun(jobName: string, nextScanAt: Date, lockDeadline: Date, now: Date | undefined, options: JobRepositoryOptions | undefined): Promise<JobParameters | undefined> {
    const query = {
      name: jobName,
      disabled: { $ne: true },
      $or: [{ lockedAt: null, nextRunAt: atOrBefore(nextScanAt) }, { lockedAt: atOrBefore(lockDeadline) }],
    };
    return this.file.writes.run(async () => {
      const [next] = await this.jobs.findAsync(query).sort(NEXT_TO_RUN).limit(1);
      if (!next) return undefined;
      return (await this.lockOne({ _id: next._id }, now ?? new Date(), options)) ?? undefined;
    });
  }

  /** Sets `lockedAt` on the one job matching `criteria`; the caller holds the write mutex. */
  private async lockOne(criteria: Record<string, unknown>, at: Date, options: JobRepositoryOptions | undefined): Promise<JobParameters | null> {
    const result = await this.jobs.updateAsync<StoredJob, { returnUpdatedDocs: true; multi: false }>(
      criteria,
      { $set: { lockedAt: at, lastModifiedBy: options?.lastModifiedBy ?? null } },
      { returnUpdatedDocs: true, multi: false },
    );
    const doc = result.affectedDocuments as StoredJob | null;
    return doc ? toJobParameters(doc) : null;
  }
}
