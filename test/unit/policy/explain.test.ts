import { describe, expect, it } from 'vitest';
import { compileCondition } from '../../../src/engine/matcher.ts';
import {
  compactTriggerRecord,
  conditionFromClauses,
  conditionPaths,
  describeClauses,
  explainCondition,
  recordedCondition,
  recordedValuesSeen,
  valueAt,
  valuesFromClauses,
  valuesSeen,
} from '../../../src/policy/explain.ts';
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

describe('a condition explained clause by clause', () => {
  const condition = {
    'sentimentAnalysis.repeatIssue': true,
    'sentimentAnalysis.frustrationLevel': { $gte: 70, $lt: 100 },
    $or: [{ 'support.customer.tier': { $in: ['enterprise', 'vip'] } }, { 'support.customer.accountValue': { $gte: 10000 } }],
  };

  it('says for each leaf what it saw and whether it held, keeping $or as a group of branches', () => {
    const data: JsonObject = { sentimentAnalysis: { repeatIssue: true, frustrationLevel: 45 }, support: { customer: { tier: 'standard', accountValue: 25000 } } };
    expect(explainCondition(condition, data)).toEqual([
      { path: 'sentimentAnalysis.repeatIssue', op: '$eq', operand: true, saw: true, held: true },
      { path: 'sentimentAnalysis.frustrationLevel', op: '$gte', operand: 70, saw: 45, held: false },
      { path: 'sentimentAnalysis.frustrationLevel', op: '$lt', operand: 100, saw: 45, held: true },
      {
        op: '$or',
        held: true,
        branches: [
          [{ path: 'support.customer.tier', op: '$in', operand: ['enterprise', 'vip'], saw: 'standard', held: false }],
          [{ path: 'support.customer.accountValue', op: '$gte', operand: 10000, saw: 25000, held: true }],
        ],
      },
    ]);
    expect(describeClauses(explainCondition({ a: { $gte: 70 } }, { a: 45 }))).toBe('a $gte 70 (saw 45): no');
    // It fits in a decision record as it is (typed as JSON: this line would not compile otherwise).
    const record: JsonObject = { id: 'relationship_risk', clauses: explainCondition(condition, data) };
    expect(JSON.parse(JSON.stringify(record))).toEqual(record);
  });

  it('agrees with the compiled condition: it holds exactly when every top-level clause holds', () => {
    const compiled = compileCondition({ ...condition, $nor: [{ 'support.classification.category': 'billing' }] }, 'test');
    const cases: JsonObject[] = [
      { sentimentAnalysis: { repeatIssue: true, frustrationLevel: 80 }, support: { customer: { tier: 'vip' } } },
      { sentimentAnalysis: { repeatIssue: true, frustrationLevel: 80 }, support: { customer: { tier: 'vip' }, classification: { category: 'billing' } } },
      { sentimentAnalysis: { repeatIssue: false, frustrationLevel: 80 }, support: { customer: { tier: 'vip' } } },
      { sentimentAnalysis: { repeatIssue: true, frustrationLevel: 100 }, support: { customer: { accountValue: 5 } } },
      {},
    ];
    const held = cases.map((data) => explainCondition(compiled.source, data).every((clause) => clause.held));
    expect(held).toEqual(cases.map((data) => compiled.test(data)));
    expect(held).toEqual([true, false, false, false, false]);
    // $nor holds when none of its branches does.
    const nor = explainCondition(compiled.source, cases[1]!).at(-1);
    expect(nor).toMatchObject({ op: '$nor', held: false });
  });
});

describe('compact trigger records', () => {
  const conditions: Record<string, unknown>[] = [
    { 'support.classification.priority': 'critical' },
    { 'sentimentAnalysis.frustrationLevel': { $gte: 70, $lt: 100 }, 'support.customer.tier': { $in: ['enterprise', 'vip'] } },
    { $or: [{ 'support.classification.priority': 'critical' }, { 'support.classification.escalationSignals': 'legal_threats' }] },
    { a: 1, $and: [{ b: { $exists: true } }, { $nor: [{ c: { $ne: 'x' } }] }], d: { e: 1 } },
    {},
  ];
  const data: JsonObject = { sentimentAnalysis: { frustrationLevel: 85 }, support: { customer: { tier: 'vip' }, classification: { priority: 'high', escalationSignals: ['legal_threats'] } }, a: 1, d: { e: 1 } };

  it('rebuilds the usual spelling of a condition from its clauses, so the record need not keep it', () => {
    for (const condition of conditions) {
      const text = JSON.stringify(condition);
      const clauses = explainCondition(condition, data);
      expect(conditionFromClauses(clauses)).toEqual(condition);
      expect(compactTriggerRecord(text, clauses)).toEqual({ clauses });
      expect(recordedCondition({ clauses })).toBe(text);
    }
  });

  it('keeps the condition whenever the clauses do not spell it exactly', () => {
    const unusual: Record<string, unknown>[] = [
      { a: { $eq: 1 } },
      { text: { $regex: 'refund', $options: 'i' } },
    ];
    for (const condition of unusual) {
      const text = JSON.stringify(condition);
      const clauses = explainCondition(condition, data);
      const record = compactTriggerRecord(text, clauses);
      expect(record.condition).toBe(text);
      expect(recordedCondition(record)).toBe(text);
    }
    // A recorded operand is never written into while rebuilding.
    const operand = { $gt: 1 };
    const clauses = [{ path: 'a', op: '$eq', operand, saw: 2, held: false }, { path: 'a', op: '$lt', operand: 5, saw: 2, held: true }];
    expect(conditionFromClauses(clauses)).toBeUndefined();
    expect(operand).toEqual({ $gt: 1 });
  });

  it('derives the values seen from the clauses: the same map the older records stored', () => {
    for (const condition of [...conditions, { text: { $regex: 'y' }, missing: { $exists: false } }]) {
      const clauses = explainCondition(condition, { ...data, text: 'y'.repeat(400) });
      expect(valuesFromClauses(clauses)).toEqual(valuesSeen(condition, { ...data, text: 'y'.repeat(400) }));
      expect(recordedValuesSeen({ clauses })).toEqual(valuesSeen(condition, { ...data, text: 'y'.repeat(400) }));
    }
    // An older record's own map wins; one with neither has nothing to show.
    expect(recordedValuesSeen({ saw: { x: 1 }, clauses: [] })).toEqual({ x: 1 });
    expect(recordedValuesSeen({ id: 'old', matched: true })).toBeUndefined();
    expect(recordedCondition({ id: 'old', matched: true })).toBeUndefined();
  });
});
