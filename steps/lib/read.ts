/**
 * Typed reads of the task data the steps share. `data` is untyped JSON; these views name the fields
 * earlier steps wrote, so later steps read them without casts everywhere.
 */
import type { TicketFacts } from '../../connectors/llm/types.ts';
import type { Analysis, Classification } from '../../connectors/llm/schemas.ts';
import type { JsonObject } from '../../src/engine/types.ts';

/** The ticket fields the pipeline understands; anything else in `support.ticket` is kept as is. */
export interface TicketView {
  id?: string;
  subject?: string;
  description?: string;
  message?: string;
  customerEmail?: string;
  channel?: string;
  customerId?: string;
  customerTier?: string;
  accountValue?: number;
  previousTicketCount?: number;
  supportHistory?: string[];
  escalationHistory?: string[];
  externalId?: string;
  hubspotContactId?: string;
}

export interface ConversationEntry {
  role: 'customer' | 'agent' | 'human';
  content: string;
  timestamp: string;
  channel?: string;
}

export interface SentimentView {
  overallSentiment: Analysis['sentiment']['overall'];
  frustrationLevel: number;
  communicationStyle: string;
  trajectory: string;
  complexityAssessment: Analysis['complexity'];
  riskFactors: Analysis['risk'];
  communicationPatterns: Analysis['communication'];
  repeatIssue: boolean;
  specificIssue: string;
  rationale: string[];
}

export interface RiskView {
  overall: number;
  sentiment: number;
  complexity: number;
  business: number;
  customer: number;
  technical: number;
}

export interface DecisionView {
  decision: string;
  escalationRecommended: boolean;
  urgencyLevel: 'immediate' | 'urgent' | 'standard' | 'scheduled';
  primaryReason: string;
  reasons: string[];
  confidence: number;
  trigger: { id: string; priority: 'low' | 'medium' | 'high' | 'critical'; tags: string[] } | null;
}

export interface PreparationView {
  targetTeam: string;
  notifyTeams: string[];
  queue: string;
  skillTags: string[];
  priority: 'low' | 'medium' | 'high' | 'critical';
  urgencyLevel: DecisionView['urgencyLevel'];
  estimatedHandoffTime: string;
  escalateAt: string;
  contextPackage: JsonObject;
}

/** A typed view of the fields steps write. Reading it never changes `data`. */
export interface TaskDataView {
  support: {
    ticket: TicketView;
    classification?: Classification & { requiresHumanReview?: boolean; classifiedAt?: string };
    customer?: { id?: string; email?: string; tier?: string; accountValue?: number; previousTickets: number; supportHistory: string[]; escalationHistory: string[] };
    routing?: { suggestedTeam: string; queue: string; skillTags: string[]; businessImpact: 'low' | 'medium' | 'high'; timeToRespondMinutes: number };
  };
  escalationAgent?: {
    ticketId: string;
    startedAt: string;
    conversationHistory: ConversationEntry[];
    assessment?: { analysis: Analysis; source: string } | null;
    metrics: Record<string, number | null>;
  };
  sentimentAnalysis?: SentimentView;
  escalationRisk?: RiskView;
  handlingStrategy?: { approach: string; estimatedResolutionTime: string; requiredExpertise: string; communicationStyle: string };
  immediateEscalation?: { required: boolean; reasons: string[] };
  escalationDecision?: DecisionView;
  escalationPreparation?: PreparationView;
  conversationResponse?: { responseMessage: string; escalationPath: boolean };
  handoffComplete?: { handedOffAt: string; targetTeam: string | null; delivered: boolean; fallbackProcedure: boolean; awaitingHuman?: boolean };
  contextPreservation?: JsonObject;
  outcomeTracking?: JsonObject;
  human?: JsonObject;
}

export function view(data: Readonly<JsonObject>): TaskDataView {
  return data as unknown as TaskDataView;
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
