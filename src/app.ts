/**
 * Wires the application from configuration: store, policy, reasoner, connectors, step registry,
 * runner and engine. The CLI, the server and the worker all start from here; tests pass overrides.
 */
import { createConnectors } from '../connectors/index.ts';
import { threadWriter, type ThreadWriter } from '../connectors/outbox/thread-writer.ts';
import { createReasoner } from '../connectors/llm/index.ts';
import type { Connectors } from '../connectors/types.ts';
import { steps as defaultSteps } from '../steps/index.ts';
import { loadConfig, type Config } from './config.ts';
import { Engine } from './engine/engine.ts';
import { compileRegistry, type Registry } from './engine/registry.ts';
import { Runner } from './engine/runner.ts';
import type { HumanTaskOpener, StepDefinition } from './engine/step.ts';
import { createCallbackLinks, type CallbackLinks } from './callbacks/link.ts';
import { readQueueSnapshot } from './calendar/queue-snapshot.ts';
import { createLogger, type Logger } from './log.ts';
import type { CompiledPolicy } from './policy/compile.ts';
import { DEFAULT_POLICY_FILE, formatProblem, loadPolicy } from './policy/load.ts';
import { startHumanTasks, type HumanTasks } from './human/wire.ts';
import type { ScryptParams } from './users/password.ts';
import { UserNotFoundError } from './users/types.ts';
import { startUsers, type Users } from './users/wire.ts';
import { createScheduler, type Scheduler } from './scheduler/index.ts';
import { startSlaSweep } from './scheduler/sla-sweep.ts';
import { startAssignmentDrain } from './scheduler/jobs/assignment-drain.ts';
import { createStorage, type Storage } from './store/index.ts';
import type { TaskStore } from './store/types.ts';

export interface App {
  config: Config;
  log: Logger;
  /** The database: tasks, inbox, users and scheduler jobs. */
  storage: Storage;
  /** The pipeline's tasks (`storage.tasks`). */
  store: TaskStore;
  policy: CompiledPolicy;
  registry: Registry;
  connectors: Connectors;
  /** What writes the outbox's files; `offload()` moves that work to its own thread. */
  outbox: Pick<ThreadWriter, 'offload' | 'offloading'>;
  runner: Runner;
  engine: Engine;
  /** The human task inbox: store and service. */
  humanTasks: HumanTasks;
  /** People, sessions and personal tokens: store and service. */
  users: Users;
  /** Agenda, when the process runs follow-ups (worker, serve, task new); null otherwise. */
  scheduler: Scheduler | null;
  /** Signs the customers' callback links; null when callbacks are off (MONGODB_URI without TRIAGE_LINK_SECRET). */
  callbackLinks?: CallbackLinks | null;
  stop(): Promise<void>;
}

export interface AppOverrides {
  env?: Record<string, string | undefined>;
  log?: Logger;
  steps?: readonly StepDefinition[];
  connectors?: (defaults: Connectors) => Connectors;
  now?: () => Date;
  leaseMs?: number;
  /** Start Agenda in this process: it runs due follow-ups and turns new schedule records into jobs. */
  scheduler?: boolean;
  /** Agenda's polling interval. */
  schedulerProcessEvery?: number | string;
  /** How often the human-task SLA sweep runs (milliseconds or an Agenda interval); one minute by default. */
  slaSweepEvery?: number | string;
  /** How often waiting escalation tasks are re-offered to team members; one minute by default. */
  assignmentDrainEvery?: number | string;
  /** Password hashing cost; tests lower it, the default is memory-hard. */
  scrypt?: ScryptParams;
}

/** Validates everything (config, registry, policy) before connecting anything, then starts the store. */
export async function startApp(overrides: AppOverrides = {}): Promise<App> {
  const config = loadConfig(overrides.env ?? process.env);
  const log = overrides.log ?? createLogger(config.TRIAGE_LOG_LEVEL);
  const registry = compileRegistry(overrides.steps ?? defaultSteps);
  const policyFile = config.TRIAGE_POLICY ?? DEFAULT_POLICY_FILE;
  const policy = await loadPolicy(policyFile, { stepIds: registry.ids() });
  // Warnings do not stop the start (a path may come from the ticket payload), but they are said once.
  for (const warning of policy.warnings) log.warn({ policy: policyFile }, `policy ${formatProblem(policyFile, warning)}`);
  const reasoner = await createReasoner(config);
  // Outbox files can be composed and written on a thread of their own: a worker driving several tasks
  // at once asks for it unless TRIAGE_OUTBOX_THREAD is off (startWorker); otherwise they are written here.
  const outbox = threadWriter(config.TRIAGE_DATA_DIR, { onFallback: (reason) => log.warn({ reason }, 'outbox: writing on the main thread from now on') });
  const baseConnectors = await createConnectors(config, { reasoner, dataDir: config.TRIAGE_DATA_DIR, outbox });
  const connectors = overrides.connectors ? overrides.connectors(baseConnectors) : baseConnectors;
  const callbackLinks = await createCallbackLinks(config, log);
  const storage = await createStorage(config, log);
  await storage.start();
  const store = storage.tasks;
  // The inbox needs the engine and the engine's handoff step needs the inbox: bind it late.
  let humanTasks: HumanTasks | undefined;
  let scheduler: Scheduler | null = null;
  // What steps and follow-up jobs may ask of the inbox and the people (the inbox is bound late, below).
  const startedInbox = () => {
    if (!humanTasks) throw new Error('the human task inbox is not started');
    return humanTasks.service;
  };
  const inboxForSteps: HumanTaskOpener = {
    openForHandoff: (input) => startedInbox().openForHandoff(input),
    openForQueue: (input) => startedInbox().openForQueue(input),
    openForFailure: (input) => startedInbox().openForFailure(input),
    openFor: (taskId) => startedInbox().openFor(taskId),
    addNote: (id, by, text) => startedInbox().addNote(id, by, text),
    person: async (who) => {
      try {
        const user = await users.service.get(who);
        return { id: user.username, name: user.name, email: user.email };
      } catch (error) {
        if (error instanceof UserNotFoundError) return null;
        throw error;
      }
    },
    // Read-only, for the queue-aware promise to the customer (src/calendar/queue-estimate.ts).
    queueFor: (team, priority, at, exclude) => readQueueSnapshot({ tasks: storage.humanTasks, users: storage.users, policy: policy.source }, team, priority, at, exclude),
  };
  const runner = new Runner({
    store,
    registry,
    connectors,
    policy,
    log,
    settings: { publicUrl: config.TRIAGE_PUBLIC_URL, ...(callbackLinks ? { callbackLink: (taskId: string, at: Date) => callbackLinks.url(taskId, at) } : {}) },
    humanTasks: inboxForSteps,
    // Steps record follow-ups on the task; once it rests they become Agenda jobs (idempotently).
    onRest: async (task) => {
      if (scheduler && task.meta.schedules.length > 0) await scheduler.sync(task);
    },
    ...(overrides.now ? { now: overrides.now } : {}),
    leaseMs: overrides.leaseMs ?? config.TRIAGE_LEASE_MS,
  });
  const engine = new Engine(store, runner, overrides.now);
  humanTasks = startHumanTasks({ config, engine, policy, connectors, log }, storage.humanTasks, { ...(overrides.now ? { now: overrides.now } : {}), users: storage.users });
  const inbox = humanTasks;
  const users = startUsers({ config, policy, log }, storage.users, { ...(overrides.now ? { now: overrides.now } : {}), ...(overrides.scrypt ? { scrypt: overrides.scrypt } : {}) });
  // Someone became available: their teams' waiting tasks are offered again (src/assignment/).
  users.service.onPresenceChange(async (user) => {
    if (user.presence === 'available') await inbox.service.offerWaiting({ member: user.username, because: `when ${user.username} became available` });
  });
  if (overrides.scheduler) {
    try {
      scheduler = createScheduler({
        store,
        engine,
        connectors,
        policy,
        log,
        backend: await storage.schedulerBackend(),
        name: runner.workerId,
        // Jobs that must know who has the ticket now (the callback reminder) ask the inbox when they run.
        assignees: inboxForSteps,
        ...(overrides.schedulerProcessEvery !== undefined ? { processEvery: overrides.schedulerProcessEvery } : {}),
        ...(overrides.now ? { now: overrides.now } : {}),
      });
      await scheduler.start();
      await startSlaSweep(scheduler, () => inbox.service.sweepSla(), {
        log,
        ...(overrides.slaSweepEvery !== undefined ? { every: overrides.slaSweepEvery } : {}),
      });
      await startAssignmentDrain(scheduler, () => inbox.service.offerWaiting({ because: 'by the periodic check' }), {
        log,
        ...(overrides.assignmentDrainEvery !== undefined ? { every: overrides.assignmentDrainEvery } : {}),
      });
    } catch (error) {
      await scheduler?.stop().catch(() => undefined);
      await storage.stop();
      throw error;
    }
  }
  const running = scheduler;
  return {
    config,
    log,
    storage,
    store,
    policy,
    registry,
    connectors,
    outbox,
    runner,
    engine,
    humanTasks: inbox,
    users,
    scheduler: running,
    callbackLinks,
    async stop() {
      await running?.stop();
      await outbox.close();
      await storage.stop();
    },
  };
}
