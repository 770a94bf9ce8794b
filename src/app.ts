/**
 * Wires the application from configuration: store, policy, reasoner, connectors, step registry,
 * runner and engine. The CLI, the server and the worker all start from here; tests pass overrides.
 */
import { createConnectors } from '../connectors/index.ts';
import { createReasoner } from '../connectors/llm/index.ts';
import type { Connectors } from '../connectors/types.ts';
import { steps as defaultSteps } from '../steps/index.ts';
import { loadConfig, type Config } from './config.ts';
import { Engine } from './engine/engine.ts';
import { compileRegistry, type Registry } from './engine/registry.ts';
import { Runner } from './engine/runner.ts';
import type { StepDefinition } from './engine/step.ts';
import { createLogger, type Logger } from './log.ts';
import type { CompiledPolicy } from './policy/compile.ts';
import { DEFAULT_POLICY_FILE, loadPolicy } from './policy/load.ts';
import { createStore } from './store/index.ts';
import type { TaskStore } from './store/types.ts';

export interface App {
  config: Config;
  log: Logger;
  store: TaskStore;
  policy: CompiledPolicy;
  registry: Registry;
  connectors: Connectors;
  runner: Runner;
  engine: Engine;
  stop(): Promise<void>;
}

export interface AppOverrides {
  env?: Record<string, string | undefined>;
  log?: Logger;
  steps?: readonly StepDefinition[];
  connectors?: (defaults: Connectors) => Connectors;
  now?: () => Date;
  leaseMs?: number;
}

/** Validates everything (config, registry, policy) before connecting anything, then starts the store. */
export async function startApp(overrides: AppOverrides = {}): Promise<App> {
  const config = loadConfig(overrides.env ?? process.env);
  const log = overrides.log ?? createLogger(config.TRIAGE_LOG_LEVEL);
  const registry = compileRegistry(overrides.steps ?? defaultSteps);
  const policy = await loadPolicy(config.TRIAGE_POLICY ?? DEFAULT_POLICY_FILE, { stepIds: registry.ids() });
  const reasoner = createReasoner(config);
  const baseConnectors = createConnectors(config, { reasoner, dataDir: config.TRIAGE_DATA_DIR });
  const connectors = overrides.connectors ? overrides.connectors(baseConnectors) : baseConnectors;
  const store = await createStore(config);
  await store.start();
  const runner = new Runner({
    store,
    registry,
    connectors,
    policy,
    log,
    settings: { publicUrl: config.TRIAGE_PUBLIC_URL },
    ...(overrides.now ? { now: overrides.now } : {}),
    ...(overrides.leaseMs ? { leaseMs: overrides.leaseMs } : {}),
  });
  const engine = new Engine(store, runner, overrides.now);
  return { config, log, store, policy, registry, connectors, runner, engine, stop: () => store.stop() };
}
