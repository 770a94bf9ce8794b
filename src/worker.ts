/**
 * The worker loop: claim the next claimable task, drive it to its resting point, repeat; when there is
 * nothing to do, sleep until the earliest retry is due or the poll interval passes. Several such lanes
 * run at once (`concurrency`), so a task waiting on a slow effect does not hold up the others. Stopping
 * lets the tasks in hand finish (their leases would otherwise have to expire before another worker
 * could continue).
 */
import type { App } from './app.ts';
import { errorMessage } from './errors.ts';

export interface WorkerOptions {
  /** Longest sleep when idle. */
  pollMs?: number;
  /** Tasks driven at once; `TRIAGE_WORKER_CONCURRENCY` by default. */
  concurrency?: number;
  /** Called after each task this worker drove, e.g. to sync its schedules. */
  onTaskDriven?: () => Promise<void> | void;
}

export interface RunningWorker {
  /** Resolves when the loop has stopped. */
  done: Promise<void>;
  /** Stops taking work at once (no task is claimed after the call); resolves once the tasks in hand are finished. */
  stop(): Promise<void>;
  processed(): number;
}

export function startWorker(app: App, options: WorkerOptions = {}): RunningWorker {
  const pollMs = options.pollMs ?? 1_000;
  const lanes = Math.max(1, Math.trunc(options.concurrency ?? app.config.TRIAGE_WORKER_CONCURRENCY));
  // With several tasks in flight, the outbox's composing and file writing pay off on their own thread
  // (they overlap with the other lanes' steps); with one, each would only wait for the round trip.
  if (lanes > 1 && app.config.TRIAGE_OUTBOX_THREAD) app.outbox.offload();
  let stopping = false;
  const sleepers = new Set<() => void>();
  let count = 0;
  const wakeAll = () => {
    for (const wake of [...sleepers]) wake();
  };
  const idle = (ms: number) =>
    new Promise<void>((resolve) => {
      // A stop requested while the loop was between sleeps must not wait out a whole poll interval.
      if (stopping) return resolve();
      const wake = () => {
        clearTimeout(timer);
        sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      sleepers.add(wake);
    });

  // Each lane drives one task at a time; the lanes share the store's claims, so no two take the same
  // task. `stopping` is checked right before every claim: once stop is requested no new task is taken,
  // and the tasks in hand (claimed before) are driven to their resting points so their leases are released.
  const lane = async () => {
    while (!stopping) {
      let worked = false;
      try {
        worked = await app.runner.runNext();
      } catch (error) {
        // A store outage must not kill the worker: log, back off, try again.
        app.log.error({ err: errorMessage(error) }, 'worker iteration failed');
        await idle(pollMs);
        continue;
      }
      if (worked) {
        count++;
        // There may be more where that came from: lanes asleep look now rather than at their next poll.
        wakeAll();
        await options.onTaskDriven?.();
        continue;
      }
      const next = await app.store.nextRunAfter().catch(() => null);
      const wait = next ? Math.min(pollMs, Math.max(10, next.getTime() - Date.now())) : pollMs;
      await idle(wait);
    }
  };

  const done = Promise.all(Array.from({ length: lanes }, lane)).then(() => undefined);
  return {
    done,
    processed: () => count,
    stop() {
      stopping = true;
      wakeAll();
      return done;
    },
  };
}
