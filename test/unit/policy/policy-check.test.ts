/**
 * The whole policy check on copies of the shipped policy, each with deliberate mistakes: every
 * mistake is reported in one run, at its line, with a hint.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkPolicyText } from '../../../src/policy/check/index.ts';
import { PolicyFileError, parsePolicy, type LocatedProblem } from '../../../src/policy/load.ts';

const base = readFileSync(new URL('../../../triage.policy.yaml', import.meta.url), 'utf8');
const STEP_IDS = ['intake_classification', 'customer_response', 'human_handoff'];

/** The shipped policy with each `find` line replaced; returns the text and the 1-based line of each change. */
function edit(changes: [find: string, replace: string][]): { text: string; lines: number[] } {
  const lines = base.split('\n');
  const at = changes.map(([find, replace]) => {
    const index = lines.indexOf(find);
    if (index < 0 || lines.indexOf(find, index + 1) >= 0) throw new Error(`"${find}" must occur once in triage.policy.yaml`);
    lines[index] = replace;
    return index + 1;
  });
  return { text: lines.join('\n'), lines: at };
}

const check = (text: string) => checkPolicyText(text, 'p.yaml', { stepIds: STEP_IDS });
const errors = (problems: LocatedProblem[]) => problems.filter((p) => p.severity === 'error');

describe('policy check', () => {
  it('passes the shipped policy (warnings allowed) and hands its warnings to the loaded policy', () => {
    const result = check(base);
    expect(errors(result.problems)).toEqual([]);
    expect(result.compiled?.warnings).toEqual(result.problems);
  });

  it('refuses a setting nothing reads, at its key, saying what to do', () => {
    const { text, lines } = edit([['    queue: finance', '    queue: finance\n    skills: [billing, refunds]']]);
    const found = errors(check(text).problems);
    expect(found).toMatchObject([{ line: lines[0]! + 1, column: 5, path: ['teams', 'finance', 'skills'], message: expect.stringMatching(/^"skills" has no effect: /), hint: expect.stringMatching(/^remove it/) }]);
  });

  it('reports an unknown team, a schema error and a bad condition together, each at its line', () => {
    const { text, lines } = edit([
      ['    integration: { team: technical_support, skill_tags: [integration] }', '    integration: { team: technical_suport, skill_tags: [integration] }'],
      ['  retry: 2', '  retry: "two"'],
      ['      sentimentAnalysis.frustrationLevel: { $gte: 70 }', '      sentimentAnalysis.frustationLevel: { $gte: 70 }'],
    ]);
    const found = errors(check(text).problems);
    expect(found.map((p) => [p.line, p.path.join('.')])).toEqual([
      [lines[0], 'routing.categories.integration.team'],
      [lines[2], 'triggers.5.when.sentimentAnalysis.frustationLevel'],
      [lines[1], 'on_error.retry'],
    ]);
    expect(found[0]?.message).toMatch(/^unknown team "technical_suport"/);
    expect(found[0]?.hint).toBe('did you mean "technical_support"?');
    expect(found[1]).toMatchObject({ column: 7, message: 'unknown path "sentimentAnalysis.frustationLevel"', hint: 'did you mean "sentimentAnalysis.frustrationLevel"?' });
    expect(found[2]?.message).toBe('expected number, got "two"');
  });

  it('reports a string operand on a number, a mistyped and an unclosed template, and "then: completed"', () => {
    const { text, lines } = edit([
      ['      sentimentAnalysis.frustrationLevel: { $gte: 70 }', '      sentimentAnalysis.frustrationLevel: { $gte: "70" }'],
      ['    reason: "Security incident: {{sentimentAnalysis.specificIssue}}"', '    reason: "Security incident: {{sentimentAnalysis.frustation}} {{unclosed"'],
      ['    then: continue', '    then: completed'],
    ]);
    const found = errors(check(text).problems);
    const byLine = (line: number | undefined) => found.filter((p) => p.line === line);
    expect(byLine(lines[0])).toMatchObject([{ message: 'compares a number with the string "70", so it never holds', hint: 'write 70 without quotes' }]);
    const template = byLine(lines[1]);
    expect(template.map((p) => [p.message, p.hint])).toEqual([
      ['unknown path "sentimentAnalysis.frustation"', 'did you mean "sentimentAnalysis.frustrationLevel"?'],
      ['unclosed "{{unclosed": it is printed as written', 'close it with "}}", as in {{sentimentAnalysis.specificIssue}}'],
    ]);
    // Each placeholder is pointed at inside the text.
    const line = text.split('\n')[lines[1]! - 1]!;
    expect(template.map((p) => p.column)).toEqual([line.indexOf('{{sentimentAnalysis.frustation') + 1, line.indexOf('{{unclosed') + 1]);
    expect(byLine(lines[2])).toMatchObject([{ path: ['on_human_complete', 2, 'then'], message: '"completed" is not an action', hint: 'did you mean "complete"? use complete, continue, or {handoff: <step id>}' }]);
    expect(found).toHaveLength(4);
  });

  it('reports an enum value a condition compares with that the field never holds, with the allowed values', () => {
    const { text, lines } = edit([['        - { support.classification.priority: critical }', '        - { support.classification.priority: critcal }']]);
    expect(errors(check(text).problems)).toMatchObject([
      { line: lines[0], message: 'unknown value "critcal", so it never holds', hint: 'did you mean "critical"? allowed: low, medium, high, critical' },
    ]);
  });

  it('loads a policy with warnings only, and refuses one with an error listing everything', () => {
    const { text } = edit([['    when: { immediateEscalation.required: true }', '    when: { immediateEscalation.required: true, support.ticket.plan: gold }']]);
    const policy = parsePolicy(text, 'p.yaml', { stepIds: STEP_IDS });
    expect(policy.warnings.some((w) => w.severity === 'warning' && w.path.at(-1) === 'support.ticket.plan')).toBe(true);

    const broken = edit([['  retry: 2', '  retry: -1'], ['    integration: { team: technical_support, skill_tags: [integration] }', '    integration: { team: nobody, skill_tags: [integration] }']]);
    let error: unknown;
    try {
      parsePolicy(broken.text, 'p.yaml', { stepIds: STEP_IDS });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(PolicyFileError);
    const message = (error as PolicyFileError).message;
    expect(message).toMatch(/^p\.yaml is not a valid policy \(2 errors\):/);
    expect(message).toContain(`p.yaml:${broken.lines[0]}:`);
    expect(message).toContain(`p.yaml:${broken.lines[1]}:`);
  });
});
