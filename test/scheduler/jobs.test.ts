/** The follow-up jobs as plain functions: task in, patch out. */
import { describe, expect, it } from 'vitest';
import type { JsonObject, Task } from '../../src/engine/types.ts';
import { silentLogger } from '../../src/log.ts';
import { followUpJobs, type JobContext } from '../../src/scheduler/index.ts';

const job = (name: string) => followUpJobs.find((j) => j.name === name)!;
const now = new Date('2025-01-02T10:00:00Z');

function ctx(data: JsonObject, payload: JsonObject = {}): JobContext {
  const task = { _id: 't1', data, meta: { createdAt: new Date('2025-01-02T08:00:00Z') } } as unknown as Task;
  return { task, job: { taskId: 't1', key: 't1:x', runAt: now.toISOString(), stepId: 's', payload }, connectors: {} as never, policy: {} as never, log: silentLogger, now };
}

describe('follow-up jobs', () => {
  it('handoff_retry re-opens only a handoff that failed, counting attempts', async () => {
    const failed = { handoffComplete: { delivered: false, error: 'smtp down' } };
    expect(await job('handoff_retry').run(ctx(failed, { reason: 'all channels failed' }))).toEqual({
      handoffRetry: { pending: true, attempt: 1, requestedAt: now.toISOString(), reason: 'all channels failed' },
    });
    expect((await job('handoff_retry').run(ctx({ ...failed, handoffRetry: { attempt: 2 } })))?.handoffRetry).toMatchObject({ attempt: 3, reason: 'smtp down' });
    expect(await job('handoff_retry').run(ctx({ handoffComplete: { delivered: true } }))).toBeNull();
  });

  it('handoff_follow_up reads the human resolution', async () => {
    const patch = await job('handoff_follow_up').run(ctx({ handoffComplete: { targetTeam: 'eng' }, human: { resolved: true } }, { urgency: 'urgent' }));
    expect(patch).toEqual({ handoffComplete: { followUp: { checkedAt: now.toISOString(), humanResolved: true, team: 'eng', urgency: 'urgent', overdue: false } } });
  });

  it('follow_up and resolution_check see a customer reply after the last answer', async () => {
    const history = [
      { role: 'customer', content: 'help', timestamp: '' },
      { role: 'agent', content: 'try this', timestamp: '' },
      { role: 'customer', content: 'still broken', timestamp: '' },
    ];
    const data = { support: { ticket: {} }, escalationDecision: { escalationRecommended: false }, escalationAgent: { conversationHistory: history } } as unknown as JsonObject;
    expect((await job('follow_up').run(ctx(data)))?.followUp).toMatchObject({ customerReplied: true, status: 'customer_replied' });
    const check = (await job('resolution_check').run(ctx(data)))?.outcomeTracking as JsonObject;
    expect(check.resolutionCheck).toMatchObject({ resolved: false, resolvedBy: null, customerReplied: true });
  });

  it('outcome_analysis measures resolution time from the task’s creation to the human resolution', async () => {
    const data = { support: { ticket: {} }, escalationDecision: { escalationRecommended: true }, human: { resolved: true, resolvedAt: '2025-01-02T09:00:00Z' } } as unknown as JsonObject;
    const tracking = (await job('outcome_analysis').run(ctx(data)))?.outcomeTracking as JsonObject;
    expect(tracking.finalAnalysis).toMatchObject({ resolved: true, resolvedBy: 'human', resolutionTimeMs: 3_600_000, escalationAppropriate: true, openForMs: 7_200_000 });
  });
});
