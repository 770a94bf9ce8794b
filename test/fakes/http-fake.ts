/**
 * The shared core of the HTTP fakes (Slack, Zendesk, HubSpot): a real `node:http` server on loopback
 * that records every request and can be told to misbehave for the next N matching requests.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export interface RecordedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  rawBody: string;
  /** JSON or form fields, parsed by the service's rules. */
  body: unknown;
}

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  /** Objects are sent as JSON; strings as they are (e.g. an HTML error page). */
  body?: unknown;
}

/**
 * Misbehaviour for matching requests. `delayMs` waits before answering (longer than the client's
 * timeout = a timeout); `close` destroys the connection without an answer.
 */
export interface Fault {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  delayMs?: number;
  close?: boolean;
  /** Only requests whose path contains this (or matches it) are affected. */
  path?: string | RegExp;
}

export abstract class HttpFake {
  readonly requests: RecordedRequest[] = [];
  private server: Server | undefined;
  private faults: { fault: Fault; remaining: number }[] = [];
  private port = 0;

  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  get url(): string {
    if (!this.server) throw new Error('fake server not started');
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    const server = createServer((req, res) => {
      this.dispatch(req, res).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(error));
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    // Delayed replies hold connections open; a fake must not keep a test run alive.
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The next `times` matching requests get `fault` instead of the normal answer. */
  inject(fault: Fault, times = 1): void {
    this.faults.push({ fault, remaining: times });
  }

  /** Forgets recorded requests and pending faults (service state is kept). */
  reset(): void {
    this.requests.length = 0;
    this.faults = [];
  }

  /** Parses the body by the service's rules; JSON by default. */
  protected parseBody(raw: string, _headers: IncomingHttpHeaders): unknown {
    if (!raw) return undefined;
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      return raw;
    }
  }

  /** The service's normal answer to `request`. */
  protected abstract handle(request: RecordedRequest): Reply | Promise<Reply>;

  private takeFault(path: string): Fault | undefined {
    const index = this.faults.findIndex(({ fault }) =>
      fault.path === undefined ? true : typeof fault.path === 'string' ? path.includes(fault.path) : fault.path.test(path),
    );
    if (index < 0) return undefined;
    const entry = this.faults[index];
    if (!entry) return undefined;
    entry.remaining -= 1;
    if (entry.remaining <= 0) this.faults.splice(index, 1);
    return entry.fault;
  }

  private async dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://fake');
    const request: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      rawBody,
      body: this.parseBody(rawBody, req.headers),
    };
    this.requests.push(request);
    const fault = this.takeFault(request.path);
    if (fault?.delayMs) await sleep(fault.delayMs);
    if (fault?.close) {
      req.socket.destroy();
      return;
    }
    const reply: Reply =
      fault?.status !== undefined ? { status: fault.status, headers: fault.headers, body: fault.body } : await this.handle(request);
    send(res, reply);
  }
}

function send(res: ServerResponse, reply: Reply): void {
  if (res.destroyed) return;
  const isText = typeof reply.body === 'string';
  const payload = reply.body === undefined ? '' : isText ? (reply.body as string) : JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    ...(payload ? { 'content-type': isText ? 'text/html; charset=utf-8' : 'application/json; charset=utf-8' } : {}),
    ...reply.headers,
  });
  res.end(payload);
}

/** A value from the `Authorization: Bearer <token>` header, if any. */
export function bearerToken(headers: IncomingHttpHeaders): string | undefined {
  const match = /^Bearer\s+(.+)$/i.exec(headers.authorization ?? '');
  return match?.[1];
}
