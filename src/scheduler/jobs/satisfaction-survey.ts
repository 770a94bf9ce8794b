/**
 * Satisfaction survey (+24 h by default): one email, in the customer's language, only once the ticket is
 * actually resolved (the rule in resolution-check.ts). While a person's task is open the survey is
 * `deferred`; the survey_after_human step schedules it again when that person resolves the ticket. A
 * ticket nobody resolved (a clarification left unanswered, a queue a person closed as follow-up) gets
 * none (`skipped`). Its idempotency key is derived from the task, so a retried, re-synced or rescheduled
 * job never sends a second survey (the outbox and the SMTP connector deduplicate on it), and a survey
 * already recorded on the task is not resent.
 */
import { defaultReplies } from '../../../connectors/llm/replies.ts';
import { view } from '../../../steps/lib/read.ts';
import type { JsonObject } from '../../engine/types.ts';
import { resolutionStatus } from './resolution-check.ts';
import type { FollowUpJob } from './types.ts';
import { isObject } from './types.ts';

/** The survey's idempotency key for `taskId`. */
export function surveyKey(taskId: string): string {
  return `${taskId}:scheduler:satisfaction_survey`;
}

/** Plain text for an email: one line, no quotes that could be mistaken for ours, bounded. */
function quoted(subject: string | undefined, fallback: string): string {
  const s = (subject ?? '').replace(/[\r\n\t]+/g, ' ').replace(/["<>]/g, '').trim();
  return s ? `"${s.length > 80 ? `${s.slice(0, 77)}...` : s}"` : fallback;
}

export const satisfactionSurvey: FollowUpJob = {
  name: 'satisfaction_survey',
  async run({ task, connectors, policy, now }): Promise<JsonObject | null> {
    const tracking = task.data.outcomeTracking;
    if (isObject(tracking) && isObject(tracking.satisfactionSurvey) && tracking.satisfactionSurvey.sentAt) return null;
    const d = view(task.data);
    const to = d.support.ticket.customerEmail;
    // The step schedules a survey only when there is an address; one removed since gets none.
    if (!to) return null;
    const status = resolutionStatus(task.data);
    if (status === 'awaiting_human') {
      return { outcomeTracking: { satisfactionSurvey: { status: 'deferred', deferredAt: now.toISOString(), reason: 'a human task is open; sent once a person resolves it' } } };
    }
    if (status !== 'resolved_by_human' && status !== 'resolved_by_automation') {
      return { outcomeTracking: { satisfactionSurvey: { status: 'skipped', checkedAt: now.toISOString(), reason: `not resolved (${status})` } } };
    }
    const { language, templates } = policy?.replies?.resolve(d.support.classification?.language) ?? { language: 'en', templates: defaultReplies() };
    const ticketId = d.escalationAgent?.ticketId ?? d.support.ticket.id ?? task._id;
    const fill = (text: string) => text.replace(/\{\{\s*ticket_id\s*\}\}/g, ticketId).replace(/\{\{\s*subject\s*\}\}/g, quoted(d.support.ticket.subject, templates.subject_fallback));
    const delivery = await connectors.email.send(
      {
        to: [to],
        subject: fill(templates.survey.subject),
        // Plain text only: the subject is customer text and must not become markup.
        text: fill(templates.survey.body).trim(),
        headers: { 'X-Triage-Ticket': ticketId, 'X-Triage-Survey': 'satisfaction' },
      },
      surveyKey(task._id),
    );
    return { outcomeTracking: { satisfactionSurvey: { status: 'sent', sentAt: now.toISOString(), to, ref: delivery.ref, language } } };
  },
};
