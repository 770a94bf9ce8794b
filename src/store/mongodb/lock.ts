/**
 * Version-transition locks: the compare-and-set that FerretDB 1.x does not give us.
 *
 * FerretDB 1.x runs `findAndModify` and `update` as "query, then UPDATE ... WHERE _id = ?": the
 * filter is not re-checked when the row is written, so two workers can both claim a task or both
 * save version 1 (measured: 19 of 20 races had several winners). Inserting a document whose `_id` is
 * already taken, though, fails atomically on every backend (a primary key in PostgreSQL). So every
 * change of a task from version `v` first inserts `{ _id: "<taskId>@<v>" }` here; whoever inserts it
 * is the only writer of that transition, and its filtered write (`meta.version: v`) then sees a
 * document nobody else is changing. On MongoDB, where filtered writes are atomic anyway, the lock
 * costs two round trips and changes nothing.
 *
 * A worker that dies between the insert and the write leaves a lock that would block the task
 * forever, so a lock older than `staleMs` may be broken. Breaking is itself guarded by a unique
 * insert (`<lock id>#<lock time>`), so two workers never break and re-take the same lock together.
 */
import type { Collection, Document, Filter, WithoutId } from 'mongodb';

interface LockDoc {
  _id: string;
  at: Date;
  owner: string;
}

const DUPLICATE_KEY = 11000;

export function isDuplicateKey(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === DUPLICATE_KEY;
}

export class TransitionLocks {
  constructor(
    private readonly collection: Collection<LockDoc>,
    private readonly owner: string,
    private readonly staleMs: number,
  ) {}

  /** Takes the lock of the transition from `version`; false when another writer holds it. */
  async acquire(taskId: string, version: number): Promise<boolean> {
    const _id = `${taskId}@${version}`;
    if (await this.insert(_id)) return true;
    // Uses the wall clock, not the caller's `now`: staleness is about real elapsed time.
    const held = await this.collection.findOne({ _id });
    if (!held) return this.insert(_id);
    if (Date.now() - held.at.getTime() < this.staleMs) return false;
    if (!(await this.insert(`${_id}#${held.at.getTime()}`))) return false;
    await this.collection.deleteOne({ _id });
    return this.insert(_id);
  }

  /** Releases the lock. Failing to is harmless once the write landed: nobody needs an old version's lock. */
  async release(taskId: string, version: number): Promise<void> {
    await this.collection.deleteOne({ _id: `${taskId}@${version}` }).catch(() => undefined);
  }

  /** Runs `fn` holding the lock of the transition from `version`; resolves `null` if it is held. */
  async with<T>(taskId: string, version: number, fn: () => Promise<T>): Promise<{ value: T } | null> {
    if (!(await this.acquire(taskId, version))) return null;
    try {
      return { value: await fn() };
    } finally {
      await this.release(taskId, version);
    }
  }

  /**
   * Version-checked save: replaces document `_id` with `replacement` when its `versionPath` field
   * still holds `version`, holding the lock of that transition. False when the lock is held or the
   * version moved on.
   */
  async replaceAtVersion<T extends Document>(collection: Collection<T>, _id: string, versionPath: string, version: number, replacement: T): Promise<boolean> {
    const outcome = await this.with(_id, version, () => collection.replaceOne({ _id, [versionPath]: version } as Filter<T>, replacement as WithoutId<T>));
    return outcome !== null && outcome.value.matchedCount === 1;
  }

  private async insert(_id: string): Promise<boolean> {
    try {
      await this.collection.insertOne({ _id, at: new Date(), owner: this.owner });
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }
}
