/**
 * A real SMTP server on loopback (`smtp-server`) that checks AUTH, records envelopes and parses each
 * message with postal-mime. STARTTLS is disabled: the package's bundled certificate has expired, so
 * clients connect with `ignoreTLS`.
 */
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import PostalMime, { type Email } from 'postal-mime';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
  parsed: Email;
  user: string | undefined;
}

/** Misbehaviour at one stage of the next session(s): reject with an SMTP code, or stall. */
export interface SmtpFault {
  stage: 'connect' | 'mail' | 'rcpt' | 'data';
  responseCode?: number;
  message?: string;
  /** Stall this long before answering (longer than the client's timeout = a timeout). */
  delayMs?: number;
}

export class SmtpFake {
  readonly received: ReceivedMail[] = [];
  readonly authAttempts: { username: string; ok: boolean }[] = [];
  private readonly faults: SmtpFault[] = [];
  private server: SMTPServer | undefined;
  private port = 0;

  constructor(
    readonly username = 'triage',
    readonly password = 'smtp-fake-pass-9876',
  ) {}

  /** The value for SMTP_URL. */
  get url(): string {
    return `smtp://${encodeURIComponent(this.username)}:${encodeURIComponent(this.password)}@127.0.0.1:${this.port}`;
  }

  /** SMTP_URL with a wrong password. */
  urlWithPassword(password: string): string {
    return `smtp://${encodeURIComponent(this.username)}:${encodeURIComponent(password)}@127.0.0.1:${this.port}`;
  }

  get listeningPort(): number {
    return this.port;
  }

  /** The next session reaching `fault.stage` misbehaves. */
  inject(fault: SmtpFault): void {
    this.faults.push(fault);
  }

  private async fault(stage: SmtpFault['stage']): Promise<Error | undefined> {
    const index = this.faults.findIndex((fault) => fault.stage === stage);
    if (index < 0) return undefined;
    const [fault] = this.faults.splice(index, 1);
    if (!fault) return undefined;
    if (fault.delayMs) await sleep(fault.delayMs);
    if (fault.responseCode === undefined) return undefined;
    return Object.assign(new Error(fault.message ?? 'Rejected by fake'), { responseCode: fault.responseCode });
  }

  async start(): Promise<this> {
    const server = new SMTPServer({
      disabledCommands: ['STARTTLS'],
      authMethods: ['PLAIN', 'LOGIN'],
      // Plain-text AUTH without TLS is fine on loopback; the client still must authenticate.
      allowInsecureAuth: true,
      authOptional: false,
      logger: false,
      closeTimeout: 100,
      onConnect: (_session, callback) => {
        this.fault('connect').then((error) => callback(error ?? null), callback);
      },
      onAuth: (auth, _session, callback) => {
        const ok = auth.username === this.username && auth.password === this.password;
        this.authAttempts.push({ username: auth.username ?? '', ok });
        if (!ok) return callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
        callback(null, { user: auth.username });
      },
      onMailFrom: (_address, _session, callback) => {
        this.fault('mail').then((error) => callback(error ?? null), callback);
      },
      onRcptTo: (_address, _session, callback) => {
        this.fault('rcpt').then((error) => callback(error ?? null), callback);
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          void (async () => {
            const error = await this.fault('data');
            if (error) return callback(error);
            const parsed = await PostalMime.parse(raw);
            this.received.push({
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              to: session.envelope.rcptTo.map((r) => r.address),
              raw,
              parsed,
              user: typeof session.user === 'string' ? session.user : undefined,
            });
            callback(null, 'Queued as fake');
          })().catch(callback);
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    this.port = (server.server.address() as AddressInfo).port;
    this.server = server;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
