import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunRecord, Task } from '../../src/engine/types.ts';
import { pack } from '../../src/store/sqlite/codec.ts';
import { DATABASE_FILE } from '../../src/store/sqlite/database.ts';
import { SCHEMA_VERSION } from '../../src/store/sqlite/schema.ts';
import { SqliteTaskStore } from '../../src/store/sqlite/tasks.ts';
import { describeTaskStoreContract } from '../store/contract.ts';
import { at, input, oddData, saveMeta } from '../store/contract-helpers.ts';
import { startedInTempDir } from '../support/temp-store.ts';

describeTaskStoreContract('sqlite', () => startedInTempDir('triage-sqlite-', (dir) => new SqliteTaskStore(dir)));

function run(n: number): RunRecord {
  return {
    stepId: `step-${n}`, attempt: 1, worker: 'w', startedAt: at(n), finishedAt: at(n + 1), durationMs: 1000,
    outcome: 'ok', matched: '{}', fieldsWritten: [`f.${n}`], explanation: [`run ${n}`], inputHash: `h${n}`,
  };
}

describe('SqliteTaskStore', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });
  async function started(): Promise<{ store: SqliteTaskStore; dir: string; raw: Database.Database }> {
    const dir = await mkdtemp(join(tmpdir(), 'triage-sqlite-'));
    dirs.push(dir);
    const store = new SqliteTaskStore(dir);
    await store.start();
    return { store, dir, raw: new Database(join(dir, DATABASE_FILE), { readonly: true }) };
  }

  it('does no work in the constructor and refuses use before start()', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'triage-sqlite-')), 'not-yet');
    dirs.push(dir);
    const store = new SqliteTaskStore(dir);
    await expect(store.get('x')).rejects.toThrow(/start\(\)/);
    await store.start();
    expect(await store.get('x')).toBeNull();
    await store.stop();
    await store.stop();
  });

  it('keeps data, dedupe and odd keys across stop and start, in WAL mode', async () => {
    const { store, dir, raw } = await started();
    const { task } = await store.create(input(oddData(), { source: { kind: 'zendesk', externalId: '9' } }));
    const claimed = await store.claim({ owner: 'w', leaseMs: 1000, now: at(1) });
    await store.stop();
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    // data is JSONB: SQLite's json() turns it back into the key-encoded text.
    const stored = raw.prepare('SELECT json(data) FROM task_data WHERE id = ?').pluck().get(task._id) as string;
    expect(stored).toContain('a~pb');
    expect(stored).not.toContain('"a.b"');
    raw.close();

    const second = new SqliteTaskStore(dir);
    await second.start();
    expect(await second.get(task._id)).toEqual(claimed);
    expect(await second.create(input({}, { source: { kind: 'zendesk', externalId: '9' } }))).toMatchObject({ created: false, task: { _id: task._id } });
    await second.stop();
  });

  it('appends only the new run records and rewrites data only when it changed', async () => {
    const { store, dir, raw } = await started();
    raw.close();
    // Triggers record every write to the two big tables, so the test sees what a save wrote.
    const spy = new Database(join(dir, DATABASE_FILE));
    spy.exec(`
      CREATE TABLE writes (what TEXT);
      CREATE TRIGGER runs_in AFTER INSERT ON task_runs BEGIN INSERT INTO writes VALUES ('run+' || NEW.seq); END;
      CREATE TRIGGER runs_out AFTER DELETE ON task_runs BEGIN INSERT INTO writes VALUES ('run-' || OLD.seq); END;
      CREATE TRIGGER runs_up AFTER UPDATE ON task_runs BEGIN INSERT INTO writes VALUES ('run~' || NEW.seq); END;
      CREATE TRIGGER data_up AFTER UPDATE ON task_data BEGIN INSERT INTO writes VALUES ('data'); END;`);
    const writes = (): string[] => spy.prepare('DELETE FROM writes RETURNING what').pluck().all() as string[];

    let task: Task = (await store.create(input({ subject: 'hello' }))).task;
    writes();
    task = await saveMeta(store, task, { runs: [run(1)] });
    task = await saveMeta(store, task, { runs: [run(1), run(2)] });
    expect(writes()).toEqual(['run+0', 'run+1']);
    task = await saveMeta(store, task, { runs: [...task.meta.runs, run(3)], state: 'waiting' });
    expect(writes()).toEqual(['run+2']);
    expect((await store.get(task._id))!.meta.runs).toEqual([run(1), run(2), run(3)]);
    await store.claim({ owner: 'w', leaseMs: 1, now: at(1), taskId: task._id });
    expect(writes()).toEqual([]);

    // Changing an earlier run (not something the engine does) still saves exactly what was given.
    task = (await store.get(task._id))!;
    task = await saveMeta(store, task, { runs: [run(1), { ...run(2), outcome: 'failed' }] });
    expect(writes().sort()).toEqual(['run+0', 'run+1', 'run-0', 'run-1', 'run-2']);
    expect((await store.get(task._id))!.meta.runs).toEqual([run(1), { ...run(2), outcome: 'failed' }]);
    task = await saveMeta(store, task, { runs: [] });
    expect((await store.get(task._id))!.meta.runs).toEqual([]);
    writes();

    task = await saveMeta(store, task, { state: 'waiting' });
    expect(writes()).toEqual([]);
    task = await saveMeta(store, task, {}, { subject: 'changed' });
    expect(writes()).toEqual(['data']);
    expect((await store.get(task._id))!.data).toEqual({ subject: 'changed' });
    await store.stop();
    spy.close();
  });

  it('lists and counts with filters SQL cannot express (arrays, $regex, $elemMatch) after skip and limit apply to matches', async () => {
    const { store, raw } = await started();
    for (let i = 0; i < 30; i++) {
      await store.create(input({ i, tags: i % 3 === 0 ? ['vip', 'x'] : ['x'], subject: i % 2 ? `Refund ${i}` : `hello ${i}` }, { now: at(i) }));
    }
    const vip = await store.list({ filter: { tags: 'vip', subject: { $regex: '^refund', $options: 'i' } }, skip: 1, limit: 2 });
    // i % 3 === 0 and odd: 3, 9, 15, 21, 27 -> newest first 27, 21, 15, 9, 3.
    expect(vip.total).toBe(5);
    expect(vip.items.map((t) => t.data.i)).toEqual([21, 15]);
    expect(await store.count({ filter: { i: { $gte: 10, $lt: 20 }, tags: { $size: 1 } } })).toBe(7);
    await store.stop();
    raw.close();
  });
  it('moves a version-1 file, whose data was deflated text, to JSONB data when it opens it', async () => {
    const { store, dir, raw } = await started();
    raw.close();
    const { task } = await store.create(input({ ticket: { id: 'OLD-1', tier: 'enterprise' } }));
    await store.stop();
    // Put the file back into version 1: data as deflated JSON text, as that version wrote it.
    const old = new Database(join(dir, DATABASE_FILE));
    const text = old.prepare('SELECT json(data) FROM task_data WHERE id = ?').pluck().get(task._id) as string;
    old.prepare('UPDATE task_data SET data = ? WHERE id = ?').run(pack(text, 0), task._id);
    old.pragma('user_version = 1');
    old.close();

    const reopened = new SqliteTaskStore(dir);
    await reopened.start();
    try {
      expect((await reopened.get(task._id))?.data).toEqual(task.data);
      expect(await reopened.count({ filter: { 'ticket.tier': 'enterprise' } })).toBe(1);
    } finally {
      await reopened.stop();
    }
    const check = new Database(join(dir, DATABASE_FILE), { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(check.prepare('SELECT json_valid(data, 8) FROM task_data WHERE id = ?').pluck().get(task._id)).toBe(1);
    check.close();
  });
});
