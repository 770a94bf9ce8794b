/**
 * Step 5: human handoff. Sends the team the whole context where it works (email with the context
 * package attached, a Slack message with a Claim button, the ticketing system's ticket), each exactly
 * once. If one channel fails the others still carry the handoff; if none does, the step fails and is
 * retried, and its fallback flags the task as a critical failure so nothing is dropped silently.
 */
import { handoffEmail, handoffSlackMessage } from '../connectors/render/index.ts';
import type { HandoffNotice } from '../connectors/types.ts';
import { defineStep, type StepContext } from '../src/engine/step.ts';
import type { JsonObject } from '../src/engine/types.ts';
import { errorMessage, isRetryable, NonRetryableError } from '../src/errors.ts';
import { buildHandoffNotice } from './lib/handoff-notice.ts';
import { addMinutes, view } from './lib/read.ts';

const ZENDESK_PRIORITY = { low: 'low', medium: 'normal', high: 'high', critical: 'urgent' } as const;

interface ChannelResult {
  channel: string;
  target: string;
  ref?: string;
  error?: string;
  retryable?: boolean;
}

async function attempt(channel: string, target: string, run: () => Promise<{ ref: string }>): Promise<ChannelResult> {
  try {
    return { channel, target, ref: (await run()).ref };
  } catch (error) {
    return { channel, target, error: errorMessage(error), retryable: isRetryable(error) };
  }
}

async function deliver(ctx: StepContext, notice: HandoffNotice): Promise<ChannelResult[]> {
  const policy = ctx.policy.source;
  const email = handoffEmail(notice);
  const results: ChannelResult[] = [];
  results.push(
    await attempt('email', notice.team.email, () =>
      ctx.effect({ channel: 'email', name: `handoff_email_${notice.team.id}`, target: notice.team.email }, (key) =>
        ctx.connectors.email.send({ to: [notice.team.email], cc: [policy.escalation.email], ...email }, key),
      ),
    ),
  );
  const channel = notice.team.slackChannel ?? policy.escalation.slack_channel;
  const slack = await attempt('slack', channel, () =>
    ctx.effect({ channel: 'slack', name: `handoff_slack_${notice.team.id}`, target: channel }, (key) =>
      ctx.connectors.chat.post({ channel, ...handoffSlackMessage(notice) }, key),
    ),
  );
  results.push(slack);
  if (slack.error && channel !== policy.escalation.slack_channel) {
    // The team's channel failed: the shared escalation channel is the second route.
    results.push(
      await attempt('slack', policy.escalation.slack_channel, () =>
        ctx.effect({ channel: 'slack', name: 'handoff_slack_escalation', target: policy.escalation.slack_channel }, (key) =>
          ctx.connectors.chat.post({ channel: policy.escalation.slack_channel, ...handoffSlackMessage(notice) }, key),
        ),
      ),
    );
  }
  const externalId = view(ctx.data).support.ticket.externalId;
  if (externalId) {
    const team = ctx.policy.team(notice.team.id);
    results.push(
      await attempt('ticketing', externalId, () =>
        ctx.effect({ channel: 'ticketing', name: 'handoff_ticket_update', target: externalId }, (key) =>
          ctx.connectors.ticketing.update(
            {
              externalId,
              status: 'open',
              priority: ZENDESK_PRIORITY[notice.priority],
              ...(team.zendesk_group_id ? { groupId: team.zendesk_group_id } : {}),
              tags: ['triage_escalated', notice.decision, ...notice.tags],
              internalNote: `Escalated to ${notice.team.name} (${notice.urgency}): ${notice.reason}`,
            },
            key,
          ),
        ),
      ),
    );
  }
  for (const teamId of view(ctx.data).escalationPreparation?.notifyTeams ?? []) {
    const other = ctx.policy.team(teamId);
    results.push(
      await attempt('email', other.email, () =>
        ctx.effect({ channel: 'email', name: `notify_email_${teamId}`, target: other.email }, (key) =>
          ctx.connectors.email.send({ to: [other.email], ...handoffEmail({ ...notice, team: { ...notice.team } }), subject: `[FYI ${other.name}] ${email.subject}` }, key),
        ),
      ),
    );
  }
  return results;
}

export default defineStep({
  id: 'human_handoff',
  title: 'Human handoff: the team gets the whole context by email, Slack and the ticketing system, once',
  condition: {
    'escalationDecision.escalationRecommended': true,
    escalationPreparation: { $type: 'object' },
    // First attempt, or the scheduler's retry of a handoff that no channel delivered, or a ticket that sat
    // in a team's queue (customer_response) and has since been escalated.
    $or: [{ handoffComplete: { $exists: false } }, { 'handoffComplete.delivered': false, 'handoffRetry.pending': true }, { 'handoffComplete.mode': 'queue' }],
  },
  writes: ['handoffComplete', 'escalationAgent', 'handoffRetry'],
  async run(ctx) {
    const prep = view(ctx.data).escalationPreparation;
    if (!prep) throw new NonRetryableError('escalationPreparation is missing');
    const notice = buildHandoffNotice(ctx, prep.targetTeam, ctx.settings.publicUrl);
    // The human task exists before any notification, so the Slack "Claim" button can name it.
    const opened = await ctx.humanTasks?.openForHandoff({
      taskId: ctx.taskId,
      title: `${notice.ticketId}: ${notice.subject}`.slice(0, 300),
      team: prep.targetTeam,
      priority: prep.priority,
      queue: prep.queue,
      skillTags: prep.skillTags,
      // Read back from stored JSON, so it is JSON; the schema's type is wider (open conversation entries).
      context: prep.contextPackage as JsonObject,
    });
    if (opened) {
      notice.humanTaskId = opened.task._id;
      ctx.explain(`human task ${opened.task._id} ${opened.created ? 'opened' : 'already open'} for ${notice.team.name}, due ${opened.task.dueAt.toISOString()}`);
    }
    const results = await deliver(ctx, notice);
    const reached = results.filter((r) => r.ref !== undefined && (r.channel === 'email' || r.channel === 'slack'));
    const failed = results.filter((r) => r.error !== undefined);
    for (const f of failed) ctx.explain(`${f.channel} to ${f.target} failed: ${f.error}`);
    if (reached.length === 0) {
      const message = `no channel reached ${notice.team.name}: ${failed.map((f) => `${f.channel}: ${f.error}`).join('; ')}`;
      throw failed.some((f) => f.retryable) ? new Error(message) : new NonRetryableError(message);
    }
    const now = ctx.now();
    const followUp = addMinutes(now, ctx.policy.source.timings.follow_up_minutes[prep.urgencyLevel]);
    ctx.schedule('handoff_follow_up', followUp, { team: prep.targetTeam, urgency: prep.urgencyLevel });
    ctx.explain(`handed off to ${notice.team.name} via ${reached.map((r) => `${r.channel} ${r.target}`).join(', ')}`);
    if (failed.length > 0) ctx.flag('handoff_channel_failed');
    if (ctx.meta.flags.includes('critical_failure')) {
      // critical_failure means "this ticket reached no one"; now it has, so the alert would only mislead
      // whoever works the flagged list. The recovered flag and the run records keep the history.
      ctx.unflag('critical_failure');
      ctx.flag('critical_failure_recovered');
      ctx.explain('the earlier critical failure is resolved: this retry reached the team');
    }
    const started = Date.parse(view(ctx.data).escalationAgent?.startedAt ?? now.toISOString());
    return {
      handoffComplete: {
        mode: 'escalation',
        paged: true,
        handedOffAt: now.toISOString(),
        targetTeam: prep.targetTeam,
        teamName: notice.team.name,
        queue: prep.queue,
        urgencyLevel: prep.urgencyLevel,
        priority: prep.priority,
        delivered: true,
        contextTransferred: true,
        humanTaskId: opened?.task._id ?? null,
        awaitingHuman: opened !== undefined,
        fallbackProcedure: failed.length > 0,
        deliveries: results,
        followUpScheduled: { scheduledFor: followUp.toISOString(), urgency: prep.urgencyLevel },
      },
      escalationAgent: { metrics: { ...(view(ctx.data).escalationAgent?.metrics ?? {}), escalationTimeMs: now.getTime() - started } },
      handoffRetry: { pending: false },
    };
  },
  fallback(ctx, error) {
    // Every channel failed for good. Flag it where operators look (task list, metrics, report) and
    // schedule another attempt; the ticket is not dropped.
    ctx.flag('critical_failure');
    const retryAt = addMinutes(ctx.now(), 15);
    ctx.schedule('handoff_retry', retryAt, { reason: errorMessage(error) });
    return {
      handoffComplete: {
        mode: 'escalation',
        handedOffAt: null,
        targetTeam: view(ctx.data).escalationPreparation?.targetTeam ?? null,
        delivered: false,
        contextTransferred: false,
        fallbackProcedure: true,
        error: errorMessage(error),
        retryScheduledFor: retryAt.toISOString(),
      },
      handoffRetry: { pending: false },
    };
  },
});
