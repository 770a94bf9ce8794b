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
import { dropIndexes, ensureIndexes, findPageOfUnion } from './collection.ts';
import { isDuplicateKey, TransitionLocks } from './lock.ts';
import { VersionConflictError } from '../types.ts';
import { checkFilter, checkNewHumanTask, filterQuery, isOpen, MOST_URGENT_FIRST, newHumanTask, OPEN_STATUSES, priorityRank, type CheckedFilter } from '../../human/common.ts';
import type { HumanTask, HumanTaskFilter, HumanTaskStore, NewHumanTask } from '../../human/types.ts';

/**
 * The stored document: the task plus fields derived from it for the inbox. `open` lets the inbox's
 * "open tasks" be one top-level equality, which FerretDB 1.x hands to PostgreSQL (it never pushes
 * down `$in`, so `status: { $in: OPEN_STATUSES }` made it read and decode every human task).
 * `layout` tells documents written before `open` existed; `start()` backfills them.
 */
type StoredHumanTask = HumanTask & { priorityRank: number; open: boolean; layout: number };

const HUMAN_LAYOUT = 2;
/** Beyond this many (status, team) combinations a list runs one `$in` query instead of one query each. */
const MAX_UNION = 8;
const BACKFILL_BATCH = 200;

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

/**
 * What MongoDB walks for the inbox (open, by team or not, in MOST_URGENT_FIRST order), the SLA
 * sweep (`status_dueAt`) and a pipeline task's human tasks. On FerretDB 1.x no index serves a query
 * (see docs/ferretdb-notes.md); there only `key_unique` earns its write cost.
 */
const INDEXES: { key: Record<string, 1>; name: string; unique?: true }[] = [
  { key: { key: 1 }, name: 'key_unique', unique: true },
  { key: { status: 1, dueAt: 1 }, name: 'status_dueAt' },
  { key: { open: 1, priorityRank: 1, dueAt: 1, _id: 1 }, name: 'open_urgency' },
  { key: { team: 1, open: 1, priorityRank: 1, dueAt: 1, _id: 1 }, name: 'team_open_urgency' },
  { key: { taskId: 1 }, name: 'taskId' },
];
/** Replaced by `open_urgency`: every inbox listing filters on `open` or a status first. */
const OBSOLETE_INDEXES = ['urgency'];

/** Exported for the benchmark, which seeds many tasks with insertMany. */
export function toStoredHumanTask(task: HumanTask): StoredHumanTask {
  return { ...toStoredValue(task, []), priorityRank: priorityRank(task.priority), open: isOpen(task), layout: HUMAN_LAYOUT };
}
const toStored = toStoredHumanTask;

function fromStored(doc: StoredHumanTask): HumanTask {
  const { priorityRank: _rank, open: _open, layout: _layout, ...task } = fromStoredValue(doc);
  return task;
}

function sameSet<T>(a: readonly T[], b: readonly T[]): boolean {
  const set = new Set(a);
  return set.size === new Set(b).size && b.every((x) => set.has(x));
}

/**
 * Queries whose union is what `filter` selects, each made of top-level equalities FerretDB 1.x can
 * hand to PostgreSQL: the open statuses become `open: true`, other status lists and team lists one
 * query per value (they match disjoint sets, see findPageOfUnion). Too many combinations fall back
 * to one `$in` query, which FerretDB evaluates itself.
 */
function listQueries(filter: CheckedFilter): Record<string, unknown>[] {
  const base = filterQuery(filter);
  delete base.status;
  delete base.team;
  let statuses: Record<string, unknown>[] = [{}];
  if (filter.statuses) {
    const unique = [...new Set(filter.statuses)];
    if (sameSet(unique, OPEN_STATUSES)) statuses = [{ open: true }];
    else statuses = unique.map((status) => ({ status }));
  }
  let teams: Record<string, unknown>[] = [{}];
  if (filter.team !== undefined) teams = [{ team: filter.team }];
  if (filter.teams !== undefined) teams = [...new Set(filter.teams)].map((team) => ({ team }));
  if (statuses.length * teams.length > MAX_UNION) return [filterQuery(filter)];
  return statuses.flatMap((status) => teams.map((team) => ({ ...base, ...status, ...team })));
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
    await dropIndexes(collection, OBSOLETE_INDEXES);
    this.locks = new TransitionLocks(db.collection(`${prefix}human_task_locks`), this.instanceId, this.options.lockStaleMs ?? 30_000);
    this.collection = collection;
    await this.backfill();
  }

  /**
   * Gives human tasks stored before `open` existed their derived fields, in batches, each under the
   * lock of its current version: a FerretDB update rewrites the whole document it read, so an
   * unguarded one could undo a save landing in between. Idempotent; what a held lock skips, a later
   * pass (or the next start) upgrades, and a save in between writes the new shape anyway.
   */
  private async backfill(): Promise<void> {
    const oldShape = { layout: { $ne: HUMAN_LAYOUT } };
    for (let pass = 0; pass < 8; pass++) {
      let skipped = 0;
      for (;;) {
        const docs = await this.tasks.find(oldShape).sort({ _id: 1 }).skip(skipped).limit(BACKFILL_BATCH).toArray();
        if (docs.length === 0) break;
        for (const doc of docs) {
          const { _id, version, status, priority } = doc;
          const outcome = await this.locks!.with(_id, version, () =>
            this.tasks.updateOne(
              { _id, version, layout: { $ne: HUMAN_LAYOUT } },
              { $set: { open: isOpen({ status }), priorityRank: priorityRank(priority), layout: HUMAN_LAYOUT } },
            ),
          );
          if (!outcome || outcome.value.matchedCount === 0) skipped++;
        }
      }
      if (skipped === 0) return;
    }
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
    const { docs, total } = await findPageOfUnion(this.tasks, listQueries(checked), MOST_URGENT_FIRST, checked);
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
      // `open` rather than `status: { $in }`: an equality FerretDB 1.x hands to PostgreSQL.
      .find({ open: true, dueAt: { $lt: before } })
      .sort({ dueAt: 1, _id: 1 })
      .toArray();
    return docs.map(fromStored);
  }
}
