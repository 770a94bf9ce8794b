/**
 * The person's presence in every page header: a scope hook looks it up for full pages (the layout
 * draws it), and `POST /ui/me/presence` changes it through the users service, the same call as
 * `PUT /api/me/presence`, so whatever the service does on a change (re-offering waiting tasks) happens
 * here too. A plain form POST that redirects back: it works without script.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { InputError } from '../../errors.ts';
import type { RouteContext } from '../../server/app.ts';
import { HttpError } from '../../server/errors.ts';
import { pageAuthHook, principalOf, requireCsrf } from '../../server/principal.ts';
import { PRESENCES, UserNotFoundError, type UserService } from '../../users/types.ts';
import { presenceView, rememberHeaderPresence } from '../views/presence.ts';
import { safeNext } from './login.ts';

/** Where the form sends the person back: the page they are on, without a one-time flash. */
function returnPath(request: FastifyRequest): string {
  let candidate: string | undefined;
  if (request.method === 'GET' || request.method === 'HEAD') candidate = request.url;
  else {
    // A page rendered in answer to a POST has no GET of its own URL; the page the form came from does.
    const referer = request.headers.referer;
    try {
      if (typeof referer === 'string') {
        const url = new URL(referer);
        if (url.host === request.headers.host) candidate = `${url.pathname}${url.search}`;
      }
    } catch {
      candidate = undefined;
    }
  }
  const next = safeNext(candidate);
  const [path, query] = next.split('?', 2) as [string, string | undefined];
  if (query === undefined) return path;
  const params = new URLSearchParams(query);
  params.delete('flash');
  const rest = params.toString();
  return rest ? `${path}?${rest}` : path;
}

export function registerPresencePages(scope: FastifyInstance, context: RouteContext): void {
  const users = (): UserService => {
    if (!context.users) throw new HttpError(503, 'users are not available on this server');
    return context.users;
  };

  // Runs after each route's authentication (onRequest); only full pages of people need it: htmx
  // fragments have no header, and the admin token is not a person.
  scope.addHook('preHandler', async (request) => {
    const principal = request.principal;
    if (!principal || principal.kind !== 'user' || !context.users) return;
    if (request.headers['hx-request'] === 'true' || request.url.startsWith('/ui/assets/')) return;
    try {
      const user = await context.users.get(principal.id);
      rememberHeaderPresence(principal, { ...presenceView(user, context.app.policy.source.teams, context.now()), returnTo: returnPath(request) });
    } catch (error) {
      // The header then goes without the control; the page itself still works.
      request.log.warn({ err: error, user: principal.username }, 'ui: presence for the header not found');
    }
  });

  scope.post('/ui/me/presence', { onRequest: pageAuthHook(context) }, async (request, reply) => {
    requireCsrf(request);
    const principal = principalOf(request);
    if (principal.kind !== 'user') throw new HttpError(403, 'the admin token is not a person and has no presence; sign in as a person to set yours');
    const body = (request.body ?? {}) as Record<string, unknown>;
    const value = body.presence;
    if (typeof value !== 'string') throw new InputError(`presence: choose one of ${PRESENCES.join(', ')}`, ['presence']);
    try {
      await users().setPresence(principal.id, value);
    } catch (error) {
      if (error instanceof UserNotFoundError) throw new HttpError(404, error.message, {}, { cause: error });
      if (error instanceof InputError) {
        throw new InputError(`cannot set presence to "${value.slice(0, 40)}": it must be one of ${PRESENCES.join(', ')}`, ['presence'], { cause: error });
      }
      throw error;
    }
    return reply.redirect(safeNext(body.next), 303);
  });
}
