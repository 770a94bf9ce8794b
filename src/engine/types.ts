/**
 * The task document and the records the engine keeps about it.
 *
 * A task is `{ _id, data, meta }`. Steps read and extend `data`; `meta` belongs to the engine.
 */

/** A JSON value as it appears in `data`. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** The task states and what they mean live with the rest of the vocabulary (src/domain/vocabulary.ts). */
export type { TaskState } from '../domain/vocabulary.ts';
import type { TaskState } from '../domain/vocabulary.ts';

export type SourceKind = 'cli' | 'inbox' | 'zendesk' | 'api' | 'import';

export interface TaskSource {
  kind: SourceKind;
  /** The ticket's id in the system it came from; (kind, externalId) is unique. */
  externalId?: string;
}

export interface Lease {
  owner: string;
  until: Date;
}

export type RunOutcome = 'ok' | 'retry' | 'failed';

/** One record per step run: what ran, why it matched, what it wrote. */
export interface RunRecord {
  stepId: string;
  attempt: number;
  worker: string;
  startedAt: Date;
  finishedAt: Date;
  durationMs: number;
  outcome: RunOutcome;
  error?: string;
  /** The step's condition, as written, that matched `data`. */
  matched: string;
  /** Top-level-and-one-below paths the patch wrote, e.g. `support.classification`. */
  fieldsWritten: string[];
  /** Human-readable reasons the step gave for what it decided (policy trigger, thresholds, fallbacks). */
  explanation: string[];
  /** True when the step produced its result through a fallback path (reasoner failure, bad model output). */
  fallback?: boolean;
  /** Hash of `data` when the step started: the loop guard compares it to refuse a rerun on unchanged data. */
  inputHash: string;
}

export interface UsageTotals {
  calls: number;
  promptTokens: number;
  completionTokens: number;
}

/** Reasoner usage for the whole task and per step. */
export interface TaskUsage extends UsageTotals {
  byStep: Record<string, UsageTotals>;
  /** Replies from the model that were invalid or failed and fell back to the heuristic reasoner. */
  fallbacks: { stepId: string; reason: string; at: Date }[];
}

export type EffectStatus = 'pending' | 'sent' | 'failed';

/** An outside side effect. `key` is the idempotency key: one key is sent at most once. */
export interface EffectRecord {
  key: string;
  channel: string;
  stepId: string;
  status: EffectStatus;
  target?: string;
  /** Where it went: an outbox file, a message id. */
  ref?: string;
  error?: string;
  createdAt: Date;
  updatedAt: Date;
}

/** A follow-up a step asked for; the scheduler executes it (see src/scheduler). */
export interface ScheduleRecord {
  job: string;
  runAt: Date;
  payload: JsonObject;
  stepId: string;
  key: string;
}

export interface TaskMeta {
  state: TaskState;
  version: number;
  lease: Lease | null;
  /** Not claimable before this time (retry backoff). */
  runAfter: Date | null;
  runs: RunRecord[];
  usage: TaskUsage;
  effects: EffectRecord[];
  schedules: ScheduleRecord[];
  source: TaskSource;
  /** Why the task failed, when `state` is `failed`. */
  error: string | null;
  /** A step to run next whatever its condition says: a human's HANDOFF back to an automated step. */
  next?: string | null;
  /** Operational flags such as `needs_human_review` or `critical_failure`. */
  flags: string[];
  createdAt: Date;
  updatedAt: Date;
}

export interface Task {
  _id: string;
  data: JsonObject;
  meta: TaskMeta;
}
