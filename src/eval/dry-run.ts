/**
 * The eval's own wiring: the real steps, runner, policy and reasoner (so the figures are the
 * pipeline's), around sinks that keep nothing: an in-memory task store, connectors that send nothing,
 * no scheduler (follow-ups stay recorded on the task and go with it) and a human-task opener that only
 * remembers for the run. Nothing is written under TRIAGE_DATA_DIR and no outside service is called.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { performance } from 'node:perf_hooks';
import { createReasoner } from '../../connectors/llm/index.ts';
import { aroundEachCall, type Reasoner } from '../../connectors/llm/types.ts';
import type { Connectors, Delivery } from '../../connectors/types.ts';
import { steps } from '../../steps/index.ts';
import { loadConfig, type Config } from '../config.ts';
import { Engine } from '../engine/engine.ts';
import { compileRegistry } from '../engine/registry.ts';
import { Runner } from '../engine/runner.ts';
import type { HumanTaskOpener } from '../engine/step.ts';
import { createLogger, type Logger } from '../log.ts';
import { DEFAULT_POLICY_FILE, loadPolicy } from '../policy/load.ts';
import { MemoryTaskStore } from '../store/memory/tasks.ts';

/** Time spent inside reasoner calls, per ticket. */
export interface ReasonerClock {
  ms: number;
  calls: number;
}

export interface DryRun {
  config: Config;
  reasoner: Reasoner;
  store: MemoryTaskStore;
  engine: Engine;
  /** Runs `fn` (one ticket's submit and process) with its own reasoner clock, and returns both. */
  timed<T>(fn: () => Promise<T>): Promise<{ value: T; clock: ReasonerClock }>;
  /** Lets go of a measured task and its human task, so a long run holds only what is in flight. */
  release(taskId: string): void;
  stop(): Promise<void>;
}

/**
 * Wraps every reasoner method to add its wall time to the clock of the ticket being processed. The
 * clock travels with the async context, so it stays right when several tickets run at once.
 */
function timedReasoner(inner: Reasoner, clocks: AsyncLocalStorage<ReasonerClock>): Reasoner {
  return aroundEachCall(inner, async (call) => {
    const started = performance.now();
    try {
      return await call();
    } finally {
      const clock = clocks.getStore();
      if (clock) {
        clock.ms += performance.now() - started;
        clock.calls += 1;
      }
    }
  });
}

/** Answers every effect with a reference and sends nothing. */
function silentConnectors(reasoner: Reasoner): Connectors {
  const ref = async (_payload: unknown, key: string): Promise<Delivery> => ({ ref: `dry-run:${key}` });
  return {
    reasoner,
    email: { kind: 'dry-run', send: ref },
    chat: { kind: 'dry-run', post: ref },
    ticketing: { kind: 'dry-run', update: ref },
    crm: { kind: 'dry-run', updateContact: ref },
    reports: { kind: 'dry-run', write: async (taskId, _report, key) => ({ ref: `dry-run:${taskId}:${key}` }) },
  };
}

/** One human task per pipeline task, remembered for the run only (the handoff step opens it once). */
function forgetfulInbox(now: () => Date): HumanTaskOpener & { forget(taskId: string): void } {
  const opened = new Map<string, { _id: string; dueAt: Date }>();
  const open = async (key: string, dueAt: Date | undefined) => {
    const existing = opened.get(key);
    if (existing) return { task: existing, created: false };
    const task = { _id: `dry-run-human-${key}`, dueAt: dueAt ?? now() };
    opened.set(key, task);
    return { task, created: true };
  };
  return {
    async openForHandoff(input) {
      return open(`${input.taskId}:handoff`, input.dueAt);
    },
    async openForQueue(input) {
      return open(`${input.taskId}:queue`, input.dueAt);
    },
    forget: (taskId) => {
      opened.delete(`${taskId}:handoff`);
      opened.delete(`${taskId}:queue`);
    },
  };
}

export interface DryRunOptions {
  env?: Record<string, string | undefined>;
  /** The policy file; TRIAGE_POLICY, then the shipped example, by default. */
  policyFile?: string;
  log?: Logger;
}

export async function startDryRun(options: DryRunOptions = {}): Promise<DryRun> {
  const env = options.env ?? process.env;
  const config = loadConfig(env);
  // Per-ticket info lines would drown the progress bar and cost time; a level set on purpose wins.
  const log = options.log ?? createLogger(env.TRIAGE_LOG_LEVEL ? config.TRIAGE_LOG_LEVEL : 'warn');
  const registry = compileRegistry(steps);
  const policy = await loadPolicy(options.policyFile ?? config.TRIAGE_POLICY ?? DEFAULT_POLICY_FILE, { stepIds: registry.ids() });
  const clocks = new AsyncLocalStorage<ReasonerClock>();
  const reasoner = timedReasoner(await createReasoner(config), clocks);
  const store = new MemoryTaskStore();
  await store.start();
  const inbox = forgetfulInbox(() => new Date());
  const runner = new Runner({
    store,
    registry,
    connectors: silentConnectors(reasoner),
    policy,
    log,
    settings: { publicUrl: config.TRIAGE_PUBLIC_URL },
    humanTasks: inbox,
    leaseMs: config.TRIAGE_LEASE_MS,
  });
  const engine = new Engine(store, runner);
  return {
    config,
    reasoner,
    store,
    engine,
    async timed(fn) {
      const clock: ReasonerClock = { ms: 0, calls: 0 };
      const value = await clocks.run(clock, fn);
      return { value, clock };
    },
    release(taskId) {
      store.forget(taskId);
      inbox.forget(taskId);
    },
    stop: () => store.stop(),
  };
}
