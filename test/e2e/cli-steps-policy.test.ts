/**
 * `triage steps` and `triage policy check`: the pipeline as a user sees it, and policy errors that
 * point at the file, the line and the path.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PIPELINE_STEP_IDS } from '../support/pipeline-steps.ts';
import { createCli, ROOT, STACK_LINE, type CliResult } from './cli-helper.ts';

const cli = createCli('triage-e2e-policy-');
const policyDir = mkdtempSync(path.join(tmpdir(), 'triage-e2e-policies-'));
afterAll(() => {
  cli.cleanup();
  rmSync(policyDir, { recursive: true, force: true });
});

const original = readFileSync(path.join(ROOT, 'triage.policy.yaml'), 'utf8');

interface Broken {
  /** The exact line of the example policy to replace. */
  find: string;
  replace: string;
  /** What the message must say besides file and line. */
  path: string;
  says: RegExp;
}

/** Each breaks one line of a copy of the example policy; the error must point at that line. */
const BROKEN: Record<string, Broken> = {
  'unknown-team': {
    find: '    integration: { team: technical_support, skill_tags: [integration] }',
    replace: '    integration: { team: no_such_team, skill_tags: [integration] }',
    path: 'routing.categories.integration.team',
    says: /no_such_team/,
  },
  'where-trigger': {
    find: '    when: { immediateEscalation.required: true }',
    replace: '    when: { $where: "this.immediateEscalation.required == true" }',
    path: 'triggers.9.when',
    says: /\$where/,
  },
  'wrong-type': {
    find: '  retry: 2',
    replace: '  retry: "two"',
    path: 'on_error.retry',
    says: /number/,
  },
  'yaml-syntax': {
    find: '  high_risk: 90',
    replace: '  high_risk: 90: 1',
    path: '',
    says: /YAML syntax/,
  },
  'unknown-key': {
    find: '  high_risk: 90',
    replace: '  high_rsik: 90',
    path: 'thresholds',
    says: /high_rsik/,
  },
};

const files: Record<string, { file: string; line: number }> = {};
for (const [name, broken] of Object.entries(BROKEN)) {
  const lines = original.split('\n');
  const index = lines.indexOf(broken.find);
  if (index < 0 || lines.indexOf(broken.find, index + 1) >= 0) throw new Error(`"${broken.find}" must occur once in triage.policy.yaml`);
  lines[index] = broken.replace;
  const file = path.join(policyDir, `${name}.policy.yaml`);
  writeFileSync(file, lines.join('\n'));
  files[name] = { file, line: index + 1 };
}

const results: Record<string, CliResult> = {};
beforeAll(async () => {
  // None of these touch the store, so they run side by side.
  const runs: [string, string[]][] = [
    ['steps', ['steps']],
    ['steps-json', ['steps', '--json']],
    ['policy-ok', ['policy', 'check', 'triage.policy.yaml']],
    ...Object.entries(files).map(([name, { file }]): [string, string[]] => [name, ['policy', 'check', file]]),
  ];
  await Promise.all(runs.map(async ([name, args]) => (results[name] = await cli.run(args))));
}, 180_000);

describe('triage steps', () => {
  it('--json lists the eight pipeline steps first, in order, each with its condition', () => {
    const result = results['steps-json']!;
    expect(result.code, result.stderr).toBe(0);
    const steps = cli.json<{ id: string; title: string; condition: Record<string, unknown> }[]>(result);
    // The spec's eight, in order; a step added for resuming after a human (not one of the eight) may follow them.
    expect(steps.slice(0, PIPELINE_STEP_IDS.length).map((s) => s.id)).toEqual(PIPELINE_STEP_IDS);
    expect(new Set(steps.map((s) => s.id)).size).toBe(steps.length);
    for (const step of steps) {
      expect(step.title.length).toBeGreaterThan(0);
      expect(typeof step.condition).toBe('object');
      expect(Object.keys(step.condition).length).toBeGreaterThan(0);
    }
  });

  it('prints each step in order with its condition', () => {
    const result = results.steps!;
    expect(result.code, result.stderr).toBe(0);
    const steps = cli.json<{ id: string; condition: unknown }[]>(results['steps-json']!);
    let at = -1;
    steps.forEach((step, i) => {
      const found = result.stdout.indexOf(`${i + 1}. ${step.id}`);
      expect(found, step.id).toBeGreaterThan(at);
      at = found;
      expect(result.stdout).toContain(`when ${JSON.stringify(step.condition)}`);
    });
  });
});

describe('triage policy check', () => {
  it('accepts the example policy', () => {
    const result = results['policy-ok']!;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/triage\.policy\.yaml: ok/);
  });

  for (const [name, broken] of Object.entries(BROKEN)) {
    it(`refuses a copy with ${name}, naming the file, the line and the path`, () => {
      const result = results[name]!;
      const { file, line } = files[name]!;
      expect(result.code).not.toBe(0);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain(file);
      expect(result.stderr).toContain(`${path.basename(file)}:${line}:`);
      if (broken.path) expect(result.stderr).toContain(`at ${broken.path}`);
      expect(result.stderr).toMatch(broken.says);
      expect(STACK_LINE.test(result.stderr)).toBe(false);
      // The problem is reported at the line that was broken, not at another one (warnings about
      // other lines of the example policy may be listed too; they do not fail the check).
      const errors = result.stderr.split('\n').filter((l) => !l.includes(': warning: ')).join('\n');
      const lines = errors.match(new RegExp(`${path.basename(file).replace(/\./g, '\\.')}:(\\d+):`, 'g')) ?? [];
      expect(lines.every((l) => l.endsWith(`:${line}:`))).toBe(true);
    });
  }
});
