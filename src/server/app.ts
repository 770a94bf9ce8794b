/**
 * The HTTP face of triage: webhooks, the REST API, health, metrics and the OpenAPI document, on one
 * Fastify instance built from the same `App` the CLI and the worker use. Building it starts nothing:
 * tests drive it with `inject()`, `serve.ts` makes it listen.
 */
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { App } from '../app.ts';
import type { Config } from '../config.ts';
import type { HumanTaskService } from '../human/types.ts';
import type { UserService } from '../users/types.ts';
import { MAX_TICKET_BYTES } from '../intake/ticket.ts';
import { installBodyParsers } from './body.ts';
import { installErrorHandlers } from './errors.ts';
import { createMetrics, type Metrics } from './metrics.ts';
import { openApiDocument } from './openapi.ts';
import { rateLimitOptions } from './rate-limit.ts';
import { registerCallbackRoutes } from './routes/callbacks.ts';
import { registerHealthRoutes, type SchedulerHealth } from './routes/health.ts';
import { registerHumanTaskRoutes } from './routes/human-tasks.ts';
import { registerTaskRoutes } from './routes/tasks.ts';
import { registerUi } from './routes/ui.ts';
import { registerUserRoutes } from './routes/users.ts';
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
  /** People, sessions and personal tokens; pages and per-user credentials need it. The app's by default. */
  users?: UserService;
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
  users: UserService | undefined;
  metrics: Metrics;
  now: () => Date;
}

/**
 * Deliberate limits for slow clients: Node and Fastify leave the request and connection timeouts off
 * and keep idle connections for 72 s, so trickling clients could hold sockets until the process ran out
 * of file descriptors. Node enforces the request and headers timeouts on a periodic sweep, so the sweep
 * runs often enough for the limit to mean what it says.
 */
export function httpLimits(config: Config) {
  const requestTimeout = config.TRIAGE_REQUEST_TIMEOUT_MS;
  // Node refuses a headers timeout longer than the request timeout.
  const headersTimeout = Math.min(config.TRIAGE_HEADERS_TIMEOUT_MS, requestTimeout);
  const connectionsCheckingInterval = Math.max(25, Math.min(1_000, Math.floor(headersTimeout / 4)));
  return {
    requestTimeout,
    connectionTimeout: config.TRIAGE_CONNECTION_TIMEOUT_MS,
    keepAliveTimeout: config.TRIAGE_KEEP_ALIVE_TIMEOUT_MS,
    http: { requestTimeout, headersTimeout, connectionsCheckingInterval, keepAliveTimeout: config.TRIAGE_KEEP_ALIVE_TIMEOUT_MS },
  };
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
    // Signed callback links carry their claims in the path (/callback/:token); Fastify's default is 100.
    routerOptions: { maxParamLength: 512 },
    ...httpLimits(app.config),
  });
  const metrics = deps.metrics ?? createMetrics();
  if (deps.humanTasks) metrics.attachHumanTasks(deps.humanTasks);
  server.decorate('metrics', metrics);
  server.decorateRequest('rawBody', undefined);
  installBodyParsers(server);
  installErrorHandlers(server, app.config, bodyLimit);

  const context: RouteContext = { app, humanTasks: deps.humanTasks, users: deps.users ?? app.users?.service, metrics, now: deps.now ?? (() => new Date()) };
  // Cookies are parsed for every route (sessions, the sign-in form's CSRF cookie); none is signed by
  // the plugin: the session cookie is a random id checked against the store.
  server.register(cookie);
  // Once closing, every answer tells the client not to reuse its connection, so a request that was
  // in flight when shutdown began does not leave a keep-alive connection behind it.
  let closing = false;
  server.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  server.addHook('onSend', async (_request, reply) => {
    if (closing) reply.header('connection', 'close');
  });

  const limits = rateLimitOptions(app.config);
  if (limits) server.register(rateLimit, limits);
  // Routes go in a plugin registered after the limiter, so its onRoute hook sees every one of them.
  server.register(async (routes) => {
    registerHealthRoutes(routes, context, deps.scheduler);
    registerTicketWebhook(routes, context);
    registerZendeskWebhook(routes, context);
    registerSlackWebhook(routes, context);
    registerTaskRoutes(routes, context);
    registerHumanTaskRoutes(routes, context);
    registerUserRoutes(routes, context);
    registerUi(routes, context);
    registerCallbackRoutes(routes, context);
    routes.get('/openapi.json', async () => openApiDocument(app.config.TRIAGE_PUBLIC_URL));
  });
  return server;
}
