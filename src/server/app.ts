/**
 * The HTTP face of triage: webhooks, the REST API, health, metrics and the OpenAPI document, on one
 * Fastify instance built from the same `App` the CLI and the worker use. Building it starts nothing:
 * tests drive it with `inject()`, `serve.ts` makes it listen.
 */
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { App } from '../app.ts';
import type { HumanTaskService } from '../human/types.ts';
import { MAX_TICKET_BYTES } from '../intake/ticket.ts';
import { installBodyParsers } from './body.ts';
import { installErrorHandlers } from './errors.ts';
import { createMetrics, type Metrics } from './metrics.ts';
import { openApiDocument } from './openapi.ts';
import { registerHealthRoutes, type SchedulerHealth } from './routes/health.ts';
import { registerHumanTaskRoutes } from './routes/human-tasks.ts';
import { registerTaskRoutes } from './routes/tasks.ts';
import { registerSlackWebhook } from './routes/webhooks-slack.ts';
import { registerTicketWebhook } from './routes/webhooks-tickets.ts';
import { registerZendeskWebhook } from './routes/webhooks-zendesk.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The body exactly as received, for signature checks. */
    rawBody?: string;
  }
  interface FastifyInstance {
    metrics: Metrics;
  }
}

/** Everything the server needs; only `app` is required. */
export interface ServerDeps {
  app: App;
  /** The human task inbox; its routes and the Slack Claim button answer 503 without it. */
  humanTasks?: HumanTaskService;
  /** Reported by `/healthz` when given. */
  scheduler?: SchedulerHealth;
  /** Shared with the worker so it can report driven tasks; created when absent. */
  metrics?: Metrics;
  /** The clock for signature replay windows. */
  now?: () => Date;
  /** Largest request body in bytes (413 beyond it). */
  bodyLimit?: number;
}

/** Room for a maximal ticket plus a wrapper around it. */
export const DEFAULT_BODY_LIMIT = MAX_TICKET_BYTES * 2;

/** Shared by the route modules. */
export interface RouteContext {
  app: App;
  humanTasks: HumanTaskService | undefined;
  metrics: Metrics;
  now: () => Date;
}

/** Builds the server with every route; call `listen()` or `inject()` on it. */
export function buildServer(deps: ServerDeps): FastifyInstance {
  const { app } = deps;
  const bodyLimit = deps.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const server = Fastify({
    // Fastify's request serializer logs method and URL only, never headers, so tokens stay out of logs.
    loggerInstance: app.log as unknown as FastifyBaseLogger,
    bodyLimit,
    // One line per request is for debugging; at info the log carries what the routes themselves say.
    logController: new LogController({ disableRequestLogging: !['debug', 'trace'].includes(app.config.TRIAGE_LOG_LEVEL) }),
    return503OnClosing: true,
  });
  const metrics = deps.metrics ?? createMetrics();
  if (deps.humanTasks) metrics.attachHumanTasks(deps.humanTasks);
  server.decorate('metrics', metrics);
  server.decorateRequest('rawBody', undefined);
  installBodyParsers(server);
  installErrorHandlers(server, app.config, bodyLimit);

  const context: RouteContext = { app, humanTasks: deps.humanTasks, metrics, now: deps.now ?? (() => new Date()) };
  registerHealthRoutes(server, context, deps.scheduler);
  registerTicketWebhook(server, context);
  registerZendeskWebhook(server, context);
  registerSlackWebhook(server, context);
  registerTaskRoutes(server, context);
  registerHumanTaskRoutes(server, context);
  server.get('/openapi.json', async () => openApiDocument(app.config.TRIAGE_PUBLIC_URL));
  return server;
}
