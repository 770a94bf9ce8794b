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
