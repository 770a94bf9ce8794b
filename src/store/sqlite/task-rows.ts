/**
 * A task as rows of triage.sqlite: `tasks` holds the columns that are queried plus the small rest of
 * `meta`; `task_data` holds `data`; `task_runs` holds one row per run record. See schema.ts.
 */
import { createHash, type Hash } from 'node:crypto';
import type { JsonObject, RunRecord, Task, TaskMeta, TaskSource } from '../../engine/types.ts';
import { fromJson, fromMillis, pack, toJson, toMillis, unpack } from './codec.ts';

/** The columns of `tasks` a save or an insert writes, as named parameters. */
export interface TaskColumns {
  id: string;
  state: string;
  version: number;
  run_after: number | null;
  lease_owner: string | null;
  lease_until: number | null;
  source_kind: string;
  source_external_id: string | null;
  created_at: number;
  updated_at: number;
  meta: Buffer;
}

/** A `tasks` row (what a save writes, plus what it compares) joined with its `task_data`. */
export interface TaskRow extends TaskColumns {
  run_count: number;
  runs_hash: string;
  data_hash: string;
  /** JSON text (the SELECT reads the JSONB column through `json()`). */
  data: string;
}

/** A task split into what each table stores. */
export interface EncodedTask {
  columns: TaskColumns;
  /** JSON text of data (stored as JSONB), and its hash (what a save compares). */
  data: string;
  dataHash: string;
  /** JSON of each run record, in order (hashed, then packed when written). */
  runs: string[];
}

export function hashOf(text: string): string {
  return createHash('sha1').update(text).digest('base64');
}

/** Hashes run JSON the way `runs_hash` is kept: each run followed by a newline. */
export function runsHasher(runs: string[], hash: Hash = createHash('sha1')): Hash {
  for (const run of runs) hash.update(run).update('\n');
  return hash;
}

export function encodeTask(task: Task, version: number): EncodedTask {
  const { state, version: _version, lease, runAfter, runs, source, createdAt, updatedAt, ...rest } = task.meta;
  const data = toJson(task.data);
  return {
    columns: {
      id: task._id,
      state,
      version,
      run_after: toMillis(runAfter),
      lease_owner: lease ? lease.owner : null,
      lease_until: lease ? toMillis(lease.until) : null,
      source_kind: source.kind,
      source_external_id: source.externalId ?? null,
      created_at: toMillis(createdAt) ?? 0,
      updated_at: toMillis(updatedAt) ?? 0,
      meta: pack(toJson(rest)),
    },
    // Text here; the SQL stores it as JSONB (schema.ts, version 2) so filters read it in place.
    data,
    dataHash: hashOf(data),
    runs: (runs ?? []).map((run) => toJson(run)),
  };
}

/** `runs`: the packed run rows, in order. */
export function decodeTask(row: TaskRow, runs: Buffer[]): Task {
  const source: TaskSource = { kind: row.source_kind as TaskSource['kind'] };
  if (row.source_external_id !== null) source.externalId = row.source_external_id;
  const meta = {
    state: row.state,
    version: row.version,
    lease: row.lease_owner === null ? null : { owner: row.lease_owner, until: fromMillis(row.lease_until)! },
    runAfter: fromMillis(row.run_after),
    runs: runs.map((run) => fromJson<RunRecord>(unpack(run))),
    ...fromJson<Record<string, unknown>>(unpack(row.meta)),
    source,
    createdAt: fromMillis(row.created_at)!,
    updatedAt: fromMillis(row.updated_at)!,
  } as TaskMeta;
  return { _id: row.id, data: fromJson<JsonObject>(unpack(row.data)), meta };
}
