/**
 * The handoff as a Slack Block Kit message. Every notice string goes through `escapeSlack` before it
 * enters mrkdwn, so customer text cannot mention `<!channel>` or smuggle in a link.
 */
import type { ChatMessage, HandoffNotice } from '../types.ts';
import { escapeSlack, oneLine, safeUrl, score, truncate, URGENCY_LABEL } from './escape.ts';

/** The `action_id` of the Claim button; the interactivity webhook dispatches on it. */
export const CLAIM_ACTION_ID = 'claim_human_task';
/** The `action_id` of the View context link button (Slack still sends an action for link buttons). */
export const VIEW_CONTEXT_ACTION_ID = 'view_human_task_context';
/** The metadata event type of handoff messages, for reconciliation and for finding them later. */
export const HANDOFF_EVENT_TYPE = 'triage_handoff';

const EMOJI = { immediate: ':rotating_light:', urgent: ':warning:', standard: ':large_blue_circle:', scheduled: ':calendar:' } as const;

// Block Kit limits: section text 3000, field 2000, header 150, button value 2000.
const SECTION_MAX = 2900;

/** A rendered chat message without a channel: the caller picks it from the policy. */
export type RenderedChatMessage = Omit<ChatMessage, 'channel'>;

function mrkdwn(text: string): { type: 'mrkdwn'; text: string } {
  return { type: 'mrkdwn', text };
}

function section(title: string, body: string): Record<string, unknown> {
  return { type: 'section', text: mrkdwn(truncate(`*${title}*\n${escapeSlack(body)}`, SECTION_MAX)) };
}

/** The Block Kit message for a handoff, with a plain-text fallback for notifications. */
export function handoffSlackMessage(notice: HandoffNotice): RenderedChatMessage {
  const label = URGENCY_LABEL[notice.urgency];
  const taskId = notice.humanTaskId ?? notice.taskId;
  const { analysis, customer } = notice;
  const blocks: Record<string, unknown>[] = [
    {
      type: 'header',
      // Only policy text here: plain_text cannot be escaped (entities would show literally).
      text: { type: 'plain_text', text: oneLine(`${label} escalation for ${notice.team.name}`, 150), emoji: true },
    },
    {
      type: 'section',
      text: mrkdwn(truncate(`${EMOJI[notice.urgency]} *${escapeSlack(oneLine(notice.subject, 300))}*`, SECTION_MAX)),
      fields: [
        mrkdwn(`*Urgency*\n${label} (${notice.priority})`),
        mrkdwn(`*Ticket*\n${escapeSlack(oneLine(notice.ticketId, 100))}`),
        mrkdwn(`*Customer tier*\n${escapeSlack(oneLine(customer.tier ?? 'unknown', 100))}`),
        mrkdwn(`*Category*\n${escapeSlack(oneLine(`${analysis.category} (${analysis.complexity})`, 200))}`),
        mrkdwn(`*Risk*\n${score(analysis.overallRisk)}`),
        mrkdwn(`*Frustration*\n${score(analysis.frustrationLevel)}`),
      ],
    },
    section('Why a person is needed', notice.reason),
    section('Issue', analysis.specificIssue),
  ];
  if (notice.recommendedActions.length) {
    blocks.push(section('Recommended actions', notice.recommendedActions.map((action) => `• ${action}`).join('\n')));
  }
  if (customer.email || customer.accountValue !== undefined) {
    const parts = [customer.email, customer.accountValue !== undefined ? `account value ${customer.accountValue}` : undefined];
    blocks.push({ type: 'context', elements: [mrkdwn(truncate(escapeSlack(parts.filter(Boolean).join(' · ')), 2900))] });
  }
  const buttons: Record<string, unknown>[] = [];
  const url = safeUrl(notice.contextUrl);
  if (url) {
    buttons.push({ type: 'button', action_id: VIEW_CONTEXT_ACTION_ID, text: { type: 'plain_text', text: 'View context' }, url });
  }
  buttons.push({
    type: 'button',
    action_id: CLAIM_ACTION_ID,
    style: 'primary',
    text: { type: 'plain_text', text: 'Claim' },
    value: truncate(taskId, 2000),
  });
  blocks.push({ type: 'actions', block_id: 'handoff_actions', elements: buttons });
  return {
    text: escapeSlack(oneLine(`${label}: ticket ${notice.ticketId} for ${notice.team.name}: ${notice.reason}`, 300)),
    blocks,
    metadata: {
      event_type: HANDOFF_EVENT_TYPE,
      event_payload: { task_id: notice.taskId, ticket_id: notice.ticketId, human_task_id: taskId, urgency: notice.urgency },
    },
  };
}
