/**
 * The outbox: what triage would send, written as files under `<dataDir>/outbox/` when a channel has no
 * credentials. A new user sees every effect (emails as real .eml files, API calls as the JSON request
 * the service would receive) without an account anywhere.
 *
 * Files are named by idempotency key and written once: a retried effect returns the first file.
 */
import nodemailer from 'nodemailer';
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
import { fileNameForKey, writeOnce } from './files.ts';

/** One recorded API call: the request the service would have received. */
export interface OutboxRequest {
  service: 'slack' | 'zendesk' | 'hubspot';
  method: 'POST' | 'PUT' | 'PATCH';
  path: string;
  body: unknown;
  idempotencyKey: string;
  recordedAt: string;
}

async function record(dataDir: string, request: Omit<OutboxRequest, 'recordedAt'>): Promise<Delivery> {
  const file: OutboxRequest = { ...request, recordedAt: new Date().toISOString() };
  const relPath = `outbox/${request.service}/${fileNameForKey(request.idempotencyKey)}.json`;
  return { ref: await writeOnce(dataDir, relPath, `${JSON.stringify(file, null, 2)}\n`) };
}

/** Emails as .eml files, composed by nodemailer exactly as the SMTP connector would send them. */
export class OutboxEmailConnector implements EmailConnector {
  readonly kind = 'outbox';
  // A stream transport only composes MIME; creating it opens nothing.
  private readonly transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });

  constructor(
    private readonly dataDir: string,
    private readonly from: string = DEFAULT_FROM,
  ) {}

  async send(message: EmailMessage, idempotencyKey: string): Promise<Delivery> {
    const relPath = `outbox/email/${fileNameForKey(idempotencyKey)}.eml`;
    const info = await this.transport.sendMail(toMailOptions(message, idempotencyKey, this.from));
    const mime = info.message as unknown as Buffer;
    return { ref: await writeOnce(this.dataDir, relPath, mime) };
  }
}

/** Slack `chat.postMessage` calls as JSON. */
export class OutboxChatConnector implements ChatConnector {
  readonly kind = 'outbox';
  constructor(private readonly dataDir: string) {}

  post(message: ChatMessage, idempotencyKey: string): Promise<Delivery> {
    return record(this.dataDir, {
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
  constructor(private readonly dataDir: string) {}

  update(update: TicketUpdate, idempotencyKey: string): Promise<Delivery> {
    return record(this.dataDir, {
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
  constructor(private readonly dataDir: string) {}

  updateContact(update: ContactUpdate, idempotencyKey: string): Promise<Delivery> {
    return record(this.dataDir, {
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
  constructor(private readonly dataDir: string) {}

  private path(taskId: string, idempotencyKey: string, extension: 'json' | 'html'): string {
    return `outbox/reports/${fileNameForKey(taskId)}/${fileNameForKey(idempotencyKey)}.${extension}`;
  }

  async write(taskId: string, report: unknown, idempotencyKey: string): Promise<Delivery> {
    const content = `${JSON.stringify({ taskId, idempotencyKey, writtenAt: new Date().toISOString(), report }, null, 2)}\n`;
    return { ref: await writeOnce(this.dataDir, this.path(taskId, idempotencyKey, 'json'), content) };
  }

  /** Written once per key like the JSON: a retried step finds the first page and keeps it. */
  async writeHtml(taskId: string, page: string, idempotencyKey: string): Promise<Delivery> {
    return { ref: await writeOnce(this.dataDir, this.path(taskId, idempotencyKey, 'html'), page) };
  }
}
