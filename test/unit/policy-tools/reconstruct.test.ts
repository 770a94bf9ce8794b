/**
 * Decision records come in two shapes: older ones keep, per trigger, the condition and a `saw` map
 * beside the clauses; compact ones keep only the clauses (the condition when they cannot spell it).
 * Replay rebuilds what a decision saw from either, and must read both the same way.
 */
import { describe, expect, it } from 'vitest';
import type { JsonObject, RunRecord, Task } from '../../../src/engine/types.ts';
import { compactTriggerRecord, explainCondition, valuesSeen } from '../../../src/policy/explain.ts';
import { decisionInput } from '../../../src/policy-tools/reconstruct.ts';
import { triggersTable } from '../../../src/ui/views/ticket-decision.ts';

const TRIGGERS: { id: string; when: Record<string, unknown> }[] = [
  { id: 'valuable_account', when: { 'support.customer.accountValue': { $gte: 5000 } } },
  { id: 'angry_vip', when: { 'sentimentAnalysis.frustrationLevel': { $gte: 70 }, $or: [{ 'support.customer.tier': 'vip' }, { 'support.classification.escalationSignals': 'legal_threats' }] } },
  { id: 'refund_words', when: { 'support.ticket.subject': { $regex: 'refund', $options: 'i' } } },
];

/** What the decision saw. */
const atDecision: JsonObject = {
  support: {
    ticket: { id: 'T-1', subject: 'Refund please', description: 'I want my money back' },
    customer: { tier: 'vip', accountValue: 7000 },
    classification: { category: 'billing', priority: 'high', escalationSignals: ['frustrated_language'] },
  },
  sentimentAnalysis: { frustrationLevel: 82 },
};

function run(stepId: string, fieldsWritten: string[]): RunRecord {
  const at = new Date('2026-11-01T10:00:00Z');
  return { stepId, attempt: 1, worker: 'w', startedAt: at, finishedAt: at, durationMs: 1, outcome: 'ok', matched: '{}', fieldsWritten, explanation: [] } as unknown as RunRecord;
}

function task(shape: 'old' | 'compact'): Task {
  const triggersEvaluated = TRIGGERS.map((trigger, i) => {
    const text = JSON.stringify(trigger.when);
    const clauses = explainCondition(trigger.when, atDecision);
    const matched = clauses.every((clause) => clause.held);
    // The old writer kept all three; the compact one what compactTriggerRecord keeps.
    const kept = shape === 'old' ? { condition: text, saw: valuesSeen(trigger.when, atDecision), clauses } : compactTriggerRecord(text, clauses);
    return { id: trigger.id, matched, fired: matched && i === 0, ...kept };
  });
  // Since the decision, a customer reply re-assessed the ticket: values the triggers read changed.
  const now = structuredClone(atDecision) as { support: { customer: JsonObject; classification: JsonObject } } & JsonObject;
  now.support.customer.accountValue = 4000;
  now.support.classification.escalationSignals = ['frustrated_language', 'legal_threats'];
  (now.sentimentAnalysis as JsonObject).frustrationLevel = 40;
  const data: JsonObject = {
    ...now,
    escalationDecision: {
      decision: 'management_escalation',
      escalationRecommended: true,
      urgencyLevel: 'urgent',
      primaryReason: 'A valuable account',
      reasons: ['A valuable account'],
      confidence: 0.95,
      trigger: { id: 'valuable_account', priority: 'high', tags: [] },
      decidedBy: 'policy',
      policyVersion: 'abc',
      decisionMadeAt: '2026-11-01T10:00:00.000Z',
      triggersEvaluated,
    } as unknown as JsonObject,
    escalationPreparation: { targetTeam: 'accounts', priority: 'high' },
  };
  return {
    _id: `task-${shape}`,
    data,
    meta: { runs: [run('support_classification', ['support.classification']), run('escalation_decision', ['escalationDecision', 'escalationPreparation'])] },
  } as unknown as Task;
}

describe('replay reads old and compact decision records alike', () => {
  it('the compact record keeps no saw map, and the condition only where the clauses cannot spell it', () => {
    const evaluated = (task('compact').data.escalationDecision as { triggersEvaluated: JsonObject[] }).triggersEvaluated;
    expect(evaluated.every((entry) => !('saw' in entry))).toBe(true);
    expect(evaluated.map((entry) => 'condition' in entry)).toEqual([false, false, true]);
    expect(JSON.stringify(evaluated).length).toBeLessThan(JSON.stringify((task('old').data.escalationDecision as { triggersEvaluated: JsonObject[] }).triggersEvaluated).length);
  });

  it('rebuilds the same decision input from both, putting back the values the triggers saw', () => {
    const old = decisionInput(task('old'))!;
    const compact = decisionInput(task('compact'))!;
    expect({ ...compact, taskId: 'x' }).toEqual({ ...old, taskId: 'x' });
    expect(old.restored).toBe(3);
    const data = old.data as { support: { customer: JsonObject; classification: JsonObject }; sentimentAnalysis: JsonObject; escalationDecision?: unknown };
    expect(data.support.customer.accountValue).toBe(7000);
    expect(data.sentimentAnalysis.frustrationLevel).toBe(82);
    // A list the trigger read through is restored too (short lists of strings are exact).
    expect(data.support.classification.escalationSignals).toEqual(['frustrated_language']);
    expect(data.escalationDecision).toBeUndefined();
  });

  it('renders the same triggers table from both', () => {
    const table = (shape: 'old' | 'compact') =>
      String(triggersTable((task(shape).data.escalationDecision as { triggersEvaluated: JsonObject[] }).triggersEvaluated, 'valuable_account'));
    expect(table('compact')).toBe(table('old'));
    expect(table('compact')).toContain('<code class="condition">{&quot;support.customer.accountValue&quot;:{&quot;$gte&quot;:5000}}</code>');
  });
});
