/**
 * The worker loop: claim the next claimable task, drive it to its resting point, repeat; when there is
 * nothing to do, sleep until the earliest retry is due or the poll interval passes. Stopping lets the
 * task in hand finish (its lease would otherwise have to expire before another worker could continue).
 */
import type { App } from './app.ts';
import { errorMessage } from './errors.ts';

export interface WorkerOptions {
  /** Longest sleep when idle. */
  pollMs?: number;
  /** Called after each task this worker drove, e.g. to sync its schedules. */
  onTaskDriven?: () => Promise<void> | void;
}

export interface RunningWorker {
  /** Resolves when the loop has stopped. */
  done: Promise<void>;
  /** Stops taking work at once (no task is claimed after the call); resolves once the task in hand is finished. */
  stop(): Promise<void>;
  processed(): number;
}

export function startWorker(app: App, options: WorkerOptions = {}): RunningWorker {
  const pollMs = options.pollMs ?? 1_000;
  let stopping = false;
  let wake: (() => void) | undefined;
  let count = 0;
  const idle = (ms: number) =>
    new Promise<void>((resolve) => {
      // A stop requested while the loop was between sleeps must not wait out a whole poll interval.
      if (stopping) return resolve();
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  // `stopping` is checked right before every claim: once stop is requested no new task is taken,
  // and the task in hand (claimed before) is driven to its resting point so its lease is released.
  const loop = async () => {
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
        await options.onTaskDriven?.();
        continue;
      }
      const next = await app.store.nextRunAfter().catch(() => null);
      const wait = next ? Math.min(pollMs, Math.max(10, next.getTime() - Date.now())) : pollMs;
      await idle(wait);
    }
  };

  const done = loop();
  return {
    done,
    processed: () => count,
    stop() {
      stopping = true;
      wake?.();
      return done;
    },
  };
}
