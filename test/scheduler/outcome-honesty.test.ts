/** Resolution check, survey and final analysis: silence is not success, and the survey waits for a person. */
import { describe, expect, it, vi } from 'vitest';
import type { JsonObject, Task } from '../../src/engine/types.ts';
import { silentLogger } from '../../src/log.ts';
import { loadPolicy } from '../../src/policy/load.ts';
import { followUpJobs, type JobContext } from '../../src/scheduler/index.ts';

const job = (name: string) => followUpJobs.find((j) => j.name === name)!;
const now = new Date('2025-01-02T10:00:00Z');
const policy = await loadPolicy();

function ctx(data: JsonObject, send = vi.fn(async () => ({ ref: 'outbox/email/x.eml' }))): JobContext & { send: typeof send } {
  const task = { _id: 't1', data, meta: { createdAt: new Date('2025-01-02T08:00:00Z') } } as unknown as Task;
  return { task, job: { taskId: 't1', key: 't1:x', runAt: now.toISOString(), stepId: 's', payload: {} }, connectors: { email: { send } } as never, policy, log: silentLogger, now, send };
}

const customer = { role: 'customer', content: 'help', timestamp: '' };
function ticket(agent: JsonObject, extra: JsonObject = {}): JsonObject {
  return {
    support: { ticket: { id: 'T1', subject: 'Rechnung', customerEmail: 'c@example.com' }, classification: { language: 'de' } },
    escalationDecision: { escalationRecommended: false },
    escalationAgent: { ticketId: 'T1', conversationHistory: [customer, { role: 'agent', content: '...', timestamp: '', ...agent }] },
    ...extra,
  } as unknown as JsonObject;
}
const confidentArticle = { responseType: 'solution_provision', knowledge: { articleId: 'download-invoices', confidence: 0.8, threshold: 0.6 } };
const queuedOpen = { handoffComplete: { mode: 'queue', awaitingHuman: true, humanTaskId: 'h1' } };

async function check(data: JsonObject): Promise<JsonObject> {
  return ((await job('resolution_check').run(ctx(data)))!.outcomeTracking as JsonObject).resolutionCheck as JsonObject;
}

describe('resolution check', () => {
  it('does not record resolved after an acknowledgment the customer did not answer', async () => {
    expect(await check(ticket({ responseType: 'acknowledgment' }))).toMatchObject({ resolved: false, resolvedBy: null, status: 'unconfirmed' });
  });

  it('does not record resolved after a clarification request or a low-confidence answer', async () => {
    expect(await check(ticket({ responseType: 'clarification_request' }))).toMatchObject({ resolved: false, status: 'unconfirmed' });
    expect(await check(ticket({ responseType: 'solution_provision', knowledge: { confidence: 0.4, threshold: 0.6 } }))).toMatchObject({ resolved: false });
    expect(await check(ticket({ responseType: 'solution_provision' }))).toMatchObject({ resolved: false });
  });

  it('a queued ticket is awaiting its team, not resolved', async () => {
    expect(await check(ticket({ responseType: 'acknowledgment' }, queuedOpen))).toMatchObject({ resolved: false, status: 'awaiting_human', awaitingHuman: true });
  });

  it('records resolved by automation only for a confident article the customer did not come back to', async () => {
    expect(await check(ticket(confidentArticle))).toMatchObject({ resolved: true, resolvedBy: 'automation', status: 'resolved_by_automation' });
    const cameBack = ticket(confidentArticle);
    (cameBack.escalationAgent as { conversationHistory: JsonObject[] }).conversationHistory.push({ role: 'customer', content: 'did not work', timestamp: '' });
    expect(await check(cameBack)).toMatchObject({ resolved: false, status: 'customer_replied' });
  });

  it('the final analysis applies the same rule', async () => {
    const final = async (data: JsonObject) => (((await job('outcome_analysis').run(ctx(data)))!.outcomeTracking as JsonObject).finalAnalysis as JsonObject);
    expect(await final(ticket({ responseType: 'acknowledgment' }, { outcomeTracking: { resolutionCheck: { resolved: true } } }))).toMatchObject({ resolved: false, resolvedBy: null });
    expect(await final(ticket(confidentArticle))).toMatchObject({ resolved: true, resolvedBy: 'automation' });
    expect(await final(ticket({ responseType: 'acknowledgment' }, queuedOpen))).toMatchObject({ resolved: false, queued: true, queuedTo: null, escalatedTo: null });
  });
});

describe('satisfaction survey', () => {
  it('is not sent while a human task is open; it is deferred', async () => {
    const c = ctx(ticket({ responseType: 'acknowledgment' }, queuedOpen));
    const patch = await job('satisfaction_survey').run(c);
    expect(c.send).not.toHaveBeenCalled();
    expect((patch!.outcomeTracking as JsonObject).satisfactionSurvey).toMatchObject({ status: 'deferred' });
  });

  it('goes out once the person resolved it, in the customer language, and never twice', async () => {
    const resolved = ticket({ responseType: 'acknowledgment' }, { ...queuedOpen, human: { taskId: 'h1', resolved: true, resolvedAt: '2025-01-02T09:00:00Z' } });
    const c = ctx(resolved);
    const patch = await job('satisfaction_survey').run(c);
    expect(c.send).toHaveBeenCalledTimes(1);
    const [message, key] = c.send.mock.calls[0] as unknown as [{ subject: string; text: string }, string];
    expect(message.subject).toBe('Wie zufrieden waren Sie? [T1]');
    expect(message.text).toContain('von 1 (gar nicht) bis 5 (sehr)');
    expect(key).toBe('t1:scheduler:satisfaction_survey');
    expect((patch!.outcomeTracking as JsonObject).satisfactionSurvey).toMatchObject({ status: 'sent', language: 'de' });
    const again = ctx({ ...resolved, outcomeTracking: patch!.outcomeTracking as JsonObject });
    expect(await job('satisfaction_survey').run(again)).toBeNull();
    expect(again.send).not.toHaveBeenCalled();
  });

  it('is skipped for a ticket nobody resolved (an unanswered acknowledgment)', async () => {
    const c = ctx(ticket({ responseType: 'clarification_request' }));
    const patch = await job('satisfaction_survey').run(c);
    expect(c.send).not.toHaveBeenCalled();
    expect((patch!.outcomeTracking as JsonObject).satisfactionSurvey).toMatchObject({ status: 'skipped' });
  });
});
