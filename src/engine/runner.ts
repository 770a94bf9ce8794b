/**
 * The runner: claim a lease -> first matching step -> run -> commit patch + run record with a version
 * check -> repeat, until no step matches (the task rests `waiting` or `done`).
 *
 * Concurrency is optimistic: every write checks the version read. A worker that loses its lease (it
 * stalled past the lease and another worker took over) finds its commit refused and drops its result;
 * effects it already sent are recorded and are not sent again by the worker that took over.
 */
import { createHash, randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Connectors } from '../../connectors/types.ts';
import { errorMessage, isRetryable, RetryAfterError } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { CompiledPolicy } from '../policy/compile.ts';
import { VersionConflictError, type TaskStore } from '../store/types.ts';
import { checkPatch, PatchSchemaError } from '../domain/patch.ts';
import { createStepContext, FrozenCopies, type SideRecords } from './context.ts';
import { escalateFailure } from './on-error.ts';
import { mergePatch, toJsonPatch, writtenPaths } from './patch.ts';
import { StableJson } from './stable-json.ts';
import type { Registry, RegisteredStep } from './registry.ts';
import type { HumanTaskOpener, StepSettings } from './step.ts';
import type { EffectRecord, JsonObject, RunRecord, Task } from './types.ts';

export interface RunnerOptions {
  store: TaskStore;
  registry: Registry;
  connectors: Connectors;
  policy: CompiledPolicy;
  log: Logger;
  settings?: StepSettings;
  humanTasks?: HumanTaskOpener;
  /** Called with the task each time it comes to rest (e.g. to turn its schedule records into jobs). */
  onRest?: (task: Task) => Promise<void>;
  workerId?: string;
  /** How long a claim lasts without a commit before another worker may take the task over. */
  leaseMs?: number;
  /** Step runs one task may use in all; beyond it the task fails as a runaway. */
  maxRunsPerTask?: number;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
}

/** How a drive over a claimed task ended. */
export type DriveResult =
  | { kind: 'rested'; task: Task }
  | { kind: 'backoff'; task: Task; until: Date }
  | { kind: 'lost'; taskId: string };

export function defaultWorkerId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

/** Stable hash of `data` (key order does not matter) for the loop guard. */
export function hashData(data: JsonObject, texts?: StableJson): string {
  return createHash('sha256').update((texts ?? new StableJson()).of(data)).digest('hex').slice(0, 16);
}

/** Number of consecutive `retry` runs of `stepId` at the end of the run list. */
function retriesSoFar(runs: readonly RunRecord[], stepId: string): number {
  let count = 0;
  for (let i = runs.length - 1; i >= 0 && runs[i]?.stepId === stepId && runs[i]?.outcome === 'retry'; i--) count++;
  return count;
}

export class Runner {
  readonly workerId: string;
  private readonly leaseMs: number;
  private readonly maxRuns: number;
  private readonly now: () => Date;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: RunnerOptions) {
    this.workerId = options.workerId ?? defaultWorkerId();
    this.leaseMs = options.leaseMs ?? 60_000;
    this.maxRuns = options.maxRunsPerTask ?? 40;
    this.now = options.now ?? (() => new Date());
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /**
   * Runs one task to its resting point in this process, waiting out retry backoffs.
   * Returns the task as it rests (or as another worker holds it, if it is leased elsewhere).
   */
  async process(taskId: string): Promise<Task> {
    for (;;) {
      const claimed = await this.options.store.claim({ owner: this.workerId, leaseMs: this.leaseMs, now: this.now(), taskId });
      if (!claimed) {
        const task = await this.options.store.get(taskId);
        if (!task) throw new Error(`task ${taskId} does not exist`);
        if (task.meta.state === 'ready' && task.meta.runAfter) {
          await this.sleep(Math.max(0, task.meta.runAfter.getTime() - this.now().getTime()));
          continue;
        }
        return task;
      }
      const result = await this.drive(claimed);
      if (result.kind === 'rested') return result.task;
      if (result.kind === 'lost') return (await this.options.store.get(taskId)) as Task;
      await this.sleep(Math.max(0, result.until.getTime() - this.now().getTime()));
    }
  }

  /** Claims and drives the next claimable task; false when there was none. */
  async runNext(): Promise<boolean> {
    const claimed = await this.options.store.claim({ owner: this.workerId, leaseMs: this.leaseMs, now: this.now() });
    if (!claimed) return false;
    await this.drive(claimed);
    return true;
  }

  /** Drives a task this worker has claimed until it rests, backs off, or the lease is lost. */
  async drive(claimed: Task): Promise<DriveResult> {
    let task = claimed;
    const log = this.options.log.child({ taskId: task._id, worker: this.workerId });
    // Per drive: the steps of one drive share what did not change between their views and hashes.
    const copies = new FrozenCopies();
    const texts = new StableJson();
    const save = async (next: Task): Promise<Task> => {
      next.meta.updatedAt = this.now();
      next.meta.version = task.meta.version + 1;
      next.meta.lease = next.meta.state === 'running' ? { owner: this.workerId, until: new Date(this.now().getTime() + this.leaseMs) } : null;
      return this.options.store.save(next, task.meta.version);
    };

    for (;;) {
      // A human's HANDOFF names the step to run next; otherwise the first matching step runs.
      const directed = task.meta.next ? this.options.registry.get(task.meta.next) : undefined;
      const step = directed ?? this.options.registry.match(task.data);
      try {
        if (!step) {
          const done = task.meta.flags.includes('completed');
          task = await save({ ...task, meta: { ...task.meta, state: done ? 'done' : 'waiting' } });
          log.info({ state: task.meta.state }, 'task resting');
          await this.rested(task);
          return { kind: 'rested', task };
        }
        // One hash of the data per run: the loop guard compares it and the run record keeps it.
        const inputHash = hashData(task.data, texts);
        const guard = directed ? null : this.guard(task, step, inputHash);
        if (guard) {
          task = await save({ ...task, meta: { ...task.meta, state: 'failed', error: guard, flags: [...task.meta.flags, 'engine_guard'] } });
          log.error({ stepId: step.id, reason: guard }, 'task failed by the engine guard');
          await this.rested(task);
          return { kind: 'rested', task };
        }
        const outcome = await this.runStep(task, step, Boolean(directed), inputHash, (next) => (task = next), save, copies);
        task = outcome.task;
        if (outcome.backoffUntil) return { kind: 'backoff', task, until: outcome.backoffUntil };
        if (task.meta.state === 'failed') {
          await this.rested(task);
          return { kind: 'rested', task };
        }
      } catch (error) {
        if (!(error instanceof VersionConflictError)) throw error;
        // Someone else wrote the task: new data arrived, or our lease expired and another worker took over.
        const fresh = await this.options.store.get(task._id);
        if (!fresh || fresh.meta.state !== 'running' || fresh.meta.lease?.owner !== this.workerId) {
          log.warn('lease lost to another writer; dropping this worker\'s uncommitted result');
          return { kind: 'lost', taskId: task._id };
        }
        task = fresh;
      }
    }
  }

  /** The rest hook must not undo a commit that already happened: its failure is logged, not thrown. */
  private async rested(task: Task): Promise<void> {
    if (!this.options.onRest) return;
    try {
      await this.options.onRest(task);
    } catch (error) {
      this.options.log.error({ taskId: task._id, err: errorMessage(error) }, 'after-rest hook failed');
    }
  }

  private guard(task: Task, step: RegisteredStep, hash: string): string | null {
    if (task.meta.runs.length >= this.maxRuns) {
      return `the task used its ${this.maxRuns} step runs; a step keeps matching (last: ${step.id})`;
    }
    const last = [...task.meta.runs].reverse().find((run) => run.stepId === step.id && run.outcome !== 'retry');
    if (last && last.inputHash === hash) {
      return `step ${step.id} would run again on unchanged data (a loop); its patch must make its condition false`;
    }
    return null;
  }

  private async runStep(
    task: Task,
    step: RegisteredStep,
    directed: boolean,
    inputHash: string,
    setTask: (task: Task) => void,
    save: (next: Task) => Promise<Task>,
    copies: FrozenCopies,
  ): Promise<{ task: Task; backoffUntil?: Date }> {
    const attempt = retriesSoFar(task.meta.runs, step.id) + 1;
    let current = task;
    const { ctx, side } = createStepContext(step.id, attempt, {
      connectors: this.options.connectors,
      policy: this.options.policy,
      log: this.options.log,
      settings: this.options.settings ?? { publicUrl: 'http://127.0.0.1:3000' },
      humanTasks: this.options.humanTasks ?? null,
      now: this.now,
      copies,
      current: () => current,
      persistEffects: async (mutate) => {
        const effects: EffectRecord[] = structuredClone(current.meta.effects);
        mutate(effects);
        const next = await save({ ...current, meta: { ...current.meta, effects } });
        current = next;
        task = next;
        setTask(next);
      },
    });
    const startedAt = this.now();
    const record = (outcome: RunRecord['outcome'], patch: JsonObject, error?: unknown, fallback = false): RunRecord => {
      const finishedAt = this.now();
      return {
        stepId: step.id,
        attempt,
        worker: this.workerId,
        startedAt,
        finishedAt,
        durationMs: finishedAt.getTime() - startedAt.getTime(),
        outcome,
        ...(error === undefined ? {} : { error: errorMessage(error) }),
        matched: directed ? `handoff: run ${step.id} as directed` : step.compiled.text,
        fieldsWritten: writtenPaths(patch),
        explanation: side.explanation,
        ...(fallback || side.fallbackReasons.length > 0 ? { fallback: true } : {}),
        inputHash,
      };
    };

    // Checked before anything is committed: a patch that does not fit the step's schema writes nothing.
    const checked = (value: unknown): JsonObject => {
      const clean = toJsonPatch(value);
      if (step.patchSchema) checkPatch(step.id, step.patchSchema, step.writes ?? [], clean);
      return clean;
    };
    let patch: JsonObject;
    let run: RunRecord;
    try {
      patch = checked(await step.run(ctx));
      run = record('ok', patch);
    } catch (error) {
      if (error instanceof VersionConflictError) throw error;
      const retries = this.options.policy.source.on_error.retry;
      if (isRetryable(error) && attempt <= retries) {
        const base = this.options.policy.source.on_error.backoff_ms * 2 ** (attempt - 1);
        const delay = error instanceof RetryAfterError ? Math.max(base, error.retryAfterMs) : base;
        const until = new Date(this.now().getTime() + delay);
        this.options.log.warn({ taskId: task._id, stepId: step.id, attempt, retryInMs: delay, err: errorMessage(error) }, 'step failed; retrying later');
        const next = await save({
          ...current,
          meta: { ...current.meta, state: 'ready', runAfter: until, runs: [...current.meta.runs, record('retry', {}, error)] },
        });
        return { task: next, backoffUntil: until };
      }
      this.options.log.error({ taskId: task._id, stepId: step.id, attempt, err: errorMessage(error) }, 'step failed for good');
      const escalation = await escalateFailure(current, step.id, error, this.options.policy, this.options.humanTasks ?? null);
      if (escalation) side.explanation.push(escalation.explanation);
      const escalatedFlags = escalation?.humanTaskId && !current.meta.flags.includes('escalated_on_error') ? ['escalated_on_error'] : [];
      if (!step.fallback) {
        const next = await save({
          ...current,
          meta: { ...current.meta, state: 'failed', error: `step ${step.id} failed: ${errorMessage(error)}`, flags: [...current.meta.flags, ...escalatedFlags], runs: [...current.meta.runs, record('failed', {}, error)] },
        });
        return { task: next };
      }
      side.flags.push(...escalatedFlags);
      side.explanation.push(`fallback applied after ${attempt} attempt(s): ${errorMessage(error)}`);
      try {
        patch = checked(await step.fallback(ctx, error));
      } catch (refused) {
        if (!(refused instanceof PatchSchemaError)) throw refused;
        // The fallback's own patch does not fit: the task fails whole rather than half-written.
        this.options.log.error({ taskId: task._id, stepId: step.id, err: errorMessage(refused) }, 'step fallback refused');
        const next = await save({
          ...current,
          meta: { ...current.meta, state: 'failed', error: `step ${step.id} failed: ${errorMessage(error)}; its fallback was refused: ${errorMessage(refused)}`, flags: [...current.meta.flags, ...escalatedFlags], runs: [...current.meta.runs, record('failed', {}, refused, true)] },
        });
        return { task: next };
      }
      run = record('failed', patch, error, true);
    }
    const next = await save(this.commitRecords(current, patch, run, side, step.id));
    return { task: next };
  }

  private commitRecords(task: Task, patch: JsonObject, run: RunRecord, side: SideRecords, stepId: string): Task {
    const usage = structuredClone(task.meta.usage);
    usage.calls += side.usage.calls;
    usage.promptTokens += side.usage.promptTokens;
    usage.completionTokens += side.usage.completionTokens;
    if (side.usage.calls > 0 || side.fallbackReasons.length > 0) {
      const byStep = usage.byStep[stepId] ?? { calls: 0, promptTokens: 0, completionTokens: 0 };
      byStep.calls += side.usage.calls;
      byStep.promptTokens += side.usage.promptTokens;
      byStep.completionTokens += side.usage.completionTokens;
      usage.byStep[stepId] = byStep;
    }
    for (const reason of side.fallbackReasons) usage.fallbacks.push({ stepId, reason, at: this.now() });
    const flags = task.meta.flags.filter((flag) => !side.unflags.includes(flag));
    for (const flag of [...side.flags, ...(side.complete ? ['completed'] : [])]) if (!flags.includes(flag)) flags.push(flag);
    const schedules = [...task.meta.schedules.filter((s) => !side.schedules.some((n) => n.key === s.key)), ...side.schedules];
    return {
      ...task,
      data: mergePatch(task.data, patch),
      meta: { ...task.meta, state: 'running', runAfter: null, next: side.next, runs: [...task.meta.runs, run], usage, flags, schedules },
    };
  }
}
