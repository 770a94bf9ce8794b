/**
 * The ordered step registry. On every pass the engine runs the first step whose condition matches,
 * so order breaks ties; each step's condition also names the field it writes, so it runs once.
 * The first eight are the spec's pipeline; the ones after them react to what happens later.
 */
import type { StepDefinition } from '../src/engine/step.ts';
import intakeClassification from './intake-classification.ts';
import sentimentComplexity from './sentiment-complexity.ts';
import escalationDecision from './escalation-decision.ts';
import customerResponse from './customer-response.ts';
import humanHandoff from './human-handoff.ts';
import contextPreservation from './context-preservation.ts';
import outcomeTracking from './outcome-tracking.ts';
import performanceAnalysis from './performance-analysis.ts';
import humanResolution from './human-resolution.ts';
import surveyReply from './survey-reply.ts';
import surveyAfterHuman from './survey-after-human.ts';
import customerReply from './customer-reply.ts';
import callbackBooking from './callback-booking.ts';

export const steps: readonly StepDefinition[] = [
  intakeClassification,
  sentimentComplexity,
  escalationDecision,
  customerResponse,
  humanHandoff,
  contextPreservation,
  outcomeTracking,
  performanceAnalysis,
  humanResolution,
  surveyAfterHuman,
  // Before customer_reply: an answer to the satisfaction survey is a score, not a support message.
  surveyReply,
  // Before customer_reply: a booked callback is handled even when a customer message waits too.
  callbackBooking,
  customerReply,
];
