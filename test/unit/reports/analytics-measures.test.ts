/**
 * The analytics definitions on hand-built task and human-task documents: each figure is checked
 * against a case that would come out differently under a plausible wrong definition.
 */
import { describe, expect, it } from 'vitest';
import type { JsonObject, RunRecord, Task, TaskState } from '../../../src/engine/types.ts';
import type { HumanTask, HumanTaskEvent } from '../../../src/human/types.ts';
import { computeAnalytics, NO_TRIGGER, percentile } from '../../../src/reports/analytics-measures.ts';
import { parsePeriod } from '../../../src/reports/analytics-period.ts';

const now = new Date('2026-11-30T12:00:00.000Z');
const period = parsePeriod({ since: '2026-11-28', until: '2026-12-01' }, now);
const at = (iso: string) => new Date(iso);

function run(stepId: string, outcome: RunRecord['outcome'] = 'ok', fallback = false): RunRecord {
  return { stepId, attempt: 1, worker: 'w', startedAt: now, finishedAt: now, durationMs: 5, outcome, matched: '{}', fieldsWritten: [], explanation: [], inputHash: 'h', ...(fallback ? { fallback } : {}) };
}

function task(id: string, createdAt: string, data: JsonObject, extra: { state?: TaskState; runs?: RunRecord[]; usage?: Partial<Task['meta']['usage']>; failedEffects?: number } = {}): Task {
  return {
    _id: id,
    data,
    meta: {
      state: extra.state ?? 'done',
      version: 1,
      lease: null,
      runAfter: null,
      runs: extra.runs ?? [run('intake_classification')],
      usage: { calls: 0, promptTokens: 0, completionTokens: 0, byStep: {}, fallbacks: [], ...extra.usage },
      effects: Array.from({ length: extra.failedEffects ?? 0 }, (_, i) => ({ key: `k${i}`, channel: 'email', stepId: 's', status: 'failed' as const, createdAt: now, updatedAt: now })),
      schedules: [],
      source: { kind: 'inbox' },
      error: null,
      flags: [],
      createdAt: at(createdAt),
      updatedAt: at(createdAt),
    },
  };
}

function human(taskId: string, created: string, due: string, more: Partial<HumanTask> & { events?: HumanTaskEvent[] } = {}): HumanTask {
  return {
    _id: `h-${taskId}-${created}`, taskId, key: `${taskId}:handoff`, type: 'escalation', status: 'pending', priority: 'high', title: 't', team: 'finance', queue: 'q', skillTags: [],
    context: {}, fields: [], assignedTo: null, assignedToTeam: null, dueAt: at(due), escalationChain: ['finance'], level: 0, messages: [], resolution: null, events: [],
    version: 1, createdAt: at(created), updatedAt: at(created), claimedAt: null, ...more,
  };
}

const escalated = (team: string, trigger: string | null, decision = 'immediate_escalation'): JsonObject => ({
  escalationDecision: { decision, escalationRecommended: true, trigger: trigger ? { id: trigger } : null },
  escalationPreparation: { targetTeam: team },
});

describe('computeAnalytics', () => {
  it('nearest-rank percentiles: p50 of 4 samples is the 2nd, p90 of 10 samples is the 9th', () => {
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
    expect(percentile([7], 90)).toBe(7);
    expect(percentile([], 50)).toBeNull();
  });

  it('counts tickets per UTC day with empty days, and people, escalations by decision, team and trigger', () => {
    const tasks = [
      task('a', '2026-11-28T01:00:00Z', { ...escalated('engineering', 'critical_business_risk'), handoffComplete: { delivered: true, handedOffAt: '2026-11-28T01:00:02Z' } }),
      task('b', '2026-11-30T10:00:00Z', { ...escalated('finance', null, 'management_escalation'), handoffComplete: { delivered: false, handedOffAt: '2026-11-30T10:00:09Z' } }),
      task('c', '2026-11-30T11:00:00Z', { escalationDecision: { decision: 'no_escalation', escalationRecommended: false } }),
      // Queued for a team without an escalation: a person is involved through its review task.
      task('d', '2026-11-30T11:30:00Z', { escalationDecision: { decision: 'no_escalation', escalationRecommended: false }, handoffComplete: { delivered: true, handedOffAt: '2026-11-30T11:30:04Z' } }),
      task('e', '2026-11-30T11:40:00Z', {}, { state: 'failed' }),
    ];
    const humans = new Map([['d', [human('d', '2026-11-30T11:30:04Z', '2026-11-30T13:00:00Z', { type: 'review' })]]]);
    const a = computeAnalytics(tasks, humans, period, now);
    expect(a.tickets.total).toBe(5);
    expect(a.tickets.perDay).toEqual([{ key: '2026-11-28', count: 1 }, { key: '2026-11-29', count: 0 }, { key: '2026-11-30', count: 4 }]);
    expect(a.automation).toEqual({ withoutPerson: 1, withPerson: 3, failedUnattended: 1, shareWithoutPerson: 0.2 });
    expect(a.escalations.total).toBe(2);
    expect(a.escalations.byDecision).toEqual([{ key: 'no_escalation', count: 2 }, { key: 'immediate_escalation', count: 1 }, { key: 'management_escalation', count: 1 }]);
    expect(a.escalations.byTeam).toEqual([{ key: 'engineering', count: 1 }, { key: 'finance', count: 1 }]);
    expect(a.escalations.byTrigger).toEqual([{ key: NO_TRIGGER, count: 1 }, { key: 'critical_business_risk', count: 1 }]);
    // Only delivered handoffs are timed: 2 s (a) and 4 s (d); b's undelivered handoff is not.
    expect(a.times.toHandoff).toEqual({ count: 2, p50Ms: 2000, p90Ms: 4000 });
    expect(a.tickets.byState).toEqual([{ key: 'done', count: 4 }, { key: 'failed', count: 1 }]);
  });

  it('times claims from the first claim event and resolutions from the human task, and defines SLA attainment', () => {
    const t = task('x', '2026-11-30T08:00:00Z', escalated('finance', 'relationship_risk'));
    const inTime = human('x', '2026-11-30T08:00:00Z', '2026-11-30T10:00:00Z', {
      status: 'completed',
      // Reassigned after the first claim: claimedAt moved, the first claim still counts.
      claimedAt: at('2026-11-30T09:00:00Z'),
      events: [{ at: at('2026-11-30T08:10:00Z'), kind: 'claimed', by: 'al' }],
      resolution: { respondedBy: 'al', decision: 'resolved', fields: {}, resolvedAt: at('2026-11-30T09:30:00Z') },
    });
    // Resolved before its (re-armed) due date, but it had breached at the previous level: not met.
    const breachedThenResolved = human('x', '2026-11-30T08:01:00Z', '2026-11-30T12:00:00Z', {
      status: 'completed',
      events: [{ at: at('2026-11-30T09:00:00Z'), kind: 'sla_warning' }, { at: at('2026-11-30T10:00:00Z'), kind: 'sla_breach' }, { at: at('2026-11-30T10:00:00Z'), kind: 'escalated' }],
      resolution: { respondedBy: 'bo', decision: 'resolved', fields: {}, resolvedAt: at('2026-11-30T11:01:00Z') },
    });
    const overdue = human('x', '2026-11-30T08:02:00Z', '2026-11-30T11:00:00Z', { status: 'assigned', claimedAt: at('2026-11-30T08:32:00Z') });
    const openInTime = human('x', '2026-11-30T08:03:00Z', '2026-11-30T18:00:00Z');
    const cancelled = human('x', '2026-11-30T08:04:00Z', '2026-11-30T09:00:00Z', { status: 'cancelled' });
    const a = computeAnalytics([t], new Map([['x', [inTime, breachedThenResolved, overdue, openInTime, cancelled]]]), period, now);
    expect(a.times.toClaim).toEqual({ count: 2, p50Ms: 10 * 60_000, p90Ms: 30 * 60_000 });
    expect(a.times.toResolution).toEqual({ count: 2, p50Ms: 90 * 60_000, p90Ms: 180 * 60_000 });
    expect(a.humanTasks).toEqual({ total: 5, open: 2, completed: 2, closedOther: 1 });
    // measured: two completed + one open past due (the open one in time and the cancelled one are not).
    expect(a.sla).toEqual({ met: 1, measured: 3, attainment: 0.3333, breaches: 1, breachedTasks: 2, overdueOpen: 1, warnings: 1 });
  });

  it('reads satisfaction from the survey score, model usage from meta.usage, and fallbacks and failures', () => {
    const survey = (score: unknown, sent = true): JsonObject => ({ outcomeTracking: { satisfactionSurvey: { ...(sent ? { sentAt: '2026-11-30T01:00:00Z' } : {}), ...(score === undefined ? {} : { score: score as number }) } } });
    const tasks = [
      task('s1', '2026-11-30T00:00:00Z', survey(5), { usage: { calls: 2, promptTokens: 100, completionTokens: 20, byStep: { intake_classification: { calls: 2, promptTokens: 100, completionTokens: 20 } } } }),
      task('s2', '2026-11-30T00:00:00Z', survey(2), {
        usage: { calls: 1, promptTokens: 50, completionTokens: 5, byStep: { intake_classification: { calls: 1, promptTokens: 50, completionTokens: 5 } }, fallbacks: [{ stepId: 'intake_classification', reason: 'invalid', at: now }] },
        runs: [run('intake_classification', 'ok', true), run('customer_response', 'retry'), run('customer_response', 'failed')],
      }),
      task('s3', '2026-11-30T00:00:00Z', survey(undefined), { failedEffects: 2 }),
      task('s4', '2026-11-30T00:00:00Z', survey('5', false), { state: 'failed' }),
    ];
    const a = computeAnalytics(tasks, new Map(), period, now);
    expect(a.satisfaction).toEqual({
      surveysSent: 3, answered: 2, average: 3.5, satisfiedShare: 0.5,
      byScore: [{ key: '1', count: 0 }, { key: '2', count: 1 }, { key: '3', count: 0 }, { key: '4', count: 0 }, { key: '5', count: 1 }],
    });
    expect(a.model).toEqual({ calls: 3, promptTokens: 150, completionTokens: 25, totalTokens: 175, callsPerTicket: 0.75, byStep: [{ step: 'intake_classification', calls: 3, promptTokens: 150, completionTokens: 25 }] });
    expect(a.reliability).toEqual({ modelFallbacks: 1, fallbackRuns: 1, ticketsWithFallback: 1, failedTickets: 1, failedRuns: 1, retriedRuns: 1, failedEffects: 2, ticketsWithFailure: 3 });
  });

  it('gives nulls, not zeros or NaN, for shares and times with nothing to measure', () => {
    const a = computeAnalytics([], new Map(), period, now);
    expect(a.tickets.total).toBe(0);
    expect(a.automation.shareWithoutPerson).toBeNull();
    expect(a.sla.attainment).toBeNull();
    expect(a.satisfaction.average).toBeNull();
    expect(a.times.toHandoff).toEqual({ count: 0, p50Ms: null, p90Ms: null });
    expect(JSON.stringify(a)).not.toMatch(/NaN|Infinity/);
  });
});
