/**
 * `@agendajs/mongo-backend` with exclusive job locks on FerretDB 1.x.
 *
 * The mongo backend locks a job with one `findOneAndUpdate({ lockedAt: null, ... })`. FerretDB 1.x
 * runs that as "query, then UPDATE by _id" without re-checking the filter, so two Agenda instances
 * both lock and run the same job (the shared contract suite shows it: most of 20 jobs ran twice).
 * This repository keeps every other operation of the mongo backend and replaces the two lock
 * operations by: take a short claim on the job through a unique `_id` insert (atomic everywhere,
 * see lock.ts), re-read the job, and lock it only if it is still lockable. On
 * MongoDB, where the filter is atomic anyway, this costs two extra round trips per lock.
 */
import { MongoBackend, type MongoJobRepository } from '@agendajs/mongo-backend';
import type { AgendaBackend, JobParameters, JobRepository, JobRepositoryOptions } from 'agenda';
import { ObjectId, type Collection, type Document, type Filter } from 'mongodb';
import { randomUUID } from 'node:crypto';
import { TransitionLocks } from './lock.ts';

/** How many due jobs one lock attempt considers, so racing instances spread over them. */
const CANDIDATES = 8;
/** A claim is held for one read and one write; one older than this was left by a dead process. */
const CLAIM_STALE_MS = 30_000;

type Claims = ConstructorParameters<typeof TransitionLocks>[0];

function guardedRepository(inner: MongoJobRepository, claims: () => TransitionLocks): JobRepository {
  const jobs = (): Collection<Document> => inner.collection as unknown as Collection<Document>;

  async function lockIfStill(id: ObjectId, filter: Filter<Document>, at: Date, options: JobRepositoryOptions | undefined): Promise<JobParameters | undefined> {
    const held = await claims().with(id.toHexString(), 0, async () => {
      const fresh = await jobs().findOne({ ...filter, _id: id });
      if (!fresh) return false;
      await jobs().updateOne({ _id: id }, { $set: { lockedAt: at, lastModifiedBy: options?.lastModifiedBy ?? null } });
      return true;
    });
    if (!held?.value) return undefined;
    return (await inner.getJobById(id.toHexString())) ?? undefined;
  }

  const guarded: Partial<JobRepository> = {
    async getNextJobToRun(jobName, nextScanAt, lockDeadline, now, options) {
      const filter: Filter<Document> = {
        name: jobName,
        disabled: { $ne: true },
        $or: [{ lockedAt: { $eq: null }, nextRunAt: { $lte: nextScanAt } }, { lockedAt: { $lte: lockDeadline } }],
      };
      const candidates = await jobs().find(filter, { projection: { _id: 1 } }).sort({ nextRunAt: 1, priority: -1 }).limit(CANDIDATES).toArray();
      for (const candidate of candidates) {
        const locked = await lockIfStill(candidate._id as ObjectId, filter, now ?? new Date(), options);
        if (locked) return locked;
      }
      return undefined;
    },
    async lockJob(job, options) {
      if (!job._id) return undefined;
      const filter: Filter<Document> = { name: job.name, lockedAt: null, nextRunAt: job.nextRunAt, disabled: { $ne: true } };
      return lockIfStill(new ObjectId(String(job._id)), filter, new Date(), options);
    },
  };
  // Everything else is the mongo backend's own implementation, bound to it.
  return new Proxy(inner as unknown as JobRepository, {
    get(target, property, receiver) {
      if (property in guarded) return guarded[property as keyof JobRepository];
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

type MongoBackendConfig = ConstructorParameters<typeof MongoBackend>[0];

/** `MongoBackend` whose locks stay exclusive on FerretDB 1.x; claims live in `<collection>_claims`. */
export class GuardedMongoBackend implements AgendaBackend {
  readonly name = 'MongoDB';
  readonly repository: JobRepository;
  private readonly inner: MongoBackend;
  private claims: TransitionLocks | null = null;

  constructor(private readonly config: MongoBackendConfig) {
    this.inner = new MongoBackend(config);
    this.repository = guardedRepository(this.inner.repository as MongoJobRepository, () => {
      if (!this.claims) throw new Error('the scheduler backend is not connected; start the scheduler first');
      return this.claims;
    });
  }

  get ownsConnection(): boolean {
    return this.inner.ownsConnection;
  }

  get logger(): AgendaBackend['logger'] {
    return this.inner.logger;
  }

  async connect(): Promise<void> {
    await this.inner.connect();
    const db = (this.inner.repository as MongoJobRepository).getDb();
    const claims = db.collection(`${this.config.collection ?? 'agendaJobs'}_claims`) as unknown as Claims;
    this.claims = new TransitionLocks(claims, randomUUID(), CLAIM_STALE_MS);
  }

  async disconnect(): Promise<void> {
    this.claims = null;
    await this.inner.disconnect();
  }
}
