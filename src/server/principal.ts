/**
 * Who is asking: every REST call and page resolves its credentials to a `Principal`, and what it may
 * see or do is decided from that. The shared admin token (TRIAGE_API_TOKEN) is the `system` principal
 * for automation; people sign in (session cookie) or use their personal API token.
 */
import type { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import type { RouteContext } from './app.ts';
import { safeEqual } from './auth.ts';
import { HttpError } from './errors.ts';

/** The session cookie: a random id whose sha256 is the stored session's key. */
export const SESSION_COOKIE = 'triage_session';
/** Methods that change nothing, so need no CSRF token. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const BEARER_CHALLENGE = { 'www-authenticate': 'Bearer realm="triage"' };

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
  /**
   * When signed in through the browser: the stored session's key (a sha256 of the cookie value, so
   * not a credential itself). The session holds the CSRF token `csrfToken(request)` returns.
   */
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

/** What resolving a request found, kept per request so hooks and pages resolve it once. */
const resolved = new WeakMap<FastifyRequest, Promise<Principal | null>>();
const csrfTokens = new WeakMap<FastifyRequest, string>();

async function resolveOnce(request: FastifyRequest, context: RouteContext): Promise<Principal | null> {
  const token = bearerToken(request);
  if (token !== undefined) {
    const adminToken = context.app.config.TRIAGE_API_TOKEN;
    if (adminToken && safeEqual(token, adminToken)) return SYSTEM_PRINCIPAL;
    return context.users ? context.users.principalForToken(token) : null;
  }
  // A request with an Authorization header of another kind is not silently upgraded by a cookie.
  if (request.headers.authorization) return null;
  const sessionId = request.cookies?.[SESSION_COOKIE];
  if (!sessionId || !context.users) return null;
  const found = await context.users.sessionPrincipal(sessionId);
  if (!found) return null;
  csrfTokens.set(request, found.csrf);
  return found.principal;
}

/**
 * Resolves the request's credentials: the admin token, a personal API token, or a session cookie.
 * Returns null when the request carries none that is valid. Memoized per request.
 */
export function resolvePrincipal(request: FastifyRequest, context: RouteContext): Promise<Principal | null> {
  let pending = resolved.get(request);
  if (!pending) {
    pending = resolveOnce(request, context);
    resolved.set(request, pending);
  }
  return pending;
}

/** The principal set by an authentication hook; a route without one is a programming error. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new Error('no principal on the request: the route lacks an authentication hook');
  return request.principal;
}

/** Why a request without a valid credential is refused: 401, or 403 when no credential of its kind could be accepted. */
function refusal(request: FastifyRequest, context: RouteContext): HttpError {
  const token = bearerToken(request);
  if (token !== undefined) {
    if (!context.app.config.TRIAGE_API_TOKEN && !token.startsWith('trg_')) {
      return new HttpError(403, 'this endpoint takes personal API tokens only: the server has no TRIAGE_API_TOKEN configured (create a token with `triage user token USERNAME`)');
    }
    return new HttpError(401, 'invalid credentials: the bearer token is not accepted (revoked, mistyped, or its user is disabled)', BEARER_CHALLENGE);
  }
  if (!request.headers.authorization && request.cookies?.[SESSION_COOKIE]) {
    return new HttpError(401, 'invalid credentials: your session has ended; sign in again at /ui/login', BEARER_CHALLENGE);
  }
  return new HttpError(401, 'missing credentials: send Authorization: Bearer <token> (TRIAGE_API_TOKEN or a personal token), or sign in at /ui/login', BEARER_CHALLENGE);
}

/**
 * The `onRequest` hook of the REST API: it runs before the body is read, so a caller without valid
 * credentials gets 401 whatever it sent. Pair it with `requireCsrf` as preHandler, which checks the
 * CSRF token of browser (session) callers once the body is parsed.
 */
export function apiAuthHook(context: RouteContext) {
  return async (request: FastifyRequest): Promise<void> => {
    const principal = await resolvePrincipal(request, context);
    if (!principal) throw refusal(request, context);
    request.principal = principal;
  };
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
    // A cookie that no longer signs anyone in is dropped, so the browser stops sending it.
    if (request.cookies?.[SESSION_COOKIE]) reply.clearCookie(SESSION_COOKIE, { path: '/' });
    // An htmx request (the inbox polling) would swap the sign-in page into the table: tell htmx to
    // move the whole window to sign-in instead, coming back to the page the person was on.
    if (request.headers['hx-request'] === 'true') {
      const current = localPath(request.headers['hx-current-url']);
      await reply.code(401).header('hx-redirect', `/ui/login?next=${encodeURIComponent(current)}`).type('text/html; charset=utf-8').send('');
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

/** The path and query of a page URL the browser reported, or the inbox when it is missing or foreign. */
function localPath(url: string | string[] | undefined): string {
  if (typeof url !== 'string') return '/ui';
  try {
    const parsed = new URL(url);
    return parsed.pathname.startsWith('/ui') ? `${parsed.pathname}${parsed.search}` : '/ui';
  } catch {
    return '/ui';
  }
}

/** The CSRF token a page embeds in its forms; empty for principals that are not cookie-based. */
export function csrfToken(request: FastifyRequest): string {
  return request.principal?.via === 'session' ? (csrfTokens.get(request) ?? '') : '';
}

/** The token a request carries: the `x-csrf-token` header (htmx, scripts) or the `_csrf` form field. */
export function givenCsrf(request: FastifyRequest): string | undefined {
  const fromHeader = request.headers['x-csrf-token'];
  if (typeof fromHeader === 'string' && fromHeader !== '') return fromHeader;
  const body = request.body as Record<string, unknown> | null | undefined;
  const field = body && typeof body === 'object' ? body._csrf : undefined;
  return typeof field === 'string' && field !== '' ? field : undefined;
}

function checkCsrf(request: FastifyRequest): void {
  const principal = principalOf(request);
  if (principal.via !== 'session' || SAFE_METHODS.has(request.method)) return;
  const expected = csrfTokens.get(request);
  const given = givenCsrf(request);
  if (!expected || !given || !safeEqual(given, expected)) {
    throw new HttpError(403, 'missing or wrong CSRF token: reload the page and submit the form again (scripts send the x-csrf-token header the page carries)');
  }
}

/**
 * Refuses a state-changing request from a signed-in browser without the right CSRF token (form field
 * `_csrf` or header `x-csrf-token`). Bearer-token callers carry no ambient credential, so need none.
 * Call it at the start of a POST handler, or pass it as a route's `preHandler` (then it reports
 * through `done`).
 */
export function requireCsrf(request: FastifyRequest, _reply?: FastifyReply, done?: HookHandlerDoneFunction): void {
  if (!done) return checkCsrf(request);
  try {
    checkCsrf(request);
  } catch (error) {
    done(error as Error);
    return;
  }
  done();
}

/** Whether cookies must be `Secure`: the public URL is https, or this request came over TLS. */
export function secureCookies(request: FastifyRequest, context: RouteContext): boolean {
  return context.app.config.TRIAGE_PUBLIC_URL.startsWith('https://') || request.protocol === 'https';
}

/** Options of the session cookie: script cannot read it, other sites' requests do not carry it on POST. */
export function sessionCookieOptions(request: FastifyRequest, context: RouteContext, expires?: Date): CookieSerializeOptions {
  return { httpOnly: true, sameSite: 'lax', path: '/', secure: secureCookies(request, context), ...(expires ? { expires } : {}) };
}
