/**
 * HumanTaskStore on MongoDB (or FerretDB 1.x): collection `human_tasks` in the task store's database.
 * Keeps to what FerretDB 1.x supports, as the task store does: plain unique indexes created one per
 * command, key-encoded documents with nested arrays wrapped (codec.ts), and version changes
 * guarded by transition locks (lock.ts) because FerretDB 1.x does not re-check an update's
 * filter when it writes.
 */
import { randomUUID } from 'node:crypto';
import { Db, MongoClient, type Collection } from 'mongodb';
import { redact } from '../../config.ts';
import { insertOrFindWinner } from '../common.ts';
import { fromStoredValue, toStoredValue } from './codec.ts';
import { ensureIndexes, findPage } from './collection.ts';
import { isDuplicateKey, TransitionLocks } from './lock.ts';
import { VersionConflictError } from '../types.ts';
import { checkFilter, checkNewHumanTask, filterQuery, MOST_URGENT_FIRST, newHumanTask, OPEN_STATUSES, priorityRank } from '../../human/common.ts';
import type { HumanTask, HumanTaskFilter, HumanTaskStore, NewHumanTask } from '../../human/types.ts';

type StoredHumanTask = HumanTask & { priorityRank: number };

/**
 * Where the collection lives: a `Db` (or a function returning it once the task store has started),
 * a connected client plus a database name, or a URI for a client this store opens and closes itself.
 */
export type MongoHumanTaskSource = Db | (() => Db) | { client: MongoClient; dbName: string } | { uri: string; dbName?: string };

export interface MongoHumanTaskStoreOptions {
  /** Prefix of the collection names (`<prefix>human_tasks`, `<prefix>human_task_locks`). */
  collectionPrefix?: string;
  /** Age after which a transition lock is treated as left by a dead process; 30 s by default. */
  lockStaleMs?: number;
  /** How long `start()` waits for a server when it opens its own client; 10 s by default. */
  serverSelectionTimeoutMS?: number;
}

const INDEXES: { key: Record<string, 1>; name: string; unique?: true }[] = [
  { key: { key: 1 }, name: 'key_unique', unique: true },
  { key: { status: 1, dueAt: 1 }, name: 'status_dueAt' },
  { key: { priorityRank: 1, dueAt: 1 }, name: 'urgency' },
  { key: { taskId: 1 }, name: 'taskId' },
];

function toStored(task: HumanTask): StoredHumanTask {
  return { ...toStoredValue(task, []), priorityRank: priorityRank(task.priority) };
}

function fromStored(doc: StoredHumanTask): HumanTask {
  const { priorityRank: _rank, ...task } = fromStoredValue(doc);
  return task;
}

export class MongoHumanTaskStore implements HumanTaskStore {
  private collection: Collection<StoredHumanTask> | null = null;
  private locks: TransitionLocks | null = null;
  private ownClient: MongoClient | null = null;
  private readonly instanceId = randomUUID();

  constructor(
    private readonly source: MongoHumanTaskSource,
    private readonly options: MongoHumanTaskStoreOptions = {},
  ) {}

  async start(): Promise<void> {
    if (this.collection) return;
    const db = await this.openDb();
    const prefix = this.options.collectionPrefix ?? '';
    const collection = db.collection<StoredHumanTask>(`${prefix}human_tasks`);
    await ensureIndexes(collection, INDEXES);
    this.locks = new TransitionLocks(db.collection(`${prefix}human_task_locks`), this.instanceId, this.options.lockStaleMs ?? 30_000);
    this.collection = collection;
  }

  private async openDb(): Promise<Db> {
    const source = this.source;
    if (typeof source === 'function') return source();
    if (source instanceof Db) return source;
    if ('uri' in source) {
      const client = new MongoClient(source.uri, { ignoreUndefined: true, serverSelectionTimeoutMS: this.options.serverSelectionTimeoutMS ?? 10_000 });
      try {
        await client.connect();
      } catch (error) {
        const reason = redact(error instanceof Error ? error.message : String(error), { MONGODB_URI: source.uri });
        throw new Error(`cannot connect to MongoDB at ${redact(source.uri, {})} for human tasks (check MONGODB_URI): ${reason}`, { cause: error });
      }
      this.ownClient = client;
      return client.db(source.dbName);
    }
    return source.client.db(source.dbName);
  }

  async stop(): Promise<void> {
    this.collection = null;
    this.locks = null;
    const client = this.ownClient;
    this.ownClient = null;
    await client?.close();
  }

  private get tasks(): Collection<StoredHumanTask> {
    if (!this.collection) throw new Error('the mongodb human task store is not started; call start() first');
    return this.collection;
  }

  async create(input: NewHumanTask, now: Date): Promise<{ task: HumanTask; created: boolean }> {
    checkNewHumanTask(input, now);
    const existing = await this.tasks.findOne({ key: input.key });
    if (existing) return { task: fromStored(existing), created: false };
    const stored = toStored(newHumanTask(input, now));
    // A concurrent create with the same key may win: the unique index makes that atomic everywhere.
    const winner = await insertOrFindWinner(() => this.tasks.insertOne(stored), isDuplicateKey, () => this.tasks.findOne({ key: input.key }));
    if (winner) return { task: fromStored(winner), created: false };
    return { task: fromStored(stored), created: true };
  }

  async get(id: string): Promise<HumanTask | null> {
    if (typeof id !== 'string') return null;
    const doc = await this.tasks.findOne({ _id: id });
    return doc ? fromStored(doc) : null;
  }

  async list(filter: HumanTaskFilter): Promise<{ items: HumanTask[]; total: number }> {
    const checked = checkFilter(filter);
    const { docs, total } = await findPage(this.tasks, filterQuery(checked), MOST_URGENT_FIRST, checked);
    return { items: docs.map(fromStored), total };
  }

  async save(task: HumanTask, expectedVersion: number): Promise<HumanTask> {
    if (!this.locks) throw new Error('the mongodb human task store is not started; call start() first');
    const stored = toStored({ ...task, version: expectedVersion + 1 });
    if (!(await this.locks.replaceAtVersion(this.tasks, task._id, 'version', expectedVersion, stored))) {
      throw new VersionConflictError(task._id, expectedVersion);
    }
    return fromStored(stored);
  }

  async dueBefore(before: Date): Promise<HumanTask[]> {
    const docs = await this.tasks
      .find({ status: { $in: [...OPEN_STATUSES] }, dueAt: { $lt: before } })
      .sort({ dueAt: 1, _id: 1 })
      .toArray();
    return docs.map(fromStored);
  }
}
