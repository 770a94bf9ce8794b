/**
 * Bad input to `task new`: a clear message, a non-zero exit, no stack trace, and nothing stored.
 * Odd but valid input (keys with `.` or a leading `$`) is stored and shown back exactly.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCli, filesUnder, STACK_LINE, type CliResult } from './cli-helper.ts';

const cli = createCli('triage-e2e-bad-');
const inputDir = mkdtempSync(path.join(tmpdir(), 'triage-e2e-inputs-'));
afterAll(() => {
  cli.cleanup();
  rmSync(inputDir, { recursive: true, force: true });
});

const good = { id: 'E2E-GOOD-1', subject: 'Invoice', description: 'Please send me a copy of my last invoice.' };
const bigFile = path.join(inputDir, 'big.json');
writeFileSync(bigFile, JSON.stringify({ id: 'E2E-BIG-1', description: 'My account is locked. '.repeat(100_000) }));
const goodFile = path.join(inputDir, 'good.json');
writeFileSync(goodFile, JSON.stringify(good));

interface Case {
  args: string[];
  /** What stderr must say. */
  says: RegExp;
}

const CASES: Record<string, Case> = {
  'a ticket without a description': { args: ['-d', JSON.stringify({ id: 'E2E-NODESC', subject: 'help' })], says: /description: required/ },
  'a blank description': { args: ['-d', JSON.stringify({ id: 'E2E-BLANK', description: '   ' })], says: /description: required/ },
  'an array': { args: ['-d', '[]'], says: /must be a JSON object/ },
  'a string': { args: ['-d', '"x"'], says: /must be a JSON object/ },
  'a number': { args: ['-d', '42'], says: /must be a JSON object/ },
  'malformed JSON': { args: ['-d', '{"id": "E2E-BAD", "description": '], says: /-d is not valid JSON/ },
  'accountValue as a string': { args: ['-d', JSON.stringify({ ...good, id: 'E2E-TYPE-1', accountValue: 'lots' })], says: /accountValue: expected number/ },
  'a customerEmail that is not an email': {
    args: ['-d', JSON.stringify({ ...good, id: 'E2E-TYPE-2', customerEmail: 'not-an-email' })],
    says: /customerEmail: must be an email address/,
  },
  'both -d and -f': { args: ['-d', JSON.stringify({ ...good, id: 'E2E-BOTH' }), '-f', goodFile], says: /exactly one of -d JSON or -f FILE/ },
  'neither -d nor -f': { args: [], says: /exactly one of -d JSON or -f FILE/ },
  'a missing file': { args: ['-f', path.join(inputDir, 'no-such-ticket.json')], says: /cannot read .*no-such-ticket\.json/ },
  'a 2 MB description': { args: ['-f', bigFile], says: /limit is \d+/ },
};

const results: Record<string, CliResult> = {};
let before: CliResult;
let after: CliResult;

beforeAll(async () => {
  // One after another on one data dir: the embedded store is single-process, and a bad input that
  // did store something must show up in the count afterwards.
  before = await cli.run(['task', 'list', '--json']);
  for (const [name, c] of Object.entries(CASES)) results[name] = await cli.run(['task', 'new', ...c.args, '--json']);
  after = await cli.run(['task', 'list', '--json']);
}, 120_000);

describe('task new refuses bad input', () => {
  for (const [name, c] of Object.entries(CASES)) {
    it(`${name}: clear message, non-zero exit, no stack trace`, () => {
      const result = results[name]!;
      expect(result.code).not.toBe(0);
      expect(result.code).not.toBeNull();
      expect(result.stderr).toMatch(c.says);
      expect(result.stderr).toMatch(/^triage: /m);
      expect(STACK_LINE.test(result.stderr), result.stderr).toBe(false);
      expect(result.stdout).toBe('');
      // One short message, not a dump of the input.
      expect(result.stderr.length).toBeLessThan(1000);
    });
  }

  it('stores nothing and sends nothing', () => {
    expect(before.code, before.stderr).toBe(0);
    expect(after.code, after.stderr).toBe(0);
    const was = cli.json(before);
    const now = cli.json(after);
    expect(was.total).toBe(0);
    expect(now.total).toBe(was.total);
    expect(now.items).toEqual([]);
    expect(filesUnder(path.join(cli.dataDir, 'outbox'))).toEqual([]);
  });
});

describe('odd but valid input is stored losslessly', () => {
  it('keys with "." and a leading "$" come back exactly from task show --json', async () => {
    const ticket = {
      id: 'E2E-ODD-1',
      subject: 'Billing address',
      description: 'Please update the billing address on my invoice.',
      'meta.data': 1,
      $weird: { 'a.b': [1, { $c: true }] },
      '~p': 'a tilde that looks like an escape',
      '': 'empty key',
      nested: { '$set': { 'x.y': null }, arr: [[1, 2], { '.': '.' }] },
    };
    const extra = { '$top.level': { $x: ['kept'] } };
    const submitted = await cli.run(['task', 'new', '-d', JSON.stringify({ support: { ticket }, ...extra }), '--json']);
    expect(submitted.code, submitted.stderr).toBe(0);
    const task = cli.json(submitted);
    expect(task.data.support.ticket).toStrictEqual(ticket);

    const shown = await cli.run(['task', 'show', task._id, '--json']);
    expect(shown.code, shown.stderr).toBe(0);
    const stored = cli.json(shown);
    expect(stored.data.support.ticket).toStrictEqual(ticket);
    expect(stored.data['$top.level']).toStrictEqual(extra['$top.level']);
    // The pipeline still ran on it, to its resting point (an unanswerable ticket waits in its team's queue).
    expect(stored.meta.state).toBe(stored.data.conversationResponse.mode === 'queued' ? 'waiting' : 'done');
    expect(stored.data.performanceAnalysis).toBeDefined();
  });
});
