/**
 * Step 4: the customer's reply. A solution when the ticket stays automated, an acknowledgment that
 * names the team and the expected wait when it is escalated; sent once by email.
 */
import type { CustomerResponse } from '../connectors/llm/schemas.ts';
import { defineStep, type StepContext } from '../src/engine/step.ts';
import type { JsonObject } from '../src/engine/types.ts';
import { errorMessage } from '../src/errors.ts';
import { renderTemplate } from '../src/policy/template.ts';
import { addMinutes, humanDuration, ticketFacts, view } from './lib/read.ts';

/** Emails `message` to the customer once per effect `name` (by default, one per run of this step). */
export async function sendToCustomer(ctx: StepContext, message: string, effectName?: string): Promise<JsonObject | null> {
  const t = view(ctx.data).support.ticket;
  if (!t.customerEmail) {
    ctx.explain('no customer email on the ticket; the reply is stored but not sent');
    return null;
  }
  const ticketId = view(ctx.data).escalationAgent?.ticketId ?? ctx.taskId;
  // One reply per round: a HANDOFF back to this step after a human resolution is a new message.
  const round = ctx.meta.runs.filter((run) => run.stepId === ctx.stepId && run.outcome !== 'retry').length;
  const name = effectName ?? (round === 0 ? 'customer_reply' : `customer_reply_${round + 1}`);
  const delivery = await ctx.effect({ channel: 'email', name, target: t.customerEmail }, (key) =>
    ctx.connectors.email.send(
      {
        to: [t.customerEmail as string],
        subject: `Re: ${t.subject ?? 'Your support request'} [${ticketId}]`,
        text: message,
        headers: { 'X-Triage-Ticket': ticketId },
      },
      key,
    ),
  );
  return { channel: 'email', to: t.customerEmail, ref: delivery.ref };
}

function record(ctx: StepContext, response: CustomerResponse, escalating: boolean, delivery: JsonObject | null, extra: JsonObject = {}): JsonObject {
  const d = view(ctx.data);
  const now = ctx.now();
  const history = d.escalationAgent?.conversationHistory ?? [];
  const started = d.escalationAgent?.startedAt ? Date.parse(d.escalationAgent.startedAt) : now.getTime();
  const result: JsonObject = {
    conversationResponse: { ...response, generatedAt: now.toISOString(), escalationPath: escalating, responseStrategy: d.handlingStrategy?.approach ?? null, delivery, ...extra },
    escalationAgent: {
      conversationHistory: [...history, { role: 'agent', content: response.responseMessage, timestamp: now.toISOString(), responseType: response.responseType, tone: response.tone }] as unknown as JsonObject[],
      metrics: { ...(d.escalationAgent?.metrics ?? {}), responseTimeMs: now.getTime() - started },
    },
  };
  if (response.followUpRequired && !escalating) {
    const runAt = addMinutes(now, ctx.policy.source.timings.follow_up_minutes.standard);
    ctx.schedule('follow_up', runAt, { reason: 'monitor_progress' });
    result.followUpScheduled = { required: true, scheduledFor: runAt.toISOString(), reason: 'monitor_progress', actions: response.nextActions };
  }
  return result;
}

export default defineStep({
  id: 'customer_response',
  title: 'Customer response: a solution, or an acknowledgment naming the team and the wait',
  condition: { escalationDecision: { $type: 'object' }, conversationResponse: { $exists: false } },
  async run(ctx) {
    const d = view(ctx.data);
    const decision = d.escalationDecision;
    const escalating = decision?.escalationRecommended === true;
    const prep = d.escalationPreparation;
    const classification = d.support.classification;
    if (!classification) throw new Error('support.classification is missing');
    const humanMessage = (d.human as { customerMessage?: unknown } | undefined)?.customerMessage;
    if (typeof humanMessage === 'string' && humanMessage.trim() !== '') {
      // A person wrote the answer; the automation only delivers it.
      ctx.explain('sending the message the human agent wrote');
      const response: CustomerResponse = { responseMessage: humanMessage, responseType: 'solution_provision', tone: 'professional', nextActions: [], followUpRequired: false };
      return record(ctx, response, false, await sendToCustomer(ctx, humanMessage));
    }
    const answer = await ctx.connectors.reasoner.respond({
      ticket: ticketFacts(ctx.data),
      classification,
      analysis: null,
      decision: decision?.decision ?? 'no_escalation',
      escalating,
      ...(prep ? { teamName: ctx.policy.team(prep.targetTeam).name, expectedWait: humanDuration(ctx.policy.source.timings.follow_up_minutes[prep.urgencyLevel]) } : {}),
    });
    ctx.recordUsage(answer.usage, answer.fallbackReason);
    let response = answer.value;
    if (escalating) {
      // The policy's escalation message is the team's own words; it closes every handoff reply.
      const closing = renderTemplate(ctx.policy.source.escalation.customer_message, ctx.data as JsonObject).trim();
      if (closing && !response.responseMessage.includes(closing)) response = { ...response, responseMessage: `${response.responseMessage}\n\n${closing}` };
    }
    ctx.explain(`${response.responseType} reply (${response.tone}) by ${answer.source}`);
    return record(ctx, response, escalating, await sendToCustomer(ctx, response.responseMessage));
  },
  async fallback(ctx, error) {
    const escalating = view(ctx.data).escalationDecision?.escalationRecommended === true;
    const message = ctx.policy.source.on_error.respond;
    const response: CustomerResponse = { responseMessage: message, responseType: 'acknowledgment', tone: 'professional', nextActions: [], followUpRequired: false };
    let delivery: JsonObject | null = null;
    try {
      delivery = await sendToCustomer(ctx, message);
    } catch (sendError) {
      ctx.flag('customer_not_notified');
      ctx.explain(`the fallback reply could not be sent either: ${errorMessage(sendError)}`);
    }
    return record(ctx, response, escalating, delivery, { fallbackApplied: true, error: errorMessage(error) });
  },
});
