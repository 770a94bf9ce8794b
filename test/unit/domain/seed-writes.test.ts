/**
 * The task-data schema against what the real steps write: the four seed tickets through the pipeline
 * (with the runner checking every patch against its step's `writes`), a customer reply, a human
 * resolution, and the fallback paths of a reasoner that always fails. Any step writing a shape the
 * schema does not describe fails a run here.
 */
import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { createConnectors } from '../../../connectors/index.ts';
import type { Reasoner } from '../../../connectors/llm/types.ts';
import { steps } from '../../../steps/index.ts';
import { patchSchemaOf } from '../../../src/domain/patch.ts';
import { taskDataSchema } from '../../../src/domain/task-data.ts';
import { loadConfig } from '../../../src/config.ts';
import { compileRegistry } from '../../../src/engine/registry.ts';
import { Runner } from '../../../src/engine/runner.ts';
import type { Task } from '../../../src/engine/types.ts';
import { silentLogger } from '../../../src/log.ts';
import { startHarness, type Harness } from '../../support/engine-harness.ts';

const SEEDS = ['standard-password-reset', 'frustrated-repeat', 'complex-technical', 'enterprise-critical'];
const seed = async (name: string): Promise<unknown> => JSON.parse(await readFile(new URL(`../../../fixtures/tickets/${name}.json`, import.meta.url), 'utf8'));

/** The whole of `data`, closed: a key anywhere that the schema does not know is an issue. */
const strictData = patchSchemaOf(taskDataSchema);

function expectFits(task: Task): void {
  const result = strictData.safeParse(task.data);
  expect(result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([]);
  // Strict data and the declared writes say the same thing only if no step run was refused.
  expect(task.meta.runs.filter((r) => r.error?.includes('does not fit its schema')).map((r) => r.error)).toEqual([]);
}

let h: Harness | undefined;
afterEach(async () => {
  await h?.cleanup();
  h = undefined;
});

describe('the task-data schema and what the steps write', () => {
  it('every shipped step declares what it writes', () => {
    expect(steps.filter((step) => !step.writes?.length).map((step) => step.id)).toEqual([]);
    expect(compileRegistry(steps).steps.every((step) => step.patchSchema !== null)).toBe(true);
  });

  it.each(SEEDS)('accepts what each step writes on the %s seed', async (name) => {
    h = await startHarness(steps);
    const { task } = await h.engine.submit(await seed(name));
    const done = await h.engine.process(task._id);
    expect(done.meta.runs.map((r) => r.outcome).filter((o) => o !== 'ok')).toEqual([]);
    expect(done.meta.runs.length).toBeGreaterThanOrEqual(6);
    expectFits(done);
  });

  it('accepts what customer_reply and human_resolution write', async () => {
    h = await startHarness(steps);
    const { task } = await h.engine.submit(await seed('standard-password-reset'));
    const first = await h.engine.process(task._id);
    const history = (first.data.escalationAgent as { conversationHistory: unknown[] }).conversationHistory;
    const at = h.clock.now().toISOString();
    await h.engine.addData(task._id, {
      escalationAgent: { conversationHistory: [...history, { role: 'customer', content: 'Still locked out, I want to talk to a person now.', timestamp: at }] },
      customerReply: { content: 'Still locked out, I want to talk to a person now.', receivedAt: at, count: 1, handledAt: null },
    });
    const replied = await h.engine.process(task._id);
    expect(replied.meta.runs.some((r) => r.stepId === 'customer_reply' && r.outcome === 'ok')).toBe(true);
    await h.engine.addData(task._id, { human: { taskId: 'H-1', decision: 'resolved', resolved: true, fields: {}, respondedBy: 'ana', resolvedAt: at, outcome: null } });
    const resolved = await h.engine.process(task._id);
    expect(resolved.meta.runs.some((r) => r.stepId === 'human_resolution' && r.outcome === 'ok')).toBe(true);
    expectFits(resolved);
  });

  it('accepts what the fallbacks write when the reasoner always fails', async () => {
    h = await startHarness(steps);
    const fail = async (): Promise<never> => {
      throw new Error('model unavailable');
    };
    const reasoner: Reasoner = { name: 'heuristic', assess: fail, analyse: fail, decide: fail, respond: fail };
    const connectors = await createConnectors(loadConfig({ TRIAGE_DATA_DIR: h.dir }), { reasoner, dataDir: h.dir });
    const runner = new Runner({ store: h.store, registry: compileRegistry(steps), connectors, policy: h.policy, log: silentLogger, now: h.clock.now, sleep: h.clock.sleep });
    const { task } = await h.engine.submit(await seed('complex-technical'));
    const done = await runner.process(task._id);
    const fellBack = done.meta.runs.filter((r) => r.fallback).map((r) => r.stepId);
    expect(fellBack).toEqual(expect.arrayContaining(['intake_classification', 'sentiment_complexity_analysis', 'customer_response']));
    expectFits(done);
  });
});
