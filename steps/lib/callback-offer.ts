/**
 * The callback offer in the customer's reply: when the answer is promised for a time outside the
 * team's hours (the promise is said as a time, not a wait), the reply ends with the language's
 * `callback_offer` sentence and a signed link to book a call. No link (callbacks off), no template
 * in the language, or a promise kept inside open hours: no offer.
 */
import { fill } from '../../connectors/llm/replies.ts';
import { promiseFor } from '../../src/calendar/promise.ts';
import type { Priority, UrgencyLevel } from '../../src/domain/vocabulary.ts';
import type { Queued } from '../../src/domain/response-data.ts';
import type { StepContext } from '../../src/engine/step.ts';
import type { ReplyPlan } from '../../src/knowledge/plan.ts';

/** The sentence to append, or null when no callback is offered. Mirrors whoAndWhen's choice of team and wait. */
export function callbackOffer(
  ctx: StepContext, plan: ReplyPlan, escalation: { targetTeam: string; urgencyLevel: UrgencyLevel; priority: Priority } | undefined, queued: Queued | null,
): string | null {
  const template = plan.templates.callback_offer;
  const link = ctx.settings.callbackLink;
  if (!template || !link) return null;
  const promised = escalation
    ? { team: escalation.targetTeam, priority: escalation.priority, minutes: ctx.policy.source.timings.follow_up_minutes[escalation.urgencyLevel] }
    : queued ? { team: queued.team, priority: queued.priority, minutes: queued.minutes } : null;
  if (!promised) return null;
  const promise = promiseFor(ctx.policy.source, promised.team, promised.priority, ctx.now(), promised.minutes);
  if (promise.withinMinutes !== null || !promise.zone) return null;
  ctx.explain('the answer is promised outside the team\'s hours: the reply offers a callback link');
  return fill(template, { link: link(ctx.taskId, ctx.now()) });
}
