/**
 * How a job is kept in nedb: every optional field present and `null` when unset, as the mongo backend
 * does, because nedb's equality never matches a missing field against `null` and the lock queries
 * rely on `lockedAt: null`.
 */
import { toJobId, type JobParameters } from 'agenda';

/** A job document in `jobs.db`. */
export interface StoredJob {
  _id: string;
  name: string;
  priority: number;
  nextRunAt: Date | null;
  type: 'normal' | 'single';
  data: unknown;
  lockedAt: Date | null;
  lastFinishedAt: Date | null;
  failedAt: Date | null;
  failCount: number | null;
  failReason: string | null;
  repeatTimezone: string | null;
  lastRunAt: Date | null;
  repeatInterval: string | number | null;
  repeatAt: string | null;
  disabled: boolean | null;
  progress: number | null;
  unique: Record<string, unknown> | null;
  uniqueOpts: JobParameters['uniqueOpts'] | null;
  debounceStartedAt: Date | null;
  lastModifiedBy: string | null;
  fork: boolean | null;
  startDate: Date | null;
  endDate: Date | null;
  skipDays: number[] | null;
}

export type StoredJobFields = Omit<StoredJob, '_id'>;

const date = (value: Date | string | undefined | null): Date | null => (value ? new Date(value) : null);

/** The persisted fields of `job` (without `_id`), unset ones as `null`. */
export function toStoredFields(job: JobParameters, lastModifiedBy: string | undefined): StoredJobFields {
  return {
    name: job.name,
    priority: job.priority,
    nextRunAt: date(job.nextRunAt),
    type: job.type,
    data: job.data ?? null,
    lockedAt: date(job.lockedAt),
    lastFinishedAt: date(job.lastFinishedAt),
    failedAt: date(job.failedAt),
    failCount: job.failCount ?? null,
    failReason: job.failReason ?? null,
    repeatTimezone: job.repeatTimezone ?? null,
    lastRunAt: date(job.lastRunAt),
    repeatInterval: job.repeatInterval ?? null,
    repeatAt: job.repeatAt ?? null,
    disabled: job.disabled ?? null,
    progress: job.progress ?? null,
    unique: job.unique ?? null,
    uniqueOpts: job.uniqueOpts ?? null,
    debounceStartedAt: date(job.debounceStartedAt),
    lastModifiedBy: lastModifiedBy ?? null,
    fork: job.fork ?? null,
    startDate: date(job.startDate),
    endDate: date(job.endDate),
    skipDays: job.skipDays ?? null,
  };
}

/** The fields the job processor owns while a job runs (`Job.run`, `touch`, failures). */
export function toStateFields(job: JobParameters, lastModifiedBy: string | undefined): Partial<StoredJobFields> {
  return {
    lockedAt: date(job.lockedAt),
    nextRunAt: date(job.nextRunAt),
    lastRunAt: date(job.lastRunAt),
    progress: job.progress ?? null,
    failReason: job.failReason ?? null,
    failCount: job.failCount ?? null,
    failedAt: date(job.failedAt),
    lastFinishedAt: date(job.lastFinishedAt),
    lastModifiedBy: lastModifiedBy ?? null,
  };
}

/** A stored document as Agenda expects it: `undefined` for unset optional fields. */
export function toJobParameters(doc: StoredJob): JobParameters & { _id: NonNullable<JobParameters['_id']> } {
  const params: JobParameters & { _id: NonNullable<JobParameters['_id']> } = {
    _id: toJobId(doc._id),
    name: doc.name,
    priority: doc.priority,
    nextRunAt: doc.nextRunAt ?? null,
    type: doc.type,
    data: doc.data,
  };
  const optional = {
    lockedAt: doc.lockedAt,
    lastFinishedAt: doc.lastFinishedAt,
    failedAt: doc.failedAt,
    failCount: doc.failCount,
    failReason: doc.failReason,
    repeatTimezone: doc.repeatTimezone,
    lastRunAt: doc.lastRunAt,
    repeatInterval: doc.repeatInterval,
    repeatAt: doc.repeatAt,
    disabled: doc.disabled,
    progress: doc.progress,
    unique: doc.unique,
    uniqueOpts: doc.uniqueOpts,
    debounceStartedAt: doc.debounceStartedAt,
    lastModifiedBy: doc.lastModifiedBy,
    fork: doc.fork,
    startDate: doc.startDate,
    endDate: doc.endDate,
    skipDays: doc.skipDays,
  };
  for (const [key, value] of Object.entries(optional)) {
    if (value !== null && value !== undefined) (params as unknown as Record<string, unknown>)[key] = value;
  }
  return params;
}
