/**
 * Typed reads of the task data the steps share. `data` is untyped JSON; these views are inferred from
 * the task-data schema (src/domain), which the runner checks every step's patch against, so what a
 * step reads has the shape the schema says.
 */
import type { z } from 'zod';
import type { TicketFacts } from '../../connectors/llm/types.ts';
import type { escalationRiskSchema, sentimentAnalysisSchema } from '../../src/domain/analysis-data.ts';
import type { escalationDecisionSchema, escalationPreparationSchema } from '../../src/domain/decision-data.ts';
import { readTaskData, type TaskData } from '../../src/domain/task-data.ts';
import type { JsonObject } from '../../src/engine/types.ts';
import type { TicketInput } from '../../src/intake/ticket.ts';

export type { ConversationEntry } from '../../src/domain/support.ts';

/** The ticket fields the pipeline understands; anything else in `support.ticket` is kept as is. */
export type TicketView = TicketInput;
export type SentimentView = z.infer<typeof sentimentAnalysisSchema>;
export type RiskView = z.infer<typeof escalationRiskSchema>;
/** The decision itself; the step adds who decided, when and under which policy when it stores it. */
export type DecisionView = Pick<
  z.infer<typeof escalationDecisionSchema>,
  'decision' | 'escalationRecommended' | 'urgencyLevel' | 'primaryReason' | 'reasons' | 'confidence' | 'trigger'
>;
export type PreparationView = z.infer<typeof escalationPreparationSchema>;

/** A typed view of the fields steps write; `support.ticket` is there from submission on. */
export type TaskDataView = TaskData & { support: NonNullable<TaskData['support']> };

/** Reading it never changes `data`. */
export function view(data: Readonly<JsonObject>): TaskDataView {
  return readTaskData(data) as TaskDataView;
}

/** The ticket as the reasoner sees it, with later customer messages as follow-ups. */
export function ticketFacts(data: Readonly<JsonObject>): TicketFacts {
  const d = view(data);
  const t = d.support.ticket;
  const history = d.escalationAgent?.conversationHistory ?? [];
  const followUps = history.filter((entry) => entry.role === 'customer').slice(1).map((entry) => entry.content);
  return {
    id: t.id,
    subject: t.subject,
    description: t.description ?? t.message ?? '',
    channel: t.channel,
    customerTier: t.customerTier,
    accountValue: t.accountValue,
    previousTicketCount: t.previousTicketCount,
    supportHistory: t.supportHistory,
    escalationHistory: t.escalationHistory,
    ...(followUps.length > 0 ? { followUps } : {}),
  };
}

/** Minutes after `from`, as an ISO string. */
export function addMinutes(from: Date, minutes: number): Date {
  return new Date(from.getTime() + minutes * 60_000);
}

export function humanDuration(minutes: number): string {
  if (minutes <= 0) return 'right away';
  if (minutes < 60) return `within ${minutes} minutes`;
  const hours = Math.round(minutes / 60);
  return `within ${hours} hour${hours === 1 ? '' : 's'}`;
}
