/**
 * Version 3 of triage.sqlite writes its deflated documents with a preset dictionary (codec.ts). A
 * version-2 file, whose blobs are plain raw deflate, opens without a rewrite, reads back exactly, and
 * its new writes use the dictionary; a triage of version 2 refuses the migrated file.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RunRecord, Task } from '../../src/engine/types.ts';
import type { HumanTask } from '../../src/human/types.ts';
import { codecOf, unpack } from '../../src/store/sqlite/codec.ts';
import { DATABASE_FILE } from '../../src/store/sqlite/database.ts';
import { registerFilterFunction } from '../../src/store/sqlite/data-filter.ts';
import { SqliteHumanTaskStore } from '../../src/store/sqlite/human-tasks.ts';
import { SCHEMA_VERSION } from '../../src/store/sqlite/schema.ts';
import { SqliteTaskStore } from '../../src/store/sqlite/tasks.ts';
import { minutes, newInput, T0 } from '../human/contract.ts';
import { at, input, oddData } from '../store/contract-helpers.ts';

const CONDITION = JSON.stringify({ 'support.ticket': { $type: 'object' }, 'support.classification': { $exists: false } });

function run(n: number): RunRecord {
  return {
    stepId: n % 2 ? 'intake_classification' : 'escalation_decision', attempt: 1, worker: 'host:1:a', startedAt: at(n), finishedAt: at(n + 1),
    durationMs: 1000, outcome: 'ok', matched: CONDITION, fieldsWritten: [`support.f${n}`], explanation: [`run ${n}: classified by heuristic`], inputHash: `h${n}`,
  };
}

/** Every deflated blob of the file with its table, column and codec. */
function blobs(db: Database.Database): { table: string; codec: number }[] {
  const out: { table: string; codec: number }[] = [];
  for (const [table, column] of [['tasks', 'meta'], ['task_runs', 'run'], ['human_tasks', 'doc']] as const) {
    for (const blob of db.prepare(`SELECT ${column} FROM ${table}`).pluck().all() as Buffer[]) out.push({ table, codec: codecOf(blob) });
  }
  return out;
}

describe('triage.sqlite version 2 to 3 (deflate dictionary)', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    vi.doUnmock('../../src/store/sqlite/schema.ts');
    vi.resetModules();
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  it('opens a version-2 file as it is, reads every row back identical, and writes new rows with the dictionary', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'triage-sqlite-v2-'));
    dirs.push(dir);

    // Tasks (with runs, effects, schedules, odd keys) and human tasks (one resolved), then every
    // deflated blob rewritten as version 2 wrote it: plain raw deflate of the same JSON.
    const tasks = new SqliteTaskStore(dir);
    const humans = new SqliteHumanTaskStore(dir);
    await tasks.start();
    await humans.start();
    const before: Task[] = [];
    for (let i = 0; i < 5; i++) {
      const { task } = await tasks.create(input({ i, ticket: { id: `T-${i}` }, odd: oddData() }, { source: { kind: 'inbox', externalId: `e-${i}` } }));
      const effects = [{ key: `${task._id}:customer_response:customer_reply`, channel: 'email', stepId: 'customer_response', status: 'sent', target: 'a@example.com', createdAt: at(i), updatedAt: at(i + 1), ref: 'outbox/x.eml' }];
      const schedules = [{ job: 'resolution_check', runAt: at(7200), payload: { escalated: true }, stepId: 'outcome_tracking', key: `${task._id}:resolution_check` }];
      before.push(await tasks.save({ ...task, meta: { ...task.meta, state: 'waiting', runs: [run(1), run(2), run(3)].slice(0, i % 4), effects, schedules } as Task['meta'] }, task.meta.version));
    }
    const humanBefore: HumanTask[] = [];
    for (let i = 0; i < 3; i++) humanBefore.push((await humans.create(newInput({ key: `T-${i}:handoff`, context: { 'a.b': [1, { $c: 'd' }], summary: 'x'.repeat(i * 100) } }), T0)).task);
    const first = humanBefore[0]!;
    humanBefore[0] = await humans.save(
      { ...first, status: 'completed', resolution: { decision: 'resolved', respondedBy: 'u1', fields: { n: 1 }, notes: 'done', resolvedAt: minutes(5) }, events: [...first.events, { at: minutes(5), kind: 'resolved', detail: 'by u1' }] } as HumanTask,
      first.version,
    );
    await humans.stop();
    await tasks.stop();

    const old = new Database(join(dir, DATABASE_FILE));
    for (const [table, column, key] of [['tasks', 'meta', 'id'], ['task_runs', 'run', 'rowid'], ['human_tasks', 'doc', 'id']] as const) {
      const rows = old.prepare(`SELECT ${key} AS k, ${column} AS blob FROM ${table}`).all() as { k: string | number; blob: Buffer }[];
      for (const row of rows) old.prepare(`UPDATE ${table} SET ${column} = ? WHERE ${key} = ?`).run(deflateRawSync(unpack(row.blob)), row.k);
    }
    old.pragma('user_version = 2');
    const oldBlobs = blobs(old);
    expect(oldBlobs.length).toBe(5 + 6 + 3);
    expect(oldBlobs.every((blob) => blob.codec === 0)).toBe(true);
    old.close();

    // The new code opens it: version 3, nothing rewritten, everything reads back identical.
    const tasks3 = new SqliteTaskStore(dir);
    const humans3 = new SqliteHumanTaskStore(dir);
    await tasks3.start();
    await humans3.start();
    try {
      const check = new Database(join(dir, DATABASE_FILE), { readonly: true });
      expect(check.pragma('user_version', { simple: true })).toBe(3);
      expect(SCHEMA_VERSION).toBe(3);
      expect(blobs(check)).toEqual(oldBlobs);
      for (const task of before) expect(await tasks3.get(task._id)).toEqual(task);
      for (const task of humanBefore) expect(await humans3.get(task._id)).toEqual(task);
      expect((await tasks3.list({ limit: 10 })).items.length).toBe(5);
      expect((await humans3.list({ status: 'completed' })).items).toEqual([humanBefore[0]]);

      // New writes use the dictionary; old rows stay as they were until rewritten.
      const [task0, , , task3] = before as [Task, Task, Task, Task];
      const grown = await tasks3.save({ ...task3, meta: { ...task3.meta, runs: [...task3.meta.runs, run(4)] } }, task3.meta.version);
      const { task: created } = await tasks3.create(input({ fresh: true }));
      const savedHuman = await humans3.save({ ...humanBefore[1]!, title: 'renamed' }, humanBefore[1]!.version);
      const codec = (sql: string, ...params: unknown[]): number => codecOf(check.prepare(sql).pluck().get(...params) as Buffer);
      expect(codec('SELECT meta FROM tasks WHERE id = ?', task3._id)).toBe(1);
      expect(codec('SELECT run FROM task_runs WHERE task_id = ? AND seq = 3', task3._id)).toBe(1);
      expect(codec('SELECT run FROM task_runs WHERE task_id = ? AND seq = 0', task3._id)).toBe(0);
      expect(codec('SELECT meta FROM tasks WHERE id = ?', created._id)).toBe(1);
      expect(codec('SELECT meta FROM tasks WHERE id = ?', task0._id)).toBe(0);
      expect(codec('SELECT doc FROM human_tasks WHERE id = ?', savedHuman._id)).toBe(1);
      expect(codec('SELECT doc FROM human_tasks WHERE id = ?', humanBefore[2]!._id)).toBe(0);
      expect(await tasks3.get(task3._id)).toEqual(grown);
      expect(grown.meta.runs).toHaveLength(4);
      expect(await tasks3.get(created._id)).toEqual(created);
      expect(await humans3.get(savedHuman._id)).toEqual(savedHuman);

      // triage_json() reads both codecs side by side.
      registerFilterFunction(check);
      const docs = check.prepare('SELECT triage_json(doc) FROM human_tasks ORDER BY id').pluck().all() as string[];
      expect(docs.map((doc) => (JSON.parse(doc) as { _id: string })._id).sort()).toEqual(humanBefore.map((task) => task._id).sort());
      check.close();
    } finally {
      await humans3.stop();
      await tasks3.stop();
    }

    // A triage of version 2 (its database.ts with SCHEMA_VERSION 2) refuses the migrated file,
    // naming the fix, instead of failing on the dictionary blobs it cannot inflate.
    vi.resetModules();
    vi.doMock('../../src/store/sqlite/schema.ts', async (importOriginal) => ({ ...(await importOriginal<object>()), SCHEMA_VERSION: 2 }));
    const older = await import('../../src/store/sqlite/database.ts');
    expect(() => new older.SqliteDatabase(dir).acquire()).toThrow(older.SchemaTooNewError);
    expect(() => new older.SqliteDatabase(dir).acquire()).toThrow(/schema version 3, newer than the 2 this triage knows; upgrade triage/);
  });
});
