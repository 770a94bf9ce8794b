/**
 * Step 7: outcome tracking. Schedules the follow-ups that find out how the ticket ended: a resolution
 * check, a satisfaction survey and the final outcome analysis. The scheduler runs them and writes
 * their results into `outcomeTracking`.
 */
import { defineStep } from '../src/engine/step.ts';
import { addMinutes, view } from './lib/read.ts';

export default defineStep({
  id: 'outcome_tracking',
  title: 'Outcome tracking: resolution check, satisfaction survey and final analysis scheduled',
  condition: { contextPreservation: { $type: 'object' }, outcomeTracking: { $exists: false } },
  writes: ['outcomeTracking'],
  async run(ctx) {
    const timings = ctx.policy.source.timings;
    const now = ctx.now();
    const resolutionCheck = addMinutes(now, timings.resolution_check_minutes);
    const survey = addMinutes(now, timings.satisfaction_survey_minutes);
    const final = addMinutes(now, timings.outcome_analysis_minutes);
    const escalated = view(ctx.data).escalationDecision?.escalationRecommended === true;
    ctx.schedule('resolution_check', resolutionCheck, { escalated });
    if (view(ctx.data).support.ticket.customerEmail) ctx.schedule('satisfaction_survey', survey, {});
    else ctx.explain('no customer email: no satisfaction survey');
    ctx.schedule('outcome_analysis', final, {});
    ctx.explain(`follow-ups scheduled: resolution check ${resolutionCheck.toISOString()}, final analysis ${final.toISOString()}`);
    return {
      outcomeTracking: {
        trackingInitiated: now.toISOString(),
        monitoringPeriodHours: Math.round(timings.outcome_analysis_minutes / 60),
        trackingMethods: ['ticket_resolution', 'customer_feedback', 'agent_feedback'],
        outcomeMetrics: { resolutionTimeMs: null, customerSatisfaction: null, escalationAppropriate: null, resolved: null },
        feedbackSchedule: { resolutionCheck: resolutionCheck.toISOString(), satisfactionSurvey: survey.toISOString(), finalAnalysis: final.toISOString() },
      },
    };
  },
});
