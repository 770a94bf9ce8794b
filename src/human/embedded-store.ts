/**
 * HumanTaskStore on nedb: `human_tasks.db` beside the task store's file, for the embedded (one
 * process) mode. Writes go through one in-process mutex, which is what makes idempotent creates and
 * version-checked saves atomic here, as in the embedded TaskStore.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import Datastore from '@seald-io/nedb';
import { decodeDoc, encodeDoc } from '../store/keys.ts';
import { VersionConflictError } from '../store/types.ts';
import { checkFilter, checkNewHumanTask, filterQuery, MOST_URGENT_FIRST, newHumanTask, OPEN_STATUSES, priorityRank } from './common.ts';
import type { HumanTask, HumanTaskFilter, HumanTaskStore, NewHumanTask } from './types.ts';

/** A human task as nedb holds it: keys encoded (context and answers come from outside), plus its sort rank. */
type StoredHumanTask = HumanTask & { priorityRank: number };

/** Runs async functions one at a time, in call order. */
class Mutex {
  private tail: Promise<unknown> = Promise.resolve();
  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.tail.then(fn, fn);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

function toStored(task: HumanTask): StoredHumanTask {
  return { ...encodeDoc(task), priorityRank: priorityRank(task.priority) };
}

function fromStored(doc: StoredHumanTask): HumanTask {
  const { priorityRank: _rank, ...task } = decodeDoc(doc);
  return task;
}

export class EmbeddedHumanTaskStore implements HumanTaskStore {
  readonly filename: string;
  private db: Datastore<StoredHumanTask> | null = null;
  private readonly writes = new Mutex();

  constructor(
    readonly dataDir: string,
    private readonly options: { autocompactionMs?: number } = {},
  ) {
    this.filename = join(dataDir, 'human_tasks.db');
  }

  async start(): Promise<void> {
    if (this.db) return;
    await mkdir(this.dataDir, { recursive: true });
    const db = new Datastore<StoredHumanTask>({ filename: this.filename });
    try {
      await db.loadDatabaseAsync();
    } catch (error) {
      throw new Error(`cannot open the human task store ${this.filename}: ${(error as Error).message}`, { cause: error });
    }
    await db.ensureIndexAsync({ fieldName: 'key', unique: true });
    await db.ensureIndexAsync({ fieldName: 'status' });
    await db.ensureIndexAsync({ fieldName: 'taskId', sparse: true });
    db.setAutocompactionInterval(Math.max(5_000, this.options.autocompactionMs ?? 60_000));
    this.db = db;
  }

  async stop(): Promise<void> {
    const db = this.db;
    if (!db) return;
    await this.writes.run(async () => undefined);
    this.db = null;
    db.stopAutocompaction();
    await db.compactDatafileAsync();
  }

  private get store(): Datastore<StoredHumanTask> {
    if (!this.db) throw new Error('the embedded human task store is not started; call start() first');
    return this.db;
  }

  async create(input: NewHumanTask, now: Date): Promise<{ task: HumanTask; created: boolean }> {
    checkNewHumanTask(input, now);
    return this.writes.run(async () => {
      const existing = await this.store.findOneAsync({ key: input.key });
      if (existing) return { task: fromStored(existing), created: false };
      const task = newHumanTask(input, now);
      const stored = toStored(task);
      await this.store.insertAsync(stored);
      return { task: fromStored(stored), created: true };
    });
  }

  async get(id: string): Promise<HumanTask | null> {
    if (typeof id !== 'string') return null;
    const doc = await this.store.findOneAsync({ _id: id });
    return doc ? fromStored(doc) : null;
  }

  async list(filter: HumanTaskFilter): Promise<{ items: HumanTask[]; total: number }> {
    const checked = checkFilter(filter);
    const query = filterQuery(checked);
    const total = await this.store.countAsync(query);
    if (checked.limit === 0) return { items: [], total };
    let cursor = this.store.findAsync(query).sort(MOST_URGENT_FIRST).skip(checked.skip);
    if (checked.limit !== undefined) cursor = cursor.limit(checked.limit);
    const docs = (await cursor) as unknown as StoredHumanTask[];
    return { items: docs.map(fromStored), total };
  }

  async save(task: HumanTask, expectedVersion: number): Promise<HumanTask> {
    return this.writes.run(async () => {
      const current = await this.store.findOneAsync({ _id: task._id });
      if (current?.version !== expectedVersion) throw new VersionConflictError(task._id, expectedVersion);
      const stored = toStored({ ...task, version: expectedVersion + 1 });
      await this.store.updateAsync({ _id: task._id }, stored, {});
      return fromStored(stored);
    });
  }

  async dueBefore(before: Date): Promise<HumanTask[]> {
    const docs = await this.store.findAsync({ status: { $in: [...OPEN_STATUSES] }, dueAt: { $lt: before } }).sort({ dueAt: 1, _id: 1 });
    return (docs as unknown as StoredHumanTask[]).map(fromStored);
  }
}
