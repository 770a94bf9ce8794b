import type { JsonObject, Task, TaskSource, TaskState } from '../engine/types.ts';

/** Raised when a save finds the task at another version than the one the caller read. */
export class VersionConflictError extends Error {
  constructor(
    readonly taskId: string,
    readonly expectedVersion: number,
    options?: { cause?: unknown },
  ) {
    super(`task ${taskId} changed since version ${expectedVersion} was read; reload it and try again`, options);
    this.name = 'VersionConflictError';
  }
}

export interface CreateTaskInput {
  data: JsonObject;
  source: TaskSource;
  now: Date;
}

export interface CreateResult {
  task: Task;
  /** False when a task with the same (source.kind, source.externalId) existed and was returned instead. */
  created: boolean;
}

export interface ClaimOptions {
  owner: string;
  leaseMs: number;
  now: Date;
  /** Claim this task only; otherwise the oldest claimable one. */
  taskId?: string;
}

export interface ListOptions {
  state?: TaskState | TaskState[];
  /** A MongoDB-style filter over `data` (paths are relative to `data`). */
  filter?: JsonObject;
  limit?: number;
  skip?: number;
}

export interface ListResult {
  items: Task[];
  total: number;
}

/** Who holds a reservation (see `TaskStore.reserve`), and since when. */
export interface Reservation {
  key: string;
  /** Whoever took it, e.g. a task id. */
  holder: string;
  /** When it was taken (the `now` of the `reserve` that took it). */
  at: Date;
}

/**
 * The storage contract the engine needs. Shaped by the domain, not by a database's commands.
 *
 * Implementations store keys containing `.` or starting with `$` losslessly (see `keys.ts`),
 * return `Date`s as `Date`s, and never hand out a task object they keep a reference to.
 */
export interface TaskStore {
  start(): Promise<void>;
  stop(): Promise<void>;

  /** Creates a `ready` task at version 1, or returns the existing task for the same external source id. */
  create(input: CreateTaskInput): Promise<CreateResult>;
  get(id: string): Promise<Task | null>;

  /**
   * Atomically takes the lease of one claimable task: state `ready` with `runAfter` unset or past,
   * or state `running` whose lease has expired (its worker died). Sets state `running`, the lease,
   * and increments the version. Returns null when none is claimable.
   */
  claim(options: ClaimOptions): Promise<Task | null>;

  /**
   * Replaces the stored task with `task` if the stored version equals `expectedVersion`;
   * the saved version is `expectedVersion + 1` and `meta.updatedAt` is set by the caller.
   * Throws `VersionConflictError` otherwise.
   */
  save(task: Task, expectedVersion: number): Promise<Task>;

  list(options: ListOptions): Promise<ListResult>;
  count(options: Omit<ListOptions, 'limit' | 'skip'>): Promise<number>;

  /** Earliest `runAfter` among `ready` tasks, for workers deciding how long to sleep. */
  nextRunAfter(): Promise<Date | null>;

  /**
   * Takes `key` (a callback slot, for instance) for `holder` unless somebody holds it already, and
   * returns the reservation that stands: the caller's own (`holder` equal to its own, taken now or
   * earlier) or another holder's. Atomic across every process sharing the store: of two concurrent
   * calls for one key with different holders exactly one gets its own reservation back. A holder's
   * reservation stays until that holder releases it; deciding that one was abandoned is the caller's.
   */
  reserve(key: string, holder: string, now: Date): Promise<Reservation>;

  /** Gives up `holder`'s reservation of `key`; false when `holder` did not hold it (any more). */
  release(key: string, holder: string): Promise<boolean>;
}
