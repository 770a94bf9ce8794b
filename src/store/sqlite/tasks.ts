/**
 * TaskStore on triage.sqlite. Safe for several processes on one file: every write is one
 * `BEGIN IMMEDIATE` transaction (claims and dedupe included), reads of several statements share one
 * snapshot, and nothing is cached between calls, so a task changed by another process is seen at once.
 *
 * A save writes what changed: the small `tasks` row always (its version moves), the new run records
 * only (task_runs is append-only while the runs are), and `data` only when its hash differs.
 */
import type { Task, TaskState } from '../../engine/types.ts';
import { checkCreateInput, checkPaging, checkStates, newTask, newTaskId, sourceKey } from '../common.ts';
import { VersionConflictError, type ClaimOptions, type CreateResult, type CreateTaskInput, type ListOptions, type ListResult, type Reservation, type TaskStore } from '../types.ts';
import { pack } from './codec.ts';
import { dataFilterSql } from './data-filter.ts';
import { releaseIn, reserveIn } from './reservations.ts';
import { decodeTask, encodeTask, runsHasher, type EncodedTask, type TaskRow } from './task-rows.ts';
import { SqliteStoreBase } from './store-base.ts';

const SELECT_TASK = 'SELECT t.*, json(d.data) AS data FROM tasks t JOIN task_data d ON d.id = t.id';
const CLAIMABLE = `((t.state = 'ready' AND (t.run_after IS NULL OR t.run_after <= @now)) OR (t.state = 'running' AND t.lease_until <= @now))`;
// Each branch walks tasks_state_created in order and stops at its first match; the oldest of the two wins.
const OLDEST_CLAIMABLE = `
  SELECT id, created_at FROM (SELECT id, created_at FROM tasks WHERE state = 'ready' AND (run_after IS NULL OR run_after <= @now) ORDER BY created_at, id LIMIT 1)
  UNION ALL
  SELECT id, created_at FROM (SELECT id, created_at FROM tasks WHERE state = 'running' AND lease_until <= @now ORDER BY created_at, id LIMIT 1)
  ORDER BY created_at, id LIMIT 1`;
const INSERT_TASK = `INSERT INTO tasks (id, state, version, run_after, lease_owner, lease_until, source_kind, source_external_id, created_at, updated_at, meta, run_count, runs_hash, data_hash)
  VALUES (@id, @state, @version, @run_after, @lease_owner, @lease_until, @source_kind, @source_external_id, @created_at, @updated_at, @meta, @run_count, @runs_hash, @data_hash)`;
const UPDATE_TASK = `UPDATE tasks SET state = @state, version = @version, run_after = @run_after, lease_owner = @lease_owner, lease_until = @lease_until,
  source_kind = @source_kind, source_external_id = @source_external_id, created_at = @created_at, updated_at = @updated_at, meta = @meta,
  run_count = @run_count, runs_hash = @runs_hash, data_hash = @data_hash
  WHERE id = @id AND version = @expected`;

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE';
}

export class SqliteTaskStore extends SqliteStoreBase implements TaskStore {
  async create(input: CreateTaskInput): Promise<CreateResult> {
    checkCreateInput(input);
    const db = this.database;
    const dedupe = sourceKey(input.source) !== undefined;
    return db.write(() => {
      if (dedupe) {
        const existing = this.bySource(input.source.kind, input.source.externalId!);
        if (existing) return { task: existing, created: false };
      }
      const task = newTask(newTaskId(), input);
      try {
        this.insert(encodeTask(task, 1));
      } catch (error) {
        // Only another connection that skipped the transaction could get here first.
        const winner = dedupe && isUniqueViolation(error) ? this.bySource(input.source.kind, input.source.externalId!) : null;
        if (winner) return { task: winner, created: false };
        throw error;
      }
      return { task, created: true };
    });
  }

  async get(id: string): Promise<Task | null> {
    if (typeof id !== 'string') return null;
    return this.database.read(() => this.load(id));
  }

  async claim(options: ClaimOptions): Promise<Task | null> {
    const { owner, leaseMs, now } = options;
    const db = this.database;
    return db.write(() => {
      const at = now.getTime();
      const chosen =
        options.taskId === undefined
          ? (db.statement(OLDEST_CLAIMABLE).get({ now: at }) as { id: string } | undefined)
          : (db.statement(`SELECT t.id FROM tasks t WHERE t.id = @id AND ${CLAIMABLE}`).get({ id: options.taskId, now: at }) as { id: string } | undefined);
      if (!chosen) return null;
      db.statement(`UPDATE tasks SET state = 'running', lease_owner = @owner, lease_until = @until, version = version + 1, updated_at = @now WHERE id = @id`).run({
        id: chosen.id,
        owner,
        until: at + leaseMs,
        now: at,
      });
      return this.load(chosen.id);
    });
  }

  async save(task: Task, expectedVersion: number): Promise<Task> {
    const encoded = encodeTask(task, expectedVersion + 1);
    const db = this.database;
    db.write(() => {
      const current = db.statement('SELECT version, run_count, runs_hash, data_hash FROM tasks WHERE id = ?').get(task._id) as
        | { version: number; run_count: number; runs_hash: string; data_hash: string }
        | undefined;
      if (!current || current.version !== expectedVersion) throw new VersionConflictError(task._id, expectedVersion);
      const runsHash = this.writeRuns(task._id, encoded.runs, current);
      const result = db.statement(UPDATE_TASK).run({
        ...encoded.columns,
        expected: expectedVersion,
        run_count: encoded.runs.length,
        runs_hash: runsHash,
        data_hash: encoded.dataHash,
      });
      if (result.changes !== 1) throw new VersionConflictError(task._id, expectedVersion);
      if (encoded.dataHash !== current.data_hash) db.statement('UPDATE task_data SET data = jsonb(?) WHERE id = ?').run(encoded.data, task._id);
    });
    // The store keeps no reference to anything, so the caller's objects can go back to the caller.
    return { _id: task._id, data: task.data, meta: { ...task.meta, version: expectedVersion + 1 } };
  }

  async list(options: ListOptions): Promise<ListResult> {
    const { skip, limit } = checkPaging(options);
    return this.withWhere(options, (where, params) =>
      this.database.read(() => {
        const total = this.countWhere(where, params);
        if (limit === 0) return { items: [], total };
        // The page is chosen from the small rows (and indexes) first; only its tasks' data is read.
        // CROSS JOIN keeps SQLite from turning the join around and scanning every task.
        const rows = this.database.db
          .prepare(
            `SELECT t.*, json(d.data) AS data FROM (SELECT t.id FROM ${this.from(where)} WHERE ${where} ORDER BY t.created_at DESC, t.id DESC LIMIT ? OFFSET ?) page
             CROSS JOIN tasks t ON t.id = page.id CROSS JOIN task_data d ON d.id = t.id ORDER BY t.created_at DESC, t.id DESC`,
          )
          .all(...params, limit ?? -1, skip) as TaskRow[];
        return { items: rows.map((row) => decodeTask(row, this.runsOf(row.id))), total };
      }),
    );
  }

  async count(options: Omit<ListOptions, 'limit' | 'skip'>): Promise<number> {
    return this.withWhere(options, (where, params) => this.countWhere(where, params));
  }

  async nextRunAfter(): Promise<Date | null> {
    const row = this.database.statement(`SELECT min(run_after) AS at FROM tasks WHERE state = 'ready' AND run_after IS NOT NULL`).get() as { at: number | null };
    return row.at === null ? null : new Date(row.at);
  }

  async reserve(key: string, holder: string, now: Date): Promise<Reservation> {
    return reserveIn(this.database, key, holder, now);
  }

  async release(key: string, holder: string): Promise<boolean> {
    return releaseIn(this.database, key, holder);
  }

  private countWhere(where: string, params: unknown[]): number {
    return (this.database.db.prepare(`SELECT count(*) AS n FROM ${this.from(where)} WHERE ${where}`).get(...params) as { n: number }).n;
  }

  /** The join with task_data is needed only when the filter reads data. */
  private from(where: string): string {
    return where.includes('d.data') ? 'tasks t JOIN task_data d ON d.id = t.id' : 'tasks t';
  }

  /** The WHERE clause of a state list and a data filter, valid while `fn` runs. */
  private withWhere<T>(options: Pick<ListOptions, 'state' | 'filter'>, fn: (where: string, params: unknown[]) => T): T {
    const states = checkStates(options.state);
    // Validated before the database is touched, so a refused operator throws even on an empty store.
    const filter = options.filter === undefined ? undefined : dataFilterSql(options.filter, 'd.data', 'json(d.data)');
    try {
      const where: string[] = [];
      const params: unknown[] = [];
      if (states !== undefined) {
        where.push(states.length === 0 ? '0' : `t.state IN (${states.map(() => '?').join(', ')})`);
        params.push(...(states as TaskState[]));
      }
      if (filter) {
        where.push(`(${filter.where})`);
        params.push(...filter.params);
      }
      return fn(where.length === 0 ? '1' : where.join(' AND '), params);
    } finally {
      filter?.dispose();
    }
  }

  private load(id: string): Task | null {
    const row = this.database.statement(`${SELECT_TASK} WHERE t.id = ?`).get(id) as TaskRow | undefined;
    return row ? decodeTask(row, this.runsOf(id)) : null;
  }

  private runsOf(id: string): Buffer[] {
    return this.database.statement('SELECT run FROM task_runs WHERE task_id = ? ORDER BY seq').pluck().all(id) as Buffer[];
  }

  private bySource(kind: string, externalId: string): Task | null {
    const row = this.database.statement('SELECT id FROM tasks WHERE source_kind = ? AND source_external_id = ?').get(kind, externalId) as { id: string } | undefined;
    return row ? this.load(row.id) : null;
  }

  /** Inserts a whole task (create and the nedb migration). */
  insert(encoded: EncodedTask): void {
    const db = this.database;
    db.statement(INSERT_TASK).run({
      ...encoded.columns,
      run_count: encoded.runs.length,
      runs_hash: runsHasher(encoded.runs).digest('base64'),
      data_hash: encoded.dataHash,
    });
    db.statement('INSERT INTO task_data (id, data) VALUES (?, jsonb(?))').run(encoded.columns.id, encoded.data);
    const insertRun = db.statement('INSERT INTO task_runs (task_id, seq, run) VALUES (?, ?, ?)');
    encoded.runs.forEach((run, seq) => insertRun.run(encoded.columns.id, seq, pack(run)));
  }

  /**
   * Appends the runs past the stored ones when the stored ones are an unchanged prefix (the engine
   * only ever appends); rewrites the task's runs otherwise. Returns the new `runs_hash`.
   */
  private writeRuns(id: string, runs: string[], current: { run_count: number; runs_hash: string }): string {
    const db = this.database;
    const insertRun = db.statement('INSERT INTO task_runs (task_id, seq, run) VALUES (?, ?, ?)');
    let from = 0;
    const hash = runsHasher(runs.slice(0, Math.min(current.run_count, runs.length)));
    if (runs.length >= current.run_count && hash.copy().digest('base64') === current.runs_hash) from = current.run_count;
    else db.statement('DELETE FROM task_runs WHERE task_id = ?').run(id);
    for (let seq = from; seq < runs.length; seq++) insertRun.run(id, seq, pack(runs[seq]!));
    runsHasher(runs.slice(Math.min(current.run_count, runs.length)), hash);
    return hash.digest('base64');
  }
}

