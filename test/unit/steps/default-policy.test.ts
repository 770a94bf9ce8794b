/**
 * The shipped policy (triage.policy.yaml) on tickets written for this test: which trigger fires, which
 * team gets it, and when the reasoner is asked. Each case names the trigger so a rename or a reorder
 * that changes a decision shows here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { steps } from '../../../steps/index.ts';
import type { JsonObject } from '../../../src/engine/types.ts';
import { recordedCondition, recordedValuesSeen, valuesSeen } from '../../../src/policy/explain.ts';
import { startHarness, type Harness } from '../../support/engine-harness.ts';

let h: Harness;
let n = 0;
beforeAll(async () => {
  h = await startHarness(steps);
});
afterAll(() => h.cleanup());

interface Decided {
  decision: { escalationRecommended: boolean; decision: string; decidedBy: string; trigger: { id: string } | null; primaryReason: string };
  team: string | undefined;
  priority: string | undefined;
}

async function decide(ticket: JsonObject): Promise<Decided> {
  n += 1;
  const { task } = await h.engine.submit({ support: { ticket: { id: `P-${n}`, channel: 'email', customerTier: 'paid', accountValue: 1000, previousTicketCount: 1, ...ticket } } });
  const done = await h.engine.process(task._id);
  const prep = done.data.escalationPreparation as { targetTeam?: string; priority?: string } | undefined;
  return { decision: done.data.escalationDecision as unknown as Decided['decision'], team: prep?.targetTeam, priority: prep?.priority };
}

describe('default policy triggers', () => {
  it.each([
    ['security_incident', { subject: 'Account hacked', description: 'Someone logged into my account from another country and changed my email address. It was not me.' }, 'security_team'],
    ['organisation_locked_out', { subject: 'Nobody can sign in', description: 'Since the SSO change this morning none of our 40 users can log in.' }, 'engineering'],
    ['data_loss', { subject: 'Projects gone', description: 'After the update, months of work appear to be lost from our project board.' }, 'engineering'],
    ['many_users_affected', { subject: 'Reports', description: 'The dashboard has stopped loading for all of our staff since the release.' }, 'engineering'],
    ['churn_risk_valuable_account', { subject: 'Renewal', description: 'Honestly we are considering switching to a competitor at renewal.', customerTier: 'enterprise', accountValue: 80000 }, 'customer_success'],
    ['payment_dispute', { subject: 'Charged twice', description: 'You charged my card twice this month. If it is not refunded this week I will file a chargeback with my bank.' }, 'finance'],
    ['formal_complaint', { subject: 'Complaint', description: 'I would like to file a formal complaint about how your staff treated me on the phone.' }, 'senior_support'],
    ['public_complaint', { subject: '', description: '@yourbrand lost my order and nobody answers the phone. Worst service ever.', channel: 'social' }, 'senior_support'],
  ] as const)('%s', async (trigger, ticket, team) => {
    const d = await decide(ticket);
    expect(d.decision.escalationRecommended).toBe(true);
    expect(d.decision.trigger?.id).toBe(trigger);
    expect(d.team).toBe(team);
  });

  it('a security question or a GDPR erasure request is not an incident and not critical', async () => {
    for (const description of ['How do you encrypt customer data at rest? Our auditor asks for your security documentation.', 'Please delete all my personal data under GDPR article 17.']) {
      const d = await decide({ subject: 'Question', description });
      expect(d.decision.trigger?.id).not.toBe('critical_business_risk');
      expect(d.decision.trigger?.id).not.toBe('security_incident');
      expect(d.priority).not.toBe('critical');
    }
  });

  it('a churn threat from a small account is not a management escalation, but the reasoner is asked and a person follows up', async () => {
    const d = await decide({ subject: 'Contract', description: 'We will cancel the contract and move to your competitor.' });
    expect(d.decision.trigger).toBeNull();
    expect(d.decision.decidedBy).toBe('heuristic');
    expect(d.decision.escalationRecommended).toBe(true);
  });
});

describe('when the reasoner is asked', () => {
  it('a high-priority ticket no trigger covers goes to the reasoner even at low risk', async () => {
    const d = await decide({ subject: 'Payroll', description: 'The payroll export fails with a timeout; payroll runs today.' });
    expect(d.decision.trigger).toBeNull();
    expect(d.decision.decidedBy).toBe('heuristic');
  });

  it('a calm how-to question is decided by the policy alone and stays automated', async () => {
    const d = await decide({ subject: 'Teammates', description: 'How do I add a new teammate to our workspace?' });
    expect(d.decision.escalationRecommended).toBe(false);
    expect(d.decision.decidedBy).toBe('policy');
  });
});

describe('the decision record explains every trigger', () => {
  it('records each trigger with its condition, the values it saw, whether it matched, and the one that fired', async () => {
    n += 1;
    const { task } = await h.engine.submit({
      support: { ticket: { id: `P-${n}`, channel: 'email', customerTier: 'enterprise', accountValue: 80000, previousTicketCount: 1, subject: 'Renewal', description: 'Honestly we are considering switching to a competitor at renewal.' } },
    });
    const done = await h.engine.process(task._id);
    const decision = done.data.escalationDecision as { triggersEvaluated: { id: string; matched: boolean; fired: boolean; condition?: string; saw?: Record<string, unknown>; clauses: unknown[] }[] };
    const evaluated = decision.triggersEvaluated;
    // All triggers of the policy are listed, not only those before the match.
    expect(evaluated.map((e) => e.id)).toEqual(h.policy.triggers.map((t) => t.id));
    const fired = evaluated.filter((e) => e.fired);
    expect(fired.map((e) => e.id)).toEqual(['churn_risk_valuable_account']);
    expect(fired[0]!.matched).toBe(true);
    // Compact records: no per-trigger `saw` map, and the condition only when the clauses cannot spell it.
    for (const entry of evaluated) {
      expect(entry.saw).toBeUndefined();
      const trigger = h.policy.triggers.find((t) => t.id === entry.id)!;
      expect(JSON.parse(recordedCondition(entry)!)).toEqual(trigger.when);
      expect(recordedValuesSeen(entry)).toEqual(valuesSeen(trigger.compiled.source, done.data));
    }
    expect(JSON.parse(recordedCondition(fired[0]!)!)).toEqual(h.policy.triggers.find((t) => t.id === 'churn_risk_valuable_account')!.when);
    const firedSaw = recordedValuesSeen(fired[0]!)!;
    expect(firedSaw['support.customer.tier']).toBe('enterprise');
    expect(firedSaw['support.classification.escalationSignals']).toContain('churn_threat');
    // A trigger that did not match still shows what it looked at.
    const quiet = evaluated.find((e) => !e.matched)!;
    expect(Object.keys(recordedValuesSeen(quiet)!).length).toBeGreaterThan(0);
    const explanation = done.meta.runs.find((r) => r.stepId === 'escalation_decision')!.explanation.join('\n');
    expect(explanation).toContain('it saw');
  });
});
