/**
 * REST over users (admins and the admin token only): list, read, create, change, disable, and
 * personal API tokens (the secret is in the creation answer only). `GET /api/me` tells any caller
 * who it is signed in as (and a browser its CSRF token). Presence (`PUT .../presence`) is also open
 * to the person themselves and to leads of their teams.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { PRESENCES, UserNotFoundError, type UserService } from '../../users/types.ts';
import type { RouteContext } from '../app.ts';
import { HttpError } from '../errors.ts';
import { apiAuthHook, canSeeTeam, csrfToken, isAdmin, principalOf, requireCsrf } from '../principal.ts';
import { parseWith } from './tasks.ts';

export const userListQuery = z.object({
  team: z.string().trim().min(1).max(100).optional(),
  includeDisabled: z.stringbool().default(true),
});

/** Documented shapes (the service validates fields and teams itself, naming each). */
export const createUserBody = z.object({
  username: z.string(),
  role: z.enum(['agent', 'lead', 'admin']),
  name: z.string().optional(),
  email: z.string().optional(),
  teams: z.array(z.string()).optional(),
  password: z.string().optional(),
  slackUserId: z.string().optional(),
});
export const updateUserBody = z.object({
  name: z.string().optional(),
  email: z.string().nullable().optional(),
  role: z.enum(['agent', 'lead', 'admin']).optional(),
  teams: z.array(z.string()).optional(),
  disabled: z.boolean().optional(),
  password: z.string().optional(),
  slackUserId: z.string().nullable().optional(),
});
/** `presence`: available (takes new tasks), away or offline (passed over by automatic assignment). */
export const presenceBody = z.object({
  presence: z.enum(PRESENCES, { error: `presence: one of ${PRESENCES.join(', ')}` }),
});
export const createTokenBody = z.object({ label: z.string().trim().min(1, 'must not be empty').max(100, 'too long: at most 100 characters') });

type WithUser = { Params: { user: string } };

/** Unknown users are 404 here: the shared error handler does not know the users module. */
async function found<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof UserNotFoundError) throw new HttpError(404, error.message, {}, { cause: error });
    throw error;
  }
}

export function registerUserRoutes(server: FastifyInstance, context: RouteContext): void {
  const authenticate = apiAuthHook(context);
  const onRequest = async (request: Parameters<typeof authenticate>[0]): Promise<void> => {
    await authenticate(request);
    const principal = principalOf(request);
    if (!isAdmin(principal)) throw new HttpError(403, `only admins manage users; you are ${principal.username} (${principal.role})`);
  };
  const preHandler = requireCsrf;
  const users = (): UserService => {
    if (!context.users) throw new HttpError(503, 'users are not available on this server');
    return context.users;
  };

  // A signed-in browser's script reads its CSRF token here; other origins cannot read the answer (no CORS).
  server.get('/api/me', { onRequest: authenticate }, async (request) => {
    const { sessionId: _session, ...principal } = principalOf(request);
    const csrf = csrfToken(request);
    return { ...principal, ...(csrf ? { csrf } : {}) };
  });

  server.get('/api/users', { onRequest }, async (request) => {
    const q = parseWith(userListQuery, request.query, 'query');
    const items = await users().list({ ...(q.team ? { team: q.team } : {}), includeDisabled: q.includeDisabled });
    return { items, total: items.length };
  });

  server.get<WithUser>('/api/users/:user', { onRequest }, async (request) => found(() => users().get(request.params.user)));

  server.post('/api/users', { onRequest, preHandler }, async (request, reply) => {
    const created = await users().create(parseWith(createUserBody.passthrough(), request.body, 'body'));
    return reply.code(201).send(created);
  });

  server.patch<WithUser>('/api/users/:user', { onRequest, preHandler }, async (request) => {
    const principal = principalOf(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const { _csrf: _ignored, ...update } = body;
    return found(async () => {
      const target = await users().get(request.params.user);
      // The admin's own browser stays signed in after changing their own password.
      if (typeof update.password === 'string' && principal.kind === 'user' && principal.id === target.id && principal.via === 'session') {
        const { password, ...rest } = update;
        const sessionId = request.cookies?.triage_session;
        if (Object.keys(rest).length > 0) await users().update(target.id, rest);
        return users().setPassword(target.id, password as string, sessionId ? { keepSessionId: sessionId } : {});
      }
      return users().update(target.id, update);
    });
  });

  // Presence: a person sets their own; admins set anyone's, and a lead that of people in their teams
  // (they cover for someone who went home without switching to away).
  server.put('/api/me/presence', { onRequest: authenticate, preHandler }, async (request) => {
    const principal = principalOf(request);
    if (principal.kind !== 'user') throw new HttpError(403, 'the admin token is not a person and has no presence; use PUT /api/users/:user/presence');
    const { presence } = parseWith(presenceBody, request.body, 'body');
    return found(() => users().setPresence(principal.id, presence));
  });

  server.put<WithUser>('/api/users/:user/presence', { onRequest: authenticate, preHandler }, async (request) => {
    const principal = principalOf(request);
    const { presence } = parseWith(presenceBody, request.body, 'body');
    return found(async () => {
      const target = await users().get(request.params.user);
      const self = principal.kind === 'user' && principal.id === target.id;
      const leadsThem = principal.role === 'lead' && target.teams.some((team) => canSeeTeam(principal, team));
      if (!self && !isAdmin(principal) && !leadsThem) {
        throw new HttpError(403, `only admins, leads of ${target.username}'s teams or ${target.username} set their presence; you are ${principal.username} (${principal.role})`);
      }
      return users().setPresence(target.id, presence);
    });
  });

  server.post<WithUser>('/api/users/:user/tokens', { onRequest, preHandler }, async (request, reply) => {
    const { label } = parseWith(createTokenBody, request.body, 'body');
    const created = await found(() => users().createToken(request.params.user, label));
    return reply.code(201).send(created);
  });

  server.delete<WithUser & { Params: { tokenId: string } }>('/api/users/:user/tokens/:tokenId', { onRequest, preHandler }, async (request, reply) => {
    await found(() => users().revokeToken(request.params.user, request.params.tokenId));
    return reply.code(204).send();
  });
}
