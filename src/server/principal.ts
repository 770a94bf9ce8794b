/**
 * Who is asking: every REST call and page resolves its credentials to a `Principal`, and what it may
 * see or do is decided from that. The shared admin token (TRIAGE_API_TOKEN) is the `system` principal
 * for automation; people sign in (session cookie) or use their personal API token.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RouteContext } from './app.ts';
import { safeEqual } from './auth.ts';
import { HttpError } from './errors.ts';

export const ROLES = ['agent', 'lead', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface Principal {
  /** `user`: a person (session or personal token); `system`: the shared admin token. */
  kind: 'user' | 'system';
  /** The user's id, or `system`. */
  id: string;
  /** Recorded as who did something (claims, resolutions, replies, notes). */
  username: string;
  /** For display. */
  name: string;
  role: Role;
  /** The teams whose tasks this principal sees and works; null means every team (admins, system). */
  teams: string[] | null;
  via: 'session' | 'token' | 'admin-token';
  /** The session's id when signed in through the browser: the CSRF token is derived from it. */
  sessionId?: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

export const SYSTEM_PRINCIPAL: Principal = { kind: 'system', id: 'system', username: 'system', name: 'Automation (admin token)', role: 'admin', teams: null, via: 'admin-token' };

/** Whether `principal` sees and works tasks of `team`. */
export function canSeeTeam(principal: Principal, team: string | null | undefined): boolean {
  if (principal.teams === null) return true;
  return team !== null && team !== undefined && principal.teams.includes(team);
}

/** Leads and admins assign and reassign. */
export function canAssign(principal: Principal): boolean {
  return principal.role === 'lead' || principal.role === 'admin';
}

/** Admins manage users. */
export function isAdmin(principal: Principal): boolean {
  return principal.role === 'admin';
}

/** The bearer token in the request, if any. */
export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  return /^Bearer\s+(.+)$/i.exec(header.trim())?.[1]?.trim();
}

/**
 * Resolves the request's credentials: the admin token, a personal API token, or a session cookie.
 * Returns null when the request carries none that is valid.
 */
export async function resolvePrincipal(request: FastifyRequest, context: RouteContext): Promise<Principal | null> {
  const token = bearerToken(request);
  const adminToken = context.app.config.TRIAGE_API_TOKEN;
  if (token !== undefined) {
    if (adminToken && safeEqual(token, adminToken)) return SYSTEM_PRINCIPAL;
    // TODO(users): personal API tokens.
    return null;
  }
  // TODO(users): session cookie.
  return null;
}

/** The principal set by an authentication hook; a route without one is a programming error. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new Error('no principal on the request: the route lacks an authentication hook');
  return request.principal;
}

/**
 * The hook for pages: a visitor without credentials is sent to the sign-in page (GET) or refused
 * (other methods).
 */
export function pageAuthHook(context: RouteContext) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const principal = await resolvePrincipal(request, context);
    if (principal) {
      request.principal = principal;
      return;
    }
    if (request.method === 'GET' || request.method === 'HEAD') {
      const next = encodeURIComponent(request.url);
      await reply.redirect(`/ui/login?next=${next}`, 303);
      return;
    }
    throw new HttpError(401, 'sign in first');
  };
}

/** The CSRF token a page embeds in its forms; empty for principals that are not cookie-based. */
export function csrfToken(request: FastifyRequest): string {
  // TODO(users): derived from the session.
  void request;
  return '';
}

/**
 * Refuses a state-changing request from a signed-in browser without the right CSRF token (form field
 * `_csrf` or header `x-csrf-token`). Bearer-token callers carry no ambient credential, so need none.
 */
export function requireCsrf(request: FastifyRequest): void {
  const principal = principalOf(request);
  if (principal.via !== 'session') return;
  // TODO(users): check the token.
}
