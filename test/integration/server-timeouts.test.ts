/**
 * Slow clients over real sockets on loopback: a stalled or trickling request is disconnected once the
 * request timeout passes, and a refused (401) caller's connection is closed after the answer.
 */
import { connect, type Socket } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type App } from '../../src/app.ts';
import { silentLogger } from '../../src/log.ts';
import { serve, type RunningServer } from '../../src/server/serve.ts';
import { API_TOKEN, WEBHOOK_TOKEN } from './server-harness.ts';

let dir: string;
let app: App;
let running: RunningServer;
let port: number;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'triage-timeouts-'));
  app = await startApp({
    env: {
      TRIAGE_DATA_DIR: dir,
      TRIAGE_API_TOKEN: API_TOKEN,
      TRIAGE_WEBHOOK_TOKEN: WEBHOOK_TOKEN,
      TRIAGE_REQUEST_TIMEOUT_MS: '300',
      // Far above the request timeout, so only the request timeout can explain a disconnect.
      TRIAGE_CONNECTION_TIMEOUT_MS: '20000',
      TRIAGE_HEADERS_TIMEOUT_MS: '20000',
    },
    log: silentLogger,
  });
  running = await serve(app, { port: 0, pollMs: 50 });
  port = Number(new URL(running.url).port);
});
afterAll(async () => {
  await running?.close();
  await app?.stop();
  await rm(dir, { recursive: true, force: true });
});

/** A connected socket that collects what it receives; `closed` resolves on 'close'. */
async function open(): Promise<{ socket: Socket; received: () => string; closed: Promise<void> }> {
  const socket = connect({ port, host: '127.0.0.1' });
  let data = '';
  socket.setEncoding('utf8').on('data', (chunk: string) => (data += chunk));
  socket.on('error', () => undefined);
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  return { socket, received: () => data, closed };
}

describe('slow clients', () => {
  it('the server applies the configured limits', () => {
    const http = running.server.server;
    expect(http.requestTimeout).toBe(300);
    expect(http.headersTimeout).toBe(300); // capped at the request timeout
    expect(http.keepAliveTimeout).toBe(5_000);
    expect(http.timeout).toBe(20_000);
  });

  it('disconnects a client that sent half a request line and then nothing', async () => {
    const { socket, received, closed } = await open();
    const started = Date.now();
    socket.write('GET /heal');
    await closed;
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(250);
    expect(elapsed).toBeLessThan(5_000);
    expect(received()).toMatch(/^HTTP\/1\.1 408/);
  });

  it('disconnects a client trickling its headers one byte at a time', async () => {
    const { socket, closed } = await open();
    const request = 'GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Padding: ' + 'a'.repeat(10_000);
    let i = 0;
    // Each byte keeps the socket active, so only the whole-request limit can end it.
    const trickle = setInterval(() => {
      if (!socket.destroyed && i < request.length) socket.write(request[i++]!);
    }, 20);
    try {
      await closed;
    } finally {
      clearInterval(trickle);
    }
    expect(i).toBeLessThan(request.length);
  });

  it('answers 401 with connection: close and closes the socket', async () => {
    const { socket, received, closed } = await open();
    socket.write('GET /api/tasks HTTP/1.1\r\nHost: localhost\r\n\r\n');
    await closed;
    const [head] = received().split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 401/);
    expect(head!.toLowerCase()).toContain('connection: close');
  });

  it('closes the socket after a 401 on a POST whose body was never read', async () => {
    const { socket, received, closed } = await open();
    const body = JSON.stringify({ id: 'T-1', description: 'x'.repeat(2_000) });
    socket.write(`POST /webhooks/tickets HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
    await closed;
    expect(received()).toMatch(/^HTTP\/1\.1 401/);
    expect(received().toLowerCase()).toContain('connection: close');
  });

  it('keeps an authorised keep-alive connection open for the next request', async () => {
    const { socket, received, closed } = await open();
    const answered = new Promise<void>((resolve) => socket.on('data', () => received().includes('\r\n\r\n') && resolve()));
    socket.write(`GET /api/tasks HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${API_TOKEN}\r\n\r\n`);
    await answered;
    expect(received()).toMatch(/^HTTP\/1\.1 200/);
    expect(received().toLowerCase()).toContain('connection: keep-alive');
    expect(socket.destroyed).toBe(false);
    socket.destroy();
    await closed;
  });
});
