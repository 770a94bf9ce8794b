/**
 * `runEval` over worker threads: the same report as one thread for the same tickets, and a worker that
 * fails (a ticket throws, the thread exits or crashes, it cannot start) fails the run with one clear
 * line naming the row, without waiting on the other workers (one of them is stuck on a ticket).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.ts';
import { runEval, type EvalOptions } from '../../../src/eval/run.ts';
import { parseSpec } from '../../../src/eval/spec.ts';
import { labelledCsv, labelledSpec, TEXTS, withoutTimings } from './fixtures/labelled.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'triage-eval-workers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const env: Record<string, string | undefined> = { ...process.env, TRIAGE_DATA_DIR: dir, TRIAGE_LOG_LEVEL: 'warn' };
for (const key of Object.keys(env)) if (/^(TRIAGE_POLICY|OPENAI_|MONGODB_)/.test(key)) delete env[key];

function specFor(csv: string) {
  const name = `t${Math.random().toString(36).slice(2)}`;
  writeFileSync(path.join(dir, `${name}.csv`), csv);
  return parseSpec(labelledSpec(`${name}.csv`), path.join(dir, `${name}.yaml`));
}

const FAULTY = new URL('./fixtures/faulty-eval-worker.ts', import.meta.url);

describe('runEval with worker threads', () => {
  it('gives the report of a one-thread run, and reports progress for every ticket', async () => {
    const loaded = specFor(labelledCsv());
    const options: EvalOptions = { env, misses: 3 };
    const one = await runEval(loaded, { ...options, workers: 1 });
    const progress: number[] = [];
    const two = await runEval(loaded, { ...options, workers: 2, onProgress: (done) => progress.push(done) });
    expect(one.reasoner.workers).toBe(1);
    expect(two.reasoner.workers).toBe(2);
    expect(two.tickets).toBe(TEXTS.length);
    expect(withoutTimings(two)).toEqual(withoutTimings(one));
    expect(progress).toEqual(TEXTS.map((_, i) => i + 1));
    // Fewer tickets than the default needs for workers: one thread.
    expect((await runEval(loaded, { ...options, limit: 5 })).reasoner.workers).toBe(1);
  }, 60_000);

  it.each([
    ['a ticket throws', 'throw:T7', /^tickets?.*row 7 \(line 8\): the engine broke \(test fault\)$/],
    ['the thread exits', 'exit:T7', /^eval worker [12] stopped \(exit code 3\) before its tickets were done$/],
    ['an exception escapes', 'uncaught:T7', /^eval worker [12] failed: uncaught boom \(test fault\)$/],
    ['a worker cannot start', 'start', /^cannot start \(test fault\)$/],
  ])('fails with one line when %s, and stops every worker', async (_name, fault, says) => {
    const loaded = specFor(labelledCsv({ 2: 'hang' }));
    const error = await runEval(loaded, { env: { ...env, EVAL_TEST_FAULT: fault }, misses: 3, workers: 2, workerModule: FAULTY }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InputError);
    const message = (error as Error).message.replace(/^t\w+\.csv/, 'tickets.csv');
    expect(message).toMatch(says);
    expect(message.split('\n')).toHaveLength(1);
  }, 30_000);
});
