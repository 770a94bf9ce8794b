/**
 * The per-ticket report rendered from a task document: step durations present, ticket text escaped,
 * and the self-contained file free of anything that reaches outside it.
 */
import { describe, expect, it } from 'vitest';
import type { RunRecord, Task } from '../../../src/engine/types.ts';
import type { HumanTask } from '../../../src/human/types.ts';
import { renderReportBody, renderReportDocument } from '../../../src/reports/ticket-report-page.ts';
import { reportView } from '../../../src/reports/ticket-report-view.ts';

const created = new Date('2026-11-30T10:00:00.000Z');
const HOSTILE = '<script>alert(1)</script><img src="http://evil.example/x.png" onerror="alert(2)">';

function run(stepId: string, startMs: number, durationMs: number, extra: Partial<RunRecord> = {}): RunRecord {
  const startedAt = new Date(created.getTime() + startMs);
  return { stepId, attempt: 1, worker: 'w', startedAt, finishedAt: new Date(startedAt.getTime() + durationMs), durationMs, outcome: 'ok', matched: '{}', fieldsWritten: [], explanation: ['model reply invalid: <b>bad</b>'], inputHash: 'h', ...extra };
}

const task: Task = {
  _id: 'T-1',
  data: {
    support: { ticket: { id: 'TICK-9', subject: HOSTILE }, classification: { category: 'billing', priority: 'high', confidence: 0.82 } },
    escalationDecision: { decision: 'management_escalation', escalationRecommended: true, confidence: 0.9, decidedBy: 'policy', trigger: { id: 'relationship_risk' } },
    escalationPreparation: { targetTeam: 'finance' },
    handoffComplete: { targetTeam: 'finance', delivered: true, handedOffAt: '2026-11-30T10:00:01.000Z' },
  },
  meta: {
    state: 'waiting', version: 3, lease: null, runAfter: null,
    runs: [run('intake_classification', 0, 1234, { fallback: true }), run('escalation_decision', 1300, 7), run('human_handoff', 1400, 90)],
    usage: { calls: 2, promptTokens: 321, completionTokens: 45, byStep: { intake_classification: { calls: 2, promptTokens: 321, completionTokens: 45 } }, fallbacks: [{ stepId: 'intake_classification', reason: 'schema <mismatch>', at: created }] },
    effects: [], schedules: [], source: { kind: 'inbox' }, error: null, flags: [], createdAt: created, updatedAt: created,
  },
};

const humanTask = {
  _id: 'H-1', taskId: 'T-1', key: 'T-1:handoff', type: 'escalation', status: 'completed', priority: 'high', title: HOSTILE, team: 'finance', queue: 'q', skillTags: [], context: {}, fields: [],
  assignedTo: 'al', assignedToTeam: null, dueAt: new Date('2026-11-30T12:00:00Z'), escalationChain: ['finance'], level: 0, messages: [], version: 3,
  resolution: { respondedBy: 'al', decision: 'resolved', fields: {}, resolvedAt: new Date('2026-11-30T11:00:00Z') },
  events: [{ at: new Date('2026-11-30T10:30:00Z'), kind: 'claimed', by: 'al' }],
  createdAt: new Date('2026-11-30T10:00:01Z'), updatedAt: new Date('2026-11-30T11:00:00Z'), claimedAt: new Date('2026-11-30T10:30:00Z'),
} satisfies HumanTask;

const now = new Date('2026-11-30T12:00:00Z');

describe('per-ticket report rendering', () => {
  it('shows step durations, milestones, model usage, fallbacks and confidence, with ticket text escaped', () => {
    const body = renderReportBody(reportView(task, [humanTask], now), { links: true }).value;
    expect(body).toMatch(/<tr data-step="intake_classification">.*?data-value="1234">1.2 s</s);
    expect(body).toMatch(/<tr data-step="human_handoff">.*?data-value="90">90 ms</s);
    expect(body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(body).not.toContain('<script>');
    expect(body).not.toContain('<img');
    expect(body).toContain('schema &lt;mismatch&gt;');
    // Claim 30 min and resolution 1 h after the ticket arrived (milestones count from the ticket).
    expect(body).toMatch(/Claim<\/th><td data-label="After" data-value="1800000">30 min/);
    expect(body).toMatch(/Resolution<\/th><td data-label="After" data-value="3600000">1 h/);
    expect(body).toContain('Classification confidence: 82%');
    expect(body).toContain('321');
    expect(body).toContain('href="/ui/tasks/T-1"');
  });

  it('writes one self-contained document: inlined CSS, no script, no external or app URL, ticket text escaped', () => {
    const doc = renderReportDocument(reportView(task, null, now));
    expect(doc.startsWith('<!doctype html>')).toBe(true);
    expect(doc).toContain('<style>');
    expect(doc).toContain('.panel');
    expect(doc).toContain('TICK-9');
    expect(doc).toContain('T-1');
    expect(doc).not.toMatch(/<script/i);
    expect(doc).not.toMatch(/<link\b/i);
    // No element refers to anything: no src, href, srcset or action attribute on any real tag.
    const tags = doc.match(/<[a-z][^>]*>/gi) ?? [];
    expect(tags.length).toBeGreaterThan(50);
    expect(tags.filter((t) => /\s(?:src|href|srcset|action|xlink:href)\s*=/i.test(t))).toEqual([]);
    expect(doc).not.toMatch(/url\(/i);
    // The hostile subject's URL is there only as escaped text.
    expect(doc).toContain('&lt;img src=&quot;http://evil.example/x.png&quot;');
    expect(doc.replaceAll('&lt;img src=&quot;http://evil.example/x.png&quot;', '')).not.toMatch(/https?:\/\//);
    expect(doc).toContain('not known when this file was written');
  });
});
