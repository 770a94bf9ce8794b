import { describe, expect, it } from 'vitest';
import { CLAIM_ACTION_ID, escapeHtml, escapeSlack, handoffEmail, handoffSlackMessage } from '../../../connectors/render/index.ts';
import type { HandoffNotice } from '../../../connectors/types.ts';

const SCRIPT = '<script>alert(1)</script>';
const IMG = '<img src=x onerror=alert(2)>';
const EVIL = `${SCRIPT} & ${IMG} <!channel> <https://evil.test|click>`;

function notice(overrides: Partial<HandoffNotice> = {}): HandoffNotice {
  return {
    taskId: 'task-1',
    ticketId: `T-9 ${IMG}`,
    humanTaskId: 'ht-7',
    subject: `Refund please ${SCRIPT}`,
    urgency: 'urgent',
    priority: 'high',
    decision: 'escalate_to_human',
    reason: `High risk ${EVIL}`,
    team: { id: 'billing', name: 'Billing', email: 'billing@acme.test', slackChannel: '#billing' },
    customer: { id: 'c-1', email: 'jo@example.com', tier: `enterprise ${IMG}`, accountValue: 120000, previousTickets: 3 },
    analysis: { category: 'billing', complexity: 'complex', frustrationLevel: 88, overallRisk: 91, specificIssue: `Double charge ${EVIL}` },
    aiNotes: [`note ${SCRIPT}`],
    conversation: [{ role: 'customer', content: `I was charged twice ${EVIL}`, at: '2025-01-01T10:00:00Z' }],
    recommendedActions: [`Refund ${IMG}`],
    communicationGuidance: `Be calm ${SCRIPT}`,
    tags: ['vip', `x${SCRIPT}`],
    contextUrl: 'https://triage.acme.test/tasks/task-1',
    contextPackage: { ticket: { description: EVIL } },
    ...overrides,
  };
}

describe('escaping', () => {
  it('escapes HTML and Slack metacharacters', () => {
    expect(escapeHtml(`<a href="x">'&`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;');
    expect(escapeSlack('<!channel> & <b>')).toBe('&lt;!channel&gt; &amp; &lt;b&gt;');
  });
});

describe('handoff email', () => {
  const email = handoffEmail(notice());

  it('puts urgency, ticket id and subject in a single-line subject', () => {
    expect(email.subject).toMatch(/^\[URGENT\] Ticket T-9 .* Refund please/);
    expect(email.subject).not.toMatch(/[\r\n]/);
    expect(handoffEmail(notice({ subject: 'a\r\nBcc: victim@example.com' })).subject).not.toMatch(/[\r\n]/);
  });

  it('never lets ticket text into the HTML unescaped', () => {
    const html = email.html ?? '';
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).not.toMatch(/onerror=alert\(2\)>/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=alert(2)&gt;');
    // The only markup tags are the renderer's own.
    const tags = new Set([...html.matchAll(/<\/?([a-z0-9!]+)/gi)].map((m) => m[1]?.toLowerCase()));
    expect([...tags].sort()).toEqual(['!doctype', 'a', 'body', 'br', 'div', 'h2', 'html', 'li', 'p', 'small', 'strong', 'ul']);
  });

  it('has every section in both parts', () => {
    for (const part of [email.text, email.html ?? '']) {
      for (const needle of ['Customer', 'Why a person is needed', 'Issue analysis', 'Recommended actions', 'How to talk to this customer', 'AI notes', 'onversation']) {
        expect(part.toLowerCase()).toContain(needle.toLowerCase());
      }
      expect(part).toContain('enterprise');
      expect(part).toContain('120,000');
      expect(part).toContain('Double charge');
      expect(part).toContain('I was charged twice');
      expect(part).toContain('Be calm');
      expect(part).toContain('91/100');
    }
    expect(email.text).toContain('https://triage.acme.test/tasks/task-1');
    expect(email.html).toContain('href="https://triage.acme.test/tasks/task-1"');
  });

  it('attaches the context package as JSON', () => {
    expect(email.attachments).toHaveLength(1);
    const attachment = email.attachments?.[0];
    expect(attachment?.contentType).toBe('application/json');
    expect(attachment?.filename).toMatch(/^context-T-9_[A-Za-z0-9._-]*\.json$/);
    expect(JSON.parse(attachment?.content ?? '')).toEqual({ ticket: { description: EVIL } });
  });

  it('renders no link for a non-http context URL', () => {
    expect(handoffEmail(notice({ contextUrl: 'javascript:alert(1)' })).html).not.toContain('javascript:');
  });
});

describe('handoff Slack message', () => {
  const message = handoffSlackMessage(notice());
  // Metadata is data Slack never renders; everything a person sees is in text and blocks.
  const json = JSON.stringify({ text: message.text, blocks: message.blocks });

  it('never lets ticket text into mrkdwn unescaped', () => {
    expect(json).not.toContain('<script');
    expect(json).not.toContain('<img');
    expect(json).not.toContain('<!channel>');
    expect(json).not.toContain('<https://evil');
    expect(message.text).not.toMatch(/[<>]/);
    expect(message.text).toContain('&lt;script&gt;');
  });

  it('shows urgency, ticket, tier, risk, frustration and reason', () => {
    expect(json).toContain('URGENT');
    expect(json).toContain('T-9');
    expect(json).toContain('*Customer tier*\\nenterprise');
    expect(json).toContain('*Risk*\\n91/100');
    expect(json).toContain('*Frustration*\\n88/100');
    expect(json).toContain('High risk');
  });

  it('has View context and Claim buttons', () => {
    const actions = (message.blocks as { type: string; elements?: Record<string, unknown>[] }[]).find((b) => b.type === 'actions');
    const view = actions?.elements?.find((e) => e.url);
    const claim = actions?.elements?.find((e) => e.action_id === CLAIM_ACTION_ID);
    expect(view?.url).toBe('https://triage.acme.test/tasks/task-1');
    expect(claim?.action_id).toBe('claim_human_task');
    expect(claim?.value).toBe('ht-7');
    const withoutHumanTask = handoffSlackMessage(notice({ humanTaskId: undefined }));
    expect(JSON.stringify(withoutHumanTask.blocks)).toContain('"value":"task-1"');
  });

  it('keeps within Block Kit limits for huge ticket text', () => {
    const big = handoffSlackMessage(notice({ reason: 'x'.repeat(10_000), subject: 'y'.repeat(5_000), ticketId: 'z'.repeat(500) }));
    for (const block of big.blocks as { type: string; text?: { text: string } }[]) {
      if (block.type === 'header') expect(block.text?.text.length).toBeLessThanOrEqual(150);
      if (block.type === 'section') expect(block.text?.text.length).toBeLessThanOrEqual(3000);
    }
  });
});
