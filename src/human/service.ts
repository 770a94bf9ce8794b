/**
 * The human task inbox: opening tasks, claiming, assigning, resolving (which resumes the pipeline
 * task through `Engine.addData`), customer messages during a handoff, and the SLA sweep.
 *
 * Every change is read -> check -> version-checked save, retried on a version conflict, so two people
 * claiming at once get one winner and a 409 for the other, on either store.
 */
import { randomUUID } from 'node:crypto';
import type { Connectors } from '../../connectors/types.ts';
import type { Engine } from '../engine/engine.ts';
import type { JsonObject } from '../engine/types.ts';
import { InputError } from '../errors.ts';
import { silentLogger, type Logger } from '../log.ts';
import type { CompiledPolicy } from '../policy/compile.ts';
import { VersionConflictError } from '../store/types.ts';
import { isOpen } from './common.ts';
import { createAssigner, type AssignerDeps, type AssignmentActions, type DrainResult } from '../assignment/index.ts';
import { createOffers } from './offers.ts';

/** Human tasks one ticket may get for the same purpose before something is clearly wrong. */
const MAX_ROUNDS = 50;
import { checkAnswers } from './forms.ts';
import { createNotifier } from './notify.ts';
import { checkDecision, humanPatch, needsRedelivery } from './resolution.ts';
import { sweepSla, type SlaEvent, type SlaEventSource, type SlaSweepResult } from './sla.ts';
import { slaDueAt } from '../calendar/sla-clock.ts';
import { checkCreate, checkHandoff, DEFAULT_ESCALATION_FIELDS, text, type HandoffTaskInput } from './input.ts';
import {
  HumanTaskConflictError,
  HumanTaskNotFoundError,
  type CreateHumanTaskInput,
  type HumanTask,
  type HumanTaskEvent,
  type HumanTaskFilter,
  type HumanTaskService,
  type HumanTaskStore,
  type NewHumanTask,
  type ResolveInput,
  MAX_NOTE_CHARS,
} from './types.ts';

export type { HandoffTaskInput } from './input.ts';
export type { SlaEvent, SlaEventSource, SlaSweepResult } from './sla.ts';

export interface HumanTaskServiceDeps {
  store: HumanTaskStore;
  engine: Pick<Engine, 'addData' | 'store'>;
  policy: CompiledPolicy;
  connectors: Pick<Connectors, 'email' | 'chat'>;
  now?: () => Date;
  log?: Logger;
  /** Base URL of the server's pages, for links in notifications. */
  publicUrl?: string;
  /**
   * The user accounts, for teams with an `assignment` strategy (src/assignment/): without them new
   * escalation tasks wait in the queue, as for teams without one.
   */
  users?: AssignerDeps['users'];
}

/** The inbox plus what the scheduler and the handoff step call. */
export interface HumanTaskServiceImpl extends HumanTaskService, SlaEventSource {
  /** One SLA pass at `now` (the service's clock by default); safe to run twice. */
  sweepSla(now?: Date): Promise<SlaSweepResult>;
  /**
   * Re-offers waiting escalation tasks to members (src/assignment/, `drain`): of one team, of the
   * teams listing `member`, or of every team with a strategy. `because` ends each assignment's
   * detail ("when ann became available"). Never throws: a failure is logged and the tasks wait.
   */
  offerWaiting(options: { team?: string; member?: string; because: string }): Promise<DrainResult[]>;
  /** Opens the `escalation` task of a pipeline task, once: key `<taskId>:handoff`. */
  openForHandoff(input: HandoffTaskInput): Promise<{ task: HumanTask; created: boolean }>;
  /**
   * Opens the `review` task of a ticket the automation could not answer, once: key `<taskId>:queue`.
   * It waits in the team's queue; nobody is paged (the SLA sweep still warns before it is due).
   */
  openForQueue(input: HandoffTaskInput): Promise<{ task: HumanTask; created: boolean }>;
  /**
   * A step failed for good and the policy says `on_error.then: escalate`: an escalation task for the
   * team, once per pipeline task, and the team is told by email and in its channel (the escalation
   * channel when it has none), since the failure may be the email server itself.
   */
  openForFailure(input: HandoffTaskInput): Promise<{ task: HumanTask; created: boolean }>;
}

const MAX_ATTEMPTS = 8;
/** For additions that never conflict in meaning (notes): many people may write at once. */
const PATIENT_ATTEMPTS = 40;

export function createHumanTaskService(deps: HumanTaskServiceDeps): HumanTaskServiceImpl {
  const { store, engine, policy } = deps;
  const now = deps.now ?? (() => new Date());
  const log = deps.log ?? silentLogger;
  const notifier = createNotifier(policy, deps.connectors, deps.publicUrl);
  const slaListeners = new Set<(event: SlaEvent) => void>();
  const assigner = deps.users ? createAssigner({ users: deps.users, tasks: store, policy, connectors: deps.connectors, log, ...(deps.publicUrl ? { publicUrl: deps.publicUrl } : {}) }) : null;

  const event = (at: Date, kind: HumanTaskEvent['kind'], by?: string, detail?: string): HumanTaskEvent => ({
    at,
    kind,
    ...(by !== undefined ? { by } : {}),
    ...(detail !== undefined ? { detail } : {}),
  });

  async function get(id: string): Promise<HumanTask> {
    const task = typeof id === 'string' && id !== '' ? await store.get(id) : null;
    if (!task) throw new HumanTaskNotFoundError(`no human task with id ${String(id)}`);
    return task;
  }

  /**
   * Applies `change` to the current task and saves it at the version read; on a conflict reads again,
   * so `change` always decides on fresh state. `change` returns null for "nothing to do".
   */
  async function mutate(
    id: string,
    change: (task: HumanTask, at: Date) => HumanTask | null,
    options: { patient?: boolean } = {},
  ): Promise<{ task: HumanTask; changed: boolean }> {
    const attempts = options.patient ? PATIENT_ATTEMPTS : MAX_ATTEMPTS;
    for (let attempt = 0; attempt < attempts; attempt++) {
      // Writers that all must land (notes) spread their retries, so a burst stops colliding.
      if (options.patient && attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 ** attempt)));
      const task = await get(id);
      const at = now();
      const next = change(task, at);
      if (!next) return { task, changed: false };
      try {
        return { task: await store.save({ ...next, updatedAt: at }, task.version), changed: true };
      } catch (error) {
        if (!(error instanceof VersionConflictError)) throw error;
      }
    }
    throw new HumanTaskConflictError(`human task ${id} kept changing; reload it and try again`);
  }

  function requireOpen(task: HumanTask, action: string): void {
    if (isOpen(task)) return;
    const by = task.resolution ? ` by ${task.resolution.respondedBy} at ${task.resolution.resolvedAt.toISOString()}` : '';
    throw new HumanTaskConflictError(`human task ${task._id} is ${task.status}${by}; it cannot be ${action}`);
  }

  async function notifyQuietly(teamId: string, task: HumanTask, subject: string, body: string, key: string): Promise<void> {
    const outcome = await notifier.notifyTeam(teamId, task, { subject, body }, key, ['email']);
    for (const failure of outcome.failed) log.warn({ humanTaskId: task._id, channel: failure.channel, err: failure.error, key }, 'human task notification failed');
  }

  function chainFor(team: string): string[] {
    return [...new Set([team, ...policy.team(team).escalation_chain])];
  }

  async function deliver(task: HumanTask): Promise<void> {
    if (!task.taskId) return;
    await engine.addData(task.taskId, humanPatch(task));
    log.info({ humanTaskId: task._id, taskId: task.taskId, decision: task.resolution?.decision }, 'human resolution written to the pipeline task');
  }

  /** Assigns a person (the service's one path for it), unless someone holds the task already. */
  const assignmentActions: AssignmentActions = {
    async assign(opened, person, detail) {
      const { task } = await mutate(opened._id, (task, at) => {
        if (!isOpen(task) || task.assignedTo !== null) return null;
        return { ...task, status: 'assigned', assignedTo: person, claimedAt: null, events: [...task.events, event(at, 'assigned', 'assignment', detail)] };
      });
      return task;
    },
    async recordPage(opened, detail) {
      const { task } = await mutate(opened._id, (task, at) => (task.events.some((e) => e.kind === 'paged') ? null : { ...task, events: [...task.events, event(at, 'paged', 'assignment', detail)] }));
      return task;
    },
  };

  const { offerToMember, offerWaiting } = createOffers(assigner, { policy, actions: assignmentActions, now, log });

  /** One human task per (pipeline task, purpose): a retried step finds the one it opened. */
  async function openForPipeline(input: HandoffTaskInput, purpose: 'handoff' | 'queue' | 'failure', type: 'escalation' | 'review') {
    const checked = checkHandoff(input, policy);
    const at = now();
    const given = checked.fields ?? [];
    const fields = [...given, ...DEFAULT_ESCALATION_FIELDS.filter((d) => !given.some((f) => f.name === d.name))];
    // An explicit due time is kept as given; the SLA's counts on the team's clock (business hours or always).
    const dueAt = checked.dueAt ?? slaDueAt(policy.source, checked.team, checked.priority, at);
    const create = (key: string) => store.create(
      {
        key,
        taskId: checked.taskId,
        type,
        title: checked.title,
        team: checked.team,
        queue: checked.queue ?? policy.team(checked.team).queue,
        skillTags: checked.skillTags ?? [],
        priority: checked.priority,
        context: checked.context ?? {},
        fields,
        dueAt,
        escalationChain: chainFor(checked.team),
      },
      at,
    );
    // One open task per pipeline task and purpose (a retried handoff finds the one it opened). Once a
    // person has closed it, the ticket coming back (a new reply, a new escalation) gets a new task:
    // returning the closed one would leave the ticket waiting on nobody.
    const base = `${checked.taskId}:${purpose}`;
    for (let round = 1; round <= MAX_ROUNDS; round++) {
      const opened = await create(round === 1 ? base : `${base}:${round}`);
      if (opened.created || isOpen(opened.task)) return { ...opened, task: await offerToMember(opened.task) };
    }
    throw new Error(`pipeline task ${checked.taskId} has had ${MAX_ROUNDS} ${purpose} tasks; a person should look at it`);
  }

  return {
    list: (filter: HumanTaskFilter) => store.list(filter),
    get,

    async create(input: CreateHumanTaskInput): Promise<HumanTask> {
      const checked = checkCreate(input, policy);
      if (checked.taskId !== undefined && !(await engine.store.get(checked.taskId))) {
        throw new InputError(`no pipeline task with id ${checked.taskId}`, ['taskId']);
      }
      const at = now();
      const team = policy.team(checked.team);
      const fresh: NewHumanTask = {
        key: `api:${randomUUID()}`,
        type: checked.type,
        title: checked.title,
        team: checked.team,
        queue: team.queue,
        skillTags: [],
        priority: checked.priority,
        context: checked.context,
        fields: checked.fields,
        // "Due in N minutes" from a person means wall-clock minutes; the SLA's follow the team's clock.
        dueAt: checked.dueInMinutes !== undefined ? new Date(at.getTime() + checked.dueInMinutes * 60_000) : slaDueAt(policy.source, checked.team, checked.priority, at),
        escalationChain: chainFor(checked.team),
        ...(checked.taskId !== undefined ? { taskId: checked.taskId } : {}),
      };
      const { task } = await store.create(fresh, at);
      await notifyQuietly(task.team, task, `New ${task.type} task (${task.priority}): ${task.title}`, `${task.title}\n\nOpened for ${team.name}.`, `${task._id}:created`);
      return task;
    },

    openForHandoff: (input: HandoffTaskInput) => openForPipeline(input, 'handoff', 'escalation'),
    openForQueue: (input: HandoffTaskInput) => openForPipeline(input, 'queue', 'review'),

    async openForFailure(input: HandoffTaskInput) {
      const opened = await openForPipeline(input, 'failure', 'escalation');
      if (opened.created) {
        const { task } = opened;
        const outcome = await notifier.notifyTeam(
          task.team,
          task,
          { subject: `Needs a person (${task.priority}): ${task.title}`, body: `${task.title}\n\nThe automation could not finish this ticket; it is waiting for ${policy.team(task.team).name}.` },
          `${task._id}:created`,
          ['email', 'chat'],
          { ccEscalation: true },
        );
        if (outcome.failed.length > 0) log.warn({ humanTaskId: task._id, failed: outcome.failed }, 'the team could not be told on every channel about a failed ticket');
      }
      return opened;
    },

    async claim(id: string, userId: string): Promise<HumanTask> {
      const user = text(userId, 'userId');
      const { task } = await mutate(id, (task, at) => {
        requireOpen(task, 'claimed');
        if (task.assignedTo !== null && task.assignedTo !== user) {
          throw new HumanTaskConflictError(`human task ${task._id} is held by ${task.assignedTo}; ask them or reassign it`);
        }
        if (task.assignedTo === user && task.claimedAt) return null;
        return { ...task, status: 'assigned', assignedTo: user, claimedAt: at, events: [...task.events, event(at, 'claimed', user)] };
      });
      return task;
    },

    async assign(id, to, by) {
      const person = to.assignedTo === undefined ? undefined : text(to.assignedTo, 'assignedTo');
      const teamId = to.assignedToTeam === undefined ? undefined : text(to.assignedToTeam, 'assignedToTeam');
      if ((person === undefined) === (teamId === undefined)) throw new InputError('give exactly one of assignedTo (a person) or assignedToTeam (a team)', ['assignedTo']);
      if (teamId !== undefined && !policy.source.teams[teamId]) {
        throw new InputError(`unknown team "${teamId}"; teams: ${Object.keys(policy.source.teams).join(', ')}`, ['assignedToTeam']);
      }
      let before: HumanTask | undefined;
      const { task, changed } = await mutate(id, (task, at) => {
        before = task;
        requireOpen(task, 'assigned');
        if (person !== undefined) {
          if (task.assignedTo === person) return null;
          return { ...task, status: 'assigned', assignedTo: person, claimedAt: null, events: [...task.events, event(at, 'assigned', by, `to ${person}`)] };
        }
        const team = teamId as string;
        if (task.assignedToTeam === team && task.team === team && task.assignedTo === null) return null;
        return {
          ...task,
          status: 'pending',
          team,
          queue: policy.team(team).queue,
          assignedToTeam: team,
          assignedTo: null,
          claimedAt: null,
          events: [...task.events, event(at, 'assigned', by, `to team ${team}`)],
        };
      });
      if (changed && teamId !== undefined) {
        await notifyQuietly(teamId, task, `Assigned to your team: ${task.title}`, `${task.title}\n\nAssigned to ${policy.team(teamId).name}${by ? ` by ${by}` : ''}.`, `${task._id}:assigned:${task.version}`);
      }
      // The previous holder has room again; a task moved to a team waits in its queue.
      if (changed && before?.assignedTo) await offerWaiting({ team: before.team, because: `when ${before.assignedTo}'s task moved` });
      if (changed && teamId !== undefined && teamId !== before?.team) await offerWaiting({ team: teamId, because: `when a task moved to ${teamId}` });
      return task;
    },

    async resolve(id: string, input: ResolveInput): Promise<HumanTask> {
      const respondedBy = text(input?.respondedBy, 'respondedBy');
      const decision = checkDecision(input.decision);
      if (input.notes !== undefined && typeof input.notes !== 'string') throw new InputError('notes must be text', ['notes']);
      let already: HumanTask | undefined;
      const { task, changed } = await mutate(id, (task, at) => {
        if (task.status === 'completed') {
          already = task;
          return null;
        }
        requireOpen(task, 'resolved');
        if (task.assignedTo !== null && task.assignedTo !== respondedBy) {
          throw new HumanTaskConflictError(`human task ${task._id} is held by ${task.assignedTo}; only they can resolve it unless it is reassigned`);
        }
        const fields = checkAnswers(task.fields, input.fields);
        const next: HumanTask = {
          ...task,
          status: 'completed',
          assignedTo: respondedBy,
          resolution: { respondedBy, decision, fields, resolvedAt: at, ...(input.notes !== undefined ? { notes: input.notes } : {}) },
          events: [...task.events, event(at, 'resolved', respondedBy, decision)],
        };
        humanPatch(next); // refuses contradictory answers before anything is saved
        return next;
      });
      if (changed) {
        await deliver(task);
        // The resolver has room again for the team's waiting tasks.
        await offerWaiting({ team: task.team, because: `when ${respondedBy} resolved a task` });
        return task;
      }
      // Already completed: a repeat is a conflict, unless the first call saved the task but could
      // not write the pipeline task; then this call finishes that write.
      if (already?.taskId) {
        const pipeline = await engine.store.get(already.taskId);
        if (needsRedelivery(already, pipeline?.data as JsonObject | undefined)) {
          await deliver(already);
          return already;
        }
      }
      requireOpen(task, 'resolved again');
      return task;
    },

    async addMessage(id: string, content: string): Promise<HumanTask> {
      const message = text(content, 'content', 20_000);
      const { task } = await mutate(id, (task, at) => {
        requireOpen(task, 'sent messages');
        return { ...task, messages: [...task.messages, { at, content: message }], events: [...task.events, event(at, 'message', 'customer')] };
      });
      await notifyQuietly(
        task.team,
        task,
        `Customer replied on: ${task.title}`,
        `The customer wrote while this task is open (the automation does not answer while a person has the ticket):\n\n${message}`,
        `${task._id}:message:${task.messages.length}`,
      );
      return task;
    },

    async addNote(id: string, by: string, note: string): Promise<HumanTask> {
      const author = text(by, 'by');
      const detail = text(note, 'text', MAX_NOTE_CHARS);
      // Any status: a note changes nothing the SLA or the pipeline reads, so closed tasks take them too.
      const { task } = await mutate(id, (task, at) => ({ ...task, events: [...task.events, event(at, 'note', author, detail)] }), { patient: true });
      return task;
    },

    async openFor(taskId: string): Promise<HumanTask | null> {
      const { items } = await store.list({ taskId: text(taskId, 'taskId'), status: ['pending', 'assigned', 'in_progress'], limit: 1 });
      return items[0] ?? null;
    },

    offerWaiting,

    sweepSla: (at?: Date) => sweepSla({ store, policy, notifier, log, onEvent: (e) => slaListeners.forEach((listener) => listener(e)) }, at ?? now()),

    onSlaEvent(listener) {
      slaListeners.add(listener);
      return () => slaListeners.delete(listener);
    },
  };
}
