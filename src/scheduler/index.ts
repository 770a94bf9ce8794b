/**
 * The follow-up scheduler: Agenda on the backend matching the task store, running the jobs the
 * steps record in `meta.schedules` (handoff follow-up, resolution check, satisfaction survey,
 * outcome analysis, handoff retry) and writing each result into the task through `engine.addData`.
 *
 * Lifecycle: `createScheduler()` only builds; `start()` connects (and says clearly when it cannot),
 * defines the jobs and starts processing; `stop()` releases locked jobs and disconnects.
 * Workers call `sync(task)` whenever a task rests, so its new schedule records become jobs.
 */
import { Agenda, exponential, type AgendaBackend, type BackoffStrategy, type Job } from 'agenda';
import type { Connectors } from '../../connectors/types.ts';
import type { Engine } from '../engine/engine.ts';
import type { HumanTaskOpener } from '../engine/step.ts';
import type { Task } from '../engine/types.ts';
import { errorMessage } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { CompiledPolicy } from '../policy/compile.ts';
import type { TaskStore } from '../store/types.ts';
import { ConnectedBackend } from './backend.ts';
import { followUpJobs, type FollowUpJob, type ScheduledJobData } from './jobs/index.ts';
import { enqueueSchedules, type SyncResult } from './sync.ts';

export { enqueueSchedules, type SyncResult } from './sync.ts';
export { followUpJobs, surveyKey, type FollowUpJob, type JobContext, type ScheduledJobData } from './jobs/index.ts';

/** What the jobs need; an `App` from `startApp` has all of it. */
export interface SchedulerDeps {
  store: TaskStore;
  engine: Pick<Engine, 'addData'>;
  connectors: Connectors;
  policy: CompiledPolicy;
  log: Logger;
}

export interface SchedulerOptions extends SchedulerDeps {
  /** Built with `createBackend(...)`; the scheduler connects it in `start()` and disconnects it in `stop()`. */
  backend: AgendaBackend;
  /** Names this process in Agenda's `lastModifiedBy`; a worker id. */
  name?: string;
  /** How often Agenda looks for due jobs; 5 s by default (tests use less). */
  processEvery?: number | string;
  /** A failed job is retried with this backoff; exponential from 30 s, 5 retries by default. */
  backoff?: BackoffStrategy;
  /** Called after a job added data to a task, so the caller can run the task right away. */
  onTaskUpdated?: (taskId: string) => void | Promise<void>;
  /** The jobs to define; every follow-up job by default. */
  jobs?: readonly FollowUpJob[];
  now?: () => Date;
  /** Handed to every job (the callback reminder reads the ticket's current assignee from it). */
  assignees?: Pick<HumanTaskOpener, 'openFor' | 'person'>;
}

/** Raised by `start()` when the backend cannot be reached or opened. */
export class SchedulerStartError extends Error {
  override name = 'SchedulerStartError';
}

export class Scheduler {
  private agendaInstance: Agenda | null = null;
  private readonly jobs: ReadonlyMap<string, FollowUpJob>;
  private readonly log: Logger;

  constructor(private readonly options: SchedulerOptions) {
    this.jobs = new Map((options.jobs ?? followUpJobs).map((job) => [job.name, job]));
    this.log = options.log.child({ component: 'scheduler' });
  }

  /** The running Agenda instance (for inspection and tests); throws before `start()`. */
  get agenda(): Agenda {
    if (!this.agendaInstance) throw new Error('the scheduler is not started; call start() first');
    return this.agendaInstance;
  }

  /** Connects the backend, defines the jobs and starts processing. Throws `SchedulerStartError`. */
  async start(): Promise<void> {
    if (this.agendaInstance) return;
    const { backend } = this.options;
    try {
      await backend.connect();
    } catch (error) {
      throw new SchedulerStartError(
        `the scheduler could not connect its ${backend.name} backend: ${errorMessage(error)}` +
          ' (check the storage settings: TRIAGE_DATA_DIR must be writable, or MONGODB_URI must reach a running server)',
        { cause: error },
      );
    }
    const agenda = new Agenda({
      backend: new ConnectedBackend(backend),
      ...(this.options.name !== undefined ? { name: this.options.name } : {}),
      processEvery: this.options.processEvery ?? 5_000,
    });
    agenda.on('error', (error) => this.log.error({ err: errorMessage(error) }, 'scheduler error'));
    const backoff = this.options.backoff ?? exponential({ delay: 30_000, maxRetries: 5 });
    for (const job of this.jobs.values()) {
      agenda.define<ScheduledJobData>(job.name, (agendaJob) => this.runJob(job, agendaJob), { backoff });
    }
    try {
      await agenda.start();
    } catch (error) {
      await backend.disconnect().catch(() => undefined);
      throw new SchedulerStartError(`the scheduler could not start: ${errorMessage(error)}`, { cause: error });
    }
    this.agendaInstance = agenda;
  }

  /** True between a successful `start()` and `stop()`: what `/healthz` reports. */
  healthy(): boolean {
    return this.agendaInstance !== null;
  }

  /** Stops taking jobs, unlocks the ones this process held, and disconnects the backend. */
  async stop(): Promise<void> {
    const agenda = this.agendaInstance;
    if (!agenda) return;
    this.agendaInstance = null;
    try {
      await agenda.stop();
    } finally {
      await this.options.backend.disconnect();
    }
  }

  /** Makes Agenda jobs of `task`'s schedule records; re-syncing never duplicates a job. */
  async sync(task: Task): Promise<SyncResult> {
    const result = await enqueueSchedules(this.agenda, task, new Set(this.jobs.keys()));
    if (result.unknown.length > 0) this.log.warn({ taskId: task._id, keys: result.unknown }, 'schedule records name jobs the scheduler does not define');
    return result;
  }

  /** Loads the task, runs the job, writes its result; a throw makes Agenda retry with backoff. */
  private async runJob(job: FollowUpJob, agendaJob: Job<ScheduledJobData>): Promise<void> {
    const data = agendaJob.attrs.data;
    const log = this.log.child({ job: job.name, taskId: data.taskId });
    const task = await this.options.store.get(data.taskId);
    if (!task) {
      log.warn('the task of this follow-up no longer exists; nothing to do');
      return;
    }
    const now = this.options.now?.() ?? new Date();
    const patch = await job.run({ task, job: data, connectors: this.options.connectors, policy: this.options.policy, log, now, assignees: this.options.assignees ?? null });
    if (!patch) {
      log.debug('follow-up had nothing to add');
      return;
    }
    await this.options.engine.addData(task._id, patch);
    log.info('follow-up result added to the task');
    try {
      await this.options.onTaskUpdated?.(task._id);
    } catch (error) {
      // The data is written; failing the job here would retry it and write it again.
      log.error({ err: errorMessage(error) }, 'onTaskUpdated failed; the task is ready and a worker will pick it up');
    }
  }
}

/** Builds a scheduler (no connection, no work until `start()`). */
export function createScheduler(options: SchedulerOptions): Scheduler {
  return new Scheduler(options);
}
