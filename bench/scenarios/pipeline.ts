/**
 * Pipeline throughput: a batch submitted through the engine while workers take it, until every task
 * rests; one worker in this process, or `triage worker` child processes sharing a MongoDB.
 */
import { startWorker } from '../../src/worker.ts';
import { startBenchApp } from '../app.ts';
import { timeBatch } from '../measure.ts';
import type { Place } from '../places.ts';
import type { Throughput } from '../results.ts';
import { spawnWorker, stopWorkers } from '../workers.ts';

export async function inProcessPipeline(place: Place, tickets: number): Promise<Throughput> {
  const app = await startBenchApp(place.env);
  try {
    return await timeBatch(app, tickets, 'p', () => startWorker(app, { pollMs: 20 }));
  } finally {
    await app.stop();
  }
}

/** `workers` child processes; the batch is submitted by this process once they are all ready. */
export async function workerProcessesPipeline(place: Place, tickets: number, workers: number): Promise<Throughput> {
  const app = await startBenchApp(place.env);
  const children = Array.from({ length: workers }, () => spawnWorker(place.sibling()));
  try {
    await Promise.all(children.map((c) => c.ready));
    return await timeBatch(app, tickets, `w${workers}`);
  } finally {
    await stopWorkers(children);
    await app.stop();
  }
}
