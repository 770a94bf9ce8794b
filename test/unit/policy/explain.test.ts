import { describe, expect, it } from 'vitest';
import { conditionPaths, valueAt, valuesSeen } from '../../../src/policy/explain.ts';
import type { JsonObject } from '../../../src/engine/types.ts';

describe('what a condition looked at', () => {
  it('names every data path, through $and/$or/$nor, once and in order', () => {
    const condition = {
      'sentimentAnalysis.frustrationLevel': { $gte: 70 },
      $or: [{ 'support.ticket.customerTier': 'enterprise' }, { $and: [{ 'escalationRisk.overall': { $gte: 80 } }, { 'sentimentAnalysis.frustrationLevel': { $lt: 100 } }] }],
      $nor: [{ 'support.classification.category': 'billing' }],
    };
    expect(conditionPaths(condition)).toEqual(['sentimentAnalysis.frustrationLevel', 'support.ticket.customerTier', 'escalationRisk.overall', 'support.classification.category']);
  });

  it('reads values as MongoDB does, through arrays, and reports absent paths as null', () => {
    const data: JsonObject = { a: { b: [{ c: 1 }, { c: 2 }, { d: 3 }] }, list: ['x', 'y'], text: 'y'.repeat(400) };
    expect(valueAt(data, 'a.b.c')).toEqual([1, 2]);
    expect(valueAt(data, 'list.1')).toBe('y');
    expect(valueAt(data, 'a.missing.deeper')).toBeUndefined();
    const seen = valuesSeen({ 'a.b.c': { $in: [2] }, nope: { $exists: true }, text: { $regex: 'y' }, a: { $type: 'object' } }, data);
    expect(seen['a.b.c']).toEqual([1, 2]);
    expect(seen.nope).toBeNull();
    expect((seen.text as string).length).toBe(160);
    expect(seen.a).toBe('{b}');
  });
});
