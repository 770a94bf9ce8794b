/**
 * Spreading eval tickets over worker threads. The main thread deals the items out in small chunks (a
 * worker asks for more as it finishes, so long and short tickets even out), collects each chunk's
 * results and hands them on strictly in item order, so whatever folds them sees the same sequence as a
 * one-thread run. A worker that fails (an item throws, it crashes, it exits) fails the run with one
 * line, and every worker is terminated however the run ends.
 *
 * Workers run TypeScript: each starts at `src/thread-boot.mjs`, which registers tsx's loader in the thread
 * and imports the module named in its `workerData` (the CLI registers tsx in the main thread only, and
 * a loader registered there does not reach worker threads).
 */
import { Worker, parentPort, workerData } from 'node:worker_threads';
import { errorMessage } from '../errors.ts';

const BOOT = new URL('../thread-boot.mjs', import.meta.url);

/** What a worker's module receives: its own module (so it can tell it was started) and the setup. */
export interface PoolData<S> {
  module: string;
  setup: S;
}

type ToWorker<I> = { type: 'chunk'; start: number; items: I[] };
type FromWorker<R> =
  | { type: 'ready'; info: unknown }
  | { type: 'done'; start: number; results: R[] }
  | { type: 'error'; position?: number; message: string };

/** An item a worker could not process: `position` is its index in the items run. */
export class PoolItemError extends Error {
  override name = 'PoolItemError';
  constructor(readonly position: number, message: string) {
    super(message);
  }
}

/** A worker that could not start or stopped unexpectedly; the message is one line for the user. */
export class PoolError extends Error {
  override name = 'PoolError';
}

export interface PoolOptions<S> {
  /** The worker module: a file URL of a module that calls `serveWorker` when started as a worker. */
  module: URL;
  setup: S;
  workers: number;
  /** Items per chunk; by default a share small enough to balance the load, at most 16. */
  chunk?: number;
}

export interface Pool<I, R> {
  /** What each worker said once ready (e.g. its reasoner's name); rejects when one cannot start. */
  ready: Promise<unknown[]>;
  /** Runs the items; `onResult` sees every result in item order. Rejects on the first failure. */
  run(items: I[], onResult: (result: R, position: number) => void): Promise<void>;
  /** Terminates every worker (also after a failure); safe to call more than once. */
  close(): Promise<void>;
}

export function startPool<S, I, R>(options: PoolOptions<S>): Pool<I, R> {
  const count = Math.max(1, options.workers);
  let closing = false;
  let failWith!: (error: Error) => void;
  const failed = new Promise<never>((_, reject) => (failWith = reject));
  failed.catch(() => undefined);
  let failure: Error | undefined;
  const fail = (error: Error): void => {
    if (failure || closing) return;
    failure = error;
    failWith(error);
  };
  const data: PoolData<S> = { module: options.module.href, setup: options.setup };
  const readies: Promise<unknown>[] = [];
  const listeners = new Set<(worker: number, message: FromWorker<R>) => void>();
  const workers = Array.from({ length: count }, (_, i) => {
    const worker = new Worker(BOOT, { workerData: data });
    let resolveReady!: (info: unknown) => void;
    readies.push(new Promise((resolve) => (resolveReady = resolve)));
    worker.on('message', (message: FromWorker<R>) => {
      if (message.type === 'ready') resolveReady(message.info);
      else if (message.type === 'error') fail(message.position === undefined ? new PoolError(message.message) : new PoolItemError(message.position, message.message));
      else for (const listener of listeners) listener(i, message);
    });
    worker.on('error', (error) => fail(new PoolError(`eval worker ${i + 1} failed: ${errorMessage(error)}`)));
    worker.on('messageerror', (error) => fail(new PoolError(`eval worker ${i + 1} sent an unreadable message: ${errorMessage(error)}`)));
    worker.on('exit', (code) => fail(new PoolError(`eval worker ${i + 1} stopped (exit code ${code}) before its tickets were done`)));
    return worker;
  });
  const ready = Promise.race([Promise.all(readies), failed]);
  ready.catch(() => undefined);

  return {
    ready,
    async run(items, onResult) {
      await ready;
      const chunk = Math.max(1, options.chunk ?? Math.min(16, Math.ceil(items.length / (count * 8))));
      const pending = new Map<number, R[]>();
      let dealt = 0;
      let folded = 0;
      const deal = (worker: number): void => {
        if (dealt >= items.length) return;
        const message: ToWorker<I> = { type: 'chunk', start: dealt, items: items.slice(dealt, dealt + chunk) };
        dealt += message.items.length;
        workers[worker]!.postMessage(message);
      };
      const finished = new Promise<void>((resolve) => {
        const listener = (worker: number, message: FromWorker<R>): void => {
          if (message.type !== 'done' || failure) return;
          pending.set(message.start, message.results);
          deal(worker);
          // Results reach the caller in item order, whichever worker finished first.
          try {
            for (let next = pending.get(folded); next !== undefined; next = pending.get(folded)) {
              pending.delete(folded);
              const at = folded;
              folded += next.length;
              next.forEach((result, j) => onResult(result, at + j));
            }
          } catch (error) {
            fail(error instanceof Error ? error : new Error(String(error)));
            return;
          }
          if (folded >= items.length) {
            listeners.delete(listener);
            resolve();
          }
        };
        listeners.add(listener);
        if (items.length === 0) resolve();
      });
      // Two chunks per worker in flight, so a worker never waits for the main thread between chunks.
      for (let round = 0; round < 2; round++) for (let w = 0; w < count; w++) deal(w);
      await Promise.race([finished, failed]);
    },
    async close() {
      closing = true;
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

/** Inside a worker: what `serveWorker`'s start function returns. */
export interface WorkerHandler<I, R> {
  /** Sent to the main thread once ready. */
  info?: unknown;
  /** Items of a chunk run at once. */
  concurrency: number;
  handle(item: I): Promise<R>;
}

/**
 * The worker side: starts the handler with the setup, then processes each chunk the main thread sends
 * and sends its results back. A failure is reported once (naming the item) and the worker stops working.
 */
export function serveWorker<S, I, R>(start: (setup: S) => Promise<WorkerHandler<I, R>>): void {
  const port = parentPort;
  if (!port) throw new Error('serveWorker runs in a worker thread');
  const { setup } = workerData as PoolData<S>;
  let broken = false;
  const report = (message: FromWorker<R>): void => {
    if (!broken) port.postMessage(message);
    if (message.type === 'error') broken = true;
  };
  let queue: Promise<WorkerHandler<I, R> | null> = start(setup).then(
    (handler) => {
      report({ type: 'ready', info: handler.info ?? null });
      return handler;
    },
    (error: unknown) => {
      report({ type: 'error', message: errorMessage(error) });
      return null;
    },
  );
  port.on('message', (message: ToWorker<I>) => {
    queue = queue.then(async (handler) => {
      if (!handler || broken) return handler;
      const results: R[] = new Array(message.items.length);
      let next = 0;
      const lane = async (): Promise<void> => {
        while (next < message.items.length && !broken) {
          const j = next++;
          try {
            results[j] = await handler.handle(message.items[j]!);
          } catch (error) {
            report({ type: 'error', position: message.start + j, message: errorMessage(error) });
          }
        }
      };
      await Promise.all(Array.from({ length: Math.max(1, Math.min(handler.concurrency, message.items.length)) }, lane));
      report({ type: 'done', start: message.start, results });
      return handler;
    });
  });
}
