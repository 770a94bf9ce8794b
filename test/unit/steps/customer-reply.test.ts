import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { steps } from '../../../steps/index.ts';
import type { JsonObject, Task } from '../../../src/engine/types.ts';
import { startHarness, type Harness } from '../../support/engine-harness.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.cleanup();
  h = undefined;
});

/** What the REST messages route writes for a reply while no person owns the ticket. */
function reply(task: Task, content: string, count: number): JsonObject {
  const history = (task.data.escalationAgent as { conversationHistory: JsonObject[] }).conversationHistory;
  return {
    escalationAgent: { conversationHistory: [...history, { role: 'customer', content, timestamp: new Date().toISOString() }] },
    customerReply: { content, receivedAt: new Date().toISOString(), count, handledAt: null },
  };
}

async function resolvedStandardTicket(harness: Harness): Promise<Task> {
  const input = JSON.parse(await readFile('fixtures/tickets/standard-password-reset.json', 'utf8'));
  const { task } = await harness.engine.submit(input);
  const done = await harness.engine.process(task._id);
  expect(done.meta.state).toBe('done');
  return done;
}

describe('customer_reply step', () => {
  it('answers a calm follow-up without escalating', async () => {
    h = await startHarness(steps);
    const first = await resolvedStandardTicket(h);
    await h.engine.addData(first._id, reply(first, 'Thanks, that worked. One more question: can I change my username too?', 1));
    const after = await h.engine.process(first._id);
    expect(after.meta.runs.at(-1)?.stepId).toBe('customer_reply');
    expect(after.data.escalationDecision).toMatchObject({ decision: 'no_escalation' });
    expect(after.data.customerReply).toMatchObject({ escalated: false, handledAt: expect.any(String) });
    const sent = after.meta.effects.filter((e) => e.status === 'sent').map((e) => e.key.split(':').pop());
    expect(sent).toContain('reply_to_customer_message_1');
    expect(sent).not.toContain('handoff_email_customer_success');
  });

  it('escalates when the follow-up turns angry and threatens legal action, and the handoff step sends it', async () => {
    h = await startHarness(steps);
    const first = await resolvedStandardTicket(h);
    await h.engine.addData(
      first._id,
      reply(first, 'This is the THIRD time I write. Your reset link is broken and I am locked out of our production account. Completely unacceptable, our lawyer will be in touch and we will cancel the contract!', 1),
    );
    const after = await h.engine.process(first._id);
    const ran = after.meta.runs.map((r) => r.stepId);
    expect(ran.slice(-2)).toEqual(['customer_reply', 'human_handoff']);
    expect(after.data.escalationDecision).toMatchObject({ escalationRecommended: true, after: 'customer reply 1' });
    expect(after.data.customerReply).toMatchObject({ escalated: true });
    expect((after.data.sentimentAnalysis as { frustrationLevel: number }).frustrationLevel).toBeGreaterThan(70);
    const sent = after.meta.effects.filter((e) => e.status === 'sent').map((e) => e.channel);
    expect(sent).toContain('slack');
    expect(after.meta.state).toBe('waiting');
  });

  it('a calm reply that only asks for a person escalates on the new signal (the classification is read again)', async () => {
    h = await startHarness(steps);
    const first = await resolvedStandardTicket(h);
    await h.engine.addData(first._id, reply(first, 'PUT ME THROUGH TO A HUMAN', 1));
    const after = await h.engine.process(first._id);
    const classification = (after.data.support as { classification: { escalationSignals: string[]; rationale: string[] } }).classification;
    expect(classification.escalationSignals).toContain('human_requested');
    expect(classification.rationale.join(' ')).toMatch(/reply 1: new signals human_requested/);
    expect(after.data.escalationDecision).toMatchObject({ escalationRecommended: true, trigger: { id: 'human_requested' }, after: 'customer reply 1' });
    expect(after.meta.runs.map((r) => r.stepId).slice(-2)).toEqual(['customer_reply', 'human_handoff']);
    expect(after.meta.state).toBe('waiting');
  });

  it('a reply saying many users are now locked out turns a password question into an incident for engineering', async () => {
    h = await startHarness(steps);
    const first = await resolvedStandardTicket(h);
    await h.engine.addData(first._id, reply(first, 'Update: it is not just me. Since the SSO change this morning none of our 40 staff can sign in.', 1));
    const after = await h.engine.process(first._id);
    const classification = (after.data.support as { classification: { urgencyIndicators: string[]; priority: string } }).classification;
    expect(classification.urgencyIndicators).toContain('widespread_impact');
    expect(after.data.escalationDecision).toMatchObject({ trigger: { id: 'organisation_locked_out' } });
    expect(after.data.escalationPreparation).toMatchObject({ targetTeam: 'engineering' });
  });
});
