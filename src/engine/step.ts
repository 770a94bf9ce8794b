/**
 * How a step is declared. A step is a plain module:
 * `export default defineStep({ id, title, condition, writes, run })`.
 */
import type { Connectors } from '../../connectors/types.ts';
import type { ReasonerUsage } from '../../connectors/llm/types.ts';
import type { QueueSnapshot } from '../calendar/queue-estimate.ts';
import type { TaskData, TaskDataKey } from '../domain/task-data.ts';
import type { Priority } from '../domain/vocabulary.ts';
import type { CompiledPolicy } from '../policy/compile.ts';
import type { Logger } from '../log.ts';
import type { Condition } from './matcher.ts';
import type { JsonObject, TaskMeta } from './types.ts';

/**
 * Opens the human task of a handoff (idempotently: one per pipeline task). Structural, so the engine
 * does not depend on the inbox's implementation.
 */
export interface HumanTaskInput {
  taskId: string;
  title: string;
  team: string;
  priority: Priority;
  queue?: string;
  skillTags?: string[];
  context?: JsonObject;
  /** The policy SLA for the priority when absent. */
  dueAt?: Date;
}

export interface HumanTaskOpener {
  openForHandoff(input: HumanTaskInput): Promise<{ task: { _id: string; dueAt: Date }; created: boolean }>;
  /** Puts the ticket in a team's queue as a `review` task, paging nobody (one per pipeline task). */
  openForQueue?(input: HumanTaskInput): Promise<{ task: { _id: string; dueAt: Date }; created: boolean }>;
  /** A step failed for good under `on_error.then: escalate` on a ticket that was not escalated (one per pipeline task). */
  openForFailure?(input: HumanTaskInput): Promise<{ task: { _id: string; dueAt: Date }; created: boolean }>;
  /** The ticket's open human task, if any: callback_booking names its assignee and notes the booking on it. */
  openFor?(taskId: string): Promise<{ _id: string; team: string; assignedTo: string | null } | null>;
  /** Adds an internal note to a human task. */
  addNote?(id: string, by: string, text: string): Promise<unknown>;
  /** A person's name and email by username or id; null when there is no such person. */
  person?(usernameOrId: string): Promise<{ id: string; name: string; email: string | null } | null>;
  /**
   * Read-only: the team's queue at `at` for a ticket of `priority` (tasks ahead, members available,
   * recent handling times), for the promise the customer is told (src/calendar/queue-snapshot.ts).
   * `exclude` is the ticket's own human task.
   */
  queueFor?(team: string, priority: Priority, at: Date, exclude?: string | null): Promise<QueueSnapshot>;
}

export interface StepSettings {
  publicUrl: string;
  /** A signed link for the customer to book a callback on this task; absent when callbacks are off. */
  callbackLink?: (taskId: string, now: Date) => string;
}

/** What a step sees. `data` is a frozen copy: a step changes the task only through the patch it returns. */
export interface StepContext {
  readonly taskId: string;
  readonly stepId: string;
  readonly attempt: number;
  readonly data: Readonly<JsonObject>;
  /** Read-only engine records, for steps that report on the task itself (performance analytics). */
  readonly meta: Readonly<Pick<TaskMeta, 'runs' | 'usage' | 'effects' | 'schedules' | 'source' | 'createdAt' | 'flags'>>;
  readonly connectors: Connectors;
  readonly policy: CompiledPolicy;
  readonly log: Logger;
  /** Deployment settings steps need, e.g. the public URL used in links to a task. */
  readonly settings: StepSettings;
  /** The human task inbox, when the deployment has one (it always does outside unit tests). */
  readonly humanTasks: HumanTaskOpener | null;
  now(): Date;
  /** Asks the scheduler to run `job` at `runAt`; recorded on the task with the step's commit. */
  schedule(job: string, runAt: Date, payload: JsonObject): void;
  /** The task is finished once this step's patch is committed and no other step matches. */
  complete(): void;
  /** Runs the step `stepId` next, whatever its condition says (a HANDOFF back to an automated step). */
  handoff(stepId: string): void;
  /** Adds a reason to the run record: which trigger fired, which threshold was crossed. */
  explain(reason: string): void;
  /** Sets an operational flag on the task, e.g. `needs_human_review`. */
  flag(name: string): void;
  /**
   * Clears a flag the task carries once what it warned about no longer holds (a handoff that failed
   * everywhere and was later delivered); committed with the step's patch. The run records keep the history.
   */
  unflag(name: string): void;
  /**
   * Counts reasoner calls/tokens; `fallbackReason` records that the answer came from a fallback path.
   * `connectors.reasoner` calls it by itself for every answer: steps call it only for usage spent
   * outside the reasoner.
   */
  recordUsage(usage: ReasonerUsage, fallbackReason?: string): void;
  /**
   * Performs an outside effect once per task: `name` identifies it within the step, so a retried step,
   * a restarted worker or a resubmitted ticket finds it already sent and skips it. The effect is
   * recorded as pending before `send` runs and as sent after; a send whose outcome is unknown (the
   * worker died inside it) is sent again with the same idempotency key, and the connector makes that
   * repeat harmless where the service allows it (see docs/delivery.md).
   */
  effect(effect: { channel: string; name: string; target: string }, send: (idempotencyKey: string) => Promise<{ ref: string }>): Promise<{ ref: string; skipped: boolean }>;
}

/**
 * A patch as `data`'s schema describes it: objects may name some of their keys (they merge), arrays and
 * scalars are whole (they replace).
 */
export type PatchOf<T> = T extends readonly unknown[] ? T : T extends object ? { [K in keyof T]?: PatchOf<T[K]> } : T;

/** What `run` and `fallback` return: new fields of `data`, typed by the task-data schema. */
export type StepPatch = PatchOf<TaskData> | JsonObject;

export interface StepDefinition {
  /** lower_snake_case, unique in the registry. */
  id: string;
  /** One line for `triage steps` and the docs. */
  title: string;
  /** MongoDB-style condition over `data`. */
  condition: Condition;
  /**
   * The top-level fields of `data` the step writes (keys of `taskDataSchema`, src/domain/task-data.ts).
   * The runner checks every patch, from `run` and from `fallback`, against their schemas before it
   * commits: a key not listed here, a field the schema does not know or a value of the wrong shape is a
   * step error, and nothing of the patch is written. Every shipped step declares it (a test checks);
   * without it the patch is not checked, which only ad-hoc steps in engine tests rely on.
   */
  writes?: readonly TaskDataKey[];
  /** Returns the patch: new fields, deep-merged into `data` (objects merge, anything else replaces). */
  run(ctx: StepContext): Promise<StepPatch>;
  /**
   * When `run` keeps failing (after the policy's retries) the fallback's patch is committed instead, so the
   * task keeps going the way the spec's fallback paths describe. Without one, the task fails.
   */
  fallback?(ctx: StepContext, error: unknown): StepPatch | Promise<StepPatch>;
}

export function defineStep(step: StepDefinition): StepDefinition {
  return step;
}
