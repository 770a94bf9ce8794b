/**
 * The row-level operations on `agenda_jobs` for one connection, with its prepared statements cached.
 * better-sqlite3 compiles a statement on `prepare()`; the scheduler polls every few seconds per job
 * name, so each distinct SQL text is compiled once per connection and reused.
 */
import { randomUUID } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';
import { JOB_COLUMNS, type JobColumns, type JobRow } from './documents.ts';
import type { Where } from './queries.ts';

/**
 * Statements of one connection by SQL text. Filters from `queryJobs`/`unique()` make the SQL vary
 * with their shape (never with their values), so the cache is bounded: least recently used goes.
 */
export class StatementCache {
  private readonly statements = new Map<string, Statement>();

  constructor(
    readonly db: Database,
    private readonly max = 256,
  ) {}

  get(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (statement) {
      this.statements.delete(sql);
    } else {
      statement = this.db.prepare(sql);
      if (this.statements.size >= this.max) this.statements.delete(this.statements.keys().next().value!);
    }
    this.statements.set(sql, statement);
    return statement;
  }

  get size(): number {
    return this.statements.size;
  }
}

const caches = new WeakMap<Database, StatementCache>();

/** The cache of `db`, shared by every backend on that connection (statements belong to one connection). */
export function statementsFor(db: Database): StatementCache {
  let cache = caches.get(db);
  if (!cache) {
    cache = new StatementCache(db);
    caches.set(db, cache);
  }
  return cache;
}

const KNOWN_COLUMNS: ReadonlySet<string> = new Set(JOB_COLUMNS);

/** Column names of `fields`, checked against the table (they end up in SQL text). */
function columnsOf(fields: Partial<JobColumns>): (keyof JobColumns)[] {
  return (Object.keys(fields) as (keyof JobColumns)[]).filter((key) => {
    if (!KNOWN_COLUMNS.has(key)) throw new Error(`"${key}" is not a column of agenda_jobs`);
    return fields[key] !== undefined;
  });
}

/** Reads and writes of single rows; callers wrap them in the transaction they need. */
export class JobTable {
  constructor(readonly statements: StatementCache) {}

  get db(): Database {
    return this.statements.db;
  }

  /** The first row matching `where` in `order` (rowid order, i.e. insertion order, by default). */
  findOne(where: Where, order?: string): JobRow | undefined {
    const sql = `SELECT * FROM agenda_jobs WHERE ${where.sql}${order ? ` ORDER BY ${order}` : ''} LIMIT 1`;
    return this.statements.get(sql).get(...where.params) as JobRow | undefined;
  }

  findAll(where: Where, order?: string, page?: { limit: number; offset: number }): JobRow[] {
    const sql = `SELECT * FROM agenda_jobs WHERE ${where.sql}${order ? ` ORDER BY ${order}` : ''}${page ? ' LIMIT ? OFFSET ?' : ''}`;
    const params = page ? [...where.params, page.limit, page.offset] : where.params;
    return this.statements.get(sql).all(...params) as JobRow[];
  }

  count(where: Where): number {
    return (this.statements.get(`SELECT count(*) AS n FROM agenda_jobs WHERE ${where.sql}`).get(...where.params) as { n: number }).n;
  }

  byId(id: string): JobRow | undefined {
    return this.statements.get('SELECT * FROM agenda_jobs WHERE id = ?').get(id) as JobRow | undefined;
  }

  /** Inserts a new job with a fresh id and returns the stored row. */
  insert(fields: JobColumns): JobRow {
    const columns = columnsOf(fields);
    const sql = `INSERT INTO agenda_jobs (id, ${columns.join(', ')}) VALUES (?${', ?'.repeat(columns.length)}) RETURNING *`;
    return this.statements.get(sql).get(randomUUID(), ...columns.map((c) => fields[c])) as JobRow;
  }

  /** Sets `fields` on job `id` when it (still) matches `also`; the row after, or undefined when none matched. */
  update(id: string, fields: Partial<JobColumns>, also?: Where): JobRow | undefined {
    const columns = columnsOf(fields);
    if (columns.length === 0) return this.byId(id);
    const sql = `UPDATE agenda_jobs SET ${columns.map((c) => `${c} = ?`).join(', ')} WHERE id = ?${also ? ` AND (${also.sql})` : ''} RETURNING *`;
    return this.statements.get(sql).get(...columns.map((c) => fields[c]), id, ...(also?.params ?? [])) as JobRow | undefined;
  }

  /** Runs a write statement; how many rows it changed. */
  run(sql: string, params: unknown[] = []): number {
    return this.statements.get(sql).run(...params).changes;
  }
}
