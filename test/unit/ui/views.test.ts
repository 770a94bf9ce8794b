import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../src/engine/types.ts';
import type { HumanTask } from '../../../src/human/types.ts';
import { resolveAnswers } from '../../../src/ui/pages/human-task-actions.ts';
import { countdown, dueText, formatDate, formatDuration, flashFor } from '../../../src/ui/views/format.ts';
import { ticketSummary } from '../../../src/ui/views/inbox-rows.ts';
import { conversationSection } from '../../../src/ui/views/ticket-customer.ts';
import { decisionSection, triggersTable } from '../../../src/ui/views/ticket-decision.ts';
import { decisionOptions } from '../../../src/ui/views/ticket-human.ts';

const NOW = new Date('2026-01-31T12:00:00.000Z');

describe('format', () => {
  it('writes durations in their two largest units', () => {
    expect(formatDuration(350)).toBe('350 ms');
    expect(formatDuration(42_000)).toBe('42s');
    expect(formatDuration(65 * 60_000)).toBe('1h 5m');
    expect(formatDuration(26 * 3_600_000)).toBe('1d 2h');
    expect(formatDuration(undefined)).toBe('—');
  });

  it('renders a countdown the page script refreshes, overdue ones marked', () => {
    expect(countdown(new Date(NOW.getTime() + 90 * 60_000), NOW).value).toBe(
      '<time data-countdown datetime="2026-01-31T13:30:00.000Z" title="due 2026-01-31 13:30 UTC">1h 30m left</time>',
    );
    const late = countdown(new Date(NOW.getTime() - 5 * 60_000), NOW).value;
    expect(late).toContain('class="overdue"');
    expect(late).toContain('>overdue 5m 0s<');
    expect(dueText(NOW, NOW)).toBe('1s left');
    expect(formatDate('not a date')).toBe('—');
  });

  it('shows only known confirmations, never text from the URL', () => {
    expect(flashFor('claimed').value).toContain('You claimed the task.');
    expect(flashFor('<script>').value).toBe('');
    expect(flashFor(['claimed']).value).toBe('');
  });
});

describe('triggers table', () => {
  it('renders condition, values seen, matched, and marks the trigger that fired', () => {
    const evaluated: JsonObject[] = [
      { id: 'vip', matched: false, fired: false, condition: '{"support.customer.tier":"vip"}', saw: { 'support.customer.tier': 'paid' } },
      { id: 'angry', matched: true, fired: true, condition: '{"sentimentAnalysis.frustrationLevel":{"$gte":70}}', saw: { 'sentimentAnalysis.frustrationLevel': 85 } },
      { id: 'also', matched: true, fired: false, condition: '{"x":1}', saw: { x: null } },
    ];
    const out = triggersTable(evaluated, 'angry').value;
    const fired = out.match(/<tr class="fired">[\s\S]*?<\/tr>/g) ?? [];
    expect(fired).toHaveLength(1);
    expect(fired[0]).toContain('angry');
    expect(fired[0]).toContain('<code>sentimentAnalysis.frustrationLevel</code> = <code>85</code>');
    expect(out).toContain('<code>x</code> = <code>null (absent)</code>');
    expect(out).toMatch(/<th scope="row" data-label="Trigger">also<\/th>[\s\S]*?<td data-label="Matched">yes<\/td>[\s\S]*?<span class="muted">no<\/span>/);
  });

  it('tolerates older records that hold only id and matched', () => {
    const out = triggersTable([{ id: 'old_a', matched: false }, { id: 'old_b', matched: true }], 'old_b').value;
    expect(out).toContain('not recorded');
    expect(out.match(/<tr class="fired">[\s\S]*?<\/tr>/g)?.[0]).toContain('old_b');
  });

  it('says so when there is no decision yet', () => {
    expect(decisionSection({}).value).toContain('No escalation decision has been made');
  });
});

describe('conversation', () => {
  it('names who spoke: customer, the automation, or the agent who wrote', () => {
    const data: JsonObject = {
      escalationAgent: {
        conversationHistory: [
          { role: 'customer', content: 'help <b>now</b>', timestamp: NOW.toISOString() },
          { role: 'agent', content: 'auto', responseType: 'acknowledgment', timestamp: NOW.toISOString() },
          { role: 'agent', content: 'human', author: 'ann', timestamp: NOW.toISOString() },
          { role: 'assistant', content: 'bot', timestamp: NOW.toISOString() },
        ],
      },
    };
    const out = conversationSection(data, null).value;
    expect(out).toMatch(/<strong>Customer<\/strong>[\s\S]*<strong>Automated reply<\/strong>[\s\S]*<strong>Agent ann<\/strong>[\s\S]*<strong>Assistant<\/strong>/);
    expect(out).toContain('help &lt;b&gt;now&lt;/b&gt;');
  });
});

describe('resolve form answers', () => {
  const task = {
    type: 'approval',
    fields: [
      { name: 'amount', label: 'Amount', type: 'number', required: true },
      { name: 'ok', label: 'OK', type: 'boolean', required: false },
      { name: 'needs_followup', label: 'Follow up', type: 'boolean', required: false },
      { name: 'when', label: 'When', type: 'date', required: false },
      { name: 'why', label: 'Why', type: 'textarea', required: false },
    ],
  } as unknown as HumanTask;

  it('converts numbers and checkboxes (unchecked is false), leaves empty inputs out, and lets the decision set its own flag', () => {
    expect(resolveAnswers(task, { field_amount: ' 12.5 ', field_ok: 'true', field_when: '', field_why: ' kept as typed ' }, 'resolved')).toEqual({
      amount: 12.5, ok: true, needs_followup: false, why: ' kept as typed ',
    });
    expect(resolveAnswers(task, {}, 'needs_followup')).toEqual({ ok: false });
  });

  it('refuses a value that is not a number, naming the field', () => {
    expect(() => resolveAnswers(task, { field_amount: 'twelve' }, 'resolved')).toThrow(/"amount" \(Amount\) must be a number/);
    expect(() => resolveAnswers(task, { field_amount: ['1', '2'] }, 'resolved')).toThrow(/more than once/);
  });

  it('offers approve/reject on approvals and the on_human_complete decisions everywhere', () => {
    expect(decisionOptions({ type: 'approval' }).map(([v]) => v)).toEqual(['approved', 'rejected', 'resolved', 'needs_followup', 'needs_agent']);
    expect(decisionOptions({ type: 'escalation' }).map(([v]) => v)).toEqual(['resolved', 'needs_followup', 'needs_agent']);
  });
});

describe('inbox row summary', () => {
  it("reads the subject, ticket id and customer from the handoff's context package or a plain ticket", () => {
    const base = { title: 'T-1: fallback title' } as HumanTask;
    expect(ticketSummary({ ...base, context: { ticketSummary: { id: 'T-1', subject: 'Broken export' }, fields: { 'support.ticket.customerEmail': 'a@b.c' }, customerProfile: { tier: 'vip' } } })).toEqual({
      subject: 'Broken export', ticketId: 'T-1', customer: 'a@b.c (vip)',
    });
    expect(ticketSummary({ ...base, context: { ticket: { subject: 'Plain', customerEmail: 'x@y.z' } } })).toEqual({ subject: 'Plain', customer: 'x@y.z' });
    expect(ticketSummary({ ...base, context: {} })).toEqual({ subject: 'T-1: fallback title' });
  });
});
