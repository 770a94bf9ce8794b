import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../src/store/sqlite/database.ts';
import { SqliteHumanTaskStore } from '../../src/store/sqlite/human-tasks.ts';
import { describeHumanTaskStoreContract, minutes, newInput, T0 } from '../human/contract.ts';
import { startedInTempDir } from '../support/temp-store.ts';

describeHumanTaskStoreContract('sqlite', () => startedInTempDir('triage-human-sqlite-', (dir) => new SqliteHumanTaskStore(dir)));

describe('SqliteHumanTaskStore', () => {
  it('refuses use before start() and keeps tasks and key dedupe across a restart', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'triage-human-sqlite-'));
    try {
      const first = new SqliteHumanTaskStore(dir);
      await expect(first.get('x')).rejects.toThrow(/start\(\)/);
      await first.start();
      const { task } = await first.create(newInput({ key: 'P1:handoff', context: { 'x.y': 1, $z: [[1]] } }), T0);
      await first.stop();

      const second = new SqliteHumanTaskStore(dir);
      await second.start();
      expect(await second.get(task._id)).toEqual(task);
      expect(await second.create(newInput({ key: 'P1:handoff' }), T0)).toMatchObject({ created: false, task: { _id: task._id } });
      await second.stop();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('answers the inbox listing from an index, in order, without sorting the table', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'triage-human-sqlite-'));
    const store = new SqliteHumanTaskStore(dir);
    try {
      await store.start();
      for (let i = 0; i < 20; i++) await store.create(newInput({ team: i % 2 ? 'support' : 'finance', priority: i % 4 === 0 ? 'high' : 'low', dueAt: minutes(i) }), T0);
      const raw = new Database(join(dir, DATABASE_FILE), { readonly: true });
      const plan = (sql: string, ...params: unknown[]): string =>
        (raw.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join('\n');
      const inbox = plan("SELECT doc FROM human_tasks WHERE is_open = 1 AND status IN ('pending', 'assigned', 'in_progress') ORDER BY priority_rank, due_at, id LIMIT 50");
      expect(inbox).toMatch(/USING INDEX human_tasks_inbox/);
      expect(inbox).not.toMatch(/TEMP B-TREE/);
      const team = plan("SELECT doc FROM human_tasks WHERE is_open = 1 AND status IN ('pending', 'assigned', 'in_progress') AND team IN ('support') ORDER BY priority_rank, due_at, id LIMIT 50");
      expect(team).toMatch(/USING INDEX human_tasks_team/);
      expect(team).not.toMatch(/TEMP B-TREE/);
      raw.close();
      const open = await store.list({ status: ['pending', 'assigned', 'in_progress'], team: 'support', limit: 3 });
      expect(open.total).toBe(10);
      expect(open.items.map((t) => t.dueAt)).toEqual([minutes(1), minutes(3), minutes(5)]);
    } finally {
      await store.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
