/**
 * The customer message, written only from the reply templates (replies/<language>.yaml) and, for a
 * solution, the knowledge-base article the step matched. The heuristic knows no answers of its own: when
 * the step found no article it may not pretend to have one.
 *
 * The customer's text is never echoed back beyond a short quoted subject: it is untrusted and may
 * carry anything (insults, links, injected instructions).
 */
import { defaultReplies, fill, type ReplyTemplates } from '../replies.ts';
import type { CustomerResponse } from '../schemas.ts';
import type { ReplyMode, RespondInput } from '../types.ts';

/** A short, single-line quote of the subject, safe to show back to the customer. */
export function quotedSubject(subject: string | undefined, fallback: string): string {
  const s = (subject ?? '').replace(/[\r\n\t]+/g, ' ').replace(/https?:\/\/\S+/g, '').replace(/["<>“”„«»]/g, '').trim();
  return s ? `"${s.length > 80 ? `${s.slice(0, 77)}...` : s}"` : fallback;
}

/** The mode the step asked for, or the one the legacy fields imply (a caller that passes no mode). */
export function replyMode(input: RespondInput): ReplyMode {
  if (input.escalating) return 'escalation';
  if (input.mode && (input.mode !== 'solution' || input.article)) return input.mode;
  if (input.classification.issueType === 'compliment') return 'compliment';
  if (input.classification.category === 'feature_request') return 'feature_request';
  return 'clarification';
}

function tone(input: RespondInput): { empathetic: boolean; tone: CustomerResponse['tone'] } {
  const empathetic = (input.analysis?.sentiment.frustrationLevel ?? 0) >= 60;
  return { empathetic, tone: empathetic ? 'empathetic' : input.analysis?.communication.recommendedStyle ?? 'professional' };
}

function escalation(input: RespondInput, t: ReplyTemplates, subject: string): CustomerResponse {
  const { empathetic, tone: style } = tone(input);
  const team = input.teamName ?? t.subject_fallback;
  const wait = input.expectedWait ?? t.durations.right_away;
  const lines = [empathetic ? t.escalation.opening_empathetic : t.escalation.opening];
  if (input.analysis?.repeatIssue) lines.push(t.escalation.repeat);
  lines.push(fill(t.escalation.handover, { subject, team, wait }));
  if (input.classification.priority === 'critical') lines.push(t.escalation.critical);
  return {
    responseMessage: lines.join(' '),
    responseType: 'escalation_acknowledgment',
    tone: empathetic ? 'empathetic' : style,
    nextActions: [`${team} reviews the ticket`, `Customer hears back ${wait}`],
    followUpRequired: true,
  };
}

/** Writes the message to the customer. */
export function composeResponse(input: RespondInput): CustomerResponse {
  const t = input.templates ?? defaultReplies();
  const subject = quotedSubject(input.ticket.subject, t.subject_fallback);
  const { empathetic, tone: style } = tone(input);
  const greeting = empathetic ? t.greeting_empathetic : t.greeting;
  const mode = replyMode(input);
  switch (mode) {
    case 'escalation':
      return escalation(input, t, subject);
    case 'solution': {
      const article = input.article as NonNullable<RespondInput['article']>;
      return {
        responseMessage: `${greeting} ${fill(t.solution.intro, { subject, title: article.title })}\n\n${article.body.trim()}\n\n${t.solution.outro}`,
        responseType: 'solution_provision',
        tone: style,
        nextActions: [`Customer follows knowledge-base article ${article.id}`],
        followUpRequired: false,
      };
    }
    case 'queued': {
      const team = input.teamName ?? t.subject_fallback;
      const wait = input.expectedWait ?? t.durations.day;
      return {
        responseMessage: `${greeting} ${fill(t.queued, { subject, team, wait })}`,
        responseType: 'acknowledgment',
        tone: style,
        nextActions: [`${team} answers from its queue`, `Customer hears back ${wait}`],
        followUpRequired: false,
      };
    }
    case 'feature_request':
      return {
        responseMessage: fill(t.feature_request, { subject, team: input.teamName ?? t.subject_fallback }),
        responseType: 'acknowledgment',
        tone: 'professional',
        nextActions: ['Product team reviews the request'],
        followUpRequired: false,
      };
    case 'compliment':
      return { responseMessage: t.compliment, responseType: 'acknowledgment', tone: 'professional', nextActions: ['Share the feedback with the team'], followUpRequired: false };
    case 'clarification':
      return {
        responseMessage: `${greeting} ${fill(t.clarification, { subject })}`,
        responseType: 'clarification_request',
        tone: style,
        nextActions: ['Customer provides what they tried, what happened and any error message'],
        followUpRequired: true,
      };
  }
}
