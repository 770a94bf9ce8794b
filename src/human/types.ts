/**
 * The human task inbox: what a person is asked to do, by when, and what they answered.
 *
 * A handoff opens an `escalation` task; approvals, reviews and data entry can be opened through the API.
 * Status moves pending -> assigned -> in_progress -> completed, or to expired / cancelled.
 */
import type { JsonObject } from '../engine/types.ts';

export const HUMAN_TASK_TYPES = ['escalation', 'approval', 'review', 'data_entry', 'decision'] as const;
export type HumanTaskType = (typeof HUMAN_TASK_TYPES)[number];

export const HUMAN_TASK_STATUSES = ['pending', 'assigned', 'in_progress', 'completed', 'expired', 'cancelled'] as const;
export type HumanTaskStatus = (typeof HUMAN_TASK_STATUSES)[number];

export const HUMAN_PRIORITIES = ['low', 'medium', 'high', 'critical'] as const;
export type HumanPriority = (typeof HUMAN_PRIORITIES)[number];

export const FIELD_TYPES = ['text', 'number', 'boolean', 'select', 'textarea', 'date'] as const;

export interface FormField {
  name: string;
  label: string;
  type: (typeof FIELD_TYPES)[number];
  required: boolean;
  /** For `select`. */
  options?: string[];
}

export interface HumanResolution {
  respondedBy: string;
  /** E.g. `resolved`, `approved`, `rejected`, `needs_agent`, `needs_followup`. */
  decision: string;
  fields: JsonObject;
  notes?: string;
  resolvedAt: Date;
}

export interface HumanTaskEvent {
  at: Date;
  /** `note`: an internal note by `by` (never shown to the customer), its text in `detail`. */
  /** `paged`: nobody could take a critical task, so the on-call person was called (detail says who and how). */
  kind: 'created' | 'claimed' | 'assigned' | 'started' | 'message' | 'note' | 'sla_warning' | 'sla_breach' | 'escalated' | 'resolved' | 'expired' | 'cancelled' | 'paged';
  by?: string;
  detail?: string;
}

/** Longest internal note, in characters. */
export const MAX_NOTE_CHARS = 10_000;

export interface HumanTask {
  _id: string;
  /** The pipeline task this belongs to; absent for stand-alone tasks opened through the API. */
  taskId?: string;
  /** Idempotency key: one human task per (task, purpose), so a retried handoff opens one. */
  key: string;
  type: HumanTaskType;
  status: HumanTaskStatus;
  priority: HumanPriority;
  title: string;
  team: string;
  queue: string;
  skillTags: string[];
  /** The context package, as the policy's `context_for_human` defines it. */
  context: JsonObject;
  fields: FormField[];
  assignedTo: string | null;
  assignedToTeam: string | null;
  dueAt: Date;
  /** Teams in order; `level` indexes the one that owns the task now. */
  escalationChain: string[];
  level: number;
  /** Customer messages that arrived while the task was open. */
  messages: { at: Date; content: string }[];
  resolution: HumanResolution | null;
  events: HumanTaskEvent[];
  version: number;
  createdAt: Date;
  updatedAt: Date;
  claimedAt: Date | null;
}

export interface HumanTaskFilter {
  status?: HumanTaskStatus | HumanTaskStatus[];
  /** One team, or any of several (an agent's inbox spans their teams); an empty list matches nothing. */
  team?: string | string[];
  priority?: HumanPriority;
  /** Held by this person; `null` for tasks nobody holds. */
  assignedTo?: string | null;
  taskId?: string;
  limit?: number;
  skip?: number;
}

export type NewHumanTask = Omit<HumanTask, '_id' | 'status' | 'assignedTo' | 'assignedToTeam' | 'level' | 'messages' | 'resolution' | 'events' | 'version' | 'createdAt' | 'updatedAt' | 'claimedAt'>;

/** Persistence of human tasks: embedded and mongodb implementations share one contract suite. */
export interface HumanTaskStore {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Creates the task, or returns the existing one with the same `key` (created=false). */
  create(task: NewHumanTask, now: Date): Promise<{ task: HumanTask; created: boolean }>;
  get(id: string): Promise<HumanTask | null>;
  list(filter: HumanTaskFilter): Promise<{ items: HumanTask[]; total: number }>;
  /** Replaces the task if its stored version is `expectedVersion`; throws VersionConflictError otherwise. */
  save(task: HumanTask, expectedVersion: number): Promise<HumanTask>;
  /** Open tasks (pending, assigned, in_progress) due before `before`, for SLA checks. */
  dueBefore(before: Date): Promise<HumanTask[]>;
}

/** A claim or transition that conflicts with the task's current state (HTTP 409). */
export class HumanTaskConflictError extends Error {
  override name = 'HumanTaskConflictError';
}

/** No such human task (HTTP 404). */
export class HumanTaskNotFoundError extends Error {
  override name = 'HumanTaskNotFoundError';
}

export interface ResolveInput {
  respondedBy: string;
  decision: string;
  fields?: JsonObject;
  notes?: string;
}

export interface CreateHumanTaskInput {
  type: HumanTaskType;
  title: string;
  team: string;
  priority: HumanPriority;
  fields?: FormField[];
  context?: JsonObject;
  /** Minutes until due; the policy's SLA for the priority when absent. */
  dueInMinutes?: number;
  taskId?: string;
}

/**
 * What the server, the CLI and the handoff step do with the inbox. Input errors are `InputError`s
 * (HTTP 400, naming the field), conflicts `HumanTaskConflictError` (409), unknown ids
 * `HumanTaskNotFoundError` (404).
 */
export interface HumanTaskService {
  list(filter: HumanTaskFilter): Promise<{ items: HumanTask[]; total: number }>;
  get(id: string): Promise<HumanTask>;
  create(input: CreateHumanTaskInput): Promise<HumanTask>;
  /** Takes a pending task for `userId`; a task held by someone else is a conflict. Claiming one's own is a no-op. */
  claim(id: string, userId: string): Promise<HumanTask>;
  assign(id: string, to: { assignedTo?: string; assignedToTeam?: string }, by?: string): Promise<HumanTask>;
  /**
   * Completes the task (required form fields enforced), writes `data.human` on the pipeline task and
   * lets the pipeline resume under the policy's `on_human_complete`.
   */
  resolve(id: string, input: ResolveInput): Promise<HumanTask>;
  /** A customer message that arrived while this human task is open; the team is notified. */
  addMessage(id: string, content: string): Promise<HumanTask>;
  /** The open human task of a pipeline task, if any. */
  openFor(taskId: string): Promise<HumanTask | null>;
  /**
   * An internal note for the team (a `note` event by `by`, at most MAX_NOTE_CHARS characters). Closed
   * tasks take notes too: what was learnt after resolving belongs with the case.
   */
  addNote(id: string, by: string, text: string): Promise<HumanTask>;
}
