/**
 * Running the server for real: build it, start an in-process worker that reports what it drives to
 * the metrics, listen. Closing stops taking requests first (in-flight ones finish), then lets the
 * worker finish the task in hand; the caller stops the store afterwards.
 */
import type { FastifyInstance } from 'fastify';
import type { App } from '../app.ts';
import type { DriveResult } from '../engine/runner.ts';
import type { Task } from '../engine/types.ts';
import { startWorker, type RunningWorker, type WorkerOptions } from '../worker.ts';
import { buildServer, type ServerDeps } from './app.ts';
import { createMetrics, type Metrics } from './metrics.ts';

export interface ServeOptions extends Omit<ServerDeps, 'app' | 'metrics'> {
  /** TRIAGE_PORT by default; 0 picks a free port. */
  port?: number;
  /** TRIAGE_HOST by default. */
  host?: string;
  /** Longest idle sleep of the worker; short, since webhooks expect their task to start promptly. */
  pollMs?: number;
  onTaskDriven?: WorkerOptions['onTaskDriven'];
}

export interface RunningServer {
  server: FastifyInstance;
  worker: RunningWorker;
  metrics: Metrics;
  /** `http://host:port` it listens on. */
  url: string;
  /** Stops taking requests, then stops the worker (it finishes the task in hand). */
  close(): Promise<void>;
}

/**
 * The app as the worker should see it: the same everything, but a runner whose drives are reported
 * to `metrics`. The worker only knows `runNext()`, which calls `this.drive()`, so a view inheriting
 * from the runner with `drive` wrapped sees every task the worker drives without changing the runner.
 */
export function observedApp(app: App, observe: (task: Task) => void): App {
  const runner = Object.create(app.runner) as App['runner'];
  runner.drive = async (claimed: Task): Promise<DriveResult> => {
    const result = await app.runner.drive.call(runner, claimed);
    if (result.kind !== 'lost') {
      try {
        observe(result.task);
      } catch (error) {
        app.log.warn({ err: (error as Error).message }, 'metrics: could not observe a task');
      }
    }
    return result;
  };
  return { ...app, runner };
}

/** Starts the in-process worker with metrics. */
export function startObservedWorker(app: App, metrics: Metrics, options: WorkerOptions = {}): RunningWorker {
  return startWorker(observedApp(app, (task) => metrics.observeTask(task)), options);
}

export async function serve(app: App, options: ServeOptions = {}): Promise<RunningServer> {
  const { port = app.config.TRIAGE_PORT, host = app.config.TRIAGE_HOST, pollMs = 250, onTaskDriven, ...deps } = options;
  const metrics = createMetrics();
  const server = buildServer({ ...deps, app, metrics });
  await server.ready();
  const worker = startObservedWorker(app, metrics, { pollMs, ...(onTaskDriven ? { onTaskDriven } : {}) });
  let address: string;
  try {
    address = await server.listen({ port, host });
  } catch (error) {
    await worker.stop();
    await server.close().catch(() => undefined);
    throw error;
  }
  let closing: Promise<void> | undefined;
  return {
    server,
    worker,
    metrics,
    url: address,
    close() {
      closing ??= (async () => {
        await server.close();
        await worker.stop();
      })();
      return closing;
    },
  };
}
