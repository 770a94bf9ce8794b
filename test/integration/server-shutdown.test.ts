/**
 * Shutdown under load fits a container's stop grace period: close() drops idle keep-alive connections
 * at once, lets an in-flight request finish (and closes its connection), destroys what outlives the
 * grace period, and the worker claims nothing once stop is requested. Real sockets on loopback;
 * everything waits on events, not sleeps.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startApp, type App } from '../../src/app.ts';
import { silentLogger } from '../../src/log.ts';
import { serve, type RunningServer } from '../../src/server/serve.ts';
import { API_TOKEN, WEBHOOK_TOKEN } from './server-harness.ts';

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

async function start(env: Record<string, string> = {}): Promise<App> {
  const dir = await mkdtemp(path.join(tmpdir(), 'triage-shutdown-'));
  dirs.push(dir);
  return startApp({ env: { TRIAGE_DATA_DIR: dir, TRIAGE_API_TOKEN: API_TOKEN, TRIAGE_WEBHOOK_TOKEN: WEBHOOK_TOKEN, ...env }, log: silentLogger });
}

interface Client {
  socket: Socket;
  received: () => string;
  closed: Promise<void>;
  /** Resolves once a complete response head has arrived. */
  answered: Promise<void>;
}

async function open(running: RunningServer): Promise<Client> {
  const socket = connect({ port: Number(new URL(running.url).port), host: '127.0.0.1' });
  let data = '';
  let onAnswer: () => void = () => undefined;
  const answered = new Promise<void>((resolve) => (onAnswer = resolve));
  socket.setEncoding('utf8').on('data', (chunk: string) => {
    data += chunk;
    if (data.includes('\r\n\r\n')) onAnswer();
  });
  socket.on('error', () => undefined);
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  return { socket, received: () => data, closed, answered };
}

const ticketBody = (i: number) => JSON.stringify({ id: `SHUT-${i}`, subject: 'Invoice', description: `My invoice number ${i} shows the wrong amount, please check it.`, customerEmail: 'sam@example.com' });

describe('close() under load', () => {
  it('closes idle keep-alive connections at once, finishes an in-flight request, and claims no new task', async () => {
    const app = await start();
    let firstDriven: () => void = () => undefined;
    const driven = new Promise<void>((resolve) => (firstDriven = resolve));
    const running = await serve(app, { port: 0, pollMs: 20, onTaskDriven: () => firstDriven() });
    try {
      // A keep-alive connection that made one request and now sits idle.
      const idle = await open(running);
      idle.socket.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n');
      await idle.answered;
      expect(idle.received()).toMatch(/^HTTP\/1\.1 200/);
      expect(idle.received().toLowerCase()).toContain('connection: keep-alive');

      // A request in flight: headers parsed, half the body sent.
      const body = ticketBody(999);
      const inFlight = await open(running);
      const requestSeen = new Promise<void>((resolve) => running.server.server.once('request', () => resolve()));
      inFlight.socket.write(
        `POST /webhooks/tickets HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${WEBHOOK_TOKEN}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, 20)}`,
      );
      await requestSeen;

      // A backlog for the worker; close once it is driving.
      const total = 20;
      for (let i = 0; i < total; i++) await app.engine.submit(JSON.parse(ticketBody(i)), 'inbox');
      await driven;

      const processedAtClose = running.worker.processed();
      const started = Date.now();
      let closeResolved = false;
      const closing = running.close().then(() => (closeResolved = true));

      // The idle connection goes at once, while the in-flight request is still open.
      await idle.closed;
      expect(inFlight.socket.destroyed).toBe(false);
      expect(closeResolved).toBe(false);

      // The in-flight request completes, is answered, and its connection is closed after it.
      inFlight.socket.write(body.slice(20));
      await inFlight.closed;
      expect(inFlight.received()).toMatch(/^HTTP\/1\.1 202/);
      expect(inFlight.received().toLowerCase()).toContain('connection: close');

      await closing;
      expect(Date.now() - started).toBeLessThan(5_000);

      // At most the tasks in hand (one per lane) were finished after close was called; nothing else was claimed.
      const processed = running.worker.processed();
      expect(processed - processedAtClose).toBeLessThanOrEqual(app.config.TRIAGE_WORKER_CONCURRENCY);
      // (A driven task may rest `ready` again if a step backs off, hence the inequalities.)
      const touched = await app.store.count({ state: ['running', 'waiting', 'done', 'failed'] });
      expect(touched).toBeLessThanOrEqual(processed);
      const ready = await app.store.count({ state: 'ready' });
      expect(ready).toBeGreaterThanOrEqual(total + 1 - processed);
      expect(ready).toBeGreaterThan(total / 2);
      expect(await app.store.count({ state: 'running' })).toBe(0);
    } finally {
      await running.close();
      await app.stop();
    }
  }, 20_000);

  it('destroys a connection still open when the grace period ends', async () => {
    const app = await start({ TRIAGE_SHUTDOWN_GRACE_MS: '300' });
    const running = await serve(app, { port: 0, pollMs: 20 });
    try {
      const stuck = await open(running);
      const requestSeen = new Promise<void>((resolve) => running.server.server.once('request', () => resolve()));
      stuck.socket.write(
        `POST /webhooks/tickets HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${WEBHOOK_TOKEN}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"id":`,
      );
      await requestSeen;
      const started = Date.now();
      await Promise.all([running.close(), stuck.closed]);
      // Well below the 30 s request timeout: the grace period ended it.
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      await running.close();
      await app.stop();
    }
  }, 20_000);
});
