/**
 * Replay and suggest over a store the real pipeline filled: which tickets change is known exactly
 * because each ticket's account value, the number the trigger compares, is chosen here.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.ts';
import { silentLogger } from '../../../src/log.ts';
import { loadPolicy } from '../../../src/policy/load.ts';
import { runReplay } from '../../../src/policy-tools/replay.ts';
import { withStorage } from '../../../src/policy-tools/storage.ts';
import { runSuggest } from '../../../src/policy-tools/suggest.ts';
import { decisionFilter, parseWindow } from '../../../src/policy-tools/window.ts';
import { writeSuggestions } from '../../../src/policy-tools/write.ts';
import { seed, snapshot, writePolicy, type SeededTicket } from './seed.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'triage-policy-tools-'));
const dataDir = path.join(dir, 'data');
const VALUES = [1000, 3000, 5000, 6000, 7000, 7999, 8000, 9000, 12000, 15000];
const ANSWERS = { 5000: 'no', 6000: 'no', 7000: 'no', 9000: 'yes', 12000: 'yes', 15000: 'yes' } as const;
let seeded: SeededTicket[] = [];
let baseFile = '';

beforeAll(async () => {
  baseFile = writePolicy(dir, 'base.policy.yaml', 5000);
  seeded = await seed(dataDir, baseFile, VALUES, ANSWERS);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function replay(newThreshold: number, filterText?: string) {
  const now = new Date(Date.now() + 60_000);
  const window = parseWindow('30d', undefined, now);
  const { filter, user } = decisionFilter(window, filterText);
  const next = writePolicy(dir, `new-${newThreshold}.policy.yaml`, newThreshold);
  const config = loadConfig({ TRIAGE_DATA_DIR: dataDir });
  return withStorage(config, silentLogger, async (storage) =>
    runReplay({
      store: storage.tasks,
      base: { file: baseFile, policy: await loadPolicy(baseFile) },
      next: { file: next, policy: await loadPolicy(next) },
      window,
      filter,
      userFilter: user,
      examples: 100,
      now: () => now,
    }),
  );
}

describe('policy replay', () => {
  it('reports exactly the tickets whose decision a raised threshold changes, and writes nothing', async () => {
    const before = await snapshot(dataDir);
    const report = await replay(8000);
    expect(await snapshot(dataDir)).toBe(before);

    const expected = seeded.filter((t) => t.value >= 5000 && t.value < 8000).map((t) => t.taskId).sort();
    expect(expected).toHaveLength(4);
    expect(report.considered).toBe(VALUES.length);
    expect(report.decisions.changed).toBe(expected.length);
    expect(report.examples.map((e) => e.taskId).sort()).toEqual(expected);
    expect(report.decisions.transitions).toEqual([{ from: 'management_escalation [valuable_account]', to: 'no_escalation', count: 4 }]);
    expect(report.escalations).toEqual({ base: 8, new: 4 });
    expect(report.triggers.find((t) => t.id === 'valuable_account')).toEqual({ id: 'valuable_account', base: 8, new: 4 });
    expect(report.teams.transitions).toEqual([{ from: 'accounts', to: '(none)', count: 4 }]);
    expect(report.priorities.transitions).toEqual([{ from: 'high', to: '(none)', count: 4 }]);
    const accounts = report.loadPerDay.find((l) => l.team === 'accounts')!;
    expect(accounts.base).toBeCloseTo(8 / 30, 2);
    expect(accounts.new).toBeCloseTo(4 / 30, 2);
    // Every ticket was decided under the base policy: nothing drifted.
    expect(report.drift.count).toBe(0);
    expect(report.note).toMatch(/heuristic reasoner/);
  });

  it('the same policy changes nothing; a lower threshold shows drift-free additions; a filter narrows', async () => {
    const same = await replay(5000);
    expect(same.decisions.changed).toBe(0);
    expect(same.base.version).toBe(same.policy.version);

    const lower = await replay(2000);
    expect(lower.examples.map((e) => e.taskId)).toEqual([seeded.find((t) => t.value === 3000)!.taskId]);

    const narrowed = await replay(8000, JSON.stringify({ 'support.customer.accountValue': { $lt: 6500 } }));
    expect(narrowed.considered).toBe(4);
    expect(narrowed.decisions.changed).toBe(2);
  });

  it('refuses a filter with a forbidden operator, naming it', async () => {
    await expect(replay(8000, '{"$where":"1"}')).rejects.toThrow(/\$where is not allowed/);
    await expect(replay(8000, '[1]')).rejects.toThrow(/--filter must be a JSON object/);
  });
});

describe('policy suggest', () => {
  it('proposes the threshold the answers support and writes a policy file replay accepts', async () => {
    const now = new Date(Date.now() + 60_000);
    const window = parseWindow('90d', undefined, now);
    const { filter } = decisionFilter(window);
    const base = { file: baseFile, policy: await loadPolicy(baseFile) };
    const report = await withStorage(loadConfig({ TRIAGE_DATA_DIR: dataDir }), silentLogger, (storage) =>
      runSuggest({ store: storage.tasks, humanTasks: storage.humanTasks, base, filter, window, maxMissed: 1, now: () => now }),
    );
    expect(report.labelled).toMatchObject({ needed: 3, unneeded: 3, byEvidence: { answered_yes: 3, answered_no: 3 } });
    const stats = report.triggers.find((t) => t.id === 'valuable_account')!;
    expect(stats).toMatchObject({ fired: 8, needed: 3, unneeded: 3, precision: 0.5 });
    expect(report.suggestions).toHaveLength(1);
    const [s] = report.suggestions;
    // Unneeded at 5000-7000, needed from 9000: any threshold in (7000, 9000] separates them; 8000 is the round one.
    expect(s).toMatchObject({ trigger: 'valuable_account', path: 'support.customer.accountValue', from: 5000, to: 8000, avoided: 3, missed: 0, unneededFired: 3 });
    expect(s!.text).toBe('valuable_account: support.customer.accountValue >= 5000 -> 8000 would have avoided 3 of 3 unneeded escalations and missed 0 needed ones');

    const out = path.join(dir, 'suggestions');
    await writeSuggestions(baseFile, report.suggestions, out, ' --since 90d');
    const written = await readFile(s!.file!, 'utf8');
    // The Document API keeps the base file's comments and layout; only the number changed.
    expect(written).toMatch(/^# policy-tools test policy\n/);
    expect(written).toContain('name: Key Accounts   # owns the valuable customers');
    expect(written).toContain('# Only triggers escalate these calm tickets');
    expect(written).toContain('{ support.customer.accountValue: { $gte: 8000 } }');
    expect(written).toContain('# suggested by `triage policy suggest`');
    // Byte for byte the base file, except the number and the comment line above the trigger.
    const baseText = await readFile(baseFile, 'utf8');
    expect(written.split('\n').filter((line) => !line.includes('# suggested by'))).toEqual(baseText.replace('$gte: 5000', '$gte: 8000').split('\n'));
    expect((await loadPolicy(s!.file!)).source.triggers[0]!.when).toEqual({ 'support.customer.accountValue': { $gte: 8000 } });
    expect(s!.replay).toBe(`triage policy replay --policy ${s!.file} --base ${baseFile} --since 90d`);
  });
});
