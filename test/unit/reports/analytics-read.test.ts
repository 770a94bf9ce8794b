/**
 * Reading a period from a real (embedded) store: the store has no date filter, so the reader pages
 * through `list` and keeps tasks by `meta.createdAt`; these tests fail if a page boundary, the
 * inclusive start or the exclusive end is handled wrongly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readHumanTasksOf, readTasksCreatedIn, buildAnalytics } from '../../../src/reports/analytics.ts';
import { parsePeriod } from '../../../src/reports/analytics-period.ts';
import { startedInTempDir } from '../../support/temp-store.ts';
import { SqliteHumanTaskStore, SqliteTaskStore } from '../../../src/store/sqlite/index.ts';

const now = new Date('2026-11-30T12:00:00.000Z');
const HOUR = 3_600_000;
let tasks: { store: SqliteTaskStore; cleanup: () => Promise<void> };
const ids: string[] = [];

beforeAll(async () => {
  tasks = await startedInTempDir('triage-analytics-read-', (dir) => new SqliteTaskStore(dir));
  // 1,200 tickets, one an hour back from now: more than two pages of 500.
  for (let i = 0; i < 1200; i++) {
    const { task } = await tasks.store.create({ data: { n: i }, source: { kind: 'api' }, now: new Date(now.getTime() - i * HOUR) });
    ids.push(task._id);
  }
}, 120_000);
afterAll(() => tasks.cleanup());

describe('reading the tickets of a period', () => {
  it('keeps exactly the tasks created in [since, until) across pages', async () => {
    // since 30d: task 720 (exactly at since) is in, task 0 (exactly at now = until) is not.
    const month = await readTasksCreatedIn(tasks.store, parsePeriod({ since: '30d' }, now));
    expect(month).toHaveLength(720);
    expect(new Set(month.map((t) => t._id))).toEqual(new Set(ids.slice(1, 721)));
    // An until in the middle: exclusive, so the task created exactly then is not in.
    const window = await readTasksCreatedIn(tasks.store, parsePeriod({ since: '2026-11-01T00:00:00Z', until: '2026-11-02T00:00:00Z' }, now));
    expect(window).toHaveLength(24);
    expect(window.every((t) => t.meta.createdAt >= new Date('2026-11-01T00:00:00Z') && t.meta.createdAt < new Date('2026-11-02T00:00:00Z'))).toBe(true);
  });

  it('counts tickets per day from the same read', async () => {
    const a = await buildAnalytics({ store: tasks.store, humanTasks: { list: async () => ({ items: [], total: 0 }) } }, { since: '2026-11-28', until: '2026-11-30' }, now);
    expect(a.tickets.total).toBe(48);
    expect(a.tickets.perDay).toEqual([{ key: '2026-11-28', count: 24 }, { key: '2026-11-29', count: 24 }]);
  });
});

describe('reading human tasks', () => {
  it('finds each ticket’s human tasks by taskId, more than one page of them too', async () => {
    const { store, cleanup } = await startedInTempDir('triage-analytics-humans-', (dir) => new SqliteHumanTaskStore(dir));
    try {
      const base = { type: 'review' as const, priority: 'low' as const, title: 't', team: 'finance', queue: 'q', skillTags: [], context: {}, fields: [], dueAt: now, escalationChain: ['finance'] };
      for (let i = 0; i < 103; i++) await store.create({ ...base, key: `a:${i}`, taskId: 'a' }, now);
      await store.create({ ...base, key: 'b:1', taskId: 'b' }, now);
      const found = await readHumanTasksOf(store, ['a', 'b', 'c']);
      expect(found.get('a')).toHaveLength(103);
      expect(found.get('b')).toHaveLength(1);
      expect(found.has('c')).toBe(false);
    } finally {
      await cleanup();
    }
  });
});
