/**
 * The spec's four test tickets through the heuristic reasoner. The reasoner has never seen them: the
 * fixtures are copies of /work/shared/seeds/seed-cases.json inputs, read at run time.
 */
import { describe, expect, it } from 'vitest';
import { createHeuristicReasoner } from '../../../connectors/llm/heuristic/index.ts';
import {
  analysisSchema, assessmentSchema, customerResponseSchema, decisionSchema, type Assessment,
} from '../../../connectors/llm/schemas.ts';
import type { TicketFacts } from '../../../connectors/llm/types.ts';
import { loadTicketFixture } from './heuristic-eval.ts';
import { plannedReply } from './reply-plan.ts';

const reasoner = createHeuristicReasoner();

async function assess(name: string): Promise<{ ticket: TicketFacts; a: Assessment }> {
  const ticket = loadTicketFixture(name);
  const answer = await reasoner.assess(ticket);
  expect(answer.source).toBe('heuristic');
  expect(answer.usage).toEqual({ calls: 0, promptTokens: 0, completionTokens: 0 });
  return { ticket, a: assessmentSchema.parse(answer.value) };
}

async function decide(ticket: TicketFacts, a: Assessment, overallRisk: number) {
  const d = await reasoner.decide({ ticket, classification: a.classification, analysis: a.analysis, overallRisk });
  return decisionSchema.parse(d.value);
}

describe('heuristic reasoner on the spec seed tickets', () => {
  it('standard password reset: account, medium, calm, simple, answered with reset steps', async () => {
    const { ticket, a } = await assess('standard-password-reset');
    const c = a.classification;
    expect(['account', 'general_inquiry']).toContain(c.category);
    expect(c.priority).toBe('medium');
    expect(c.complexity).toBe('simple');
    expect(c.escalationSignals).toEqual([]);
    expect(a.analysis.sentiment.frustrationLevel).toBeLessThan(30);
    expect((await decide(ticket, a, 10)).decision).toBe('no_escalation');
    const r = await reasoner.respond({ ticket, classification: c, analysis: a.analysis, decision: 'no_escalation', escalating: false, ...(await plannedReply(ticket, c)) });
    const msg = customerResponseSchema.parse(r.value);
    expect(msg.responseType).toBe('solution_provision');
    expect(msg.responseMessage).toMatch(/forgot password/i);
    expect(msg.responseMessage).toMatch(/reset (email|link)/i);
    expect(msg.responseMessage).not.toContain(ticket.description);
  });

  it('enterprise outage: technical, critical, expert_required, furious, legal threat, immediate escalation', async () => {
    const { ticket, a } = await assess('enterprise-critical');
    const c = a.classification;
    expect(c.category).toBe('technical');
    expect(c.priority).toBe('critical');
    expect(c.complexity).toBe('expert_required');
    expect(a.analysis.sentiment.frustrationLevel).toBeGreaterThan(90);
    expect(c.escalationSignals).toEqual(expect.arrayContaining(['legal_threats', 'previous_escalations']));
    expect(c.urgencyIndicators).toContain('outage_related');
    expect(c.urgencyIndicators.some((u) => u === 'business_impacting' || u === 'revenue_affecting')).toBe(true);
    expect(c.rationale.join(' ')).toMatch(/legal threat: 'legal action'/);
    expect(c.rationale.join(' ')).toMatch(/enterprise tier raises priority/);
    expect((await decide(ticket, a, 95)).decision).toBe('immediate_escalation');
    const r = await reasoner.respond({ ticket, classification: c, analysis: a.analysis, decision: 'immediate_escalation', escalating: true,
      teamName: 'Engineering on-call', expectedWait: 'within 15 minutes' });
    const msg = customerResponseSchema.parse(r.value);
    expect(msg.responseType).toBe('escalation_acknowledgment');
    expect(msg.tone).toBe('empathetic');
    expect(msg.responseMessage).toContain('Engineering on-call');
    expect(msg.responseMessage).toContain('within 15 minutes');
    expect(msg.responseMessage).not.toMatch(/legal action|costing us/i);
  });

  it('webhook payload: integration, high, complex, technical customer, specific issue named, specialist', async () => {
    const { ticket, a } = await assess('complex-technical');
    const c = a.classification;
    expect(c.category).toBe('integration');
    expect(c.priority).toBe('high');
    expect(c.complexity).toBe('complex');
    expect(a.analysis.communication.technicalKnowledge).toBe('high');
    expect(a.analysis.specificIssue).toMatch(/payload|order\.items/i);
    expect(a.analysis.sentiment.frustrationLevel).toBeLessThan(50);
    expect(c.escalationSignals).not.toContain('legal_threats');
    expect(c.escalationSignals).not.toContain('human_requested');
    expect(c.entities).toContain('order.items');
    expect((await decide(ticket, a, 40)).decision).toBe('specialist_escalation');
  });

  it('frustrated repeat billing customer: billing, high, signals, frustration > 85, repeat issue, management', async () => {
    const { ticket, a } = await assess('frustrated-repeat');
    const c = a.classification;
    expect(c.category).toBe('billing');
    expect(c.priority).toBe('high');
    expect(c.escalationSignals).toEqual(expect.arrayContaining(['repeat_contact', 'frustrated_language', 'public_complaint']));
    expect(a.analysis.sentiment.frustrationLevel).toBeGreaterThan(85);
    expect(a.analysis.repeatIssue).toBe(true);
    expect(a.analysis.communication.recommendedStyle).toBe('empathetic');
    const d = await decide(ticket, a, 80);
    expect(d.decision).toBe('management_escalation');
    expect(d.primaryReason).toMatch(/relationship risk/);
    const r = await reasoner.respond({ ticket, classification: c, analysis: a.analysis, decision: d.decision, escalating: true,
      teamName: 'Billing management', expectedWait: 'within 1 hour' });
    const msg = customerResponseSchema.parse(r.value);
    expect(msg.responseMessage).toMatch(/sorry/i);
    expect(msg.responseMessage).toMatch(/more than once/);
  });

  it('is deterministic and analyse() agrees with assess()', async () => {
    for (const name of ['standard-password-reset', 'enterprise-critical', 'complex-technical', 'frustrated-repeat']) {
      const ticket = loadTicketFixture(name);
      const first = await reasoner.assess(ticket);
      const second = await reasoner.assess(structuredClone(ticket));
      expect(second).toEqual(first);
      const analysis = await reasoner.analyse(ticket, first.value.classification);
      expect(analysisSchema.parse(analysis.value)).toEqual(first.value.analysis);
    }
  });
});
