/**
 * The default, server-less TaskStore: one nedb file (`tasks.db`) under the data directory, used by
 * exactly one process. Writes are serialized through an in-process mutex, which is what makes
 * dedupe, claims and version checks atomic here (the mongodb store gets the same from the server).
 */
import { join } from 'node:path';
import type Datastore from '@seald-io/nedb';
import type { Task, TaskState } from '../../engine/types.ts';
import { checkCreateInput, checkPaging, checkStates, insertOrFindWinner, newTask, newTaskId, sourceKey } from '../common.ts';
import { compileStoredFilter } from '../filter.ts';
import { decodeDoc, encodeDoc } from '../keys.ts';
import { findPage, NedbFile } from './file.ts';
import type { ClaimOptions, CreateResult, CreateTaskInput, ListOptions, ListResult, Reservation, TaskStore } from '../types.ts';

/** A task as nedb holds it: keys encoded, plus the derived dedupe key. */
interface StoredTask {
  _id: string;
  data: Record<string, unknown>;
  meta: Record<string, unknown>;
  sourceKey?: string;
}

export interface EmbeddedStoreOptions {
  /** How often nedb rewrites its append-only file; 60 s by default (nedb's minimum is 5 s). */
  autocompactionMs?: number;
}

const NEWEST_FIRST = { 'meta.createdAt': -1, _id: -1 };
const OLDEST_FIRST = { 'meta.createdAt': 1, _id: 1 };

function toStored(task: Task): StoredTask {
  const stored: StoredTask = { _id: task._id, data: encodeDoc(task.data), meta: encodeDoc(task.meta) as never };
  const key = sourceKey(task.meta.source);
  if (key !== undefined) stored.sourceKey = key;
  return stored;
}

function fromStored(doc: StoredTask): Task {
  return { _id: doc._id, data: decodeDoc(doc.data) as Task['data'], meta: decodeDoc(doc.meta) as unknown as Task['meta'] };
}

/** A reservation (`reserve`/`release`) in `reservations.db`: the key is the `_id`. */
interface StoredReservation {
  _id: string;
  holder: string;
  at: Date;
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { errorType?: unknown }).errorType === 'uniqueViolated';
}

/**
 * TaskStore on `@seald-io/nedb`. Ordering: `list` returns newest first (`meta.createdAt`, then `_id`,
 * descending); `claim` takes the oldest claimable task first. Ids are ULID-style strings.
 */
export class EmbeddedTaskStore implements TaskStore {
  readonly filename: string;
  private readonly file: NedbFile<StoredTask>;
  private readonly reservations: NedbFile<StoredReservation>;

  constructor(
    readonly dataDir: string,
    options: EmbeddedStoreOptions = {},
  ) {
    this.filename = join(dataDir, 'tasks.db');
    this.file = new NedbFile({
      filename: this.filename,
      description: 'the embedded store',
      notOpen: 'the embedded task store is not started; call start() first',
      indexes: [{ fieldName: 'sourceKey', unique: true, sparse: true }, { fieldName: 'meta.state' }],
      autocompactionMs: options.autocompactionMs,
    });
    this.reservations = new NedbFile({
      filename: join(dataDir, 'reservations.db'),
      description: 'the embedded store\'s reservations',
      notOpen: 'the embedded task store is not started; call start() first',
      autocompactionMs: options.autocompactionMs,
    });
  }

  async start(): Promise<void> {
    await this.file.open();
    await this.reservations.open();
  }

  /** Lets queued writes finish before the files are compacted and dropped. */
  async stop(): Promise<void> {
    await this.reservations.close();
    await this.file.close();
  }

  // One process owns the files, so the mutex makes the check and the insert one step.
  async reserve(key: string, holder: string, now: Date): Promise<Reservation> {
    return this.reservations.writes.run(async () => {
      let held = await this.reservations.store.findOneAsync({ _id: key });
      if (!held) held = await this.reservations.store.insertAsync({ _id: key, holder, at: new Date(now.getTime()) });
      return { key, holder: held.holder, at: new Date(held.at.getTime()) };
    });
  }

  async release(key: string, holder: string): Promise<boolean> {
    return this.reservations.writes.run(async () => (await this.reservations.store.removeAsync({ _id: key, holder }, {})) === 1);
  }

  private get store(): Datastore<StoredTask> {
    return this.file.store;
  }

  async create(input: CreateTaskInput): Promise<CreateResult> {
    checkCreateInput(input);
    const key = sourceKey(input.source);
    return this.file.writes.run(async () => {
      if (key !== undefined) {
        const existing = await this.store.findOneAsync({ sourceKey: key });
        if (existing) return { task: fromStored(existing), created: false };
      }
      const task = newTask(newTaskId(), input);
      // A duplicate is only possible if something outside the mutex wrote the same source.
      const winner = await insertOrFindWinner(
        () => this.store.insertAsync(toStored(task)),
        (error) => key !== undefined && isUniqueViolation(error),
        () => this.store.findOneAsync({ sourceKey: key }),
      );
      if (winner) return { task: fromStored(winner), created: false };
      return { task: structuredClone(task), created: true };
    });
  }

  async get(id: string): Promise<Task | null> {
    if (typeof id !== 'string') return null;
    const doc = await this.store.findOneAsync({ _id: id });
    return doc ? fromStored(doc) : null;
  }

  async claim(options: ClaimOptions): Promise<Task | null> {
    const { owner, leaseMs, now } = options;
    return this.file.writes.run(async () => {
      const claimable: Record<string, unknown> = {
        $or: [
          { 'meta.state': 'ready', $or: [{ 'meta.runAfter': null }, { 'meta.runAfter': { $exists: false } }, { 'meta.runAfter': { $lte: now } }] },
          { 'meta.state': 'running', 'meta.lease.until': { $lte: now } },
        ],
      };
      if (options.taskId !== undefined) claimable._id = options.taskId;
      const [doc] = await this.store.findAsync(claimable).sort(OLDEST_FIRST).limit(1);
      if (!doc) return null;
      const task = fromStored(doc);
      task.meta.state = 'running';
      task.meta.lease = { owner, until: new Date(now.getTime() + leaseMs) };
      task.meta.version += 1;
      task.meta.updatedAt = new Date(now.getTime());
      await this.store.updateAsync({ _id: task._id }, toStored(task), {});
      return task;
    });
  }

  async save(task: Task, expectedVersion: number): Promise<Task> {
    const stored = await this.file.replaceAtVersion(
      task._id,
      expectedVersion,
      (current) => (current.meta as { version?: unknown } | undefined)?.version,
      () => toStored({ _id: task._id, data: task.data, meta: { ...task.meta, version: expectedVersion + 1 } }),
    );
    return fromStored(stored);
  }

  async list(options: ListOptions): Promise<ListResult> {
    const { skip, limit } = checkPaging(options);
    const { docs, total } = await findPage(this.store, this.query(checkStates(options.state), options.filter), NEWEST_FIRST, { skip, limit });
    return { items: docs.map(fromStored), total };
  }

  async count(options: Omit<ListOptions, 'limit' | 'skip'>): Promise<number> {
    return this.store.countAsync(this.query(checkStates(options.state), options.filter)) as unknown as Promise<number>;
  }

  async nextRunAfter(): Promise<Date | null> {
    const [doc] = await this.store
      .findAsync({ 'meta.state': 'ready', 'meta.runAfter': { $exists: true, $ne: null } })
      .sort({ 'meta.runAfter': 1 })
      .limit(1);
    const runAfter = (doc?.meta as { runAfter?: unknown } | undefined)?.runAfter;
    return runAfter instanceof Date ? new Date(runAfter.getTime()) : null;
  }

  /**
   * The nedb query for a state list and a data filter. The data filter is evaluated with sift over
   * the stored (key-encoded) documents, the same translated filter the mongodb store sends to its
   * server, so both stores agree on its meaning; nedb's own `$where` (our function, never user
   * input) runs it before nedb copies, sorts and pages the matches.
   */
  private query(states: TaskState[] | undefined, filter: unknown): Record<string, unknown> {
    const query: Record<string, unknown> = states === undefined ? {} : { 'meta.state': { $in: states } };
    if (filter !== undefined) {
      const test = compileStoredFilter(filter);
      query.$where = function (this: StoredTask): boolean {
        return test(this);
      };
    }
    return query;
  }
}
