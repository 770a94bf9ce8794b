/**
 * The whole pipeline with a real human task inbox: embedded task and human task stores in a temp folder,
 * the heuristic reasoner, outbox connectors, the example policy and a controllable clock. What the
 * knowledge-base, queue and survey tests drive tickets through.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnectors } from '../../../connectors/index.ts';
import { createHeuristicReasoner } from '../../../connectors/llm/heuristic/index.ts';
import { loadConfig } from '../../../src/config.ts';
import { Engine } from '../../../src/engine/engine.ts';
import { compileRegistry } from '../../../src/engine/registry.ts';
import { Runner } from '../../../src/engine/runner.ts';
import type { JsonObject, Task } from '../../../src/engine/types.ts';
import { createHumanTaskService, type HumanTaskServiceImpl } from '../../../src/human/service.ts';
import { silentLogger } from '../../../src/log.ts';
import { loadPolicy } from '../../../src/policy/load.ts';
import { steps } from '../../../steps/index.ts';
import { TestClock } from '../../support/engine-harness.ts';
import { SqliteHumanTaskStore, SqliteTaskStore } from '../../../src/store/sqlite/index.ts';

export interface AnswerSetup {
  engine: Engine;
  store: SqliteTaskStore;
  humans: HumanTaskServiceImpl;
  clock: TestClock;
  /** Submits `ticket` (fields of support.ticket) and runs it to rest. */
  ticket(fields: JsonObject): Promise<Task>;
  /** The raw .eml files the outbox holds, one string each. */
  outboxEmails(): string[];
  cleanup(): Promise<void>;
}

export async function startAnswerSetup(): Promise<AnswerSetup> {
  const dir = await mkdtemp(join(tmpdir(), 'triage-answer-'));
  const store = new SqliteTaskStore(dir);
  await store.start();
  const humanStore = new SqliteHumanTaskStore(dir);
  await humanStore.start();
  const clock = new TestClock();
  const policy = await loadPolicy();
  const connectors = await createConnectors(loadConfig({ TRIAGE_DATA_DIR: dir }), { reasoner: createHeuristicReasoner(), dataDir: dir });
  let humans: HumanTaskServiceImpl | undefined;
  // The runner needs the inbox and the inbox needs the engine: the runner gets a late-bound view.
  const opener = {
    openForHandoff: (input: Parameters<HumanTaskServiceImpl['openForHandoff']>[0]) => (humans as HumanTaskServiceImpl).openForHandoff(input),
    openForQueue: (input: Parameters<HumanTaskServiceImpl['openForQueue']>[0]) => (humans as HumanTaskServiceImpl).openForQueue(input),
  };
  const runner = new Runner({ store, registry: compileRegistry(steps), connectors, policy, log: silentLogger, now: clock.now, sleep: clock.sleep, humanTasks: opener, workerId: 'test' });
  const engine = new Engine(store, runner, clock.now);
  humans = createHumanTaskService({ store: humanStore, engine, policy, connectors, now: clock.now });
  let n = 0;
  return {
    engine,
    store,
    humans,
    clock,
    async ticket(fields) {
      n += 1;
      const { task } = await engine.submit({ support: { ticket: { id: `T-${n}`, customerEmail: `customer${n}@example.com`, channel: 'email', ...fields } } });
      return engine.process(task._id);
    },
    outboxEmails() {
      const folder = join(dir, 'outbox', 'email');
      return existsSync(folder) ? readdirSync(folder).filter((f) => f.endsWith('.eml')).map((f) => readFileSync(join(folder, f), 'utf8')) : [];
    },
    async cleanup() {
      await humanStore.stop();
      await store.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
