/**
 * Signing in and out (`/ui/login`, `/ui/logout`), and the CSRF check every form of the workspace
 * goes through.
 *
 * The sign-in form is protected against login CSRF (another site signing the browser in as the
 * attacker) with a double-submit cookie: a random value in a SameSite=Strict cookie that must come
 * back as the form's `_csrf` field, which another site can neither read nor set.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { InvalidCredentialsError, SignInThrottledError } from '../../users/types.ts';
import type { RouteContext } from '../../server/app.ts';
import { safeEqual } from '../../server/auth.ts';
import { HttpError } from '../../server/errors.ts';
import { givenCsrf, requireCsrf, resolvePrincipal, secureCookies, SESSION_COOKIE, sessionCookieOptions } from '../../server/principal.ts';
import { html } from '../html.ts';
import { layout } from '../layout.ts';

export const LOGIN_CSRF_COOKIE = 'triage_login_csrf';
const LOGIN_CSRF_MAX_AGE_S = 12 * 3600;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Where to go after signing in: only a path of this workspace (`/ui`, `/ui/...`, `/ui?...`), never
 * another origin (`//host`, `/\host`) or anything with control characters.
 */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string' || next.length > 2000) return '/ui';
  if (!/^\/ui(?:[/?#]|$)/.test(next) || next.startsWith('//') || /[\\\u0000-\u001f\u007f]/.test(next)) return '/ui';
  return next;
}

interface LoginView {
  csrf: string;
  next: string;
  username?: string;
  error?: string;
}

function loginPage(view: LoginView) {
  const body = html`<h1>Sign in</h1>
<div id="login-error" role="alert">${view.error ? html`<p class="flash error">${view.error}</p>` : ''}</div>
<form method="post" action="/ui/login" class="panel" aria-describedby="login-error">
  <input type="hidden" name="_csrf" value="${view.csrf}">
  <input type="hidden" name="next" value="${view.next}">
  <label for="username">Username</label>
  <input type="text" id="username" name="username" value="${view.username ?? ''}" autocomplete="username" autocapitalize="none" spellcheck="false" required maxlength="64">
  <label for="password">Password</label>
  <input type="password" id="password" name="password" autocomplete="current-password" required maxlength="1024">
  <p><button type="submit">Sign in</button></p>
</form>
<p class="muted">No account yet? An admin creates one with <code>triage user add</code>.</p>`;
  return layout({ title: 'Sign in', body }).value;
}

/** The double-submit value: the browser's existing one (several open tabs keep working) or a new one. */
function loginCsrf(request: FastifyRequest, reply: FastifyReply, context: RouteContext): string {
  const existing = request.cookies?.[LOGIN_CSRF_COOKIE];
  if (existing && /^[A-Za-z0-9_-]{43}$/.test(existing)) return existing;
  const value = randomBytes(32).toString('base64url');
  reply.setCookie(LOGIN_CSRF_COOKIE, value, { httpOnly: true, sameSite: 'strict', path: '/ui/login', secure: secureCookies(request, context), maxAge: LOGIN_CSRF_MAX_AGE_S });
  return value;
}

function field(body: unknown, name: string): string {
  const value = body && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' ? value : '';
}

/**
 * Every state-changing request of a signed-in browser in the /ui scope must carry the session's CSRF
 * token, whichever page handles it; added here, before the other page modules register their routes.
 */
function installCsrfCheck(scope: FastifyInstance, context: RouteContext): void {
  scope.addHook('preHandler', async (request) => {
    if (SAFE_METHODS.has(request.method) || request.routeOptions.url === '/ui/login') return;
    const principal = await resolvePrincipal(request, context);
    if (principal?.via !== 'session') return;
    request.principal ??= principal;
    requireCsrf(request);
  });
}

export function registerLoginPages(scope: FastifyInstance, context: RouteContext): void {
  installCsrfCheck(scope, context);

  scope.get<{ Querystring: { next?: string } }>('/ui/login', async (request, reply) => {
    const next = safeNext(request.query.next);
    const principal = await resolvePrincipal(request, context);
    if (principal) return reply.redirect(next, 303);
    const csrf = loginCsrf(request, reply, context);
    return reply.type('text/html; charset=utf-8').send(loginPage({ csrf, next }));
  });

  scope.post('/ui/login', async (request, reply) => {
    const body = request.body;
    const next = safeNext(field(body, 'next'));
    const username = field(body, 'username').trim().slice(0, 64);
    const render = (status: number, error: string) => reply.code(status).type('text/html; charset=utf-8').send(loginPage({ csrf: loginCsrf(request, reply, context), next, username, error }));
    const cookie = request.cookies?.[LOGIN_CSRF_COOKIE];
    const given = givenCsrf(request);
    if (!cookie || !given || !safeEqual(cookie, given)) {
      return render(403, 'The sign-in form expired or did not come from this site. Please try again.');
    }
    if (!context.users) throw new HttpError(503, 'sign-in is not available on this server');
    try {
      const signed = await context.users.signIn({ username, password: field(body, 'password'), ip: request.ip });
      // A browser signing in again leaves no older session of its own behind.
      const previous = request.cookies?.[SESSION_COOKIE];
      if (previous) await context.users.signOut(previous);
      reply.setCookie(SESSION_COOKIE, signed.sessionId, sessionCookieOptions(request, context, signed.expiresAt));
      reply.clearCookie(LOGIN_CSRF_COOKIE, { path: '/ui/login' });
      return reply.redirect(next, 303);
    } catch (error) {
      if (error instanceof SignInThrottledError) {
        reply.header('retry-after', String(error.retryAfterSeconds));
        return render(429, `Too many failed attempts. Try again in ${Math.ceil(error.retryAfterSeconds / 60)} minute(s).`);
      }
      if (error instanceof InvalidCredentialsError) return render(401, 'Invalid username or password.');
      throw error;
    }
  });

  scope.post('/ui/logout', async (request, reply) => {
    const principal = await resolvePrincipal(request, context);
    if (principal?.via === 'session') {
      request.principal = principal;
      requireCsrf(request);
      const sessionId = request.cookies?.[SESSION_COOKIE];
      if (sessionId && context.users) await context.users.signOut(sessionId);
    }
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect('/ui/login', 303);
  });
}
