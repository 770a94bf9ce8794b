/**
 * `triage policy check` as a user runs it: every mistake of a broken copy of the example policy in one
 * run, each as `file:line:col at path: message (hint)`, or as JSON with `--json`; exit 1 on errors only.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCli, ROOT, STACK_LINE, type CliResult } from './cli-helper.ts';

const cli = createCli('triage-e2e-policy-check-');
const dir = mkdtempSync(path.join(tmpdir(), 'triage-e2e-policy-check-'));
afterAll(() => {
  cli.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

const original = readFileSync(path.join(ROOT, 'triage.policy.yaml'), 'utf8');

/** Writes a copy of the example policy with lines replaced; returns its path and the changed lines. */
function copy(name: string, changes: [find: string, replace: string][]): { file: string; lines: number[] } {
  const lines = original.split('\n');
  const at = changes.map(([find, replace]) => {
    const index = lines.indexOf(find);
    if (index < 0 || lines.indexOf(find, index + 1) >= 0) throw new Error(`"${find}" must occur once in triage.policy.yaml`);
    lines[index] = replace;
    return replace;
  });
  const text = lines.join('\n');
  const file = path.join(dir, `${name}.policy.yaml`);
  writeFileSync(file, text);
  // Found after all changes: a replacement of several lines moves the lines below it.
  const written = text.split('\n');
  return { file, lines: at.map((replace) => written.indexOf(replace.split('\n')[0]!) + 1) };
}

const broken = copy('broken', [
  ['      sentimentAnalysis.frustrationLevel: { $gte: 70 }', '      sentimentAnalysis.frustationLevel: { $gte: "70" }'],
  ['        - { support.customer.accountValue: { $gte: 10000 } }', '        - { support.customer.accountValue: { $gte: "10000" } }'],
  ['    reason: "Security incident: {{sentimentAnalysis.specificIssue}}"', '    reason: "Security incident: {{sentimentAnalysis.frustation}} {{unclosed"'],
  ['    then: continue', '    then: completed'],
  ['    integration: { team: technical_support, skill_tags: [integration] }', '    integration: { team: no_such_team, skill_tags: [integration] }'],
  ['    queue: finance', '    queue: finance\n    skills: [ana, ben]'],
]);
const warnedOnly = copy('warned', [['    when: { immediateEscalation.required: true }', '    when: { immediateEscalation.required: true, support.ticket.plan: gold }']]);

interface JsonReport {
  file: string;
  ok: boolean;
  version: string | null;
  problems: { severity: 'error' | 'warning'; path: (string | number)[]; line: number | null; column: number | null; message: string; hint: string | null }[];
}

const results: Record<string, CliResult> = {};
beforeAll(async () => {
  const runs: [string, string[]][] = [
    ['human', ['policy', 'check', broken.file]],
    ['json', ['policy', 'check', broken.file, '--json']],
    ['shipped-json', ['policy', 'check', 'triage.policy.yaml', '--json']],
    ['warned', ['policy', 'check', warnedOnly.file]],
  ];
  await Promise.all(runs.map(async ([name, args]) => (results[name] = await cli.run(args))));
}, 180_000);

describe('triage policy check', () => {
  it('lists every problem of a broken policy in one run, each with file:line:col, path, message and hint', () => {
    const result = results.human!;
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(STACK_LINE.test(result.stderr)).toBe(false);
    expect(result.stderr.split('\n')[0]).toMatch(new RegExp(`^${broken.file.replace(/[.\\/]/g, '\\$&')} is not a valid policy \\(\\d+ errors`));
    const name = path.basename(broken.file);
    const [frustration, accountValue, reason, then, team, members] = broken.lines as [number, number, number, number, number, number];
    const expected = [
      `${name}:${frustration}:7 at triggers.5.when.sentimentAnalysis.frustationLevel: unknown path "sentimentAnalysis.frustationLevel" (did you mean "sentimentAnalysis.frustrationLevel"?)`,
      `at triggers.6.when.$or.1.support.customer.accountValue.$gte: compares a number with the string "10000", so it never holds (write 10000 without quotes)`,
      `at triggers.1.reason: unknown path "sentimentAnalysis.frustation" (did you mean "sentimentAnalysis.frustrationLevel"?)`,
      `at triggers.1.reason: unclosed "{{unclosed": it is printed as written`,
      `${name}:${then}:11 at on_human_complete.2.then: "completed" is not an action (did you mean "complete"? use complete, continue, or {handoff: <step id>})`,
      `at routing.categories.integration.team: unknown team "no_such_team"`,
      `${name}:${members + 1}:5 at teams.finance.skills: "skills" has no effect`,
    ];
    for (const text of expected) expect(result.stderr).toContain(text);
    for (const line of [accountValue, reason, team]) expect(result.stderr).toContain(`${name}:${line}:`);
  });

  it('--json gives { file, ok, version, problems } with the same problems, and exits 1', () => {
    const result = results.json!;
    expect(result.code).toBe(1);
    const report = cli.json<JsonReport>(result);
    expect(Object.keys(report).sort()).toEqual(['file', 'ok', 'problems', 'version']);
    expect(report).toMatchObject({ file: broken.file, ok: false, version: null });
    for (const problem of report.problems) {
      expect(Object.keys(problem).sort()).toEqual(['column', 'hint', 'line', 'message', 'path', 'severity']);
      expect(typeof problem.line).toBe('number');
    }
    const typo = report.problems.find((p) => p.message === 'unknown path "sentimentAnalysis.frustationLevel"');
    expect(typo).toEqual({
      severity: 'error',
      path: ['triggers', 5, 'when', 'sentimentAnalysis.frustationLevel'],
      line: broken.lines[0],
      column: 7,
      message: 'unknown path "sentimentAnalysis.frustationLevel"',
      hint: 'did you mean "sentimentAnalysis.frustrationLevel"?',
    });
    // The human output has one line per problem of the JSON report.
    const humanLines = results.human!.stderr.split('\n').filter((l) => l.startsWith('  '));
    expect(humanLines).toHaveLength(report.problems.length);
  });

  it('--json on the shipped policy: ok, with its version, and no errors', () => {
    const result = results['shipped-json']!;
    expect(result.code, result.stderr).toBe(0);
    const report = cli.json<JsonReport>(result);
    expect(report.ok).toBe(true);
    expect(report.version).toMatch(/^[0-9a-f]{12}$/);
    expect(report.problems.filter((p) => p.severity === 'error')).toEqual([]);
  });

  it('warnings alone pass (exit 0) and are listed after the ok line', () => {
    const result = results.warned!;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/: ok with \d+ warnings? \(/);
    expect(result.stdout).toContain(`${path.basename(warnedOnly.file)}:${warnedOnly.lines[0]}:`);
    expect(result.stdout).toMatch(/at triggers\.9\.when\.support\.ticket\.plan: warning: "support\.ticket\.plan" is not a known field/);
  });
});
