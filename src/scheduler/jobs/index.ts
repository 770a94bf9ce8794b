/** Every follow-up job the steps schedule, by the name they pass to `ctx.schedule`. */
import { callbackCheck } from './callback-check.ts';
import { callbackReminder } from './callback-reminder.ts';
import { followUp } from './follow-up.ts';
import { handoffFollowUp } from './handoff-follow-up.ts';
import { handoffRetry } from './handoff-retry.ts';
import { outcomeAnalysis } from './outcome-analysis.ts';
import { resolutionCheck } from './resolution-check.ts';
import { satisfactionSurvey } from './satisfaction-survey.ts';
import type { FollowUpJob } from './types.ts';

export type { FollowUpJob, JobContext, ScheduledJobData } from './types.ts';
export { surveyKey } from './satisfaction-survey.ts';

export const followUpJobs: readonly FollowUpJob[] = [handoffFollowUp, followUp, resolutionCheck, satisfactionSurvey, outcomeAnalysis, handoffRetry, callbackReminder, callbackCheck];
