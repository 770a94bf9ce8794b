/**
 * How a job is kept in `agenda_jobs`: one column per Agenda field. Dates are epoch milliseconds
 * (INTEGER, so comparisons and indexes are numeric and a Date comes back exactly), `data`,
 * `repeat_interval` (a number or a string) and `skip_days` are JSON text, booleans are 0/1.
 * NULL means "unset"; Agenda gets `undefined` for those, as from the mongo and nedb backends.
 */
import { toJobId, type JobId, type JobParameters } from 'agenda';

/** A row of `agenda_jobs` as better-sqlite3 returns it. */
export interface JobRow {
  id: string;
  name: string;
  priority: number;
  next_run_at: number | null;
  type: string;
  data: string;
  locked_at: number | null;
  last_finished_at: number | null;
  failed_at: number | null;
  fail_count: number | null;
  fail_reason: string | null;
  repeat_timezone: string | null;
  last_run_at: number | null;
  repeat_interval: string | null;
  repeat_at: string | null;
  disabled: number | null;
  progress: number | null;
  debounce_started_at: number | null;
  last_modified_by: string | null;
  fork: number | null;
  start_date: number | null;
  end_date: number | null;
  skip_days: string | null;
}

/** Every column but the id: what an insert or a full update writes. */
export type JobColumns = Omit<JobRow, 'id'>;

/** The columns, in table order (the schema and the import use this list). */
export const JOB_COLUMNS = [
  'name',
  'priority',
  'next_run_at',
  'type',
  'data',
  'locked_at',
  'last_finished_at',
  'failed_at',
  'fail_count',
  'fail_reason',
  'repeat_timezone',
  'last_run_at',
  'repeat_interval',
  'repeat_at',
  'disabled',
  'progress',
  'debounce_started_at',
  'last_modified_by',
  'fork',
  'start_date',
  'end_date',
  'skip_days',
] as const satisfies readonly (keyof JobColumns)[];

/** Raised when a job cannot be stored as it is (an invalid date, data JSON cannot represent). */
export class JobEncodingError extends Error {
  override name = 'JobEncodingError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A Date (or what Agenda sometimes hands over instead: an ISO string or epoch ms) as epoch ms. */
export function toMillis(value: Date | string | number | undefined | null, field: string, job: string): number | null {
  if (value === undefined || value === null) return null;
  const ms = value instanceof Date ? value.getTime() : new Date(value).getTime();
  // SQLite would store NaN as NULL: the job would silently lose its schedule.
  if (!Number.isFinite(ms)) throw new JobEncodingError(`job "${job}" has an invalid ${field} (${String(value)}); give it a valid Date`);
  return ms;
}

const fromMillis = (ms: number | null): Date | null => (ms === null ? null : new Date(ms));

const bool = (value: boolean | undefined | null): number | null => (value === undefined || value === null ? null : value ? 1 : 0);

/** `data` as JSON text; `undefined` is kept as `null` (JSON has no undefined). */
export function encodeData(data: unknown, job: string): string {
  try {
    return JSON.stringify(data ?? null);
  } catch (error) {
    throw new JobEncodingError(`the data of job "${job}" cannot be stored as JSON: ${(error as Error).message}`, { cause: error });
  }
}

/** Every column of `job`, unset fields as NULL. `unique`/`uniqueOpts` only select a save; they are not stored. */
export function toColumns(job: JobParameters, lastModifiedBy: string | undefined): JobColumns {
  const name = job.name;
  return {
    name,
    priority: job.priority ?? 0,
    next_run_at: toMillis(job.nextRunAt, 'nextRunAt', name),
    type: job.type ?? 'normal',
    data: encodeData(job.data, name),
    locked_at: toMillis(job.lockedAt, 'lockedAt', name),
    last_finished_at: toMillis(job.lastFinishedAt, 'lastFinishedAt', name),
    failed_at: toMillis(job.failedAt, 'failedAt', name),
    fail_count: job.failCount ?? null,
    fail_reason: job.failReason ?? null,
    repeat_timezone: job.repeatTimezone ?? null,
    last_run_at: toMillis(job.lastRunAt, 'lastRunAt', name),
    repeat_interval: job.repeatInterval === undefined || job.repeatInterval === null ? null : JSON.stringify(job.repeatInterval),
    repeat_at: job.repeatAt ?? null,
    disabled: bool(job.disabled),
    progress: job.progress ?? null,
    debounce_started_at: toMillis(job.debounceStartedAt, 'debounceStartedAt', name),
    last_modified_by: lastModifiedBy ?? null,
    fork: bool(job.fork),
    start_date: toMillis(job.startDate, 'startDate', name),
    end_date: toMillis(job.endDate, 'endDate', name),
    skip_days: job.skipDays === undefined || job.skipDays === null ? null : JSON.stringify(job.skipDays),
  };
}

/** The columns the job processor owns while a job runs (`Job.run`, `touch`, failures): `saveJobState`. */
export function toStateColumns(job: JobParameters, lastModifiedBy: string | undefined): Partial<JobColumns> {
  const name = job.name;
  return {
    locked_at: toMillis(job.lockedAt, 'lockedAt', name),
    next_run_at: toMillis(job.nextRunAt, 'nextRunAt', name),
    last_run_at: toMillis(job.lastRunAt, 'lastRunAt', name),
    progress: job.progress ?? null,
    fail_reason: job.failReason ?? null,
    fail_count: job.failCount ?? null,
    failed_at: toMillis(job.failedAt, 'failedAt', name),
    last_finished_at: toMillis(job.lastFinishedAt, 'lastFinishedAt', name),
    last_modified_by: lastModifiedBy ?? null,
  };
}

export type StoredJob = JobParameters & { _id: JobId };

/** A row as Agenda expects a job: Dates as Dates, `undefined` for unset optional fields. */
export function fromRow(row: JobRow): StoredJob {
  const job: StoredJob = {
    _id: toJobId(row.id),
    name: row.name,
    priority: row.priority,
    nextRunAt: fromMillis(row.next_run_at),
    type: row.type === 'single' ? 'single' : 'normal',
    data: JSON.parse(row.data) as unknown,
  };
  const optional: Partial<Record<keyof JobParameters, unknown>> = {
    lockedAt: fromMillis(row.locked_at),
    lastFinishedAt: fromMillis(row.last_finished_at),
    failedAt: fromMillis(row.failed_at),
    failCount: row.fail_count,
    failReason: row.fail_reason,
    repeatTimezone: row.repeat_timezone,
    lastRunAt: fromMillis(row.last_run_at),
    repeatInterval: row.repeat_interval === null ? null : (JSON.parse(row.repeat_interval) as unknown),
    repeatAt: row.repeat_at,
    disabled: row.disabled === null ? null : row.disabled === 1,
    progress: row.progress,
    debounceStartedAt: fromMillis(row.debounce_started_at),
    lastModifiedBy: row.last_modified_by,
    fork: row.fork === null ? null : row.fork === 1,
    startDate: fromMillis(row.start_date),
    endDate: fromMillis(row.end_date),
    skipDays: row.skip_days === null ? null : (JSON.parse(row.skip_days) as unknown),
  };
  for (const [key, value] of Object.entries(optional)) {
    if (value !== null && value !== undefined) (job as unknown as Record<string, unknown>)[key] = value;
  }
  return job;
}
