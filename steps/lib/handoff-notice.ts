/**
 * Builds the `HandoffNotice` a team receives. Addresses and channels come from the policy's team entry;
 * nothing in the ticket text or the model's answers can choose where a handoff goes.
 */
import type { HandoffNotice } from '../../connectors/types.ts';
import type { StepContext } from '../../src/engine/step.ts';
import type { JsonObject } from '../../src/engine/types.ts';
import { view } from './read.ts';

export function buildHandoffNotice(ctx: StepContext, teamId: string, publicUrl: string): HandoffNotice {
  const d = view(ctx.data);
  const prep = d.escalationPreparation;
  const decision = d.escalationDecision;
  if (!prep || !decision) throw new Error('escalationPreparation and escalationDecision are required for a handoff');
  const team = ctx.policy.team(teamId);
  const c = d.support.classification;
  const s = d.sentimentAnalysis;
  const aiNotes = [
    ...(decision.reasons ?? []),
    ...(s?.rationale ?? []).slice(0, 6),
    ...(ctx.meta.flags.includes('needs_human_review') ? ['automated analysis failed for part of this ticket; review it'] : []),
  ];
  const actions = [
    s?.specificIssue ? `Confirm the issue with the customer: ${s.specificIssue}` : 'Confirm the issue with the customer',
    ...(s?.repeatIssue ? ['This customer has reported this before: acknowledge the history, do not ask them to repeat it'] : []),
    ...(c?.urgencyIndicators?.includes('outage_related') ? ['Check the status of the affected service and share an ETA'] : []),
    ...(c?.escalationSignals?.includes('legal_threats') ? ['Loop in account management before replying; do not discuss liability'] : []),
  ];
  return {
    taskId: ctx.taskId,
    ticketId: d.escalationAgent?.ticketId ?? ctx.taskId,
    subject: d.support.ticket.subject ?? '(no subject)',
    urgency: prep.urgencyLevel,
    priority: prep.priority,
    decision: decision.decision,
    reason: decision.primaryReason,
    team: { id: teamId, name: team.name, email: team.email, ...(team.slack_channel ? { slackChannel: team.slack_channel } : {}) },
    customer: {
      ...(d.support.customer?.id ? { id: d.support.customer.id } : {}),
      ...(d.support.ticket.customerEmail ? { email: d.support.ticket.customerEmail } : {}),
      ...(d.support.customer?.tier ? { tier: d.support.customer.tier } : {}),
      ...(typeof d.support.customer?.accountValue === 'number' ? { accountValue: d.support.customer.accountValue } : {}),
      previousTickets: d.support.customer?.previousTickets ?? 0,
    },
    analysis: {
      category: c?.category ?? 'unknown',
      complexity: c?.complexity ?? 'unknown',
      frustrationLevel: s?.frustrationLevel ?? 0,
      overallRisk: d.escalationRisk?.overall ?? 0,
      specificIssue: s?.specificIssue ?? '',
    },
    aiNotes,
    conversation: (d.escalationAgent?.conversationHistory ?? []).map((entry) => ({ role: entry.role, content: entry.content, at: entry.timestamp })),
    recommendedActions: actions,
    communicationGuidance: `${d.handlingStrategy?.communicationStyle ?? 'professional'} tone; customer technical knowledge ${s?.communicationPatterns?.technicalKnowledge ?? 'unknown'}; frustration ${s?.frustrationLevel ?? 'n/a'}/100`,
    tags: [...(decision.trigger?.tags ?? []), ...prep.skillTags],
    contextUrl: `${publicUrl.replace(/\/$/, '')}/ui/tasks/${encodeURIComponent(ctx.taskId)}`,
    contextPackage: prep.contextPackage as JsonObject,
  };
}
