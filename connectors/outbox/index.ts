/**
 * The outbox: what triage would send, written as files under `<dataDir>/outbox/` when a channel has no
 * credentials. A new user sees every effect (emails as real .eml files, API calls as the JSON request
 * the service would receive) without an account anywhere.
 *
 * Files are named by idempotency key and written once: a retried effect returns the first file.
 */
import { DEFAULT_FROM, toMailOptions } from '../email/message.ts';
import { hubspotContactBody, hubspotContactPath } from '../hubspot/payload.ts';
import { slackPostArguments } from '../slack/payload.ts';
import type {
  ChatConnector,
  ChatMessage,
  ContactUpdate,
  CrmConnector,
  Delivery,
  EmailConnector,
  EmailMessage,
  ReportSink,
  TicketingConnector,
  TicketUpdate,
} from '../types.ts';
import { zendeskTicketBody, zendeskTicketPath } from '../zendesk/payload.ts';
import { fileNameForKey } from './files.mjs';
import { outboxWriter, type OutboxWriter } from './writer.ts';

/** One recorded API call: the request the service would have received. */
export interface OutboxRequest {
  service: 'slack' | 'zendesk' | 'hubspot';
  method: 'POST' | 'PUT' | 'PATCH';
  path: string;
  body: unknown;
  idempotencyKey: string;
  recordedAt: string;
}

async function record(outbox: OutboxWriter, request: Omit<OutboxRequest, 'recordedAt'>): Promise<Delivery> {
  const file: OutboxRequest = { ...request, recordedAt: new Date().toISOString() };
  const relPath = `outbox/${request.service}/${fileNameForKey(request.idempotencyKey)}.json`;
  return { ref: await outbox.write(relPath, `${JSON.stringify(file, null, 2)}\n`) };
}

/** Emails as .eml files, composed by nodemailer exactly as the SMTP connector would send them (eml.mjs). */
export class OutboxEmailConnector implements EmailConnector {
  readonly kind = 'outbox';
  private readonly outbox: OutboxWriter;

  constructor(
    outbox: OutboxWriter | string,
    private readonly from: string = DEFAULT_FROM,
  ) {
    this.outbox = outboxWriter(outbox);
  }

  async send(message: EmailMessage, idempotencyKey: string): Promise<Delivery> {
    const relPath = `outbox/email/${fileNameForKey(idempotencyKey)}.eml`;
    return { ref: await this.outbox.writeEmail(relPath, toMailOptions(message, idempotencyKey, this.from)) };
  }
}

/** Slack `chat.postMessage` calls as JSON. */
export class OutboxChatConnector implements ChatConnector {
  readonly kind = 'outbox';
  private readonly outbox: OutboxWriter;
  constructor(outbox: OutboxWriter | string) {
    this.outbox = outboxWriter(outbox);
  }

  post(message: ChatMessage, idempotencyKey: string): Promise<Delivery> {
    return record(this.outbox, {
      service: 'slack',
      method: 'POST',
      path: '/api/chat.postMessage',
      body: slackPostArguments(message, idempotencyKey),
      idempotencyKey,
    });
  }
}

/** Zendesk ticket updates as JSON. */
export class OutboxTicketingConnector implements TicketingConnector {
  readonly kind = 'outbox';
  private readonly outbox: OutboxWriter;
  constructor(outbox: OutboxWriter | string) {
    this.outbox = outboxWriter(outbox);
  }

  update(update: TicketUpdate, idempotencyKey: string): Promise<Delivery> {
    return record(this.outbox, {
      service: 'zendesk',
      method: 'PUT',
      path: zendeskTicketPath(update.externalId),
      body: zendeskTicketBody(update),
      idempotencyKey,
    });
  }
}

/** HubSpot contact updates as JSON. */
export class OutboxCrmConnector implements CrmConnector {
  readonly kind = 'outbox';
  private readonly outbox: OutboxWriter;
  constructor(outbox: OutboxWriter | string) {
    this.outbox = outboxWriter(outbox);
  }

  updateContact(update: ContactUpdate, idempotencyKey: string): Promise<Delivery> {
    return record(this.outbox, {
      service: 'hubspot',
      method: 'PATCH',
      path: hubspotContactPath(update.contactId),
      body: hubspotContactBody(update),
      idempotencyKey,
    });
  }
}

/**
 * A report sink that can also keep the report as a page: one self-contained HTML file beside the
 * JSON, under the same idempotency key. Optional, so sinks that only take JSON stay valid.
 */
export interface HtmlReportSink extends ReportSink {
  writeHtml(taskId: string, page: string, idempotencyKey: string): Promise<Delivery>;
}

/** Per-ticket reports as JSON, one folder per task, and the same report as a page beside it (`.html`). */
export class FileReportSink implements HtmlReportSink {
  readonly kind = 'file';
  private readonly outbox: OutboxWriter;
  constructor(outbox: OutboxWriter | string) {
    this.outbox = outboxWriter(outbox);
  }

  private path(taskId: string, idempotencyKey: string, extension: 'json' | 'html'): string {
    return `outbox/reports/${fileNameForKey(taskId)}/${fileNameForKey(idempotencyKey)}.${extension}`;
  }

  async write(taskId: string, report: unknown, idempotencyKey: string): Promise<Delivery> {
    const content = `${JSON.stringify({ taskId, idempotencyKey, writtenAt: new Date().toISOString(), report }, null, 2)}\n`;
    return { ref: await this.outbox.write(this.path(taskId, idempotencyKey, 'json'), content) };
  }

  /** Written once per key like the JSON: a retried step finds the first page and keeps it. */
  async writeHtml(taskId: string, page: string, idempotencyKey: string): Promise<Delivery> {
    return { ref: await this.outbox.write(this.path(taskId, idempotencyKey, 'html'), page) };
  }
}
