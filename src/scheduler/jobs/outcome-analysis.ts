/**
 * Final outcome analysis (+72 h by default): how the ticket ended, how long it took, whether the
 * escalation decision held up. Written to `outcomeTracking.finalAnalysis` for the report.
 */
import { view } from '../../../steps/lib/read.ts';
import type { FollowUpJob } from './types.ts';
import { resolutionStatus } from './resolution-check.ts';
import { humanResolved, isObject } from './types.ts';

function time(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

export const outcomeAnalysis: FollowUpJob = {
  name: 'outcome_analysis',
  async run({ task, now }) {
    const d = view(task.data);
    const tracking = isObject(task.data.outcomeTracking) ? task.data.outcomeTracking : {};
    const check = isObject(tracking.resolutionCheck) ? tracking.resolutionCheck : null;
    const survey = isObject(tracking.satisfactionSurvey) ? tracking.satisfactionSurvey : null;
    const human = isObject(task.data.human) ? task.data.human : null;
    const escalated = d.escalationDecision?.escalationRecommended === true;
    const byHuman = humanResolved(task.data);
    // The same rule as the resolution check, applied now: an earlier "resolved" the customer has since
    // contradicted by writing back does not stand, and silence after an acknowledgment never counts.
    const status = resolutionStatus(task.data);
    const resolved = status === 'resolved_by_human' || status === 'resolved_by_automation';
    const queued = isObject(task.data.handoffComplete) && task.data.handoffComplete.mode === 'queue';
    const opened = task.meta.createdAt.getTime();
    const resolvedAt = time(human?.resolvedAt) ?? (resolved ? (time(check?.checkedAt) ?? now.getTime()) : null);
    const score = typeof survey?.score === 'number' ? survey.score : null;
    return {
      outcomeTracking: {
        finalAnalysis: {
          analyzedAt: now.toISOString(),
          resolved,
          status,
          resolvedBy: byHuman ? 'human' : resolved ? 'automation' : null,
          queued,
          resolutionTimeMs: resolvedAt === null ? null : Math.max(0, resolvedAt - opened),
          openForMs: now.getTime() - opened,
          escalated,
          escalatedTo: escalated ? (d.handoffComplete?.targetTeam ?? null) : null,
          queuedTo: queued ? (d.handoffComplete?.targetTeam ?? null) : null,
          handoffDelivered: escalated ? (d.handoffComplete?.delivered ?? null) : null,
          // An escalation a person resolved, or a self-service answer that held, was the right call.
          escalationAppropriate: escalated ? byHuman : resolved,
          surveySent: Boolean(survey?.sentAt),
          customerSatisfaction: score,
        },
        outcomeMetrics: {
          resolved,
          resolutionTimeMs: resolvedAt === null ? null : Math.max(0, resolvedAt - opened),
          customerSatisfaction: score,
          escalationAppropriate: escalated ? byHuman : resolved,
        },
      },
    };
  },
};
