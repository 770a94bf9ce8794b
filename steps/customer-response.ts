/**
 * Step 4: the customer's reply, in their language (replies/<code>.yaml, the policy's fallback otherwise).
 * Escalated: an acknowledgment naming the team and the wait. Otherwise a knowledge-base article when one
 * matches with enough confidence and the ticket asks rather than reports an incident; failing that, no
 * pretending: the ticket goes to the routed team's queue (a `review` human task, nobody paged) and the
 * reply says which team answers and by when. Sent once by email.
 */
import { fill, formatWait, type ReplyTemplates } from '../connectors/llm/replies.ts';
import type { CustomerResponse } from '../src/domain/assessment.ts';
import type { Queued } from '../src/domain/response-data.ts';
import { promiseFor, formatPromiseTime } from '../src/calendar/promise.ts';
import { raisePriority, type Priority, type UrgencyLevel } from '../src/domain/vocabulary.ts';
import { defineStep, type StepContext } from '../src/engine/step.ts';
import type { JsonObject } from '../src/engine/types.ts';
import { errorMessage } from '../src/errors.ts';
import { planInput, planReply, type ReplyPlan } from '../src/knowledge/plan.ts';
import { renderTemplate } from '../src/policy/template.ts';
import { callbackOffer } from './lib/callback-offer.ts';
import { buildContextPackage } from './lib/context-package.ts';
import { addMinutes, ticketFacts, view } from './lib/read.ts';

/** The inbox's queue method (src/human/service.ts); absent from the engine's opener type, so checked at run time. */
/** The templates for this task's customer: the classification's language, or the policy's fallback. */
function customerLanguage(ctx: StepContext): { language: string; templates: ReplyTemplates } {
  return ctx.policy.replies.resolve(view(ctx.data).support.classification?.language);
}

/**
 * The customer's subject, one line and short enough for a mail header (RFC 5322 caps a line at 998
 * characters; a ticket subject may be 1,000).
 */
function shortSubject(subject: string | undefined): string | undefined {
  if (subject === undefined) return undefined;
  const line = subject.replace(/\s+/g, ' ').trim();
  return line.length > 150 ? `${line.slice(0, 147)}...` : line;
}

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
  const fallbackSubject = customerLanguage(ctx).templates.subject_fallback;
  const delivery = await ctx.effect({ channel: 'email', name, target: t.customerEmail }, (key) =>
    ctx.connectors.email.send(
      {
        to: [t.customerEmail as string],
        subject: `Re: ${shortSubject(t.subject) ?? fallbackSubject.charAt(0).toUpperCase() + fallbackSubject.slice(1)} [${ticketId}]`,
        text: message,
        headers: { 'X-Triage-Ticket': ticketId },
      },
      key,
    ),
  );
  return { channel: 'email', to: t.customerEmail, ref: delivery.ref };
}

function record(ctx: StepContext, response: CustomerResponse, escalating: boolean, delivery: JsonObject | null, extra: JsonObject = {}, entry: JsonObject = {}): JsonObject {
  const d = view(ctx.data);
  const now = ctx.now();
  const history = d.escalationAgent?.conversationHistory ?? [];
  const started = d.escalationAgent?.startedAt ? Date.parse(d.escalationAgent.startedAt) : now.getTime();
  const result: JsonObject = {
    conversationResponse: { ...response, generatedAt: now.toISOString(), escalationPath: escalating, responseStrategy: d.handlingStrategy?.approach ?? null, delivery, ...extra },
    escalationAgent: {
      conversationHistory: [...history, { role: 'agent', content: response.responseMessage, timestamp: now.toISOString(), responseType: response.responseType, tone: response.tone, ...entry }] as unknown as JsonObject[],
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

/** A ticket put in its team's queue; the shape `conversationResponse.queued` stores. */
export type { Queued } from '../src/domain/response-data.ts';

/** Puts the ticket in the routed team's queue: a `review` human task, no Slack or email page. */
export async function enqueue(ctx: StepContext): Promise<Queued> {
  const d = view(ctx.data);
  const c = d.support.classification;
  const route = ctx.policy.route(c?.category ?? 'general_inquiry');
  const team = ctx.policy.team(route.team);
  const priority = raisePriority(c?.priority ?? 'medium', route.priority_boost);
  const minutes = ctx.policy.source.timings.respond_within_minutes[priority];
  // Due when the customer is told to expect an answer: on the team's calendar, not the wall clock.
  const dueAt = promiseFor(ctx.policy.source, route.team, priority, ctx.now(), minutes).at;
  const queue = route.queue ?? team.queue;
  const opener = ctx.humanTasks;
  let humanTaskId: string | null = null;
  if (opener?.openForQueue) {
    const ticketId = d.escalationAgent?.ticketId ?? d.support.ticket.id ?? ctx.taskId;
    const opened = await opener.openForQueue({
      taskId: ctx.taskId,
      title: `${ticketId}: ${d.support.ticket.subject ?? '(no subject)'}`.slice(0, 300),
      team: route.team,
      priority,
      queue,
      skillTags: route.skill_tags,
      context: buildContextPackage(ctx.data, ctx.policy),
      dueAt,
    });
    humanTaskId = opened.task._id;
    ctx.explain(`review task ${humanTaskId} ${opened.created ? 'opened' : 'already open'} in ${team.name}'s queue (${queue}), due ${dueAt.toISOString()}; nobody paged`);
  } else {
    ctx.explain('no human task inbox in this deployment: the queue is recorded on the task only');
  }
  return { team: route.team, teamName: team.name, queue, priority, minutes, dueAt: dueAt.toISOString(), humanTaskId };
}

/**
 * The ticket rests `waiting` on the review task like an escalation does (performance_analysis reads
 * awaitingHuman), marked `mode: queue` so human_handoff can still run if it is escalated later.
 */
export function queuedHandoff(ctx: StepContext, queued: Queued): JsonObject {
  return {
    mode: 'queue', handedOffAt: ctx.now().toISOString(), targetTeam: queued.team, teamName: queued.teamName, queue: queued.queue,
    priority: queued.priority, delivered: true, paged: false, contextTransferred: true, humanTaskId: queued.humanTaskId, awaitingHuman: true, dueAt: queued.dueAt,
  };
}

/** The team that takes over and when the customer hears back: the escalation's, or the queue's. */
export function whoAndWhen(
  ctx: StepContext, plan: ReplyPlan, escalation: { targetTeam: string; urgencyLevel: UrgencyLevel; priority: Priority } | undefined, queued: Queued | null,
): { teamName?: string; expectedWait?: string } {
  if (escalation) return { teamName: ctx.policy.team(escalation.targetTeam).name, expectedWait: promisedWait(ctx, plan, escalation.targetTeam, escalation.priority, ctx.policy.source.timings.follow_up_minutes[escalation.urgencyLevel]) };
  if (queued) return { teamName: queued.teamName, expectedWait: promisedWait(ctx, plan, queued.team, queued.priority, queued.minutes) };
  return {};
}

/**
 * The wait the customer is promised, from the team's calendar: "within 15 minutes" while the team
 * works the whole time, otherwise the time a person will be there ("by Tuesday 7 April, 09:15 BST").
 */
function promisedWait(ctx: StepContext, plan: ReplyPlan, team: string, priority: Priority, minutes: number): string {
  const promise = promiseFor(ctx.policy.source, team, priority, ctx.now(), minutes);
  const said = promise.withinMinutes !== null || !promise.zone
    ? formatWait(minutes, plan.templates)
    : fill(plan.templates.durations.by, { time: formatPromiseTime(promise.at, promise.zone, plan.language) });
  ctx.explain(`promised an answer ${said} (${promise.at.toISOString()}, on ${ctx.policy.team(team).name}'s calendar)`);
  return said;
}

/** What the conversation history keeps of a sent article, so the resolution check can trust it. */
export function historyEntry(ctx: StepContext, plan: ReplyPlan): JsonObject {
  const m = plan.mode === 'solution' ? plan.match : null;
  return m ? { knowledge: { articleId: m.article.id, confidence: m.confidence, threshold: ctx.policy.knowledge?.minConfidence ?? 1 } } : {};
}

/** What the run records about the knowledge-base search, also when its best article was not sent. */
export function knowledgeRecord(ctx: StepContext, plan: ReplyPlan): JsonObject | null {
  if (!plan.match) return null;
  const m = plan.match;
  return {
    articleId: m.article.id,
    articleLanguage: m.article.language,
    title: m.article.title,
    confidence: m.confidence,
    threshold: ctx.policy.knowledge?.minConfidence ?? null,
    sent: plan.mode === 'solution',
    runnerUp: m.runnerUp as unknown as JsonObject,
    unmatchedTerms: m.unmatched.slice(0, 20),
    excluded: m.excluded,
  };
}

export default defineStep({
  id: 'customer_response',
  title: 'Customer response in the customer\'s language: a knowledge-base answer, or the team and the wait',
  condition: { escalationDecision: { $type: 'object' }, conversationResponse: { $exists: false } },
  writes: ['conversationResponse', 'escalationAgent', 'followUpScheduled', 'handoffComplete'],
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
    const facts = ticketFacts(ctx.data);
    const plan = planReply(ctx.policy, { classification, text: `${facts.subject ?? ''}\n${facts.description}`, escalating });
    ctx.explain(`reply in ${plan.language}: ${plan.mode} (${plan.why})`);
    const t = plan.templates;
    // Queue first: the reply promises a team only once the team's queue holds the ticket.
    const queued = plan.mode === 'queued' || plan.mode === 'feature_request' ? await enqueue(ctx) : null;
    const answer = await ctx.connectors.reasoner.respond({
      ticket: facts,
      classification,
      analysis: null,
      decision: decision?.decision ?? 'no_escalation',
      escalating,
      ...planInput(plan),
      ...whoAndWhen(ctx, plan, escalating ? prep : undefined, queued),
    });
    let response = answer.value;
    if (escalating) {
      // The policy's escalation message is the team's own words, in the fallback language; other languages use their file's closing.
      const ticketId = d.escalationAgent?.ticketId ?? ctx.taskId;
      const closing = (plan.language === ctx.policy.replies.fallback ? renderTemplate(ctx.policy.source.escalation.customer_message, ctx.data as JsonObject) : fill(t.escalation.closing, { ticket_id: ticketId })).trim();
      if (closing && !response.responseMessage.includes(closing)) response = { ...response, responseMessage: `${response.responseMessage}\n\n${closing}` };
    }
    const offer = callbackOffer(ctx, plan, escalating ? prep : undefined, queued);
    if (offer) response = { ...response, responseMessage: `${response.responseMessage}\n\n${offer}` };
    ctx.explain(`${response.responseType} reply (${response.tone}) by ${answer.source}`);
    const knowledge = knowledgeRecord(ctx, plan);
    const extra: JsonObject = { mode: plan.mode, language: plan.language, knowledge, queued: queued as unknown as JsonObject, ...(offer ? { callbackOffered: true } : {}) };
    const result = record(ctx, response, escalating, await sendToCustomer(ctx, response.responseMessage), extra, historyEntry(ctx, plan));
    if (queued?.humanTaskId) result.handoffComplete = queuedHandoff(ctx, queued);
    return result;
  },
  async fallback(ctx, error) {
    const escalating = view(ctx.data).escalationDecision?.escalationRecommended === true;
    const { language, templates } = customerLanguage(ctx);
    // on_error.respond is the team's wording in the fallback language; other languages use their file.
    const message = language === ctx.policy.replies.fallback ? ctx.policy.source.on_error.respond : templates.on_error;
    const response: CustomerResponse = { responseMessage: message, responseType: 'acknowledgment', tone: 'professional', nextActions: [], followUpRequired: false };
    let delivery: JsonObject | null = null;
    try {
      delivery = await sendToCustomer(ctx, message);
    } catch (sendError) {
      ctx.flag('customer_not_notified');
      ctx.explain(`the fallback reply could not be sent either: ${errorMessage(sendError)}`);
    }
    return record(ctx, response, escalating, delivery, { fallbackApplied: true, error: errorMessage(error), language });
  },
});
