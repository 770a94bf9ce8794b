import { afterEach, describe, expect, it } from 'vitest';
import { defineStep } from '../../../src/engine/step.ts';
import { NonRetryableError } from '../../../src/errors.ts';
import { startHarness, type Harness } from '../../support/engine-harness.ts';

const ticket = (id: string) => ({ support: { ticket: { id, description: 'hello' } } });

let h: Harness | undefined;
afterEach(async () => {
  await h?.cleanup();
  h = undefined;
});

describe('runner', () => {
  it('runs the first matching step in registry order, then the next, and records why', async () => {
    const order: string[] = [];
    h = await startHarness([
      defineStep({ id: 'first', title: 'first', condition: { a: { $exists: false } }, run: async () => (order.push('first'), { a: 1 }) }),
      defineStep({ id: 'also_matches_at_start', title: 'x', condition: { b: { $exists: false } }, run: async () => (order.push('second'), { b: 2 }) }),
    ]);
    const { task } = await h.engine.submit(ticket('T-1'));
    const done = await h.engine.process(task._id);
    expect(order).toEqual(['first', 'second']);
    expect(done.meta.state).toBe('waiting');
    expect(done.data).toMatchObject({ a: 1, b: 2, support: { ticket: { id: 'T-1' } } });
    expect(done.meta.runs.map((r) => [r.stepId, r.outcome, r.fieldsWritten])).toEqual([
      ['first', 'ok', ['a']],
      ['also_matches_at_start', 'ok', ['b']],
    ]);
    expect(done.meta.runs[0]?.matched).toBe('{"a":{"$exists":false}}');
    expect(done.meta.lease).toBeNull();
  });

  it('ends done when a step calls complete()', async () => {
    h = await startHarness([
      defineStep({ id: 'finish', title: 'f', condition: { end: { $exists: false } }, run: async (ctx) => (ctx.complete(), { end: true }) }),
    ]);
    const { task } = await h.engine.submit(ticket('T-2'));
    expect((await h.engine.process(task._id)).meta.state).toBe('done');
  });

  it('fails a task whose step would run again on unchanged data (loop guard), after one run', async () => {
    let runs = 0;
    h = await startHarness([defineStep({ id: 'loops', title: 'l', condition: { 'support.ticket': { $type: 'object' } }, run: async () => (runs++, {}) })]);
    const { task } = await h.engine.submit(ticket('T-3'));
    const result = await h.engine.process(task._id);
    expect(runs).toBe(1);
    expect(result.meta.state).toBe('failed');
    expect(result.meta.error).toMatch(/loops would run again on unchanged data/);
  });

  it('bounds the runs of one task', async () => {
    let n = 0;
    h = await startHarness([defineStep({ id: 'counter', title: 'c', condition: { done: { $exists: false } }, run: async () => ({ n: ++n }) })]);
    const { task } = await h.engine.submit(ticket('T-4'));
    const result = await h.runner({ maxRunsPerTask: 5 }).process(task._id);
    expect(result.meta.state).toBe('failed');
    expect(result.meta.runs).toHaveLength(5);
    expect(result.meta.error).toMatch(/5 step runs/);
  });

  it('retries a failing step with exponential backoff, then succeeds', async () => {
    let calls = 0;
    h = await startHarness([
      defineStep({
        id: 'flaky',
        title: 'f',
        condition: { ok: { $exists: false } },
        run: async () => {
          if (++calls < 3) throw new Error(`boom ${calls}`);
          return { ok: true };
        },
      }),
    ], { on_error: { respond: 'sorry', retry: 2, backoff_ms: 400, then: 'escalate' } });
    const { task } = await h.engine.submit(ticket('T-5'));
    const result = await h.engine.process(task._id);
    expect(result.data.ok).toBe(true);
    expect(result.meta.runs.map((r) => r.outcome)).toEqual(['retry', 'retry', 'ok']);
    expect(result.meta.runs.map((r) => r.attempt)).toEqual([1, 2, 3]);
    expect(result.meta.runs[0]?.error).toBe('boom 1');
    expect(h.clock.sleeps.filter((ms) => ms > 0)).toEqual([400, 800]);
  });

  it('applies the step fallback when retries are exhausted and keeps going', async () => {
    h = await startHarness([
      defineStep({
        id: 'always_fails',
        title: 'a',
        condition: { result: { $exists: false } },
        run: async () => {
          throw new Error('service down');
        },
        fallback: (ctx) => (ctx.flag('needs_human_review'), { result: 'fallback' }),
      }),
      defineStep({ id: 'after', title: 'b', condition: { result: 'fallback', after: { $exists: false } }, run: async () => ({ after: true }) }),
    ], { on_error: { respond: 'sorry', retry: 1, backoff_ms: 10, then: 'escalate' } });
    const { task } = await h.engine.submit(ticket('T-6'));
    const result = await h.engine.process(task._id);
    expect(result.meta.runs.map((r) => `${r.stepId}:${r.outcome}`)).toEqual(['always_fails:retry', 'always_fails:failed', 'after:ok']);
    expect(result.meta.runs[1]).toMatchObject({ fallback: true, error: 'service down', fieldsWritten: ['result'] });
    expect(result.meta.runs[1]?.explanation.join(' ')).toMatch(/fallback applied after 2 attempt/);
    expect(result.meta.flags).toContain('needs_human_review');
    expect(result.data.after).toBe(true);
  });

  it('does not retry a non-retryable error, and fails the task when the step has no fallback', async () => {
    h = await startHarness([
      defineStep({ id: 'bad', title: 'b', condition: { x: { $exists: false } }, run: async () => {
        throw new NonRetryableError('invalid credentials');
      } }),
    ]);
    const { task } = await h.engine.submit(ticket('T-7'));
    const result = await h.engine.process(task._id);
    expect(result.meta.runs.map((r) => r.outcome)).toEqual(['failed']);
    expect(result.meta.state).toBe('failed');
    expect(result.meta.error).toMatch(/bad failed: invalid credentials/);
  });

  it('resumes a waiting task when new data arrives', async () => {
    h = await startHarness([
      defineStep({ id: 'greet', title: 'g', condition: { greeted: { $exists: false } }, run: async () => ({ greeted: true }) }),
      defineStep({ id: 'on_reply', title: 'r', condition: { reply: { $type: 'string' }, answered: { $exists: false } }, run: async (ctx) => ({ answered: `got ${String(ctx.data.reply)}` }) }),
    ]);
    const { task } = await h.engine.submit(ticket('T-8'));
    expect((await h.engine.process(task._id)).meta.state).toBe('waiting');
    const updated = await h.engine.addData(task._id, { reply: 'thanks' });
    expect(updated.meta.state).toBe('ready');
    const resumed = await h.engine.process(task._id);
    expect(resumed.data.answered).toBe('got thanks');
    expect(resumed.meta.runs.map((r) => r.stepId)).toEqual(['greet', 'on_reply']);
  });

  it('sends an effect once even when the step is retried after sending it', async () => {
    let sends = 0;
    let runs = 0;
    h = await startHarness([
      defineStep({
        id: 'notify',
        title: 'n',
        condition: { notified: { $exists: false } },
        run: async (ctx) => {
          runs++;
          const result = await ctx.effect({ channel: 'test', name: 'ping', target: 'someone' }, async (key) => (sends++, { ref: `sent:${key}` }));
          if (runs === 1) throw new Error('crash after the send');
          return { notified: result };
        },
      }),
    ]);
    const { task } = await h.engine.submit(ticket('T-9'));
    const result = await h.engine.process(task._id);
    expect(runs).toBe(2);
    expect(sends).toBe(1);
    expect(result.data.notified).toEqual({ ref: `sent:${task._id}:notify:ping`, skipped: true });
    expect(result.meta.effects).toEqual([expect.objectContaining({ key: `${task._id}:notify:ping`, status: 'sent', channel: 'test', target: 'someone' })]);
  });

  it('lets another worker take over when a worker dies mid-step; no step commits twice', async () => {
    let release: (() => void) | undefined;
    const stalled = new Promise<void>((resolve) => (release = resolve));
    const started: string[] = [];
    let slowCalls = 0;
    h = await startHarness([
      defineStep({ id: 'one', title: '1', condition: { one: { $exists: false } }, run: async () => (started.push('one'), { one: true }) }),
      defineStep({
        id: 'two',
        title: '2',
        condition: { one: true, two: { $exists: false } },
        run: async () => {
          started.push('two');
          // The first worker hangs here as if its process had frozen; the second one passes.
          if (++slowCalls === 1) await stalled;
          return { two: true };
        },
      }),
    ]);
    const { task } = await h.engine.submit(ticket('T-10'));
    const a = h.runner({ workerId: 'worker-a', leaseMs: 1_000 });
    const b = h.runner({ workerId: 'worker-b', leaseMs: 1_000 });
    const aRun = a.process(task._id);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const held = await h.store.get(task._id);
    expect(held?.meta.lease?.owner).toBe('worker-a');
    h.clock.advance(5_000);
    const finished = await b.process(task._id);
    expect(finished.meta.state).toBe('waiting');
    release?.();
    await aRun;
    const final = await h.store.get(task._id);
    expect(started).toEqual(['one', 'two', 'two']);
    expect(final?.meta.runs.map((r) => `${r.stepId}@${r.worker}`)).toEqual(['one@worker-a', 'two@worker-b']);
    expect(final?.meta.version).toBe(finished.meta.version);
  });
});
