/**
 * HumanTaskStore on nedb: `human_tasks.db` beside the task store's file, for the embedded (one
 * process) mode. Writes go through one in-process mutex, which is what makes idempotent creates and
 * version-checked saves atomic here, as in the embedded TaskStore.
 */
import { join } from 'node:path';
import type Datastore from '@seald-io/nedb';
import { decodeDoc, encodeDoc } from '../keys.ts';
import { findPage, NedbFile } from './file.ts';
import { checkFilter, checkNewHumanTask, filterQuery, MOST_URGENT_FIRST, newHumanTask, OPEN_STATUSES, priorityRank } from '../../human/common.ts';
import type { HumanTask, HumanTaskFilter, HumanTaskStore, NewHumanTask } from '../../human/types.ts';

/** A human task as nedb holds it: keys encoded (context and answers come from outside), plus its sort rank. */
type StoredHumanTask = HumanTask & { priorityRank: number };

function toStored(task: HumanTask): StoredHumanTask {
  return { ...encodeDoc(task), priorityRank: priorityRank(task.priority) };
}

function fromStored(doc: StoredHumanTask): HumanTask {
  const { priorityRank: _rank, ...task } = decodeDoc(doc);
  return task;
}

export class EmbeddedHumanTaskStore implements HumanTaskStore {
  readonly filename: string;
  private readonly file: NedbFile<StoredHumanTask>;

  constructor(
    readonly dataDir: string,
    options: { autocompactionMs?: number } = {},
  ) {
    this.filename = join(dataDir, 'human_tasks.db');
    this.file = new NedbFile({
      filename: this.filename,
      description: 'the human task store',
      notOpen: 'the embedded human task store is not started; call start() first',
      indexes: [{ fieldName: 'key', unique: true }, { fieldName: 'status' }, { fieldName: 'taskId', sparse: true }],
      autocompactionMs: options.autocompactionMs,
    });
  }

  start(): Promise<void> {
    return this.file.open();
  }

  /** Lets queued writes finish before the file is compacted and dropped. */
  stop(): Promise<void> {
    return this.file.close();
  }

  private get store(): Datastore<StoredHumanTask> {
    return this.file.store;
  }

  async create(input: NewHumanTask, now: Date): Promise<{ task: HumanTask; created: boolean }> {
    checkNewHumanTask(input, now);
    return this.file.writes.run(async () => {
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
    const { docs, total } = await findPage(this.store, filterQuery(checked), MOST_URGENT_FIRST, checked);
    return { items: docs.map(fromStored), total };
  }

  async save(task: HumanTask, expectedVersion: number): Promise<HumanTask> {
    const stored = await this.file.replaceAtVersion(
      task._id,
      expectedVersion,
      (current) => current.version,
      () => toStored({ ...task, version: expectedVersion + 1 }),
    );
    return fromStored(stored);
  }

  async dueBefore(before: Date): Promise<HumanTask[]> {
    const docs = await this.store.findAsync({ status: { $in: [...OPEN_STATUSES] }, dueAt: { $lt: before } }).sort({ dueAt: 1, _id: 1 });
    return (docs as unknown as StoredHumanTask[]).map(fromStored);
  }
}
