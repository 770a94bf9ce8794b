/**
 * `triage eval --workers`, as a user runs it: the CLI as a child process on a small labelled CSV written
 * here (tickets made up for the test, see test/unit/eval/fixtures/labelled.ts). Two worker threads give
 * the report one thread gives, bar the times; a worker that cannot start fails the run as one thread does.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labelledCsv, labelledSpec, TEXTS, withoutTimings } from '../unit/eval/fixtures/labelled.ts';
import { createCli, filesUnder, STACK_LINE, type CliResult } from './cli-helper.ts';

const cli = createCli('triage-e2e-eval-workers-');
const dir = mkdtempSync(path.join(tmpdir(), 'triage-e2e-eval-workers-specs-'));
afterAll(() => {
  cli.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

let spec: string;
const results: Record<string, CliResult> = {};

beforeAll(async () => {
  writeFileSync(path.join(dir, 'tickets.csv'), labelledCsv());
  spec = path.join(dir, 'spec.yaml');
  writeFileSync(spec, labelledSpec('tickets.csv'));
  results.one = await cli.run(['eval', spec, '--json', '--misses', '3', '--workers', '1']);
  results.two = await cli.run(['eval', spec, '--json', '--misses', '3', '--workers', '2']);
  results.text = await cli.run(['eval', spec, '--workers', '2', '--limit', '6']);
}, 120_000);

describe('triage eval --workers', () => {
  it('gives the same JSON report with 2 workers as in one thread, but for the times', () => {
    expect(results.one!.code, results.one!.stderr).toBe(0);
    expect(results.two!.code, results.two!.stderr).toBe(0);
    const one = cli.json(results.one!);
    const two = cli.json(results.two!);
    expect(one.reasoner.workers).toBe(1);
    expect(two.reasoner.workers).toBe(2);
    expect(two.tickets).toBe(TEXTS.length);
    // The comparison means something: there are misses beyond the sample, in more than one measure.
    expect(one.measures.filter((m: any) => m.misses.total > m.misses.sample.length).length).toBeGreaterThan(1);
    expect(withoutTimings(two)).toEqual(withoutTimings(one));
    expect(two.reasoner.msPerTicket.median).toBeGreaterThan(0);
    expect(two.ticketsPerSecond).toBeGreaterThan(0);
    expect(filesUnder(cli.dataDir)).toEqual([]);
  });

  it('says how many workers ran in the text report', () => {
    expect(results.text!.code, results.text!.stderr).toBe(0);
    expect(results.text!.stdout).toMatch(/6 tickets from tickets\.csv .* concurrency 1 in each of 2 workers/);
  });

  it('fails as one thread does when the workers cannot start (a missing policy): exit 2, no stack, no hang', async () => {
    const missing = path.join(dir, 'no-such-policy.yaml');
    const [one, two] = await Promise.all(['1', '2'].map((workers) => cli.run(['eval', spec, '--json', '--workers', workers, '--policy', missing])));
    expect(two!.code).toBe(2);
    expect(two!.stdout).toBe('');
    expect(two!.stderr).toMatch(/^triage: .*no-such-policy\.yaml is not a valid policy/);
    expect(two!.stderr).not.toMatch(STACK_LINE);
    expect(two!.stderr).toBe(one!.stderr);
  });

  it('refuses --workers 0', async () => {
    const result = await cli.run(['eval', spec, '--workers', '0']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('triage: --workers must be an integer >= 1\n');
  });
});
