/**
 * Step 6: context preservation. Keeps what the next person or the next ticket needs: who the customer
 * is, how they communicate, what the issue was and where it went, and how far the conversation had got
 * (its length: the conversation itself stays in `escalationAgent.conversationHistory`). Updates
 * the customer's CRM record when the ticket carries a HubSpot contact id.
 */
import type { TaskData } from '../src/domain/task-data.ts';
import { defineStep, type PatchOf } from '../src/engine/step.ts';
import { view } from './lib/read.ts';

export default defineStep({
  id: 'context_preservation',
  title: 'Context preservation: customer profile, issue knowledge and conversation kept for the next contact',
  condition: {
    conversationResponse: { $type: 'object' },
    contextPreservation: { $exists: false },
    $or: [{ handoffComplete: { $type: 'object' } }, { 'escalationDecision.escalationRecommended': false }],
  },
  writes: ['contextPreservation'],
  async run(ctx) {
    const d = view(ctx.data);
    const now = ctx.now();
    const started = d.escalationAgent?.startedAt ? Date.parse(d.escalationAgent.startedAt) : now.getTime();
    const outcome = d.handoffComplete?.targetTeam ?? 'self_resolved';
    const record: NonNullable<PatchOf<TaskData>['contextPreservation']> = {
      sessionMetadata: {
        ticketId: d.escalationAgent?.ticketId ?? ctx.taskId,
        sessionStarted: d.escalationAgent?.startedAt ?? null,
        contextPreservedAt: now.toISOString(),
        totalDurationMs: now.getTime() - started,
        escalationPath: d.escalationDecision?.decision ?? null,
        finalOutcome: outcome,
      },
      customerInteractionProfile: {
        customerId: d.support.customer?.id ?? null,
        preferredStyle: d.handlingStrategy?.communicationStyle ?? null,
        technicalLevel: d.sentimentAnalysis?.communicationPatterns?.technicalKnowledge ?? null,
        frustrationLevel: d.sentimentAnalysis?.frustrationLevel ?? null,
        repeatIssue: d.sentimentAnalysis?.repeatIssue ?? false,
        previousTickets: d.support.customer?.previousTickets ?? 0,
      },
      issueKnowledge: {
        category: d.support.classification?.category ?? null,
        specificIssue: d.sentimentAnalysis?.specificIssue ?? null,
        entities: d.support.classification?.entities ?? [],
        resolutionApproach: d.handlingStrategy?.approach ?? null,
        escalatedTo: d.handoffComplete?.targetTeam ?? null,
      },
      // The conversation so far, by its length: the history only grows by appending, so its first
      // entries are this snapshot (preservedConversation() in src/domain/outcome-data.ts reads it).
      conversationLength: d.escalationAgent?.conversationHistory?.length ?? 0,
    };
    const contactId = d.support.ticket.hubspotContactId;
    if (contactId) {
      const delivery = await ctx.effect({ channel: 'crm', name: 'crm_contact_update', target: contactId }, (key) =>
        ctx.connectors.crm.updateContact(
          {
            contactId,
            properties: {
              triage_last_ticket: d.escalationAgent?.ticketId ?? ctx.taskId,
              triage_last_outcome: outcome,
              triage_last_frustration: String(d.sentimentAnalysis?.frustrationLevel ?? ''),
            },
          },
          key,
        ),
      );
      record.crm = { contactId, ref: delivery.ref };
      ctx.explain(`CRM contact ${contactId} updated`);
    }
    ctx.explain(`context preserved; outcome so far: ${outcome}`);
    return { contextPreservation: { ...record, preserved: true } };
  },
});
