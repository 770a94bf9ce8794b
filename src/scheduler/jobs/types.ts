/**
 * What a scheduled job is: a plain function from the task (as it is when the job fires) to a patch
 * of new data. The scheduler loads the task, calls it, and writes the patch through
 * `engine.addData`, so steps and the report see the result and the task resumes.
 */
import type { Connectors } from '../../../connectors/types.ts';
import type { HumanTaskOpener } from '../../engine/step.ts';
import type { JsonObject, Task } from '../../engine/types.ts';
import type { Logger } from '../../log.ts';
import type { CompiledPolicy } from '../../policy/compile.ts';

/** The Agenda job data of a follow-up, copied from the task's `ScheduleRecord`. */
export interface ScheduledJobData {
  taskId: string;
  /** The record's key (`<taskId>:<job>`); one pending Agenda job per key. */
  key: string;
  /** The record's `runAt`, ISO; together with `key` it names one scheduled run. */
  runAt: string;
  stepId: string;
  payload: JsonObject;
}

export interface JobContext {
  task: Task;
  job: ScheduledJobData;
  connectors: Connectors;
  policy: CompiledPolicy;
  log: Logger;
  now: Date;
  /** The inbox, where the deployment has one: jobs that must know who has the ticket now ask it. */
  assignees?: Pick<HumanTaskOpener, 'openFor' | 'person'> | null;
}

/** A follow-up job; `run` returns the data to add to the task, or null when there is nothing to add. */
export interface FollowUpJob {
  readonly name: string;
  run(ctx: JobContext): Promise<JsonObject | null>;
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `data.human.resolved === true`: a person resolved the human task (see the human inbox). */
export function humanResolved(data: JsonObject): boolean {
  return isObject(data.human) && data.human.resolved === true;
}
