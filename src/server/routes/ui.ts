/**
 * The web workspace under `/ui`: one encapsulated scope with its own body parser (HTML forms),
 * security headers, HTML error pages and static assets; each page family registers its routes from
 * `src/ui/pages/`.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorMessage, InputError } from '../../errors.ts';
import { asset } from '../../ui/assets.ts';
import { html } from '../../ui/html.ts';
import { layout } from '../../ui/layout.ts';
import { registerAnalyticsPages } from '../../ui/pages/analytics.ts';
import { registerInboxPages } from '../../ui/pages/inbox.ts';
import { registerLoginPages } from '../../ui/pages/login.ts';
import { registerPresencePages } from '../../ui/pages/presence.ts';
import { registerReportPages } from '../../ui/pages/report.ts';
import { registerTicketPages } from '../../ui/pages/ticket.ts';
import { registerUserPages } from '../../ui/pages/users.ts';
import type { RouteContext } from '../app.ts';
import { requireUtf8 } from '../body.ts';
import { HttpError } from '../errors.ts';
import { HumanTaskConflictError, HumanTaskNotFoundError } from '../../human/types.ts';

/** Scripts only from this origin and never inline; nothing may frame the pages. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "object-src 'none'",
].join('; ');

/** Parses an HTML form body into an object; a repeated name becomes an array. */
export function parseForm(text: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = Object.create(null);
  for (const [key, value] of new URLSearchParams(text)) {
    const previous = out[key];
    if (previous === undefined) out[key] = value;
    else out[key] = Array.isArray(previous) ? [...previous, value] : [previous, value];
  }
  return out;
}

function statusOf(error: unknown): number {
  if (error instanceof HttpError) return error.statusCode;
  if (error instanceof InputError) return 400;
  if (error instanceof HumanTaskConflictError) return 409;
  if (error instanceof HumanTaskNotFoundError) return 404;
  const code = (error as { statusCode?: number }).statusCode;
  return typeof code === 'number' && code >= 400 && code < 600 ? code : 500;
}

/** An error as the browser should see it: a page, or for htmx requests the fragment of its message. */
function sendError(request: FastifyRequest, reply: FastifyReply, error: unknown): FastifyReply {
  const status = statusOf(error);
  const message = status >= 500 ? 'Something went wrong on the server; the error is in its log.' : errorMessage(error);
  if (status >= 500) request.log.error({ err: error }, 'ui: request failed');
  if (error instanceof HttpError) reply.headers(error.headers);
  if (request.headers['hx-request'] === 'true') {
    return reply.code(status).type('text/html; charset=utf-8').send(html`<p class="flash error" role="alert">${message}</p>`.value);
  }
  const body = html`<h1>${status === 404 ? 'Not found' : status === 403 ? 'Not allowed' : status === 409 ? 'Conflict' : 'Something is wrong'}</h1>
    <p class="flash error" role="alert">${message}</p><p><a href="/ui">Back to the inbox</a></p>`;
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .send(layout({ title: `Error ${status}`, ...(request.principal ? { principal: request.principal } : {}), body }).value);
}

export function registerUi(server: FastifyInstance, context: RouteContext): void {
  server.register(async (scope) => {
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (request, body, done) => {
      request.rawBody = body as string;
      try {
        requireUtf8(request);
        done(null, parseForm(body as string));
      } catch (error) {
        done(error as Error, undefined);
      }
    });
    scope.addHook('onSend', async (_request, reply, payload) => {
      reply.header('x-content-type-options', 'nosniff');
      reply.header('referrer-policy', 'same-origin');
      reply.header('x-frame-options', 'DENY');
      const type = String(reply.getHeader('content-type') ?? '');
      if (type.startsWith('text/html')) {
        reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
        reply.header('cache-control', 'no-store');
      }
      return payload;
    });
    scope.setErrorHandler((error, request, reply) => sendError(request, reply, error));

    scope.get<{ Params: { name: string } }>('/ui/assets/:name', async (request, reply) => {
      const found = asset(request.params.name);
      if (!found) throw new HttpError(404, `no asset ${request.params.name}`);
      return reply.type(found.type).header('cache-control', 'public, max-age=3600').send(found.body);
    });

    registerLoginPages(scope, context);
    // Its hook (the header's presence) must be in place before the pages that draw the header.
    registerPresencePages(scope, context);
    registerUserPages(scope, context);
    registerInboxPages(scope, context);
    registerTicketPages(scope, context);
    registerReportPages(scope, context);
    registerAnalyticsPages(scope, context);
  });
}
