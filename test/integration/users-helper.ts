/**
 * Quick users for tests that drive the server with `inject()`:
 *
 *   const { user, password } = await addUser(h.app, { username: 'ann', role: 'agent', teams: ['finance'] });
 *   const ann = await signIn(h.server, 'ann', password);          // through the real /ui/login form
 *   await h.server.inject({ method: 'POST', url, headers: ann.headers, payload });  // cookie + x-csrf-token
 *   const token = await addToken(h.app, 'ann');                    // Authorization: Bearer <token>
 */
import type { FastifyInstance } from 'fastify';
import type { App } from '../../src/app.ts';
import type { NewUserInput, PublicUser } from '../../src/users/types.ts';

export const DEFAULT_PASSWORD = 'correct horse battery staple';

/** Creates a user through the app's service; the password is DEFAULT_PASSWORD unless given. */
export async function addUser(app: App, input: Partial<NewUserInput> & { username: string }): Promise<{ user: PublicUser; password: string }> {
  const password = input.password ?? DEFAULT_PASSWORD;
  const user = await app.users.service.create({ role: 'agent', ...input, password });
  return { user, password };
}

/** A new personal API token of `username`, as request headers. */
export async function addToken(app: App, username: string, label = 'test'): Promise<{ token: string; headers: { authorization: string } }> {
  const { token } = await app.users.service.createToken(username, label);
  return { token, headers: { authorization: `Bearer ${token}` } };
}

export interface SignedInBrowser {
  /** `triage_session=<id>`. */
  cookie: string;
  sessionId: string;
  csrf: string;
  /** The headers a signed-in page sends with htmx: the cookie and the CSRF token. */
  headers: { cookie: string; 'x-csrf-token': string };
}

/** The value of cookie `name` in an inject() answer's set-cookie headers. */
export function setCookie(res: { headers: Record<string, unknown> }, name: string): string | undefined {
  const raw = res.headers['set-cookie'];
  const all = Array.isArray(raw) ? (raw as string[]) : typeof raw === 'string' ? [raw] : [];
  for (const line of all) {
    const match = new RegExp(`^${name}=([^;]*)`).exec(line);
    if (match) return match[1];
  }
  return undefined;
}

/** The sign-in form's hidden CSRF value and its cookie, as a browser gets them. */
export async function loginForm(server: FastifyInstance): Promise<{ csrf: string; cookie: string }> {
  const res = await server.inject({ method: 'GET', url: '/ui/login' });
  if (res.statusCode !== 200) throw new Error(`GET /ui/login answered ${res.statusCode}: ${res.body.slice(0, 300)}`);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(res.body)?.[1];
  const value = setCookie(res, 'triage_login_csrf');
  if (!csrf || !value) throw new Error('the sign-in page carries no CSRF field or cookie');
  return { csrf, cookie: `triage_login_csrf=${value}` };
}

/** Signs in through the real form; throws with the page's answer when it fails. */
export async function signIn(server: FastifyInstance, username: string, password: string = DEFAULT_PASSWORD): Promise<SignedInBrowser> {
  const form = await loginForm(server);
  const res = await server.inject({
    method: 'POST',
    url: '/ui/login',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: form.cookie },
    payload: new URLSearchParams({ _csrf: form.csrf, username, password, next: '/ui' }).toString(),
  });
  const sessionId = setCookie(res, 'triage_session');
  if (res.statusCode !== 303 || !sessionId) throw new Error(`sign-in of ${username} answered ${res.statusCode}: ${res.body.slice(0, 300)}`);
  const cookie = `triage_session=${sessionId}`;
  const me = await server.inject({ method: 'GET', url: '/api/me', headers: { cookie } });
  const csrf = (me.json() as { csrf?: string }).csrf;
  if (me.statusCode !== 200 || !csrf) throw new Error(`GET /api/me after sign-in answered ${me.statusCode}: ${me.body.slice(0, 300)}`);
  return { cookie, sessionId, csrf, headers: { cookie, 'x-csrf-token': csrf } };
}
