/**
 * The nodemailer message built from an `EmailMessage`, shared by the SMTP connector and the outbox so
 * the .eml a new user sees is what the SMTP server would receive.
 */
import { createHash } from 'node:crypto';
import type Mail from 'nodemailer/lib/mailer/index.js';
import type { EmailMessage } from '../types.ts';

/** Used when EMAIL_FROM is not set (outbox only; the SMTP connector requires it). */
export const DEFAULT_FROM = 'triage@localhost';

function domainOf(address: string): string {
  const match = /@([^>\s]+)>?\s*$/.exec(address);
  return match?.[1] ?? 'triage.local';
}

/**
 * A stable Message-ID for an idempotency key: a retried send carries the same id, so a receiving
 * mail system (or a person's client) can recognise the duplicate.
 */
export function messageIdFor(idempotencyKey: string, from: string): string {
  const hash = createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32);
  return `<triage.${hash}@${domainOf(from)}>`;
}

/** The nodemailer options for `message`. */
export function toMailOptions(message: EmailMessage, idempotencyKey: string, from: string): Mail.Options {
  return {
    from,
    to: message.to,
    ...(message.cc?.length ? { cc: message.cc } : {}),
    subject: message.subject,
    text: message.text,
    ...(message.html !== undefined ? { html: message.html } : {}),
    messageId: messageIdFor(idempotencyKey, from),
    headers: { ...message.headers, 'X-Triage-Idempotency-Key': idempotencyKey },
    attachments: (message.attachments ?? []).map((attachment) => ({
      filename: attachment.filename,
      content: attachment.content,
      contentType: attachment.contentType,
    })),
  };
}
