import { describe, expect, it } from 'vitest';
import type { JsonObject, Task } from '../../../src/engine/types.ts';
import { labelOf, signalsOf } from '../../../src/policy-tools/outcomes.ts';

const task = (data: JsonObject): Task => ({ _id: 't1', data, meta: {} as Task['meta'] });
const say = (role: string, timestamp: string, extra: JsonObject = {}) => ({ role, content: 'x', timestamp, ...extra });

describe('outcome signals', () => {
  it('a customer writing after a person resolved the ticket reopens it; a survey answer does not', () => {
    const base = { escalationDecision: { escalationRecommended: true }, human: { resolvedAt: '2026-01-02T00:00:00.000Z' } };
    const after = task({ ...base, escalationAgent: { conversationHistory: [say('customer', '2026-01-01T00:00:00.000Z'), say('customer', '2026-01-03T00:00:00.000Z')] } });
    const survey = task({ ...base, escalationAgent: { conversationHistory: [say('customer', '2026-01-01T00:00:00.000Z'), say('customer', '2026-01-03T00:00:00.000Z', { surveyAnswer: true })] } });
    expect(signalsOf(after).reopened).toBe(true);
    expect(signalsOf(survey).reopened).toBe(false);
  });

  it('a customer writing again after the automation answered reopens a ticket nobody escalated', () => {
    const history = [say('customer', '2026-01-01T00:00:00.000Z'), say('agent', '2026-01-01T00:01:00.000Z')];
    const quiet = task({ escalationDecision: { escalationRecommended: false }, escalationAgent: { conversationHistory: history } });
    const back = task({ escalationDecision: { escalationRecommended: false }, escalationAgent: { conversationHistory: [...history, say('customer', '2026-01-02T00:00:00.000Z')] } });
    expect(signalsOf(quiet)).toEqual({ reopened: false, lowSatisfaction: false, escalatedOnReply: false });
    expect(signalsOf(back).reopened).toBe(true);
  });

  it('reads low satisfaction and an escalation on a reply', () => {
    const t = task({ escalationDecision: { escalationRecommended: true, after: 'customer reply 1' }, outcomeTracking: { satisfactionSurvey: { score: 2 } } });
    expect(signalsOf(t)).toEqual({ reopened: false, lowSatisfaction: true, escalatedOnReply: true });
    expect(signalsOf(task({ outcomeTracking: { satisfactionSurvey: { score: 3 } } })).lowSatisfaction).toBe(false);
  });

  it('an answer wins over signals; unsure falls back to them; nothing known is no label', () => {
    const signals = { reopened: true, lowSatisfaction: false, escalatedOnReply: false };
    const none = { reopened: false, lowSatisfaction: false, escalatedOnReply: false };
    expect(labelOf('no', signals)).toEqual({ label: 'unneeded', evidence: 'answered_no' });
    expect(labelOf('unsure', signals)).toEqual({ label: 'needed', evidence: 'reopened' });
    expect(labelOf(undefined, none)).toBeNull();
  });
});
