/**
 * An eval worker thread (started by run.ts through pool.ts): its own dry-run pipeline, with the same
 * policy and reasoner configuration as the main thread's would have, runs the tickets it is dealt and
 * sends back each one's outcome (counts and verdicts, no task); the main thread folds them in row order.
 */
import { isMainThread, workerData } from 'node:worker_threads';
import { startDryRun } from './dry-run.ts';
import { serveWorker, type PoolData, type WorkerHandler } from './pool.ts';
import { runTicket, type Prepared, type TicketOutcome } from './run.ts';
import type { MeasureSpec } from './spec.ts';
import { Tally } from './tally.ts';

export interface EvalWorkerSetup {
  measures: MeasureSpec[];
  /** Tickets in flight at once in this worker. */
  concurrency: number;
  env?: Record<string, string | undefined>;
  policyFile?: string;
}

export interface EvalWorkerInfo {
  reasoner: string;
}

export async function startEvalWorker(setup: EvalWorkerSetup): Promise<WorkerHandler<Prepared, TicketOutcome>> {
  const dry = await startDryRun({ ...(setup.env ? { env: setup.env } : {}), ...(setup.policyFile !== undefined ? { policyFile: setup.policyFile } : {}) });
  const tallies = setup.measures.map((m) => new Tally(m));
  const info: EvalWorkerInfo = { reasoner: dry.reasoner.name };
  return { info, concurrency: setup.concurrency, handle: (item) => runTicket(dry, tallies, item) };
}

// Serves only when this is the module the pool started (a test's worker may import it to wrap it).
if (!isMainThread && (workerData as PoolData<unknown> | null)?.module === import.meta.url) serveWorker(startEvalWorker);
