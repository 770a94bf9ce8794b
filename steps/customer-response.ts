/**
 * Step 4: the customer's reply, in their language (replies/<code>.yaml, the policy's fallback otherwise).
 * Escalated: an acknowledgment naming the team and the wait. Otherwise a knowledge-base article when one
 * matches with enough confidence and the ticket asks rather than reports an incident; failing that, no
 * pretending: the ticket goes to the routed team's queue (a `review` human task, nobody paged) and the
 * reply says which team answers and by when. Sent once by email.
 */
import { fill, formatWait, type ReplyTemplates } from '../connectors/llm/replies.ts';
import type { CustomerResponse } from '../src/domain/assessment.ts';
import type { PromiseRecord, Queued } from '../src/domain/response-data.ts';
import { formatPromiseTime, promiseClock, promiseFor } from '../src/calendar/promise.ts';
import { callbackReason, queuedPromise, type QueuedPromise, type QueueSnapshot } from '../src/calendar/queue-estimate.ts';
import { raisePriority, type Priority, type UrgencyLevel } from '../src/domain/vocabulary.ts';
import { defineStep, type StepContext } from '../src/engine/step.ts';
import type { JsonObject } from '../src/engine/types.ts';
import { errorMessage } from '../src/errors.ts';
import { planInput, planReply, type ReplyPlan } from '../src/knowledge/plan.ts';
import { renderTemplate } from '../src/policy/template.ts';
import { buildContextPackage } from './lib/context-package.ts';
import { addMinutes, ticketFacts, view } from './lib/read.ts';

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

/** Who answers the customer, at what priority, by when, and in which words. */
export interface Promised {
  team: string;
  teamName: string;
  priority: Priority;
  /** The minutes the policy aims for (follow_up_minutes or respond_within_minutes). */
  minutes: number;
  promise: QueuedPromise;
  /** The wait as the reply says it: "within 2 hours", or "by Tuesday, April 7 at 10:00 AM GMT+1". */
  said: string;
}

/**
 * The promise for the escalation's team or the queue's: the later of the SLA minutes on the team's
 * calendar and the queue's estimate (tasks ahead, members available, handling time; see
 * src/calendar/queue-estimate.ts). A team that lists no members keeps the SLA promise; so does a
 * deployment without the inbox's queue reader, and a queue that cannot be read (the run says why).
 */
export async function promiseToCustomer(
  ctx: StepContext, plan: ReplyPlan, escalation: { targetTeam: string; urgencyLevel: UrgencyLevel; priority: Priority } | undefined, queued: Queued | null,
): Promise<Promised | null> {
  const target = escalation
    ? { team: escalation.targetTeam, priority: escalation.priority, minutes: ctx.policy.source.timings.follow_up_minutes[escalation.urgencyLevel] }
    : queued ? { team: queued.team, priority: queued.priority, minutes: queued.minutes } : null;
  if (!target) return null;
  const now = ctx.now();
  const teamName = ctx.policy.team(target.team).name;
  const sla = promiseFor(ctx.policy.source, target.team, target.priority, now, target.minutes);
  const clock = promiseClock(ctx.policy.source, target.team, target.priority);
  const members = ctx.policy.source.teams[target.team]?.members ?? [];
  let snapshot: QueueSnapshot | null = null;
  let withoutQueue = 'the team lists no members';
  if (members.length > 0 && !ctx.humanTasks?.queueFor) withoutQueue = 'no human task inbox to read the queue from';
  else if (members.length > 0 && ctx.humanTasks?.queueFor) {
    try {
      snapshot = await ctx.humanTasks.queueFor(target.team, target.priority, now, queued?.humanTaskId ?? null);
    } catch (error) {
      withoutQueue = `the queue could not be read (${errorMessage(error)})`;
    }
  }
  const promise = queuedPromise({
    now, sla, snapshot, withoutQueue,
    defaultHandlingMinutes: ctx.policy.source.timings.handling_minutes,
    add: clock.add,
    formatTime: (at) => formatPromiseTime(at, clock.zone ?? 'UTC', 'en'),
  });
  const said = promise.withinMinutes !== null || !promise.zone
    ? formatWait(promise.withinMinutes ?? target.minutes, plan.templates)
    : fill(plan.templates.durations.by, { time: formatPromiseTime(promise.at, promise.zone, plan.language) });
  ctx.explain(`promised an answer ${said} (${promise.at.toISOString()}, on ${teamName}'s calendar)`);
  ctx.explain(promise.explanation);
  return { ...target, teamName, promise, said };
}

/** The team that takes over and when the customer hears back, for the reasoner's reply. */
export function whoAndWhen(promised: Promised | null): { teamName?: string; expectedWait?: string } {
  return promised ? { teamName: promised.teamName, expectedWait: promised.said } : {};
}

/** What the response data keeps of the promise. */
export function promiseRecord(promised: Promised): PromiseRecord {
  const { promise } = promised;
  return {
    at: promise.at.toISOString(),
    said: promised.said,
    governedBy: promise.governedBy,
    slaAt: promise.sla.at.toISOString(),
    explanation: promise.explanation,
    queue: promise.queue ? { ...promise.queue, at: promise.queue.at.toISOString() } : null,
  };
}

/** A callback link went out on this ticket already (in any reply), or one is booked. */
export function callbackAlreadyOffered(data: Readonly<JsonObject>): boolean {
  const d = view(data);
  if ((data.conversationResponse as { callbackOffered?: unknown } | undefined)?.callbackOffered === true) return true;
  if (data.callback !== undefined && data.callback !== null) return true;
  return (d.escalationAgent?.conversationHistory ?? []).some((entry) => entry.role === 'agent' && (entry as { callbackOffered?: unknown }).callbackOffered === true);
}

/**
 * The callback sentence to append to a reply that promises a time, or null: offered when the promise
 * runs over the team's closed hours or the queue's wait is over `callbacks.offer_when_wait_over_minutes`,
 * once per ticket, and only where callbacks are on and the language has the sentence.
 */
export function callbackOffer(ctx: StepContext, plan: ReplyPlan, promised: Promised | null): string | null {
  const template = plan.templates.callback_offer;
  const link = ctx.settings.callbackLink;
  if (!template || !link || !promised) return null;
  const reason = callbackReason(promised.promise, ctx.policy.source.callbacks.offer_when_wait_over_minutes, false);
  if (!reason) return null;
  if (callbackAlreadyOffered(ctx.data)) {
    ctx.explain(`${reason}, but a callback was already offered on this ticket: no second link`);
    return null;
  }
  ctx.explain(`${reason}: the reply offers a callback link`);
  return fill(template, { link: link(ctx.taskId, ctx.now()) });
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
    const promised = await promiseToCustomer(ctx, plan, escalating ? prep : undefined, queued);
    const answer = await ctx.connectors.reasoner.respond({
      ticket: facts,
      classification,
      analysis: null,
      decision: decision?.decision ?? 'no_escalation',
      escalating,
      ...planInput(plan),
      ...whoAndWhen(promised),
    });
    let response = answer.value;
    if (escalating) {
      // The policy's escalation message is the team's own words, in the fallback language; other languages use their file's closing.
      const ticketId = d.escalationAgent?.ticketId ?? ctx.taskId;
      const closing = (plan.language === ctx.policy.replies.fallback ? renderTemplate(ctx.policy.source.escalation.customer_message, ctx.data as JsonObject) : fill(t.escalation.closing, { ticket_id: ticketId })).trim();
      if (closing && !response.responseMessage.includes(closing)) response = { ...response, responseMessage: `${response.responseMessage}\n\n${closing}` };
    }
    const offer = callbackOffer(ctx, plan, promised);
    if (offer) response = { ...response, responseMessage: `${response.responseMessage}\n\n${offer}` };
    ctx.explain(`${response.responseType} reply (${response.tone}) by ${answer.source}`);
    const knowledge = knowledgeRecord(ctx, plan);
    const extra: JsonObject = {
      mode: plan.mode, language: plan.language, knowledge, queued: queued as unknown as JsonObject,
      ...(offer ? { callbackOffered: true } : {}),
      ...(promised ? { promise: promiseRecord(promised) as unknown as JsonObject } : {}),
    };
    const entry: JsonObject = { ...historyEntry(ctx, plan), ...(offer ? { callbackOffered: true } : {}) };
    const result = record(ctx, response, escalating, await sendToCustomer(ctx, response.responseMessage), extra, entry);
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
