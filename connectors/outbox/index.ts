/**
 * The outbox: what triage would send, written as files under `<dataDir>/outbox/` when a channel has no
 * credentials. A new user sees every effect (emails as real .eml files, API calls as the JSON request
 * the service would receive) without an account anywhere.
 *
 * Files are named by idempotency key and written once: a retried effect returns the first file.
 */
import MailComposer from 'nodemailer/lib/mail-composer';
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

/**
 * `buffer` with every line feed not preceded by a carriage return turned into CR LF: what nodemailer's
 * `newline: 'windows'` stream transform (LeWindows) does, over the whole message at once.
 */
export function windowsNewlines(buffer: Buffer): Buffer {
  let bare = 0;
  for (let i = buffer.indexOf(0x0a); i !== -1; i = buffer.indexOf(0x0a, i + 1)) if (i === 0 || buffer[i - 1] !== 0x0d) bare++;
  if (bare === 0) return buffer;
  const out = Buffer.allocUnsafe(buffer.length + bare);
  let at = 0;
  let from = 0;
  for (let i = buffer.indexOf(0x0a); i !== -1; i = buffer.indexOf(0x0a, i + 1)) {
    if (i > 0 && buffer[i - 1] === 0x0d) continue;
    at += buffer.copy(out, at, from, i);
    out[at++] = 0x0d;
    out[at++] = 0x0a;
    from = i + 1;
  }
  buffer.copy(out, at, from);
  return out;
}

/**
 * Emails as .eml files, composed by nodemailer exactly as the SMTP connector would send them.
 *
 * The MIME is built by nodemailer's own MailComposer, which is what `sendMail` on a stream transport
 * ({ streamTransport: true, buffer: true, newline: 'windows' }) runs too, without the transport's plugin
 * pass (none is registered; data URLs are not inlined unless asked), its logging and its extra stream
 * for line endings (applied to the built message instead): the same bytes at about half the cost.
 */
export class OutboxEmailConnector implements EmailConnector {
  readonly kind = 'outbox';

  constructor(
    private readonly dataDir: string,
    private readonly from: string = DEFAULT_FROM,
  ) {}

  async send(message: EmailMessage, idempotencyKey: string): Promise<Delivery> {
    const relPath = `outbox/email/${fileNameForKey(idempotencyKey)}.eml`;
    const node = new MailComposer(toMailOptions(message, idempotencyKey, this.from)).compile();
    // As the stream transport does: a written-out message keeps every header it was given.
    node.keepBcc = true;
    const mime = windowsNewlines(await node.build());
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
