import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../../../src/policy/load.ts';
import { diffPolicies, formatDiff } from '../../../src/policy-tools/diff.ts';
import { POLICY_TEMPLATE } from './seed.ts';

const BASE = POLICY_TEMPLATE.replace('{{VALUE}}', '5000');
const load = (text: string, file = 'b.yaml') => ({ file, policy: parsePolicy(text, file) });
const diff = (b: string) => diffPolicies(load(BASE, 'a.yaml'), load(b));

describe('policy diff', () => {
  it('finds no difference when only comments, layout and spelled-out defaults differ', () => {
    const rewritten = `# a new comment\n${BASE.replace('# owns the valuable customers', '')}`.replace(
      'consult_reasoner_from_risk: 100',
      'consult_reasoner_from_risk: 100\n  high_frustration: 85',
    );
    const result = diff(rewritten);
    expect(result.identical).toBe(true);
    expect(result.a.version).toBe(result.b.version);
    expect(formatDiff(result)).toMatch(/the policies are the same/);
  });

  it('names a changed threshold of a trigger and both versions', () => {
    const result = diff(BASE.replace('$gte: 5000', '$gte: 8000'));
    expect(result.identical).toBe(false);
    expect(result.a.version).not.toBe(result.b.version);
    expect(result.triggers.changed).toEqual([{ id: 'valuable_account', attributes: ['when'], changes: [{ path: 'when.support.customer.accountValue.$gte', from: 5000, to: 8000 }] }]);
    expect(formatDiff(result)).toContain('when.support.customer.accountValue.$gte: 5000 -> 8000');
  });

  it('reports added, removed and reordered triggers, attribute changes and other sections', () => {
    const swapped = BASE.replace(/(  - id: valuable_account[\s\S]*?team: accounts\n)(  - id: very_frustrated[\s\S]*$)/, '$2$1');
    expect(diff(swapped).triggers.reordered).toEqual({ from: ['valuable_account', 'very_frustrated'], to: ['very_frustrated', 'valuable_account'] });

    const renamed = BASE.replace('id: very_frustrated', 'id: furious').replace('priority: high\n    urgency: urgent\n    team: accounts', 'priority: critical\n    urgency: urgent\n    team: general_support');
    const result = diff(renamed.replace('consult_reasoner_from_risk: 100', 'consult_reasoner_from_risk: 60').replace('queue: general', 'queue: front_desk'));
    expect(result.triggers.added).toEqual([{ id: 'furious', position: 1 }]);
    expect(result.triggers.removed).toEqual([{ id: 'very_frustrated', position: 1 }]);
    expect(result.triggers.changed).toEqual([
      { id: 'valuable_account', attributes: ['priority', 'team'], changes: [{ path: 'priority', from: 'high', to: 'critical' }, { path: 'team', from: 'accounts', to: 'general_support' }] },
    ]);
    expect(result.sections.thresholds).toEqual([{ path: 'thresholds.consult_reasoner_from_risk', from: 100, to: 60 }]);
    expect(result.sections.teams).toEqual([{ path: 'teams.general_support.queue', from: 'general', to: 'front_desk' }]);
  });
});
