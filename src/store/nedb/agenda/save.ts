/**
 * `saveJob` for nedb: plain insert, update by id, the one-per-name `single` jobs of `every()`, and
 * `unique()` upserts with insert-only and debounce. Callers hold the repository's write mutex, which
 * is what makes the find-then-write sequences here atomic.
 */
import type Datastore from '@seald-io/nedb';
import type { JobParameters, JobRepositoryOptions } from 'agenda';
import { toJobParameters, toStoredFields, type StoredJob, type StoredJobFields } from './documents.ts';
import { assertSafeUnique } from './filters.ts';

type Jobs = Datastore<StoredJob>;

async function updateOne(db: Jobs, query: Record<string, unknown>, fields: Partial<StoredJobFields>): Promise<StoredJob | null> {
  const result = await db.updateAsync<StoredJob, { returnUpdatedDocs: true; multi: false }>(query, { $set: fields }, { returnUpdatedDocs: true, multi: false });
  return (result.affectedDocuments as StoredJob | null) ?? null;
}

async function insert(db: Jobs, fields: StoredJobFields): Promise<StoredJob> {
  return (await db.insertAsync(fields as StoredJob)) as StoredJob;
}

/** Saves a job the way the mongo backend does; returns the stored job. */
export async function saveJob<DATA>(db: Jobs, job: JobParameters<DATA>, options: JobRepositoryOptions | undefined, now: Date): Promise<JobParameters<DATA>> {
  const fields = toStoredFields(job as JobParameters, options?.lastModifiedBy);
  // `unique`/`uniqueOpts` select the upsert; like the mongo backend, they are not stored on the job.
  fields.unique = null;
  fields.uniqueOpts = null;
  const done = (doc: StoredJob) => toJobParameters(doc) as JobParameters<DATA>;

  if (job._id) {
    const updated = await updateOne(db, { _id: String(job._id), name: job.name }, fields);
    // Removed while the caller held it: answer with what it had, as the mongo backend does.
    return updated ? done(updated) : job;
  }

  if (job.type === 'single') {
    const existing = await db.findOneAsync({ name: job.name, type: 'single' });
    if (!existing) return done(await insert(db, fields));
    // A due run of a recurring job is kept: re-declaring it at start-up must not skip or delay it.
    const update: Partial<StoredJobFields> = { ...fields };
    if (fields.nextRunAt && fields.nextRunAt <= now) delete update.nextRunAt;
    return done((await updateOne(db, { _id: existing._id }, update)) ?? existing);
  }

  if (job.unique) {
    assertSafeUnique(job.unique);
    const query = { ...job.unique, name: job.name };
    const existing = await db.findOneAsync(query);
    const debounce = job.uniqueOpts?.debounce;
    if (debounce) return done(await saveDebounced(db, existing, fields, debounce, now));
    if (!existing) return done(await insert(db, fields));
    if (job.uniqueOpts?.insertOnly) return done(existing);
    return done((await updateOne(db, { _id: existing._id }, fields)) ?? existing);
  }

  return done(await insert(db, fields));
}

type Debounce = NonNullable<NonNullable<JobParameters['uniqueOpts']>['debounce']>;

async function saveDebounced(db: Jobs, existing: StoredJob | null, fields: StoredJobFields, debounce: Debounce, now: Date): Promise<StoredJob> {
  const leading = debounce.strategy === 'leading';
  if (!existing) {
    if (leading) return insert(db, { ...fields, debounceStartedAt: now });
    return insert(db, { ...fields, nextRunAt: new Date(now.getTime() + debounce.delay), debounceStartedAt: now });
  }
  const startedAt = existing.debounceStartedAt ?? now;
  if (leading) {
    return (await updateOne(db, { _id: existing._id }, { ...fields, nextRunAt: existing.nextRunAt, debounceStartedAt: startedAt })) ?? existing;
  }
  const waited = now.getTime() - startedAt.getTime();
  const forced = debounce.maxWait !== undefined && waited >= debounce.maxWait;
  const update = forced
    ? { ...fields, nextRunAt: now, debounceStartedAt: null }
    : { ...fields, nextRunAt: new Date(now.getTime() + debounce.delay), debounceStartedAt: startedAt };
  return (await updateOne(db, { _id: existing._id }, update)) ?? existing;
}
