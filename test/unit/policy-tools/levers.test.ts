import { describe, expect, it } from 'vitest';
import { compileCondition } from '../../../src/engine/matcher.ts';
import type { JsonObject } from '../../../src/engine/types.ts';
import { candidateThresholds, leversOf, withoutThresholds, withThreshold } from '../../../src/policy-tools/levers.ts';

const WHEN: JsonObject = {
  'sentimentAnalysis.repeatIssue': true,
  'sentimentAnalysis.frustrationLevel': { $gte: 70 },
  $or: [{ 'support.customer.tier': 'vip' }, { 'support.customer.accountValue': { $gt: 10000, $lt: 1e9 } }],
};

describe('trigger levers', () => {
  it('finds every numeric comparison with its place in the condition', () => {
    expect(leversOf(WHEN)).toEqual([
      { path: 'sentimentAnalysis.frustrationLevel', op: '$gte', value: 70, location: ['sentimentAnalysis.frustrationLevel', '$gte'] },
      { path: 'support.customer.accountValue', op: '$gt', value: 10000, location: ['$or', 1, 'support.customer.accountValue', '$gt'] },
      { path: 'support.customer.accountValue', op: '$lt', value: 1e9, location: ['$or', 1, 'support.customer.accountValue', '$lt'] },
    ]);
  });

  it('changes one number without touching the original', () => {
    const changed = withThreshold(WHEN, ['$or', 1, 'support.customer.accountValue', '$gt'], 5000);
    expect(changed.$or).toEqual([{ 'support.customer.tier': 'vip' }, { 'support.customer.accountValue': { $gt: 5000, $lt: 1e9 } }]);
    expect((WHEN.$or as JsonObject[])[1]).toEqual({ 'support.customer.accountValue': { $gt: 10000, $lt: 1e9 } });
  });

  it('relaxes the thresholds but keeps the rest of the condition', () => {
    const relaxed = compileCondition(withoutThresholds(WHEN), 'test');
    const data = (frustration: number, repeat: boolean) => ({ sentimentAnalysis: { repeatIssue: repeat, frustrationLevel: frustration }, support: { customer: { tier: 'vip' } } });
    expect(relaxed.test(data(10, true))).toBe(true);
    expect(relaxed.test(data(10, false))).toBe(false);
  });

  it('tries one round threshold per distinct outcome', () => {
    // >= t: (60,72] -> 70, (72,81] -> 80, (81,91] -> 90, beyond the ends too.
    expect(candidateThresholds('$gte', [72, 81, 72])).toEqual([70, 80, 90]);
    expect(candidateThresholds('$gte', [72, 81, 91])).toEqual([70, 80, 90, 100]);
    // > t: [72,81) -> 80 keeps 81 in and 72 out.
    expect(candidateThresholds('$gt', [72, 81])).toEqual([70, 80, 90]);
    expect(candidateThresholds('$lte', [])).toEqual([]);
  });
});
