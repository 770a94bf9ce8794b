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
import { fromStored, toStored, toStoredValue, type StoredTask } from './codec.ts';
import { ensureIndexes, findPage } from './collection.ts';
import { isDuplicateKey, TransitionLocks } from './lock.ts';
import { hasElemMatchSubQuery, supportsElemMatchSubQuery } from './query.ts';
import sift from 'sift';
import {
  VersionConflictError,
  type ClaimOptions,
  type CreateResult,
  type CreateTaskInput,
  type ListOptions,
  type ListResult,
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

const NEWEST_FIRST = { 'meta.createdAt': -1, _id: -1 } as const;
const OLDEST_FIRST = { 'meta.createdAt': 1, _id: 1 } as const;
/** How many claimable tasks one claim attempt considers, so racing workers spread over them. */
const CLAIM_BATCH = 16;
const CLAIM_ROUNDS = 8;

const INDEXES: IndexDescription[] = [
  { key: { sourceKey: 1 }, name: 'source_unique', unique: true },
  { key: { 'meta.state': 1, 'meta.runAfter': 1 }, name: 'state_runAfter' },
  { key: { 'meta.state': 1, 'meta.lease.until': 1 }, name: 'state_leaseUntil' },
  { key: { 'meta.createdAt': 1 }, name: 'createdAt' },
];

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
      this.elemMatchQueries = await supportsElemMatchSubQuery(tasks as never);
      this.tasksCollection = tasks;
      this.locks = new TransitionLocks(db.collection(`${prefix}task_locks`), this.instanceId, this.options.lockStaleMs ?? 30_000);
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
      { 'meta.state': 'ready', $or: [{ 'meta.runAfter': null }, { 'meta.runAfter': { $lte: now } }] },
      { 'meta.state': 'running', 'meta.lease.until': { $lte: now } },
    ];
    const claimable: Filter<StoredTask> = { $or: claimableNow };
    if (options.taskId !== undefined) {
      if (typeof options.taskId !== 'string') return null;
      claimable._id = options.taskId;
    }
    const lease = toStoredValue({ owner, until: new Date(now.getTime() + leaseMs) }, ['lease']);
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
          // evaluates anything else (an `$and` included) by reading every task, which made each claim
          // attempt a scan of the whole collection.
          this.tasks.findOneAndUpdate(
            { _id: candidate._id, 'meta.version': version, $or: claimableNow },
            {
              $set: { 'meta.state': 'running', 'meta.lease': lease, 'meta.updatedAt': new Date(now.getTime()) },
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
    const { docs, total } = await findPage(this.tasks, this.query(states, options.filter), NEWEST_FIRST, { skip, limit });
    return { items: docs.map(fromStored), total };
  }

  async count(options: Omit<ListOptions, 'limit' | 'skip'>): Promise<number> {
    const states = checkStates(options.state);
    const local = this.localMatches(states, options.filter);
    if (local) return (await local).length;
    return this.tasks.countDocuments(this.query(states, options.filter));
  }

  async nextRunAfter(): Promise<Date | null> {
    // Sort + limit rather than $group/$min: FerretDB 1.x has no $min accumulator.
    const [doc] = await this.tasks
      .find({ 'meta.state': 'ready', 'meta.runAfter': { $ne: null } }, { projection: { 'meta.runAfter': 1 } })
      .sort({ 'meta.runAfter': 1 })
      .limit(1)
      .toArray();
    const runAfter = doc?.meta.runAfter;
    return runAfter instanceof Date ? new Date(runAfter.getTime()) : null;
  }

  private query(states: TaskState[] | undefined, filter: unknown): Filter<StoredTask> {
    const parts: Filter<StoredTask>[] = [];
    if (states !== undefined) parts.push({ 'meta.state': { $in: states } });
    // Validated against the operator allow-list: filters come from outside.
    if (filter !== undefined) parts.push(toStoredFilter(filter) as Filter<StoredTask>);
    return parts.length === 0 ? {} : parts.length === 1 ? parts[0]! : { $and: parts };
  }

  /** Newest-first matches evaluated with sift, when the server cannot run `filter`; otherwise undefined. */
  private localMatches(states: TaskState[] | undefined, filter: unknown): Promise<StoredTask[]> | undefined {
    if (filter === undefined || this.elemMatchQueries) return undefined;
    const stored = toStoredFilter(filter);
    if (!hasElemMatchSubQuery(stored)) return undefined;
    const test = sift(stored);
    return this.tasks
      .find(this.query(states, undefined))
      .sort(NEWEST_FIRST)
      .toArray()
      .then((docs) => docs.filter((doc) => test(doc)));
  }
}
