/**
 * Submitting a batch through the app and summarising it from the tasks' run records, shared by the
 * pipeline, latency and growth scenarios.
 */
import type { Task } from '../src/engine/types.ts';
import { allRested, type App } from './app.ts';
import type { Throughput } from './results.ts';
import { perSecond, summarise } from './stats.ts';
import { ticket } from './tickets.ts';

export const DRAIN_TIMEOUT_MS = 30 * 60_000;

/** Submits tickets 0..n-1 of `run` one after another, as a webhook would; returns their task ids. */
export async function submitBatch(app: App, n: number, run: string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) ids.push((await app.engine.submit(ticket(i, run), 'inbox')).task._id);
  return ids;
}

/** Handoff and rest times from the run records of `tasks`, over `ms` of wall time. */
export function summariseTasks(tasks: readonly Task[], ms: number): Throughput {
  const handoff: number[] = [];
  const rest: number[] = [];
  let failed = 0;
  for (const task of tasks) {
    const created = task.meta.createdAt.getTime();
    const run = task.meta.runs.find((r) => r.stepId === 'human_handoff' && r.outcome === 'ok');
    if (run) handoff.push(run.finishedAt.getTime() - created);
    const last = task.meta.runs.at(-1);
    if (last) rest.push(last.finishedAt.getTime() - created);
    if (task.meta.state === 'failed') failed++;
  }
  return { tickets: tasks.length, ms, perSecond: perSecond(tasks.length, ms), escalated: handoff.length, failed, handoff: summarise(handoff), rest: summarise(rest) };
}

export async function loadTasks(app: App, ids: readonly string[]): Promise<Task[]> {
  const tasks: Task[] = [];
  for (const id of ids) {
    const task = await app.store.get(id);
    if (task) tasks.push(task);
  }
  return tasks;
}

/** One of each sample ticket, driven to rest before a clock starts (first-call costs of a fresh app). */
export const WARM_UP = 4;

/**
 * Closed batch: workers start (`startWorkers`, or already running), WARM_UP tickets are driven to rest,
 * then the clock starts, `n` tickets are submitted while the workers take them, and it stops when the
 * last task rests.
 */
export async function timeBatch(app: App, n: number, run: string, startWorkers: () => { stop(): Promise<void> } = () => ({ stop: async () => undefined })): Promise<Throughput> {
  const workers = startWorkers();
  let ids: string[];
  let started: number;
  try {
    await submitBatch(app, WARM_UP, `${run}-warm`);
    await allRested(app, DRAIN_TIMEOUT_MS, 20);
    started = Date.now();
    ids = await submitBatch(app, n, run);
    await allRested(app, DRAIN_TIMEOUT_MS, 50);
  } finally {
    await workers.stop();
  }
  const tasks = await loadTasks(app, ids);
  // The end is when the last task rested (its last run record), not when the poll noticed.
  return summariseTasks(tasks, lastFinish(tasks, Date.now()) - started);
}

/** The latest end of a run among `tasks`, or `fallback`. */
export function lastFinish(tasks: readonly Task[], fallback: number): number {
  let last = 0;
  for (const task of tasks) last = Math.max(last, task.meta.runs.at(-1)?.finishedAt.getTime() ?? 0);
  return last || fallback;
}
