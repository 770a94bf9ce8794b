/**
 * A real app (embedded store in a temp folder, example policy, outbox connectors), the real human task
 * inbox, and the server built over them, for `inject()` tests.
 */
import { createHmac } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { startApp, type App } from '../../src/app.ts';
import type { HumanTasks } from '../../src/human/wire.ts';
import type { Logger } from '../../src/log.ts';
import { silentLogger } from '../../src/log.ts';
import { buildServer, type ServerDeps } from '../../src/server/app.ts';
import { createMetrics, type Metrics } from '../../src/server/metrics.ts';

export const API_TOKEN = 'api-token-0123456789abcdef';
export const WEBHOOK_TOKEN = 'webhook-token-fedcba9876543210';
export const ZENDESK_SECRET = 'zendesk-secret-abcdefabcdef';
export const SLACK_SECRET = 'slack-signing-secret-123456';

export const api = { authorization: `Bearer ${API_TOKEN}` };
export const hook = { authorization: `Bearer ${WEBHOOK_TOKEN}` };

export interface ServerHarness {
  dir: string;
  app: App;
  human: HumanTasks;
  metrics: Metrics;
  server: FastifyInstance;
  close(): Promise<void>;
}

export async function startServerHarness(options: { env?: Record<string, string>; log?: Logger; deps?: Partial<ServerDeps> } = {}): Promise<ServerHarness> {
  const dir = await mkdtemp(join(tmpdir(), 'triage-server-'));
  const app = await startApp({
    env: {
      TRIAGE_DATA_DIR: dir,
      TRIAGE_LOG_LEVEL: 'silent',
      TRIAGE_API_TOKEN: API_TOKEN,
      TRIAGE_WEBHOOK_TOKEN: WEBHOOK_TOKEN,
      ZENDESK_WEBHOOK_SECRET: ZENDESK_SECRET,
      SLACK_SIGNING_SECRET: SLACK_SECRET,
      ...options.env,
    },
    log: options.log ?? silentLogger,
  });
  // The app owns the inbox; a second store over the same file would be a second writer.
  const human = app.humanTasks;
  const metrics = createMetrics({ defaultMetrics: false });
  const server = buildServer({ app, humanTasks: human.service, metrics, ...options.deps });
  return {
    dir,
    app,
    human,
    metrics,
    server,
    async close() {
      await server.close();
      await app.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Headers Zendesk would send for `body` at `timestamp`. */
export function zendeskHeaders(body: string, timestamp = new Date().toISOString(), secret = ZENDESK_SECRET): Record<string, string> {
  return {
    'content-type': 'application/json',
    'x-zendesk-webhook-signature-timestamp': timestamp,
    'x-zendesk-webhook-signature': createHmac('sha256', secret).update(timestamp + body).digest('base64'),
  };
}

/** A form body and headers Slack would send for `payload` at `seconds`. */
export function slackRequest(payload: unknown, seconds = Math.floor(Date.now() / 1000), secret = SLACK_SECRET): { payload: string; headers: Record<string, string> } {
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${seconds}:${body}`).digest('hex')}`;
  return {
    payload: body,
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(seconds), 'x-slack-signature': signature },
  };
}

/** Matches a JavaScript stack frame: no response may contain one. */
export const STACK_LINE = /\n\s+at .+\(?.+:\d+:\d+\)?/;
