/**
 * The naive baseline: what a user might build instead of the engine. One Agenda job per step, on the
 * same database's Agenda backend: job i loads the task, runs step i's `run` if its condition matches,
 * saves the patch, and schedules job i+1. No run records, no leases, no effect records (the step's
 * effects are kept in memory only), no loop guard: only the work and the job queue.
 */
import { Agenda, type Job } from 'agenda';
import { createStepContext } from '../../src/engine/context.ts';
import { mergePatch, toJsonPatch } from '../../src/engine/patch.ts';
import type { Task } from '../../src/engine/types.ts';
import { ConnectedBackend } from '../../src/scheduler/backend.ts';
import { DRAIN_TIMEOUT_MS, loadTasks, submitBatch, summariseTasks, WARM_UP } from '../measure.ts';
import { schedulerBackend, sleep, startBenchApp, type App } from '../app.ts';
import type { Place } from '../places.ts';
import type { Throughput } from '../results.ts';

/** The spec's pipeline: the registry's first eight steps. */
export const PIPELINE_STEPS = 8;
/** How often Agenda looks for due jobs; jobs this process schedules are also picked up at once. */
export const NAIVE_PROCESS_EVERY_MS = 100;

type NaiveJob = { taskId: string };

async function runStep(app: App, index: number, taskId: string): Promise<void> {
  const step = app.registry.steps[index]!;
  let current = (await app.store.get(taskId)) as Task;
  if (!step.compiled.test(current.data)) return;
  const { ctx } = createStepContext(step.id, 1, {
    connectors: app.connectors,
    policy: app.policy,
    log: app.log,
    settings: { publicUrl: app.config.TRIAGE_PUBLIC_URL },
    humanTasks: app.humanTasks.service,
    now: () => new Date(),
    current: () => current,
    persistEffects: async (mutate) => {
      const effects = structuredClone(current.meta.effects);
      mutate(effects);
      current = { ...current, meta: { ...current.meta, effects } };
    },
  });
  const patch = toJsonPatch(await step.run(ctx));
  const version = current.meta.version;
  await app.store.save({ ...current, data: mergePatch(current.data, patch), meta: { ...current.meta, version: version + 1, updatedAt: new Date() } }, version);
}

export async function naive(place: Place, tickets: number): Promise<Throughput> {
  const app = await startBenchApp(place.env);
  const backend = await schedulerBackend(app);
  await backend.connect();
  const agenda = new Agenda({ backend: new ConnectedBackend(backend), name: 'bench-naive', processEvery: NAIVE_PROCESS_EVERY_MS });
  const finished = new Map<string, number>();
  const errors: string[] = [];
  try {
    for (let i = 0; i < PIPELINE_STEPS; i++) {
      agenda.define<NaiveJob>(`naive_step_${i}`, async (job: Job<NaiveJob>) => {
        const { taskId } = job.attrs.data;
        try {
          await runStep(app, i, taskId);
        } catch (error) {
          errors.push(error instanceof Error ? error.message : String(error));
        }
        if (i + 1 < PIPELINE_STEPS) await agenda.now<NaiveJob>(`naive_step_${i + 1}`, { taskId });
        else finished.set(taskId, Date.now());
      });
    }
    await agenda.start();
    const batch = async (n: number, run: string): Promise<string[]> => {
      const ids: string[] = [];
      for (const id of await submitBatch(app, n, run)) {
        ids.push(id);
        await agenda.now<NaiveJob>('naive_step_0', { taskId: id });
      }
      const deadline = Date.now() + DRAIN_TIMEOUT_MS;
      while (ids.some((id) => !finished.has(id))) {
        if (Date.now() > deadline) throw new Error(`the naive pipeline finished ${finished.size} tickets in ${DRAIN_TIMEOUT_MS} ms`);
        await sleep(20);
      }
      return ids;
    };
    await batch(WARM_UP, 'n-warm');
    const openedBefore = (await app.humanTasks.store.list({ limit: 1 })).total;
    const started = Date.now();
    const ids = await batch(tickets, 'n');
    if (errors.length > 0) throw new Error(`the naive pipeline's steps failed ${errors.length} times, first: ${errors[0]}`);
    const end = Math.max(...ids.map((id) => finished.get(id)!));
    // Naive tasks carry no run records: only the wall time is known; escalations are the human tasks opened.
    const result = summariseTasks(await loadTasks(app, ids), end - started);
    return { ...result, escalated: (await app.humanTasks.store.list({ limit: 1 })).total - openedBefore };
  } finally {
    await agenda.stop().catch(() => undefined);
    await backend.disconnect().catch(() => undefined);
    await app.stop();
  }
}
