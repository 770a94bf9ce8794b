/**
 * What happened to a ticket after its decision, as evidence for whether a person was needed:
 * - the person's answer to `escalation_needed` (yes/no/unsure) on its resolved human task;
 * - **reopened**: the customer wrote again (not a satisfaction-survey answer) after the ticket was
 *   resolved: after `human.resolvedAt` when a person resolved it, or after the automation's answer
 *   when nobody was asked to. The store has no reopened flag; this is its definition;
 * - a low satisfaction score (1 or 2 of 5);
 * - escalated later, on a customer reply (`escalationDecision.after`).
 * An answer wins; without one, any of the three signals labels the ticket "needed". A ticket with no
 * answer and no signal is unlabelled: silence proves nothing.
 */
import type { JsonObject, Task } from '../engine/types.ts';
import type { HumanTaskStore } from '../human/types.ts';

/** The form field people answer (see DEFAULT_ESCALATION_FIELDS in src/human/input.ts). */
export const NEEDED_FIELD = 'escalation_needed';
/** Scores at or below this (of 5) count as low satisfaction. */
export const LOW_SATISFACTION = 2;

export type Label = 'needed' | 'unneeded';
export type Evidence = 'answered_yes' | 'answered_no' | 'reopened' | 'low_satisfaction' | 'escalated_on_reply';

export interface Signals {
  reopened: boolean;
  lowSatisfaction: boolean;
  escalatedOnReply: boolean;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The latest `escalation_needed` answer per pipeline task, read page by page from the inbox. */
export async function loadAnswers(store: HumanTaskStore, pageSize = 200): Promise<Map<string, 'yes' | 'no' | 'unsure'>> {
  const latest = new Map<string, { answer: 'yes' | 'no' | 'unsure'; at: number }>();
  for (let skip = 0; ; skip += pageSize) {
    const page = await store.list({ status: 'completed', limit: pageSize, skip });
    for (const task of page.items) {
      const answer = task.resolution?.fields[NEEDED_FIELD];
      if (!task.taskId || (answer !== 'yes' && answer !== 'no' && answer !== 'unsure')) continue;
      const at = task.resolution!.resolvedAt.getTime();
      const seen = latest.get(task.taskId);
      if (!seen || seen.at < at) latest.set(task.taskId, { answer, at });
    }
    if (page.items.length < pageSize) break;
  }
  return new Map([...latest.entries()].map(([id, { answer }]) => [id, answer]));
}

/** The outcome signals in a task's data. */
export function signalsOf(task: Task): Signals {
  const data = task.data;
  const history = (isObject(data.escalationAgent) && Array.isArray(data.escalationAgent.conversationHistory) ? data.escalationAgent.conversationHistory : []).filter(isObject);
  const human = isObject(data.human) ? data.human : null;
  const decision = isObject(data.escalationDecision) ? data.escalationDecision : null;
  const comesBack = (entry: JsonObject) => entry.role === 'customer' && entry.surveyAnswer !== true;
  let reopened = false;
  if (human && typeof human.resolvedAt === 'string') {
    const at = human.resolvedAt;
    reopened = history.some((entry) => comesBack(entry) && typeof entry.timestamp === 'string' && entry.timestamp > at);
  } else if (decision && decision.escalationRecommended !== true) {
    const firstAnswer = history.findIndex((entry) => entry.role === 'agent');
    reopened = firstAnswer >= 0 && history.slice(firstAnswer + 1).some(comesBack);
  }
  const tracking = isObject(data.outcomeTracking) ? data.outcomeTracking : null;
  const survey = tracking && isObject(tracking.satisfactionSurvey) ? tracking.satisfactionSurvey : null;
  const score = typeof survey?.score === 'number' ? survey.score : null;
  return {
    reopened,
    lowSatisfaction: score !== null && score <= LOW_SATISFACTION,
    escalatedOnReply: decision?.escalationRecommended === true && typeof decision.after === 'string',
  };
}

/** The label and what it rests on; null when nothing says either way. */
export function labelOf(answer: 'yes' | 'no' | 'unsure' | undefined, signals: Signals): { label: Label; evidence: Evidence } | null {
  if (answer === 'yes') return { label: 'needed', evidence: 'answered_yes' };
  if (answer === 'no') return { label: 'unneeded', evidence: 'answered_no' };
  if (signals.escalatedOnReply) return { label: 'needed', evidence: 'escalated_on_reply' };
  if (signals.reopened) return { label: 'needed', evidence: 'reopened' };
  if (signals.lowSatisfaction) return { label: 'needed', evidence: 'low_satisfaction' };
  return null;
}
