/**
 * Email over SMTP with nodemailer. Configured by SMTP_URL (smtp://user:pass@host:port, or smtps:// for
 * implicit TLS) and EMAIL_FROM.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import { ConfigError, redact, type Config } from '../../src/config.ts';
import { NonRetryableError } from '../../src/errors.ts';
import type { Delivery, EmailConnector, EmailMessage } from '../types.ts';
import { toMailOptions } from './message.ts';

/** Options for tests and unusual servers; production uses the defaults. */
export interface SmtpOptions {
  /** Skip STARTTLS even when the server offers it (local test servers with self-signed certificates). */
  ignoreTLS?: boolean;
  /** Connection, greeting and socket timeouts in ms. */
  timeoutMs?: number;
}

type SmtpConfig = Pick<Config, 'SMTP_URL' | 'EMAIL_FROM'>;

interface SmtpFailure extends Error {
  code?: string;
  responseCode?: number;
  response?: string;
}

/**
 * `redact` plus the password on its own: SMTP_URL is redacted as a whole, but a server or library
 * may echo just the password (AUTH PLAIN decoding errors, logs).
 */
function redactSmtp(text: string, config: SmtpConfig): string {
  let out = redact(text, config);
  if (!config.SMTP_URL) return out;
  try {
    const raw = new URL(config.SMTP_URL).password;
    for (const secret of new Set([raw, decodeURIComponent(raw)])) {
      if (secret.length >= 4) out = out.split(secret).join('***');
    }
  } catch {
    // Not a URL: createSmtpEmailConnector refuses it before any send.
  }
  return out;
}

/** Maps a nodemailer failure to retryable / not retryable, naming the setting to fix. */
export function mapSmtpError(error: unknown, config: SmtpConfig): Error {
  const failure = (error instanceof Error ? error : new Error(String(error))) as SmtpFailure;
  const detail = redactSmtp(failure.response ?? failure.message, config);
  const cause = safeCause(failure, config);
  const code = failure.responseCode;
  if (failure.code === 'EAUTH' || failure.code === 'ENOAUTH' || code === 535 || code === 534 || code === 530) {
    return new NonRetryableError(`SMTP_URL credentials were rejected by the mail server (${detail})`, { cause });
  }
  if (failure.code === 'ETLS' || failure.code === 'EREQUIRETLS') {
    return new NonRetryableError(`TLS with the SMTP server failed; check the scheme and port in SMTP_URL (${detail})`, { cause });
  }
  // RFC 5321: 5yz is a permanent refusal (except 503, a session-state problem); 4yz is transient.
  if (code !== undefined && code >= 500 && code < 600 && code !== 503) {
    const what = failure.code === 'EENVELOPE' ? 'a sender or recipient' : 'the message';
    return new NonRetryableError(
      `the mail server refused ${what} (${detail}); check EMAIL_FROM and the team addresses in the policy`,
      { cause },
    );
  }
  if (code !== undefined) return new Error(`the mail server deferred the message (${detail}); will retry`, { cause });
  return new Error(`the SMTP server in SMTP_URL could not be reached (${failure.code ?? 'error'}: ${detail})`, { cause });
}

/** The original error with secrets removed, so logging a cause chain cannot leak SMTP_URL's password. */
function safeCause(failure: SmtpFailure, config: SmtpConfig): Error {
  const copy = new Error(redactSmtp(failure.message, config));
  copy.name = failure.name;
  copy.stack = redactSmtp(failure.stack ?? '', config);
  return Object.assign(copy, { code: failure.code, responseCode: failure.responseCode });
}

/** Sends each message over one connection per send; nothing connects until the first send. */
export class SmtpEmailConnector implements EmailConnector {
  readonly kind = 'smtp';

  constructor(
    private readonly transport: Transporter<SMTPTransport.SentMessageInfo>,
    private readonly from: string,
    private readonly config: SmtpConfig,
  ) {}

  async send(message: EmailMessage, idempotencyKey: string): Promise<Delivery> {
    try {
      const info = await this.transport.sendMail(toMailOptions(message, idempotencyKey, this.from));
      return { ref: info.messageId };
    } catch (error) {
      throw mapSmtpError(error, this.config);
    }
  }

  /** Closes pooled connections (none by default); for clean shutdown. */
  close(): void {
    this.transport.close();
  }
}

/** Validates SMTP_URL and EMAIL_FROM and builds the connector without connecting. */
export function createSmtpEmailConnector(config: SmtpConfig, options: SmtpOptions = {}): SmtpEmailConnector {
  if (!config.SMTP_URL) throw new ConfigError('SMTP_URL is not set');
  let url: URL;
  try {
    url = new URL(config.SMTP_URL);
  } catch {
    // The parse error quotes the URL, password included, so it is not kept as a cause.
    throw new ConfigError(`SMTP_URL is not a URL (${redactSmtp(config.SMTP_URL, config)})`);
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    throw new ConfigError(`SMTP_URL must start with smtp:// or smtps://, got ${url.protocol}//`);
  }
  if (!config.EMAIL_FROM) throw new ConfigError('EMAIL_FROM is required when SMTP_URL is set (the sender address)');
  if (!/^[^@\s<>]+@[^@\s<>]+$/.test(config.EMAIL_FROM.replace(/^.*<([^>]+)>\s*$/, '$1'))) {
    throw new ConfigError(`EMAIL_FROM is not an email address: ${config.EMAIL_FROM}`);
  }
  const timeout = options.timeoutMs ?? 30_000;
  const transport = nodemailer.createTransport({
    host: url.hostname,
    port: url.port ? Number(url.port) : url.protocol === 'smtps:' ? 465 : 587,
    secure: url.protocol === 'smtps:',
    ...(url.username
      ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } }
      : {}),
    ignoreTLS: options.ignoreTLS ?? false,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
    // nodemailer logs through console when `logger` is on; secrets in AUTH lines must never reach it.
    logger: false,
    debug: false,
  });
  return new SmtpEmailConnector(transport, config.EMAIL_FROM, config);
}
