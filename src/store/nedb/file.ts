/**
 * What every nedb file of the embedded mode shares (the task store, the human task store and the
 * scheduler's jobs): one process owns the file, writes go through an in-process mutex, and the
 * append-only file is compacted periodically and once more when it is closed.
 */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import Datastore from '@seald-io/nedb';
import { checkDataFile } from './damage.ts';
import { Mutex } from '../mutex.ts';
import { VersionConflictError } from '../types.ts';

export interface NedbFileOptions {
  /** The file; its directory is created when missing. */
  filename: string;
  /** Names the file in the error when it cannot be loaded: "cannot open <description> <filename>: ...". */
  description: string;
  /** The error message when the datastore is used while the file is not open. */
  notOpen: string;
  indexes?: Parameters<Datastore['ensureIndexAsync']>[0][];
  /** How often nedb rewrites its append-only file; 60 s by default (nedb's minimum is 5 s). */
  autocompactionMs?: number | undefined;
  /** Told when a torn last line was set aside at open; standard error by default. */
  onWarning?: (message: string) => void;
}

/** One nedb file: opened once, written through `writes`, compacted when closed. */
export class NedbFile<T> {
  /** Serializes the writes of the one process that owns the file. */
  readonly writes = new Mutex();
  private db: Datastore<T> | null = null;

  constructor(private readonly options: NedbFileOptions) {}

  /** The datastore; throws `notOpen` when the file is not open. */
  get store(): Datastore<T> {
    if (!this.db) throw new Error(this.options.notOpen);
    return this.db;
  }

  /** Creates the directory, loads the file, ensures the indexes and starts autocompaction. */
  async open(): Promise<void> {
    if (this.db) return;
    const { filename } = this.options;
    await mkdir(dirname(filename), { recursive: true });
    const check = await checkDataFile(filename, this.options.description);
    if (check.warning) (this.options.onWarning ?? ((message: string) => process.stderr.write(`warning: ${message}\n`)))(check.warning);
    // The check above already refused damage; nedb must not drop lines silently on its own either.
    const db = new Datastore<T>({ filename, corruptAlertThreshold: 0 });
    try {
      await db.loadDatabaseAsync();
    } catch (error) {
      throw new Error(`cannot open ${this.options.description} ${filename}: ${(error as Error).message}`, { cause: error });
    }
    for (const index of this.options.indexes ?? []) await db.ensureIndexAsync(index);
    db.setAutocompactionInterval(Math.max(5_000, this.options.autocompactionMs ?? 60_000));
    this.db = db;
  }

  /**
   * Version-checked save as one write under the mutex: replaces document `_id` with `next()` when
   * `versionOf` the stored document is `expectedVersion`, and returns what it stored; otherwise
   * (or when the document is gone) throws `VersionConflictError`.
   */
  replaceAtVersion(_id: string, expectedVersion: number, versionOf: (doc: T) => unknown, next: () => T): Promise<T> {
    return this.writes.run(async () => {
      const current = await this.store.findOneAsync({ _id });
      if (!current || versionOf(current) !== expectedVersion) throw new VersionConflictError(_id, expectedVersion);
      const stored = next();
      await this.store.updateAsync({ _id }, stored, {});
      return stored;
    });
  }

  /** Lets queued writes finish, then stops autocompaction, compacts the file and drops it. */
  async close(): Promise<void> {
    const db = this.db;
    if (!db) return;
    await this.writes.run(async () => undefined);
    this.db = null;
    db.stopAutocompaction();
    await db.compactDatafileAsync();
  }
}

/** One page of the matches in `sort` order, and how many match in all; `limit: 0` only counts. */
export async function findPage<T>(
  db: Datastore<T>,
  query: Record<string, unknown>,
  sort: Record<string, number>,
  paging: { skip: number; limit: number | undefined },
): Promise<{ docs: T[]; total: number }> {
  const total = await db.countAsync(query);
  if (paging.limit === 0) return { docs: [], total };
  let cursor = db.findAsync(query).sort(sort).skip(paging.skip);
  if (paging.limit !== undefined) cursor = cursor.limit(paging.limit);
  return { docs: (await cursor) as unknown as T[], total };
}
