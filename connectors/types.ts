/**
 * What steps can do to the outside world. Each channel is a narrow interface; the outbox
 * implementations (no credentials) and the real SDK ones plug in behind the same shape.
 *
 * Every call carries an idempotency key. Implementations that can use it to deduplicate on the
 * service's side do (outbox files are named by it); the engine records each key in `meta.effects`.
 */
import type { Reasoner } from './llm/types.ts';

export interface Attachment {
  filename: string;
  content: string;
  contentType: string;
}

export interface EmailMessage {
  to: string[];
  cc?: string[];
  subject: string;
  text: string;
  html?: string;
  attachments?: Attachment[];
  /** Extra headers, e.g. a ticket reference for threading. */
  headers?: Record<string, string>;
}

/** Where an effect went: an outbox file path or the service's message id. */
export interface Delivery {
  ref: string;
}

export interface EmailConnector {
  readonly kind: string;
  send(message: EmailMessage, idempotencyKey: string): Promise<Delivery>;
}

export interface ChatMessage {
  channel: string;
  text: string;
  /** Slack Block Kit blocks. */
  blocks?: unknown[];
  /** Searchable metadata used to reconcile a send whose outcome is unknown. */
  metadata?: { event_type: string; event_payload: Record<string, string> };
}

export interface ChatConnector {
  readonly kind: string;
  post(message: ChatMessage, idempotencyKey: string): Promise<Delivery>;
}

export interface TicketUpdate {
  externalId: string;
  status?: 'new' | 'open' | 'pending' | 'hold' | 'solved';
  priority?: 'low' | 'normal' | 'high' | 'urgent';
  groupId?: number;
  tags?: string[];
  internalNote?: string;
}

export interface TicketingConnector {
  readonly kind: string;
  update(update: TicketUpdate, idempotencyKey: string): Promise<Delivery>;
}

export interface ContactUpdate {
  contactId: string;
  properties: Record<string, string>;
}

export interface CrmConnector {
  readonly kind: string;
  updateContact(update: ContactUpdate, idempotencyKey: string): Promise<Delivery>;
}

/** Per-ticket reports written for AI-ops. */
export interface ReportSink {
  readonly kind: string;
  write(taskId: string, report: unknown, idempotencyKey: string): Promise<Delivery>;
}

export interface Connectors {
  reasoner: Reasoner;
  email: EmailConnector;
  chat: ChatConnector;
  ticketing: TicketingConnector;
  crm: CrmConnector;
  reports: ReportSink;
}

/**
 * Everything a handoff notification shows a person. Built by the handoff step from the task and the
 * policy (addresses and channels come from the policy's team entry, never from ticket text or the model).
 * All string fields may contain untrusted customer text: renderers escape them.
 */
export interface HandoffNotice {
  taskId: string;
  ticketId: string;
  humanTaskId?: string;
  subject: string;
  urgency: 'immediate' | 'urgent' | 'standard' | 'scheduled';
  priority: 'low' | 'medium' | 'high' | 'critical';
  decision: string;
  reason: string;
  team: { id: string; name: string; email: string; slackChannel?: string };
  customer: { id?: string; email?: string; tier?: string; accountValue?: number; previousTickets?: number };
  analysis: { category: string; complexity: string; frustrationLevel: number; overallRisk: number; specificIssue: string };
  aiNotes: string[];
  conversation: { role: string; content: string; at: string }[];
  recommendedActions: string[];
  communicationGuidance: string;
  tags: string[];
  /** Link to the task in the server's UI. */
  contextUrl: string;
  /** The full context package, attached as JSON. */
  contextPackage: Record<string, unknown>;
}
