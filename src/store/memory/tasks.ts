/**
 * A TaskStore that lives in one process's memory and is gone when the process ends. For dry runs
 * (`triage eval`) and tests: nothing touches the disk, and a commit is a version check plus a copy,
 * so the runner's per-step commits cost microseconds instead of a nedb write each.
 *
 * Tasks are held decoded (as the engine sees them). Keys with `.` or `$` need no encoding in a Map;
 * filters are still evaluated on the key-encoded form, through the same translated filter the other
 * stores use, so a filter means the same thing here as there.
 */
import type { Task, TaskState } from '../../engine/types.ts';
import { checkCreateInput, checkPaging, checkStates, newTask, newTaskId, sourceKey } from '../common.ts';
import { compileStoredFilter } from '../filter.ts';
import { encodeDoc } from '../keys.ts';
import { VersionConflictError, type ClaimOptions, type CreateResult, type CreateTaskInput, type ListOptions, type ListResult, type Reservation, type TaskStore } from '../types.ts';

/**
 * Deep copy of a task: JSON values plus the Dates in `meta`. Five times faster than structuredClone on
 * a finished task, which matters because the runner saves a task about twenty times on its way through
 * the pipeline. An own `__proto__` key (from JSON.parse of a webhook) stays an own key.
 */
function deepCopy<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (Array.isArray(value)) return value.map(deepCopy) as T;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const item = deepCopy((value as Record<string, unknown>)[key]);
    if (key === '__proto__') Object.defineProperty(out, key, { value: item, enumerable: true, writable: true, configurable: true });
    else out[key] = item;
  }
  return out as T;
}

const copy = (task: Task): Task => deepCopy(task);

/** Oldest first by `meta.createdAt`, then `_id` (ids sort by creation within a millisecond). */
function olderFirst(a: Task, b: Task): number {
  const byTime = a.meta.createdAt.getTime() - b.meta.createdAt.getTime();
  return byTime !== 0 ? byTime : a._id < b._id ? -1 : a._id > b._id ? 1 : 0;
}

function claimable(task: Task, now: Date): boolean {
  const { state, runAfter, lease } = task.meta;
  if (state === 'ready') return runAfter === null || runAfter === undefined || runAfter.getTime() <= now.getTime();
  return state === 'running' && lease !== null && lease.until.getTime() <= now.getTime();
}

export class MemoryTaskStore implements TaskStore {
  // The TaskStore kinds name deployments; this one is single-process like the embedded store.
  private tasks: Map<string, Task> | null = null;
  private readonly bySource = new Map<string, string>();
  private readonly reservations = new Map<string, Reservation>();

  async start(): Promise<void> {
    this.tasks ??= new Map();
  }

  /** Drops every task: a memory store keeps nothing past its run. */
  async stop(): Promise<void> {
    this.tasks = null;
    this.bySource.clear();
    this.reservations.clear();
  }

  private get map(): Map<string, Task> {
    if (!this.tasks) throw new Error('the memory task store is not started; call start() first');
    return this.tasks;
  }

  // Every method below runs to completion without awaiting, so each is atomic on the one event loop:
  // that is what makes dedupe, claims and version checks safe under concurrent callers here.

  async create(input: CreateTaskInput): Promise<CreateResult> {
    checkCreateInput(input);
    const map = this.map;
    const key = sourceKey(input.source);
    const existingId = key === undefined ? undefined : this.bySource.get(key);
    const existing = existingId === undefined ? undefined : map.get(existingId);
    if (existing) return { task: copy(existing), created: false };
    const task = newTask(newTaskId(), input);
    map.set(task._id, task);
    if (key !== undefined) this.bySource.set(key, task._id);
    return { task: copy(task), created: true };
  }

  async get(id: string): Promise<Task | null> {
    const task = typeof id === 'string' ? this.map.get(id) : undefined;
    return task ? copy(task) : null;
  }

  async claim(options: ClaimOptions): Promise<Task | null> {
    const { owner, leaseMs, now } = options;
    let chosen: Task | undefined;
    if (options.taskId !== undefined) {
      const task = this.map.get(options.taskId);
      if (task && claimable(task, now)) chosen = task;
    } else {
      for (const task of this.map.values()) {
        if (claimable(task, now) && (!chosen || olderFirst(task, chosen) < 0)) chosen = task;
      }
    }
    if (!chosen) return null;
    chosen.meta.state = 'running';
    chosen.meta.lease = { owner, until: new Date(now.getTime() + leaseMs) };
    chosen.meta.version += 1;
    chosen.meta.updatedAt = new Date(now.getTime());
    return copy(chosen);
  }

  async save(task: Task, expectedVersion: number): Promise<Task> {
    const map = this.map;
    const current = map.get(task._id);
    if (!current || current.meta.version !== expectedVersion) throw new VersionConflictError(task._id, expectedVersion);
    const saved: Task = { _id: task._id, data: task.data, meta: { ...task.meta, version: expectedVersion + 1 } };
    map.set(task._id, copy(saved));
    // The dedupe key follows the saved source, as the stores with a unique index do.
    const key = sourceKey(saved.meta.source);
    if (key !== undefined) this.bySource.set(key, saved._id);
    // The store keeps its own copy, so the caller's objects can go back to the caller uncopied.
    return saved;
  }

  /** Drops a task (a dry run lets go of each ticket once it is measured); not part of TaskStore. */
  forget(id: string): void {
    const task = this.map.get(id);
    if (!task) return;
    this.map.delete(id);
    const key = sourceKey(task.meta.source);
    if (key !== undefined && this.bySource.get(key) === id) this.bySource.delete(key);
  }

  async list(options: ListOptions): Promise<ListResult> {
    const { skip, limit } = checkPaging(options);
    const matches = this.matching(checkStates(options.state), options.filter).sort((a, b) => olderFirst(b, a));
    const page = limit === undefined ? matches.slice(skip) : matches.slice(skip, skip + limit);
    return { items: page.map(copy), total: matches.length };
  }

  async count(options: Omit<ListOptions, 'limit' | 'skip'>): Promise<number> {
    return this.matching(checkStates(options.state), options.filter).length;
  }

  async reserve(key: string, holder: string, now: Date): Promise<Reservation> {
    let held = this.reservations.get(key);
    if (!held) {
      held = { key, holder, at: new Date(now.getTime()) };
      this.reservations.set(key, held);
    }
    return { ...held, at: new Date(held.at.getTime()) };
  }

  async release(key: string, holder: string): Promise<boolean> {
    if (this.reservations.get(key)?.holder !== holder) return false;
    return this.reservations.delete(key);
  }

  async nextRunAfter(): Promise<Date | null> {
    let earliest: Date | null = null;
    for (const task of this.map.values()) {
      const runAfter = task.meta.runAfter;
      if (task.meta.state === 'ready' && runAfter && (!earliest || runAfter < earliest)) earliest = runAfter;
    }
    return earliest ? new Date(earliest.getTime()) : null;
  }

  private matching(states: TaskState[] | undefined, filter: unknown): Task[] {
    // Compiled before the scan so that a refused operator throws even when the store is empty.
    const test = filter === undefined ? undefined : compileStoredFilter(filter);
    const out: Task[] = [];
    for (const task of this.map.values()) {
      if (states !== undefined && !states.includes(task.meta.state)) continue;
      if (test && !test({ data: encodeDoc(task.data) })) continue;
      out.push(task);
    }
    return out;
  }
}
