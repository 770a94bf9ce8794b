/**
 * Aggregate analytics over a period: the ONE entry point the analytics page, its CSV and
 * `triage analytics` share, so they always show the same numbers for the same store.
 *
 * Reading: the task store has no date filter yet (issue 11 adds indexed periods), so the tickets are
 * read page by page with `store.list` (newest first) and filtered on `meta.createdAt` here, stopping at
 * the first page that reaches past `since`. Human tasks are read per ticket through the human task
 * filter on `taskId` (indexed in both stores). Measures are defined in docs/analytics.md and computed
 * by `computeAnalytics`.
 */
import type { Task } from '../engine/types.ts';
import type { HumanTask, HumanTaskFilter } from '../human/types.ts';
import type { TaskStore } from '../store/types.ts';
import { computeAnalytics } from './analytics-measures.ts';
import { parsePeriod, type Period } from './analytics-period.ts';
import type { Analytics } from './analytics-types.ts';

export type { Analytics, Count, Percentiles } from './analytics-types.ts';
export { parsePeriod, type Period } from './analytics-period.ts';

/** Where analytics reads from: the app's task store and its human task inbox (store or service). */
export interface AnalyticsSources {
  store: Pick<TaskStore, 'list'>;
  humanTasks: { list(filter: HumanTaskFilter): Promise<{ items: HumanTask[]; total: number }> };
}

export interface AnalyticsQuery {
  since?: string | undefined;
  until?: string | undefined;
}

const PAGE = 500;
/** Human-task lookups in flight at once: enough to hide round trips, few enough not to crowd a pool. */
const LOOKUPS = 16;

function createdMs(task: Task): number {
  return new Date(task.meta.createdAt).getTime();
}

/** Every task created in [since, until), read in pages of 500 newest first; duplicates from shifting pages dropped. */
export async function readTasksCreatedIn(store: AnalyticsSources['store'], period: Period): Promise<Task[]> {
  const since = period.since.getTime();
  const until = period.until.getTime();
  const found = new Map<string, Task>();
  for (let skip = 0; ; skip += PAGE) {
    const { items } = await store.list({ limit: PAGE, skip });
    for (const task of items) {
      const t = createdMs(task);
      if (t >= since && t < until) found.set(task._id, task);
    }
    // Newest first: once a page ends before `since`, no later page can hold a task in the period.
    const last = items[items.length - 1];
    if (items.length < PAGE || !last || createdMs(last) < since) break;
  }
  return [...found.values()];
}

/** The human tasks of each ticket, by pipeline task id (tickets without any are absent). */
export async function readHumanTasksOf(humanTasks: AnalyticsSources['humanTasks'], taskIds: readonly string[]): Promise<Map<string, HumanTask[]>> {
  const out = new Map<string, HumanTask[]>();
  let next = 0;
  async function worker(): Promise<void> {
    while (next < taskIds.length) {
      const taskId = taskIds[next++]!;
      const items: HumanTask[] = [];
      for (let skip = 0; ; skip += 100) {
        const page = await humanTasks.list({ taskId, limit: 100, skip });
        items.push(...page.items);
        if (page.items.length < 100) break;
      }
      if (items.length > 0) out.set(taskId, items);
    }
  }
  await Promise.all(Array.from({ length: Math.min(LOOKUPS, taskIds.length) }, worker));
  return out;
}

/**
 * The analytics for `query` (since default 7d, until default now) at `now`. Throws `InputError` for a
 * period it cannot read (the page answers 400, the CLI exits 2).
 */
export async function buildAnalytics(sources: AnalyticsSources, query: AnalyticsQuery, now: Date, names?: { since: string; until: string }): Promise<Analytics> {
  const period = parsePeriod(query, now, names);
  const tasks = await readTasksCreatedIn(sources.store, period);
  const humans = await readHumanTasksOf(sources.humanTasks, tasks.map((t) => t._id));
  return computeAnalytics(tasks, humans, period, now);
}
