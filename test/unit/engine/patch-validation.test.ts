/**
 * The runner checks every patch against what its step declares it writes, before committing: a patch
 * that does not fit is a step error (retried, then the fallback), and the task never gets the field.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { compileRegistry } from '../../../src/engine/registry.ts';
import { defineStep } from '../../../src/engine/step.ts';
import { startHarness, type Harness } from '../../support/engine-harness.ts';

const ticket = (id: string) => ({ support: { ticket: { id, description: 'hello' } } });

const decision = {
  decision: 'scheduled_escalation',
  escalationRecommended: true,
  urgencyLevel: 'standard',
  primaryReason: 'test',
  reasons: [],
  confidence: 0.5,
  trigger: null,
  decidedBy: 'policy',
  policyVersion: 'v1',
  decisionMadeAt: '2026-01-05T09:00:00.000Z',
};

let h: Harness | undefined;
afterEach(async () => {
  await h?.cleanup();
  h = undefined;
});

describe('patch validation', () => {
  it('refuses a value of the wrong shape, naming the step and the path, and writes nothing', async () => {
    let calls = 0;
    h = await startHarness([
      defineStep({
        id: 'bad_decision',
        title: 'b',
        condition: { escalationDecision: { $exists: false } },
        writes: ['escalationDecision'],
        run: async () => (calls++, { escalationDecision: { ...decision, urgencyLevel: 'soon' } }),
      }),
    ]);
    const { task } = await h.engine.submit(ticket('P-1'));
    const done = await h.engine.process(task._id);
    // Retried like any step error (policy on_error.retry), then the task fails: no fallback.
    expect(calls).toBe(h.policy.source.on_error.retry + 1);
    expect(done.meta.runs.map((r) => r.outcome)).toEqual([...Array(h.policy.source.on_error.retry).fill('retry'), 'failed']);
    expect(done.meta.state).toBe('failed');
    expect(done.meta.error).toContain('step bad_decision');
    expect(done.meta.error).toContain('escalationDecision.urgencyLevel: expected one of "immediate", "urgent", "standard", "scheduled"');
    expect(done.data.escalationDecision).toBeUndefined();
    expect(done.meta.runs.every((r) => r.fieldsWritten.length === 0)).toBe(true);
  });

  it('refuses a field the step does not declare and a key the schema does not know; the fallback applies', async () => {
    h = await startHarness([
      defineStep({
        id: 'sloppy',
        title: 's',
        condition: { escalationDecision: { $exists: false } },
        writes: ['escalationDecision'],
        run: async () => ({ escalationDecision: { ...decision, mood: 'good' }, extra: 1 }),
        fallback: () => ({ escalationDecision: decision }),
      }),
    ]);
    const { task } = await h.engine.submit(ticket('P-2'));
    const done = await h.engine.process(task._id);
    const last = done.meta.runs.at(-1);
    expect(last?.outcome).toBe('failed');
    expect(last?.fallback).toBe(true);
    expect(last?.error).toContain('extra: the step does not declare it in writes (declared: escalationDecision)');
    expect(last?.error).toContain('escalationDecision.mood: not a field of the task data');
    expect(done.data).not.toHaveProperty('extra');
    expect(done.data.escalationDecision).toEqual(decision);
    expect(done.meta.state).toBe('waiting');
  });

  it('fails the task whole when the fallback\'s own patch does not fit', async () => {
    h = await startHarness([
      defineStep({
        id: 'broken_fallback',
        title: 'f',
        condition: { escalationRisk: { $exists: false } },
        writes: ['escalationRisk'],
        run: async () => {
          throw new Error('boom');
        },
        fallback: () => ({ escalationRisk: { overall: 140 } }),
      }),
    ]);
    const { task } = await h.engine.submit(ticket('P-3'));
    const done = await h.engine.process(task._id);
    expect(done.meta.state).toBe('failed');
    expect(done.meta.error).toMatch(/step broken_fallback failed: boom; its fallback was refused: .*escalationRisk\.overall: Too big/);
    expect(done.data.escalationRisk).toBeUndefined();
  });

  it('a patch may write part of an object (objects merge) but arrays must be whole', async () => {
    h = await startHarness([
      defineStep({
        id: 'partial',
        title: 'p',
        condition: { handoffRetry: { $exists: false } },
        writes: ['handoffRetry', 'escalationAgent'],
        run: async () => ({ handoffRetry: { pending: false }, escalationAgent: { conversationHistory: [{ role: 'robot', content: 'x', timestamp: 't' }] } }),
      }),
    ]);
    const { task } = await h.engine.submit(ticket('P-4'));
    const done = await h.engine.process(task._id);
    expect(done.meta.error).toContain('escalationAgent.conversationHistory.0.role: expected one of "customer", "agent", "human"');
    expect(done.data.handoffRetry).toBeUndefined();
  });

  it('refuses at start-up a step that declares a field the task-data schema does not have', () => {
    const step = defineStep({ id: 'typo', title: 't', condition: {}, writes: ['escalationDecison' as 'escalationDecision'], run: async () => ({}) });
    expect(() => compileRegistry([step])).toThrow(/typo\)\.writes: escalationDecison not in the task-data schema/);
  });
});
