/**
 * `triage policy diff|replay|suggest` as a lead runs them, on a store the real pipeline filled (see
 * test/unit/policy-tools/seed.ts): exact changes, nothing written, suggestions replay accepts.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seed, snapshot, writePolicy, type SeededTicket } from '../unit/policy-tools/seed.ts';
import { createCli, STACK_LINE } from './cli-helper.ts';

const cli = createCli('triage-e2e-policy-replay-');
const VALUES = [1000, 5000, 6000, 7000, 9000, 12000];
let seeded: SeededTicket[] = [];
let base = '';
let raised = '';

beforeAll(async () => {
  base = writePolicy(cli.dataDir, 'base.policy.yaml', 5000);
  raised = writePolicy(cli.dataDir, 'raised.policy.yaml', 8000);
  seeded = await seed(cli.dataDir, base, VALUES, { 5000: 'no', 6000: 'no', 7000: 'no', 9000: 'yes', 12000: 'yes' });
}, 120_000);
afterAll(() => cli.cleanup());

const env = () => ({ TRIAGE_POLICY: base });

describe('triage policy diff', () => {
  it('names the changed threshold and both versions', async () => {
    const text = await cli.run(['policy', 'diff', base, raised]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('~ valuable_account: when changed');
    expect(text.stdout).toContain('when.support.customer.accountValue.$gte: 5000 -> 8000');
    const json = cli.json(await cli.run(['policy', 'diff', base, base, '--json']));
    expect(json.identical).toBe(true);
    expect(json.a.version).toBe(json.b.version);
  }, 60_000);
});

describe('triage policy replay', () => {
  it('reports exactly the tickets whose decision changes and leaves the store and the outbox as they were', async () => {
    const before = await snapshot(cli.dataDir);
    const result = await cli.run(['policy', 'replay', '--policy', raised, '--since', '7d', '--json'], { env: env() });
    expect(result.code, result.stderr).toBe(0);
    expect(await snapshot(cli.dataDir)).toBe(before);
    const report = cli.json(result);
    const expected = seeded.filter((t) => t.value >= 5000 && t.value < 8000).map((t) => t.taskId).sort();
    expect(report.base.file).toBe(base);
    expect(report.considered).toBe(VALUES.length);
    expect(report.decisions.changed).toBe(3);
    expect(report.examples.map((e: { taskId: string }) => e.taskId).sort()).toEqual(expected);
    expect(report.triggers.find((t: { id: string }) => t.id === 'valuable_account')).toEqual({ id: 'valuable_account', base: 5, new: 2 });

    const text = await cli.run(['policy', 'replay', '--policy', raised, '--examples', '1'], { env: env() });
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('escalations: 5 -> 2 (-3)');
    expect(text.stdout).toContain('management_escalation [valuable_account] -> no_escalation');
    expect(text.stdout).toMatch(/dry run: nothing was written/);
  }, 60_000);

  it('explains bad options in one line with exit code 2', async () => {
    const since = await cli.run(['policy', 'replay', '--policy', raised, '--since', 'last week'], { env: env() });
    expect(since.code).toBe(2);
    expect(since.stderr).toMatch(/--since "last week" is neither a duration such as 30d/);
    const filter = await cli.run(['policy', 'replay', '--policy', raised, '--filter', '{"$where":"1"}'], { env: env() });
    expect(filter.code).toBe(2);
    expect(filter.stderr).toMatch(/\$where is not allowed/);
    const nowhere = await cli.run(['policy', 'replay', '--policy', raised], { env: { ...env(), TRIAGE_DATA_DIR: path.join(cli.dataDir, 'missing') } });
    expect(nowhere.code).toBe(2);
    expect(nowhere.stderr).toMatch(/no stored tickets under .*missing; set TRIAGE_DATA_DIR/);
    expect(existsSync(path.join(cli.dataDir, 'missing'))).toBe(false);
    for (const r of [since, filter, nowhere]) expect(r.stderr).not.toMatch(STACK_LINE);
  }, 60_000);
});

describe('triage policy suggest', () => {
  it('proposes the threshold the answers support, writes it as a policy file, and replay accepts that file', async () => {
    const out = path.join(cli.dataDir, 'suggested');
    const result = await cli.run(['policy', 'suggest', '--out', out, '--json'], { env: env() });
    expect(result.code, result.stderr).toBe(0);
    const report = cli.json(result);
    expect(report.suggestions).toHaveLength(1);
    const [s] = report.suggestions;
    expect(s.text).toBe('valuable_account: support.customer.accountValue >= 5000 -> 8000 would have avoided 3 of 3 unneeded escalations and missed 0 needed ones');
    expect(path.dirname(s.file)).toBe(out);
    expect(s.replay).toBe(`triage policy replay --policy ${s.file} --base ${base} --since 90d`);

    const replay = await cli.run(['policy', 'replay', '--policy', s.file, '--json'], { env: env() });
    expect(replay.code, replay.stderr).toBe(0);
    expect(cli.json(replay).decisions.changed).toBe(3);
  }, 60_000);
});
