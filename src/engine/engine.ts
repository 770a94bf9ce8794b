/**
 * The engine's entry points for the interfaces (CLI, server, worker): submit a ticket, run a task to
 * its resting point, add new data to a task so it resumes.
 */
import { InputError } from '../errors.ts';
import { parseTicketSubmission } from '../intake/ticket.ts';
import { VersionConflictError, type TaskStore } from '../store/types.ts';
import { mergePatch, toJsonPatch } from './patch.ts';
import type { Runner } from './runner.ts';
import type { JsonObject, SourceKind, Task } from './types.ts';

export interface SubmitResult {
  task: Task;
  /** False when the ticket id was seen before and the existing task was returned. */
  created: boolean;
}

/** Enough for dozens of simultaneous writers to the same task; each retry re-reads it. */
const ADD_DATA_ATTEMPTS = 40;

export class Engine {
  constructor(
    readonly store: TaskStore,
    readonly runner: Runner,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Validates and stores a ticket as a new task; the same ticket id twice gives the same task. */
  async submit(input: unknown, via: SourceKind = 'cli'): Promise<SubmitResult> {
    const { data, ticket } = parseTicketSubmission(input);
    // Tickets share one id namespace whatever door they came through (CLI, inbox, import), so a
    // ticket re-sent through another door is still recognised; Zendesk ids are their own namespace.
    const kind = via === 'zendesk' ? 'zendesk' : 'inbox';
    const externalId = via === 'zendesk' ? ticket.externalId : ticket.id;
    return this.store.create({ data, source: { kind, ...(externalId ? { externalId } : {}) }, now: this.now() });
  }

  /** Runs the task to where it rests (`done`, `waiting` or `failed`) in this process. */
  async process(taskId: string): Promise<Task> {
    return this.runner.process(taskId);
  }

  /**
   * Deep-merges `patch` into the task's data (a customer reply, a human resolution, a scheduled job's
   * result) and makes the task claimable again so the pipeline resumes from the new data.
   *
   * A patch that depends on the data (appending to the conversation, counting replies) is passed as a
   * function: it is computed again from the stored data on every attempt, so concurrent writers never
   * overwrite each other's additions.
   */
  async addData(taskId: string, patch: unknown | ((data: Readonly<JsonObject>) => unknown)): Promise<Task> {
    const fixed = typeof patch === 'function' ? null : toJsonPatch(patch, 'data');
    for (let attempt = 0; attempt < ADD_DATA_ATTEMPTS; attempt++) {
      const task = await this.store.get(taskId);
      if (!task) throw new InputError(`no task with id ${taskId}`);
      const clean = fixed ?? toJsonPatch((patch as (data: Readonly<JsonObject>) => unknown)(task.data), 'data');
      const state = task.meta.state === 'running' ? 'running' : 'ready';
      const next: Task = {
        ...task,
        data: mergePatch(task.data, clean as JsonObject),
        meta: {
          ...task.meta,
          state,
          runAfter: null,
          error: state === 'ready' ? null : task.meta.error,
          // New data reopens the work: the task is done again only when a step completes it again.
          flags: task.meta.flags.filter((flag) => flag !== 'completed'),
          version: task.meta.version + 1,
          updatedAt: this.now(),
        },
      };
      try {
        return await this.store.save(next, task.meta.version);
      } catch (error) {
        if (!(error instanceof VersionConflictError)) throw error;
        // Many writers at once (a burst of replies): spread the retries so they stop colliding.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 ** attempt)));
      }
    }
    throw new Error(`task ${taskId} kept changing while adding data; try again`);
  }
}
