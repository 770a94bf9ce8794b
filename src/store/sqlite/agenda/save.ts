/**
 * `saveJob` on SQLite: update by id, the one-per-name `single` jobs of `every()`, `unique()` upserts
 * with insert-only and debounce, and plain inserts, with the semantics of the mongo and nedb
 * backends. The caller runs it inside one `BEGIN IMMEDIATE` transaction: holding the write lock from
 * the first read is what makes find-then-insert atomic across processes (two workers syncing the
 * same task still make one job).
 *
 * One deliberate difference from those backends: an update never clears a field the job processor
 * owns (`lockedAt`, `lastRunAt`, ...) that the caller did not give. `Job.save()` leaves those fields
 * out on purpose ("to prevent race conditions between user code and the processor"), but the mongo
 * and nedb backends then write them as null: a process re-declaring an `every()` job would drop the
 * lock of the process running it, and a third could start it again. With several processes on one
 * file that is a real race, so here the columns are left as they are.
 */
import type { JobParameters, JobRepositoryOptions } from 'agenda';
import { fromRow, toColumns, type JobColumns, type JobRow } from './documents.ts';
import { whereFromUnique } from './queries.ts';
import type { JobTable } from './table.ts';

/** The columns `Job.save()` leaves out, by the field that says whether the caller gave them. */
const PROCESSOR_COLUMNS = [
  ['lockedAt', 'locked_at'],
  ['lastRunAt', 'last_run_at'],
  ['lastFinishedAt', 'last_finished_at'],
  ['failedAt', 'failed_at'],
  ['failCount', 'fail_count'],
  ['failReason', 'fail_reason'],
  ['progress', 'progress'],
] as const satisfies readonly (readonly [keyof JobParameters, keyof JobColumns])[];

/** What an update of an existing job writes: everything but the processor's fields the caller left out. */
function forUpdate(job: JobParameters, columns: JobColumns): Partial<JobColumns> {
  const update: Partial<JobColumns> = { ...columns };
  for (const [field, column] of PROCESSOR_COLUMNS) if (job[field] === undefined) delete update[column];
  return update;
}

/** Saves `job`; returns it as stored (or as given, when it was updated by id but removed meanwhile). */
export function saveJob(table: JobTable, job: JobParameters, options: JobRepositoryOptions | undefined, now: Date): JobParameters {
  const columns = toColumns(job, options?.lastModifiedBy);
  const update = forUpdate(job, columns);

  if (job._id) {
    const updated = table.update(String(job._id), update, { sql: 'name = ?', params: [job.name] });
    // Removed while the caller held it: answer with what it had, as the mongo backend does.
    return updated ? fromRow(updated) : job;
  }

  if (job.type === 'single') {
    const existing = table.findOne({ sql: `name = ? AND type = 'single'`, params: [job.name] });
    if (!existing) return fromRow(table.insert(columns));
    // A due run of a recurring job is kept: re-declaring it at start-up must not skip or delay it.
    if (columns.next_run_at !== null && columns.next_run_at <= now.getTime()) delete update.next_run_at;
    return fromRow(table.update(existing.id, update) ?? existing);
  }

  if (job.unique) {
    const constraint = whereFromUnique(job.unique);
    const existing = table.findOne({ sql: `name = ? AND (${constraint.sql})`, params: [job.name, ...constraint.params] });
    const debounce = job.uniqueOpts?.debounce;
    if (debounce) return fromRow(saveDebounced(table, existing, columns, update, debounce, now));
    if (!existing) return fromRow(table.insert(columns));
    if (job.uniqueOpts?.insertOnly) return fromRow(existing);
    return fromRow(table.update(existing.id, update) ?? existing);
  }

  return fromRow(table.insert(columns));
}

type Debounce = NonNullable<NonNullable<JobParameters['uniqueOpts']>['debounce']>;

function saveDebounced(table: JobTable, existing: JobRow | undefined, columns: JobColumns, update: Partial<JobColumns>, debounce: Debounce, now: Date): JobRow {
  const at = now.getTime();
  const leading = debounce.strategy === 'leading';
  if (!existing) {
    if (leading) return table.insert({ ...columns, debounce_started_at: at });
    return table.insert({ ...columns, next_run_at: at + debounce.delay, debounce_started_at: at });
  }
  const startedAt = existing.debounce_started_at ?? at;
  if (leading) {
    // Leading: it runs on its first schedule; later saves only refresh the data.
    return table.update(existing.id, { ...update, next_run_at: existing.next_run_at, debounce_started_at: startedAt }) ?? existing;
  }
  const forced = debounce.maxWait !== undefined && at - startedAt >= debounce.maxWait;
  const next = forced ? { ...update, next_run_at: at, debounce_started_at: null } : { ...update, next_run_at: at + debounce.delay, debounce_started_at: startedAt };
  return table.update(existing.id, next) ?? existing;
}
