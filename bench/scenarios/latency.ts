/**
 * Latency under a steady arrival rate (open loop): tickets are submitted on a fixed schedule whatever
 * the worker manages, as webhooks arrive, with one worker in this process. Submit -> handoff comes
 * from each task's run records.
 */
import { startWorker } from '../../src/worker.ts';
import { allRested, sleep, startBenchApp } from '../app.ts';
import { DRAIN_TIMEOUT_MS, lastFinish, loadTasks, submitBatch, summariseTasks, WARM_UP } from '../measure.ts';
import type { Place } from '../places.ts';
import type { LatencyRun } from '../results.ts';
import { ticket } from '../tickets.ts';

export async function latency(place: Place, rate: number, seconds: number): Promise<LatencyRun> {
  const app = await startBenchApp(place.env);
  const worker = startWorker(app, { pollMs: 20 });
  try {
    await submitBatch(app, WARM_UP, 'l-warm');
    await allRested(app, DRAIN_TIMEOUT_MS, 20);
    const count = Math.max(1, Math.round(rate * seconds));
    const gap = 1000 / rate;
    const ids: string[] = [];
    const submits: Promise<void>[] = [];
    const started = Date.now();
    const t0 = performance.now();
    let lastAt = t0;
    for (let i = 0; i < count; i++) {
      const wait = t0 + i * gap - performance.now();
      if (wait > 0) await sleep(wait);
      lastAt = performance.now();
      // Not awaited: the next ticket arrives on time even if this one is slow to store.
      submits.push(app.engine.submit(ticket(i, 'l'), 'inbox').then((r) => void ids.push(r.task._id)));
    }
    await Promise.all(submits);
    await allRested(app, DRAIN_TIMEOUT_MS, 50);
    const tasks = await loadTasks(app, ids);
    const achievedRate = count > 1 ? ((count - 1) * 1000) / (lastAt - t0) : rate;
    return { rate, seconds, achievedRate, result: summariseTasks(tasks, lastFinish(tasks, Date.now()) - started) };
  } finally {
    await worker.stop();
    await app.stop();
  }
}
