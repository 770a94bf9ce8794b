/**
 * The satisfaction survey waits for a person: when its job fired while a human task was still open it
 * recorded `deferred`; once that person resolves the ticket, this schedules the survey again (after the
 * resolution-check delay, so the customer has read the answer first). The job still checks everything
 * when it runs, and its idempotency key keeps it to one email.
 */
import { defineStep } from '../src/engine/step.ts';
import { addMinutes } from './lib/read.ts';

export default defineStep({
  id: 'survey_after_human',
  title: 'Survey after a human resolution: the deferred satisfaction survey is scheduled again',
  condition: { 'outcomeTracking.satisfactionSurvey.status': 'deferred', 'human.resolved': true },
  writes: ['outcomeTracking'],
  async run(ctx) {
    const runAt = addMinutes(ctx.now(), ctx.policy.source.timings.resolution_check_minutes);
    ctx.schedule('satisfaction_survey', runAt, { after: 'human_resolution' });
    ctx.explain(`the person resolved the ticket: survey scheduled for ${runAt.toISOString()}`);
    return { outcomeTracking: { satisfactionSurvey: { status: 'rescheduled', rescheduledFor: runAt.toISOString() } } };
  },
});
