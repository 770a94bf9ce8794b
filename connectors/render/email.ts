/**
 * The handoff email: what a person on the escalation team reads first. Plain text and HTML carry the
 * same sections; every notice string is escaped in the HTML because any of it may be customer text.
 */
import type { EmailMessage, HandoffNotice } from '../types.ts';
import { escapeHtml, oneLine, safeUrl, score, URGENCY_LABEL } from './escape.ts';

interface Section {
  title: string;
  /** Lines of untrusted text; rendered escaped. */
  lines: string[];
  /** Render lines as a bulleted list. */
  list?: boolean;
}

/** `[URGENT] Ticket T-1: subject`, safe for a header. */
export function handoffSubject(notice: HandoffNotice): string {
  return oneLine(`[${URGENCY_LABEL[notice.urgency]}] Ticket ${notice.ticketId}: ${notice.subject}`, 200);
}

function customerLines(customer: HandoffNotice['customer']): string[] {
  const lines: string[] = [];
  if (customer.email) lines.push(`Email: ${customer.email}`);
  if (customer.id) lines.push(`Customer id: ${customer.id}`);
  lines.push(`Tier: ${customer.tier ?? 'unknown'}`);
  if (customer.accountValue !== undefined) lines.push(`Account value: ${customer.accountValue.toLocaleString('en-US')}`);
  if (customer.previousTickets !== undefined) lines.push(`Previous tickets: ${customer.previousTickets}`);
  return lines;
}

function sections(notice: HandoffNotice): Section[] {
  const { analysis } = notice;
  return [
    {
      title: 'Ticket',
      lines: [
        `Ticket: ${notice.ticketId}`,
        `Subject: ${notice.subject}`,
        `Urgency: ${URGENCY_LABEL[notice.urgency]} (priority ${notice.priority})`,
        `Team: ${notice.team.name}`,
        `Task: ${notice.humanTaskId ?? notice.taskId}`,
        ...(notice.tags.length ? [`Tags: ${notice.tags.join(', ')}`] : []),
      ],
    },
    { title: 'Customer', lines: customerLines(notice.customer) },
    { title: 'Why a person is needed', lines: [notice.reason, `Decision: ${notice.decision}`] },
    {
      title: 'Issue analysis',
      lines: [
        `Category: ${analysis.category} (${analysis.complexity})`,
        `Risk: ${score(analysis.overallRisk)}, frustration: ${score(analysis.frustrationLevel)}`,
        `Issue: ${analysis.specificIssue}`,
      ],
    },
    { title: 'Recommended actions', lines: notice.recommendedActions, list: true },
    { title: 'How to talk to this customer', lines: notice.communicationGuidance ? [notice.communicationGuidance] : [] },
    { title: 'AI notes', lines: notice.aiNotes, list: true },
  ];
}

function conversationText(notice: HandoffNotice): string {
  return notice.conversation.map((turn) => `[${turn.at}] ${turn.role}:\n${turn.content}`).join('\n\n');
}

function textPart(notice: HandoffNotice): string {
  const out: string[] = [handoffSubject(notice), ''];
  for (const section of sections(notice)) {
    if (!section.lines.length) continue;
    out.push(section.title.toUpperCase(), ...section.lines.map((line) => (section.list ? `- ${line}` : line)), '');
  }
  if (notice.conversation.length) out.push('CONVERSATION', conversationText(notice), '');
  out.push(`Open the task: ${notice.contextUrl}`, 'The full context package is attached as JSON.');
  return `${out.join('\n')}\n`;
}

const STYLE = {
  body: 'font-family:system-ui,-apple-system,Segoe UI,sans-serif;color:#1f2328;max-width:720px',
  h2: 'font-size:15px;margin:20px 0 6px;border-bottom:1px solid #d0d7de',
  turn: 'margin:8px 0;padding:8px;background:#f6f8fa;border-radius:6px;white-space:pre-wrap',
  banner: { immediate: '#cf222e', urgent: '#bc4c00', standard: '#0969da', scheduled: '#57606a' },
} as const;

function htmlPart(notice: HandoffNotice): string {
  const parts: string[] = [];
  const color = STYLE.banner[notice.urgency];
  parts.push(
    `<p style="background:${color};color:#fff;padding:8px 12px;border-radius:6px;font-weight:600">` +
      `${escapeHtml(URGENCY_LABEL[notice.urgency])}: ticket ${escapeHtml(notice.ticketId)} needs ${escapeHtml(notice.team.name)}</p>`,
  );
  for (const section of sections(notice)) {
    if (!section.lines.length) continue;
    parts.push(`<h2 style="${STYLE.h2}">${escapeHtml(section.title)}</h2>`);
    const items = section.lines.map((line) => escapeHtml(line));
    parts.push(
      section.list
        ? `<ul>${items.map((item) => `<li>${item}</li>`).join('')}</ul>`
        : items.map((item) => `<p style="margin:4px 0;white-space:pre-wrap">${item}</p>`).join(''),
    );
  }
  if (notice.conversation.length) {
    parts.push(`<h2 style="${STYLE.h2}">Conversation</h2>`);
    for (const turn of notice.conversation) {
      parts.push(
        `<div style="${STYLE.turn}"><strong>${escapeHtml(turn.role)}</strong> <small>${escapeHtml(turn.at)}</small><br>${escapeHtml(turn.content)}</div>`,
      );
    }
  }
  const url = safeUrl(notice.contextUrl);
  if (url) parts.push(`<p><a href="${escapeHtml(url)}">Open the task</a></p>`);
  parts.push('<p><small>The full context package is attached as JSON.</small></p>');
  return `<!doctype html><html><body style="${STYLE.body}">${parts.join('\n')}</body></html>\n`;
}

/** A rendered email without recipients: the caller addresses it from the policy. */
export type RenderedEmail = Omit<EmailMessage, 'to' | 'cc'>;

/**
 * The email for a handoff. Recipients are left to the caller (they come from the policy, never from
 * the notice's text). Headers carry the task and ticket so mail rules can thread on them.
 */
export function handoffEmail(notice: HandoffNotice): RenderedEmail {
  const fileId = notice.ticketId.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 60) || 'ticket';
  return {
    subject: handoffSubject(notice),
    text: textPart(notice),
    html: htmlPart(notice),
    attachments: [
      {
        filename: `context-${fileId}.json`,
        content: `${JSON.stringify(notice.contextPackage, null, 2)}\n`,
        contentType: 'application/json',
      },
    ],
    headers: {
      'X-Triage-Task-Id': oneLine(notice.taskId, 100),
      'X-Triage-Ticket-Id': oneLine(notice.ticketId, 100),
      'X-Triage-Urgency': notice.urgency,
    },
  };
}
