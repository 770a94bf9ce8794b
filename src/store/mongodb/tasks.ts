/**
 * The production TaskStore: the official `mongodb` driver, shared by many worker processes.
 * Runs on MongoDB and on FerretDB 1.x (what the tests use), so it keeps to what both support:
 * no partial or TTL indexes, no transactions, no `$lookup`/`$facet`, no `$min` accumulator, and
 * compare-and-set through unique inserts (see lock.ts) rather than trusting filtered updates.
 */
import { randomUUID } from 'node:crypto';
import { MongoClient, type Collection, type Db, type Filter, type IndexDescription } from 'mongodb';
import type { Task, TaskState } from '../../engine/types.ts';
import { redact } from '../../config.ts';
import { checkCreateInput, checkPaging, checkStates, insertOrFindWinner, newTask, newTaskId, sourceKey } from '../common.ts';
import { toStoredFilter } from '../filter.ts';
import { ACTIVE_STATES, fromStored, queueFields, TASK_LAYOUT, toStored, toStoredValue, type StoredTask } from './codec.ts';
import { countUnion, dropIndexes, ensureIndexes, findPageOfUnion } from './collection.ts';
import { isDuplicateKey, TransitionLocks } from './lock.ts';
import { hasElemMatchSubQuery, supportsElemMatchSubQuery } from './query.ts';
import { MongoReservations } from './reservations.ts';
import sift from 'sift';
import {
  VersionConflictError,
  type ClaimOptions,
  type CreateResult,
  type CreateTaskInput,
  type ListOptions,
  type ListResult,
  type Reservation,
  type TaskStore,
} from '../types.ts';

export interface MongoStoreOptions {
  /** Database name; otherwise the one in the URI's path, otherwise `triage`. */
  dbName?: string;
  /** Prefix of the collection names (`<prefix>tasks`, `<prefix>task_locks`); empty by default. */
  collectionPrefix?: string;
  /** How long `start()` waits for a server; 10 s by default. */
  serverSelectionTimeoutMS?: number;
  /** Age after which a transition lock is considered left by a dead worker; 30 s by default. */
  lockStaleMs?: number;
}

// Top-level copies (codec.ts QueueFields): FerretDB 1.x sorts in memory whatever the field, but
// MongoDB walks these orders in the indexes below.
const NEWEST_FIRST = { createdAt: -1, _id: -1 } as const;
const OLDEST_FIRST = { createdAt: 1, _id: 1 } as const;
/** How many claimable tasks one claim attempt considers, so racing workers spread over them. */
const CLAIM_BATCH = 16;
const CLAIM_ROUNDS = 8;
/** Old-shape tasks upgraded per read while `start()` backfills the top-level copies. */
const BACKFILL_BATCH = 200;

/**
 * On FerretDB 1.x none of these serve a query (it compares with `@>`, which a PostgreSQL btree
 * cannot answer; see docs/ferretdb-notes.md), so there they only cost writes; on MongoDB they are
 * what claims and lists walk. `active_createdAt` is the claim's order over ready and running tasks.
 */
const INDEXES: IndexDescription[] = [
  { key: { sourceKey: 1 }, name: 'source_unique', unique: true },
  { key: { active: 1, createdAt: 1, _id: 1 }, name: 'active_createdAt' },
  { key: { state: 1, runAfter: 1 }, name: 'top_state_runAfter' },
  { key: { state: 1, createdAt: 1 }, name: 'top_state_createdAt' },
  { key: { createdAt: 1 }, name: 'top_createdAt' },
];
/** Indexes on the nested `meta` fields, from before the top-level copies: dropped at start. */
const OBSOLETE_INDEXES = ['state_runAfter', 'state_leaseUntil', 'createdAt'];

/** The database name in a `mongodb://` or `mongodb+srv://` URI's path, if any. */
export function dbNameFromUri(uri: string): string | undefined {
  const match = /^mongodb(?:\+srv)?:\/\/[^/?]*\/([^?]*)/.exec(uri);
  const name = match?.[1] ? decodeURIComponent(match[1]) : '';
  return name === '' ? undefined : name;
}

/**
 * TaskStore on MongoDB (or FerretDB). `list` returns newest first, `claim` takes the oldest claimable
 * task first; ids are the ULID-style strings of common.ts.
 */
export class MongoTaskStore implements TaskStore {
  private client: MongoClient | null = null;
  private tasksCollection: Collection<StoredTask> | null = null;
  private locks: TransitionLocks | null = null;
  private reservations: MongoReservations | null = null;
  private readonly instanceId = randomUUID();
  /** False on FerretDB 1.x: such filters are then evaluated here (see query.ts). */
  private elemMatchQueries = true;

  constructor(
    private readonly uri: string,
    private readonly options: MongoStoreOptions = {},
  ) {}

  /** The database the store uses once started (for tests and the scheduler sharing it). */
  db(): Db {
    if (!this.client) throw new Error('the mongodb task store is not started; call start() first');
    return this.client.db(this.options.dbName ?? dbNameFromUri(this.uri) ?? 'triage');
  }

  async start(): Promise<void> {
    if (this.client) return;
    const where = redact(this.uri, {});
    let client: MongoClient;
    try {
      // Optional fields left undefined must stay absent, not become null.
      client = new MongoClient(this.uri, {
        ignoreUndefined: true,
        serverSelectionTimeoutMS: this.options.serverSelectionTimeoutMS ?? 10_000,
      });
      await client.connect();
    } catch (error) {
      const reason = redact(error instanceof Error ? error.message : String(error), { MONGODB_URI: this.uri });
      throw new Error(`cannot connect to MongoDB at ${where} (check MONGODB_URI): ${reason}`, { cause: error });
    }
    this.client = client;
    try {
      const db = this.db();
      const prefix = this.options.collectionPrefix ?? '';
      const tasks = db.collection<StoredTask>(`${prefix}tasks`);
      await ensureIndexes(tasks, INDEXES);
      await dropIndexes(tasks, OBSOLETE_INDEXES);
      this.elemMatchQueries = await supportsElemMatchSubQuery(tasks as never);
      this.tasksCollection = tasks;
      this.locks = new TransitionLocks(db.collection(`${prefix}task_locks`), this.instanceId, this.options.lockStaleMs ?? 30_000);
      const reservations = new MongoReservations(db.collection(`${prefix}reservations`));
      await reservations.start();
      this.reservations = reservations;
      await this.backfill();
    } catch (error) {
      this.client = null;
      await client.close().catch(() => undefined);
      const reason = redact(error instanceof Error ? error.message : String(error), { MONGODB_URI: this.uri });
      throw new Error(`connected to ${where} but could not prepare the task collections: ${reason}`, { cause: error });
    }
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = null;
    this.tasksCollection = null;
    this.locks = null;
    this.reservations = null;
    await client?.close();
  }

  private get tasks(): Collection<StoredTask> {
    if (!this.tasksCollection) throw new Error('the mongodb task store is not started; call start() first');
    return this.tasksCollection;
  }

  private get transitions(): TransitionLocks {
    if (!this.locks) throw new Error('the mongodb task store is not started; call start() first');
    return this.locks;
  }

  async create(input: CreateTaskInput): Promise<CreateResult> {
    checkCreateInput(input);
    const key = sourceKey(input.source);
    const task = newTask(newTaskId(), input);
    const stored = toStored(task);
    const winner = await insertOrFindWinner(
      () => this.tasks.insertOne(stored),
      (error) => key !== undefined && isDuplicateKey(error),
      () => this.tasks.findOne({ sourceKey: key }),
    );
    if (winner) return { task: fromStored(winner), created: false };
    return { task: fromStored(stored), created: true };
  }

  async get(id: string): Promise<Task | null> {
    if (typeof id !== 'string') return null;
    const doc = await this.tasks.findOne({ _id: id });
    return doc ? fromStored(doc) : null;
  }

  async claim(options: ClaimOptions): Promise<Task | null> {
    const { owner, leaseMs, now } = options;
    const claimableNow: Filter<StoredTask>[] = [
      { state: 'ready', $or: [{ runAfter: null }, { runAfter: { $lte: now } }] },
      { state: 'running', leaseUntil: { $lte: now } },
    ];
    // `active` is the only part FerretDB 1.x hands PostgreSQL (an equality on a top-level field): it
    // then decodes the ready and running tasks only, not every task ever stored. `$or` stays beside it.
    const claimable: Filter<StoredTask> = { active: true, $or: claimableNow };
    if (options.taskId !== undefined) {
      if (typeof options.taskId !== 'string') return null;
      claimable._id = options.taskId;
    }
    const until = new Date(now.getTime() + leaseMs);
    const lease = toStoredValue({ owner, until }, ['lease']);
    for (let round = 0; round < CLAIM_ROUNDS; round++) {
      const candidates = await this.tasks
        .find(claimable, { projection: { _id: 1, 'meta.version': 1 } })
        .sort(OLDEST_FIRST)
        .limit(CLAIM_BATCH)
        .toArray();
      if (candidates.length === 0) return null;
      for (const candidate of candidates) {
        const version = candidate.meta.version as number;
        const outcome = await this.transitions.with(candidate._id, version, () =>
          // `_id` stays at the top level: FerretDB 1.x hands only top-level equalities to PostgreSQL and
          // evaluates anything else (an `$and` included) by reading every task.
          this.tasks.findOneAndUpdate(
            { _id: candidate._id, 'meta.version': version, $or: claimableNow },
            {
              $set: {
                'meta.state': 'running',
                'meta.lease': lease,
                'meta.updatedAt': new Date(now.getTime()),
                state: 'running',
                active: true,
                leaseUntil: until,
              },
              $inc: { 'meta.version': 1 },
            },
            { returnDocument: 'after' },
          ),
        );
        if (outcome?.value) return fromStored(outcome.value);
      }
    }
    // Every candidate went to other workers several rounds in a row; the caller polls again.
    return null;
  }

  async save(task: Task, expectedVersion: number): Promise<Task> {
    const next: Task = { _id: task._id, data: task.data, meta: { ...task.meta, version: expectedVersion + 1 } };
    const stored = toStored(next);
    if (!(await this.transitions.replaceAtVersion(this.tasks, task._id, 'meta.version', expectedVersion, stored))) {
      throw new VersionConflictError(task._id, expectedVersion);
    }
    return fromStored(stored);
  }

  async list(options: ListOptions): Promise<ListResult> {
    const { skip, limit } = checkPaging(options);
    const states = checkStates(options.state);
    const local = this.localMatches(states, options.filter);
    if (local) {
      const matches = await local;
      const end = limit === undefined ? undefined : skip + limit;
      return { items: matches.slice(skip, end).map(fromStored), total: matches.length };
    }
    const { docs, total } = await findPageOfUnion(this.tasks, this.queries(states, options.filter), NEWEST_FIRST, { skip, limit });
    return { items: docs.map(fromStored), total };
  }

  async count(options: Omit<ListOptions, 'limit' | 'skip'>): Promise<number> {
    const states = checkStates(options.state);
    const local = this.localMatches(states, options.filter);
    if (local) return (await local).length;
    return countUnion(this.tasks, this.queries(states, options.filter));
  }

  reserve(key: string, holder: string, now: Date): Promise<Reservation> {
    return this.reserved.reserve(key, holder, now);
  }

  release(key: string, holder: string): Promise<boolean> {
    return this.reserved.release(key, holder);
  }

  private get reserved(): MongoReservations {
    if (!this.reservations) throw new Error('the mongodb task store is not started; call start() first');
    return this.reservations;
  }

  async nextRunAfter(): Promise<Date | null> {
    // Sort + limit rather than $group/$min: FerretDB 1.x has no $min accumulator. `state` is handed
    // to PostgreSQL; the `$ne` on a date is not, so FerretDB reads the ready tasks only.
    const [doc] = await this.tasks
      .find({ state: 'ready', runAfter: { $ne: null } }, { projection: { runAfter: 1 } })
      .sort({ runAfter: 1 })
      .limit(1)
      .toArray();
    const runAfter = doc?.runAfter;
    return runAfter instanceof Date ? new Date(runAfter.getTime()) : null;
  }

  /**
   * Queries whose union is "in one of `states` and matching `filter`", each with the state as a
   * top-level equality FerretDB 1.x hands to PostgreSQL (one `$in` would make it read every task).
   * Ready + running is the single `active` equality. The data filter sits in `$and` beside it.
   */
  private queries(states: TaskState[] | undefined, filter: unknown): Filter<StoredTask>[] {
    // Validated against the operator allow-list: filters come from outside.
    const data = filter === undefined ? {} : { $and: [toStoredFilter(filter) as Filter<StoredTask>] };
    if (states === undefined) return [data];
    const wanted = [...new Set(states)];
    const byActive = wanted.length === ACTIVE_STATES.length && ACTIVE_STATES.every((s) => wanted.includes(s));
    if (byActive) return [{ active: true, ...data }];
    return wanted.map((state) => ({ state, ...data }));
  }

  /** Newest-first matches evaluated with sift, when the server cannot run `filter`; otherwise undefined. */
  private localMatches(states: TaskState[] | undefined, filter: unknown): Promise<StoredTask[]> | undefined {
    if (filter === undefined || this.elemMatchQueries) return undefined;
    const stored = toStoredFilter(filter);
    if (!hasElemMatchSubQuery(stored)) return undefined;
    const test = sift(stored);
    // Narrowed by state on the server first (see `queries`), then the data filter here.
    return findPageOfUnion(this.tasks, this.queries(states, undefined), NEWEST_FIRST, { skip: 0, limit: undefined }).then(({ docs }) =>
      docs.filter((doc) => test(doc)),
    );
  }

  /**
   * Gives tasks stored before the top-level copies existed (no `layout`, see codec.ts) their copies,
   * so none is left unclaimable. Idempotent, in batches; each task is updated holding the lock of its
   * current version (lock.ts), because a FerretDB update rewrites the whole document it read and
   * would otherwise undo a save landing in between. A task whose lock is held, or that moved on
   * meanwhile, was rewritten whole by its writer; another pass picks up whatever still lacks them.
   */
  private async backfill(): Promise<void> {
    const oldShape: Filter<StoredTask> = { layout: { $ne: TASK_LAYOUT } };
    for (let pass = 0; pass < CLAIM_ROUNDS; pass++) {
      let skipped = 0;
      for (;;) {
        const docs = await this.tasks.find(oldShape).sort({ _id: 1 }).skip(skipped).limit(BACKFILL_BATCH).toArray();
        if (docs.length === 0) break;
        for (const doc of docs) {
          const task = fromStored(doc);
          const version = task.meta.version;
          const outcome = await this.transitions.with(task._id, version, () =>
            this.tasks.updateOne({ _id: task._id, 'meta.version': version, layout: { $ne: TASK_LAYOUT } }, { $set: queueFields(task.meta) }),
          );
          if (!outcome || outcome.value.matchedCount === 0) skipped++;
        }
      }
      if (skipped === 0) return;
    }
  }
}
