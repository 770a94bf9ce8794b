/**
 * The per-drive caches of the runner: the loop guard's sorted JSON (StableJson) and the steps'
 * frozen views (FrozenCopies) remember objects by identity. They must give exactly what the uncached
 * computation gives, and a commit (mergePatch replaces the objects along a changed path) must show up
 * in the next hash and view, however deep the change.
 */
import { describe, expect, it } from 'vitest';
import { createHeuristicReasoner } from '../../../connectors/llm/heuristic/index.ts';
import type { Connectors } from '../../../connectors/types.ts';
import { silentLogger } from '../../../src/log.ts';
import type { CompiledPolicy } from '../../../src/policy/compile.ts';
import { newTask } from '../../../src/store/common.ts';
import { createStepContext, FrozenCopies } from '../../../src/engine/context.ts';
import { mergePatch } from '../../../src/engine/patch.ts';
import { hashData } from '../../../src/engine/runner.ts';
import { StableJson } from '../../../src/engine/stable-json.ts';
import type { EffectRecord, JsonObject, RunRecord, Task } from '../../../src/engine/types.ts';

/** The loop guard's text as it was computed before the cache: a sorted copy, then JSON.stringify. */
function reference(data: unknown): string {
  const sorted = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(sorted);
    if (value && typeof value === 'object' && !(value instanceof Date)) {
      return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sorted((value as Record<string, unknown>)[key])]));
    }
    return value;
  };
  return JSON.stringify(sorted(data));
}

const odd: JsonObject[] = [
  { b: 1, a: { d: [3, { z: 1, y: null }], c: 'x' } },
  { '10': 'ten', '2': 'two', b: true, a: false },
  { nested: { deeper: { deepest: { k2: [1, [2, [3]]], k1: 'é\u2028"' } } } },
  JSON.parse('{"__proto__": {"polluted": 1}, "a": 1}') as JsonObject,
  { when: new Date('2026-04-03T10:00:00Z') as unknown as JsonObject, gone: undefined as unknown as JsonObject, list: [undefined as unknown as JsonObject, 1] },
  { n: Number.NaN, inf: Number.POSITIVE_INFINITY, neg: -0 },
  { withToJson: { toJSON: () => 'custom', x: 1 } as unknown as JsonObject },
];

describe('StableJson', () => {
  it.each(odd.map((data, i) => [i, data] as const))('case %i: the same text as the sorted copy', (_i, data) => {
    expect(new StableJson().of(data)).toBe(reference(data));
  });

  it('a change at any depth after a commit changes the text, and equals the uncached one', () => {
    const texts = new StableJson();
    let data: JsonObject = { support: { ticket: { id: 'T-1', tags: ['a'] }, classification: { priority: 'high' } }, sentimentAnalysis: { frustrationLevel: 40 } };
    const seen = new Set<string>([texts.of(data)]);
    const patches: JsonObject[] = [
      { support: { classification: { priority: 'critical' } } },
      { support: { ticket: { tags: ['a', 'b'] } } },
      { sentimentAnalysis: { frustrationLevel: 41 } },
      { escalationDecision: { decision: 'immediate_escalation' } },
    ];
    for (const patch of patches) {
      data = mergePatch(data, patch);
      const text = texts.of(data);
      expect(text).toBe(reference(data));
      expect(seen.has(text)).toBe(false);
      seen.add(text);
      expect(hashData(data, texts)).toBe(hashData(data));
    }
  });
});

describe('FrozenCopies', () => {
  it('gives a frozen copy equal to a structured clone, sharing what a commit did not change', () => {
    const copies = new FrozenCopies();
    const data: JsonObject = { support: { ticket: { id: 'T-1' }, classification: { priority: 'high' } }, analysis: { level: 3 } };
    const first = copies.of(data);
    expect(first).toEqual(structuredClone(data));
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first.support)).toBe(true);
    expect(first).not.toBe(data);

    const next = mergePatch(data, { support: { classification: { priority: 'critical' } } });
    const second = copies.of(next);
    expect(second).toEqual(structuredClone(next));
    expect((second.support as JsonObject).classification).toEqual({ priority: 'critical' });
    // Untouched by the commit: handed out again rather than copied.
    expect(second.analysis).toBe(first.analysis);
    expect((second.support as JsonObject).ticket).toBe((first.support as JsonObject).ticket);
  });

  it('never shares a copy holding a Date, which freezing does not protect', () => {
    const copies = new FrozenCopies();
    const data = { at: { when: new Date('2026-01-01T00:00:00Z') } };
    const a = copies.of(data);
    const b = copies.of(data);
    expect(a).toEqual(b);
    expect(a.at).not.toBe(b.at);
    a.at.when.setTime(0);
    expect(b.at.when.toISOString()).toBe('2026-01-01T00:00:00.000Z');
  });
});

describe("a step's view of meta", () => {
  const at = new Date('2026-03-02T10:00:00Z');
  const run = (stepId: string): RunRecord => ({
    stepId, attempt: 1, worker: 'w', startedAt: at, finishedAt: at, durationMs: 0, outcome: 'ok', matched: '{}', fieldsWritten: [], explanation: [], inputHash: 'h',
  });
  const taskWithRuns = (): Task => {
    const task = newTask('T1', { data: { support: { ticket: { id: 'T-1' } } }, source: { kind: 'cli' }, now: at });
    return { ...task, meta: { ...task.meta, runs: [run('intake_classification'), run('sentiment_complexity')], flags: ['seen'] } };
  };
  const contextOn = (holder: { task: Task }, copies: FrozenCopies) =>
    createStepContext('escalation_decision', 1, {
      connectors: { reasoner: createHeuristicReasoner() } as unknown as Connectors,
      policy: {} as CompiledPolicy,
      log: silentLogger,
      settings: { publicUrl: 'http://127.0.0.1:3000' },
      humanTasks: null,
      now: () => at,
      copies,
      current: () => holder.task,
      persistEffects: async (mutate) => {
        const effects: EffectRecord[] = structuredClone(holder.task.meta.effects);
        mutate(effects);
        holder.task = { ...holder.task, meta: { ...holder.task.meta, effects } };
      },
    }).ctx;

  it('is a frozen copy of the task as the step started, even when read after the step sent an effect', async () => {
    const holder = { task: taskWithRuns() };
    const started = holder.task;
    const ctx = contextOn(holder, new FrozenCopies());
    await ctx.effect({ channel: 'email', name: 'reply', target: 'a@example.com' }, async () => ({ ref: 'outbox/x.eml' }));
    expect(holder.task.meta.effects).toHaveLength(1);
    // Read only now: what the step saw when it started, not the task as it is after the effect.
    expect(ctx.meta.effects).toEqual([]);
    expect({ ...ctx.meta }).toEqual({
      runs: started.meta.runs, usage: started.meta.usage, effects: [], schedules: started.meta.schedules,
      source: started.meta.source, createdAt: started.meta.createdAt, flags: ['seen'],
    });
    expect(Object.isFrozen(ctx.meta)).toBe(true);
    expect(Object.isFrozen(ctx.meta.runs[0])).toBe(true);
    expect(ctx.meta.runs).not.toBe(started.meta.runs);
    expect(ctx.meta.runs).toBe(ctx.meta.runs);
  });

  it("keeps each step's Dates its own: one step changing a run's time in place is not seen by the next", () => {
    const holder = { task: taskWithRuns() };
    const copies = new FrozenCopies();
    const first = contextOn(holder, copies);
    first.meta.runs[0]!.startedAt.setTime(0);
    const second = contextOn(holder, copies);
    expect(second.meta.runs[0]!.startedAt.toISOString()).toBe('2026-03-02T10:00:00.000Z');
    expect(holder.task.meta.runs[0]!.startedAt.toISOString()).toBe('2026-03-02T10:00:00.000Z');
  });
});
