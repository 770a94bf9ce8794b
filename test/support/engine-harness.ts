/**
 * A real engine for tests: the embedded store in a temp folder, the outbox connectors, the heuristic
 * reasoner, the example policy (with test retry settings) and a controllable clock.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnectors } from '../../connectors/index.ts';
import { createHeuristicReasoner } from '../../connectors/llm/heuristic/index.ts';
import { loadConfig } from '../../src/config.ts';
import { Engine } from '../../src/engine/engine.ts';
import { compileRegistry } from '../../src/engine/registry.ts';
import { Runner } from '../../src/engine/runner.ts';
import type { StepDefinition } from '../../src/engine/step.ts';
import { silentLogger } from '../../src/log.ts';
import { compilePolicy, type CompiledPolicy } from '../../src/policy/compile.ts';
import { loadPolicy } from '../../src/policy/load.ts';
import type { Policy } from '../../src/policy/schema.ts';
import { SqliteTaskStore } from '../../src/store/sqlite/index.ts';

export class TestClock {
  constructor(public ms = Date.parse('2026-01-05T09:00:00Z')) {}
  now = (): Date => new Date(this.ms);
  advance(ms: number): void {
    this.ms += ms;
  }
  /** A sleep that moves the clock instead of waiting, and remembers how long it was asked to wait. */
  sleeps: number[] = [];
  sleep = async (ms: number): Promise<void> => {
    this.sleeps.push(ms);
    this.ms += ms;
  };
}

export interface Harness {
  dir: string;
  store: SqliteTaskStore;
  clock: TestClock;
  runner(options?: { workerId?: string; leaseMs?: number; maxRunsPerTask?: number }): Runner;
  engine: Engine;
  /** The compiled policy the runner uses. */
  policy: CompiledPolicy;
  cleanup(): Promise<void>;
}

export async function startHarness(steps: readonly StepDefinition[], policyChanges: Partial<Policy> = {}): Promise<Harness> {
  const dir = await mkdtemp(join(tmpdir(), 'triage-engine-'));
  const store = new SqliteTaskStore(dir);
  await store.start();
  const clock = new TestClock();
  const base = await loadPolicy();
  const policy = compilePolicy({ ...base.source, ...policyChanges });
  const registry = compileRegistry(steps);
  const connectors = await createConnectors(loadConfig({ TRIAGE_DATA_DIR: dir }), { reasoner: createHeuristicReasoner(), dataDir: dir });
  const runner = (options: { workerId?: string; leaseMs?: number; maxRunsPerTask?: number } = {}) =>
    new Runner({ store, registry, connectors, policy, log: silentLogger, now: clock.now, sleep: clock.sleep, ...options });
  return {
    dir,
    store,
    clock,
    runner,
    engine: new Engine(store, runner({ workerId: 'engine' }), clock.now),
    policy,
    async cleanup() {
      await store.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
