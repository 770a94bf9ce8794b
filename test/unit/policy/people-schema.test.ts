/**
 * Team members and assignment in the policy: both member forms, defaults, and errors at the line
 * with a fix, through the same check `triage policy check` runs on a copy of the shipped policy.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkPolicyText } from '../../../src/policy/check/index.ts';
import { DEFAULT_CAPACITY } from '../../../src/policy/people-schema.ts';

const base = readFileSync(new URL('../../../triage.policy.yaml', import.meta.url), 'utf8');
const withFinance = (lines: string) => base.replace('    queue: finance\n', `    queue: finance\n${lines}`);
const check = (text: string) => checkPolicyText(text, 'p.yaml', { stepIds: ['intake_classification', 'customer_response', 'human_handoff'] });
const errors = (text: string) => check(text).problems.filter((p) => p.severity === 'error');

describe('teams.*.members and assignment', () => {
  it('accepts usernames and { user, skills, capacity }, normalised, with the default capacity', () => {
    const result = check(withFinance('    members: [Ana, { user: ben, skills: [vat], capacity: 2 }]\n    assignment: { strategy: best_skill_match }\n'));
    expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
    const finance = result.compiled!.team('finance');
    expect(finance.members).toEqual([
      { user: 'ana', skills: [], capacity: DEFAULT_CAPACITY },
      { user: 'ben', skills: ['vat'], capacity: 2 },
    ]);
    expect(finance.assignment).toEqual({ strategy: 'best_skill_match' });
    // Without `assignment` nothing is assigned automatically (the default).
    expect(result.compiled!.team('technical_support').assignment).toBeUndefined();
  });

  it('refuses an unknown strategy, a zero capacity, a duplicate member and a bad username, each at its place', () => {
    const found = errors(withFinance('    members: [ana, ana, { user: ben, capacity: 0 }, "Not A Name"]\n    assignment: { strategy: random }\n'));
    expect(found.map((p) => [p.path.join('.'), p.message, p.hint ?? null])).toEqual([
      ['teams.finance.members.1', '"ana" is listed twice; keep one entry', null],
      ['teams.finance.members.2.capacity', 'capacity: at least 1 open task', null],
      ['teams.finance.members.3', 'a username as `triage user add` takes it: lowercase letters, digits, dot, dash or underscore', null],
      ['teams.finance.assignment.strategy', 'unknown value "random"', 'allowed: round_robin, least_loaded, best_skill_match'],
    ]);
    // Each at the line it was written on.
    const line = base.split('\n').indexOf('    queue: finance') + 2;
    expect(found.map((p) => p.line)).toEqual([line, line, line, line + 1]);
  });

  it('names a member listed twice', () => {
    const found = errors(withFinance('    members: [ana, ben, ana]\n'));
    expect(found.map((p) => [p.path.join('.'), p.message])).toEqual([['teams.finance.members.2', '"ana" is listed twice; keep one entry']]);
  });
});
