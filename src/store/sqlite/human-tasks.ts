/**
 * HumanTaskStore on triage.sqlite: the whole task as a JSON document, plus the columns the inbox
 * queries (key, status, team, priority rank, due date, pipeline task, assignee) and indexes that
 * return the open tasks most urgent first without sorting the table (see schema.ts).
 * Safe for several processes on one file, as the task store is.
 */
import { checkFilter, checkNewHumanTask, newHumanTask, OPEN_STATUSES, priorityRank, type CheckedFilter } from '../../human/common.ts';
import type { HumanTask, HumanTaskFilter, HumanTaskStore, NewHumanTask } from '../../human/types.ts';
import { VersionConflictError } from '../types.ts';
import { fromJson, pack, toJson, unpack } from './codec.ts';
import { SqliteStoreBase } from './store-base.ts';

/** The columns of a human task row, as named parameters. */
interface HumanTaskColumns {
  id: string;
  key: string;
  status: string;
  team: string;
  priority: string;
  priority_rank: number;
  due_at: number;
  task_id: string | null;
  assigned_to: string | null;
  version: number;
  created_at: number;
  doc: Buffer;
  /** The JSON the doc was packed from, to hand back without inflating it again. */
  json: string;
}

function toColumns(task: HumanTask): HumanTaskColumns {
  const json = toJson(task);
  return {
    id: task._id,
    key: task.key,
    status: task.status,
    team: task.team,
    priority: task.priority,
    priority_rank: priorityRank(task.priority),
    due_at: task.dueAt.getTime(),
    task_id: task.taskId ?? null,
    assigned_to: task.assignedTo ?? null,
    version: task.version,
    created_at: task.createdAt.getTime(),
    doc: pack(json),
    json,
  };
}

const decode = (doc: Buffer): HumanTask => fromJson<HumanTask>(unpack(doc));

const COLUMNS = 'id, key, status, team, priority, priority_rank, due_at, task_id, assigned_to, version, created_at, doc';
const INSERT = `INSERT INTO human_tasks (${COLUMNS}) VALUES (@id, @key, @status, @team, @priority, @priority_rank, @due_at, @task_id, @assigned_to, @version, @created_at, @doc)`;
const UPDATE = `UPDATE human_tasks SET key = @key, status = @status, team = @team, priority = @priority, priority_rank = @priority_rank,
  due_at = @due_at, task_id = @task_id, assigned_to = @assigned_to, version = @version, created_at = @created_at, doc = @doc
  WHERE id = @id AND version = @expected`;
const MOST_URGENT_FIRST = 'ORDER BY priority_rank, due_at, id';

/** The WHERE clause of a checked filter; `is_open = 1` lets an inbox listing walk the index in order. */
function whereOf(filter: CheckedFilter): { where: string; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  const list = (column: string, values: readonly string[]): void => {
    where.push(values.length === 0 ? '0' : `${column} IN (${values.map(() => '?').join(', ')})`);
    params.push(...values);
  };
  if (filter.statuses) {
    const statuses = new Set(filter.statuses);
    const openOnly = statuses.size > 0 && [...statuses].every((s) => OPEN_STATUSES.includes(s));
    if (openOnly) where.push('is_open = 1');
    // "Open" itself (the inbox) needs no status test: is_open says it.
    if (!openOnly || statuses.size !== OPEN_STATUSES.length) list('status', [...statuses]);
  }
  if (filter.team !== undefined) list('team', [filter.team]);
  if (filter.teams !== undefined) list('team', filter.teams);
  if (filter.assignedTo !== undefined) {
    where.push(filter.assignedTo === null ? 'assigned_to IS NULL' : 'assigned_to = ?');
    if (filter.assignedTo !== null) params.push(filter.assignedTo);
  }
  if (filter.priority !== undefined) {
    where.push('priority = ?');
    params.push(filter.priority);
  }
  if (filter.taskId !== undefined) {
    where.push('task_id = ?');
    params.push(filter.taskId);
  }
  return { where: where.length === 0 ? '1' : where.join(' AND '), params };
}

export class SqliteHumanTaskStore extends SqliteStoreBase implements HumanTaskStore {
  async create(input: NewHumanTask, now: Date): Promise<{ task: HumanTask; created: boolean }> {
    checkNewHumanTask(input, now);
    const db = this.database;
    return db.write(() => {
      const existing = db.statement('SELECT doc FROM human_tasks WHERE key = ?').pluck().get(input.key) as Buffer | undefined;
      if (existing !== undefined) return { task: decode(existing), created: false };
      const task = newHumanTask(input, now);
      const { json, ...columns } = toColumns(task);
      db.statement(INSERT).run(columns);
      return { task: fromJson<HumanTask>(json), created: true };
    });
  }

  async get(id: string): Promise<HumanTask | null> {
    if (typeof id !== 'string') return null;
    const doc = this.database.statement('SELECT doc FROM human_tasks WHERE id = ?').pluck().get(id) as Buffer | undefined;
    return doc === undefined ? null : decode(doc);
  }

  async list(filter: HumanTaskFilter): Promise<{ items: HumanTask[]; total: number }> {
    const checked = checkFilter(filter);
    const { where, params } = whereOf(checked);
    const db = this.database;
    return db.read(() => {
      const total = (db.statement(`SELECT count(*) FROM human_tasks WHERE ${where}`).pluck().get(...params) as number);
      if (checked.limit === 0) return { items: [], total };
      const docs = db
        .statement(`SELECT doc FROM human_tasks WHERE ${where} ${MOST_URGENT_FIRST} LIMIT ? OFFSET ?`)
        .pluck()
        .all(...params, checked.limit ?? -1, checked.skip) as Buffer[];
      return { items: docs.map(decode), total };
    });
  }

  async save(task: HumanTask, expectedVersion: number): Promise<HumanTask> {
    const next: HumanTask = { ...task, version: expectedVersion + 1 };
    const { json, ...columns } = toColumns(next);
    const result = this.database.write(() => this.database.statement(UPDATE).run({ ...columns, expected: expectedVersion }));
    if (result.changes !== 1) throw new VersionConflictError(task._id, expectedVersion);
    return fromJson<HumanTask>(json);
  }

  async dueBefore(before: Date): Promise<HumanTask[]> {
    const docs = this.database
      .statement('SELECT doc FROM human_tasks WHERE is_open = 1 AND due_at < ? ORDER BY due_at, id')
      .pluck()
      .all(before.getTime()) as Buffer[];
    return docs.map(decode);
  }

  /** Inserts a whole task as it is (the nedb migration). */
  insert(task: HumanTask): void {
    const { json: _json, ...columns } = toColumns(task);
    this.database.statement(INSERT).run(columns);
  }
}
