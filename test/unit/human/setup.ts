/**
 * A human task service on real parts: the embedded task and human task stores in a temp folder, a
 * real Engine running the pipeline's human_resolution step (on_human_complete), the outbox connectors
 * and a controllable clock.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createConnectors } from '../../../connectors/index.ts';
import { createHeuristicReasoner } from '../../../connectors/llm/heuristic/index.ts';
import { loadConfig } from '../../../src/config.ts';
import { defineStep } from '../../../src/engine/step.ts';
import type { JsonObject, Task } from '../../../src/engine/types.ts';
import { createHumanTaskService, type HumanTaskServiceDeps, type HumanTaskServiceImpl } from '../../../src/human/service.ts';
import { compilePolicy } from '../../../src/policy/compile.ts';
import { loadPolicy } from '../../../src/policy/load.ts';
import { startHarness, type Harness } from '../../support/engine-harness.ts';
import humanResolution from '../../../steps/human-resolution.ts';
import { SqliteHumanTaskStore } from '../../../src/store/sqlite/index.ts';

/**
 * Stands in for the pipeline's customer_response step, which a HANDOFF names: its condition never
 * matches, so it runs only when directed to.
 */
export const handedBackTo = defineStep({
  id: 'customer_response',
  title: 'test: the step a human hands back to',
  condition: { neverMatches: true },
  run: async () => ({ handedBack: true }),
});

export interface HumanSetup {
  harness: Harness;
  humans: SqliteHumanTaskStore;
  service: HumanTaskServiceImpl;
  /** A pipeline task resting in `waiting`, as a handed-off ticket does. */
  waitingTask(data?: JsonObject): Promise<Task>;
  /** Outbox files of one service (`email` or `slack`). */
  outbox(service: 'email' | 'slack'): string[];
  /** The raw text of every email in the outbox sent to `address`. */
  emailsTo(address: string): string[];
  cleanup(): Promise<void>;
}

export async function startHumanSetup(options: { engine?: (h: Harness) => HumanTaskServiceDeps['engine'] } = {}): Promise<HumanSetup> {
  const harness = await startHarness([humanResolution, handedBackTo]);
  const humans = new SqliteHumanTaskStore(harness.dir);
  await humans.start();
  const policy = compilePolicy((await loadPolicy()).source);
  const connectors = await createConnectors(loadConfig({ TRIAGE_DATA_DIR: harness.dir }), { reasoner: createHeuristicReasoner(), dataDir: harness.dir });
  const service = createHumanTaskService({
    store: humans,
    engine: options.engine ? options.engine(harness) : harness.engine,
    policy,
    connectors,
    now: harness.clock.now,
  });
  const outbox = (service: 'email' | 'slack'): string[] => {
    try {
      return readdirSync(join(harness.dir, 'outbox', service)).filter((f) => !f.endsWith('.tmp'));
    } catch {
      return [];
    }
  };
  return {
    harness,
    humans,
    service,
    async waitingTask(data = { ticket: { subject: 'help' } }) {
      const { task } = await harness.store.create({ data, source: { kind: 'cli' }, now: harness.clock.now() });
      return harness.store.save({ ...task, meta: { ...task.meta, state: 'waiting' } }, task.meta.version);
    },
    outbox,
    emailsTo(address) {
      return outbox('email')
        .map((f) => readFileSync(join(harness.dir, 'outbox', 'email', f), 'utf8'))
        .filter((mail) => new RegExp(`^To: .*${address.replace(/[.]/g, '\\.')}`, 'm').test(mail));
    },
    async cleanup() {
      await humans.stop();
      await harness.cleanup();
    },
  };
}
