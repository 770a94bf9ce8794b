/**
 * `/ui/users` for admins through inject(): the table, adding people (a generated password shown once),
 * disabling, tokens; every form needs the session's CSRF token, whichever page module handles it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerHarness, type ServerHarness } from './server-harness.ts';
import { addUser, signIn, type SignedInBrowser } from './users-helper.ts';

let h: ServerHarness;
let root: SignedInBrowser;
let ann: SignedInBrowser;

const post = (url: string, who: SignedInBrowser, fields: Record<string, string | string[]>, withCsrf = true) => {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) body.append(k, one);
  if (withCsrf) body.append('_csrf', who.csrf);
  return h.server.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: who.cookie }, payload: body.toString() });
};

beforeAll(async () => {
  h = await startServerHarness();
  await addUser(h.app, { username: 'root', role: 'admin', name: 'Root <b>Admin</b>' });
  await addUser(h.app, { username: 'ann', role: 'agent', teams: ['finance'] });
  root = await signIn(h.server, 'root');
  ann = await signIn(h.server, 'ann');
});
afterAll(() => h.close());

describe('/ui/users', () => {
  it('shows admins the users, escaped, with labelled forms carrying the CSRF token', async () => {
    const res = await h.server.inject({ method: 'GET', url: '/ui/users', headers: { cookie: root.cookie } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Root &lt;b&gt;Admin&lt;/b&gt;');
    expect(res.body).not.toContain('<b>Admin</b>');
    expect(res.body).toMatch(/<label for="new-username">Username<\/label>/);
    expect(res.body).toContain(`name="_csrf" value="${root.csrf}"`);
    expect(res.body).toMatch(/aria-current="page">Users/);
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('is 403 for people who are not admins', async () => {
    const res = await h.server.inject({ method: 'GET', url: '/ui/users', headers: { cookie: ann.cookie } });
    expect(res.statusCode).toBe(403);
    expect(res.body).toMatch(/only admins manage users/);
  });

  it('refuses a form without the CSRF token (403) and stores nothing', async () => {
    const res = await post('/ui/users', root, { username: 'nobody', role: 'agent' }, false);
    expect(res.statusCode).toBe(403);
    expect(res.body).toMatch(/CSRF token/);
    await expect(h.app.users.service.get('nobody')).rejects.toThrow(/no user/);
  });

  it('adds a user and shows the generated password once; input errors come back on the page', async () => {
    const res = await post('/ui/users', root, { username: 'Bob', role: 'lead', teams: ['finance', 'engineering'], name: 'Bob B', password: '' });
    expect(res.statusCode).toBe(201);
    const password = /password, shown once: <code>([^<]+)<\/code>/.exec(res.body)?.[1];
    expect(password).toBeTruthy();
    await expect(signIn(h.server, 'bob', password!)).resolves.toBeTruthy();
    expect((await h.app.users.service.get('bob')).teams).toEqual(['finance', 'engineering']);
    const again = await h.server.inject({ method: 'GET', url: '/ui/users', headers: { cookie: root.cookie } });
    expect(again.body).not.toContain(password!);

    const bad = await post('/ui/users', root, { username: 'cy', role: 'agent', teams: 'sales', password: 'secret-but-kept-out' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toMatch(/unknown team &quot;sales&quot;/);
    expect(bad.body).toMatch(/name="username" value="cy"/);
    expect(bad.body).not.toContain('secret-but-kept-out');
  });

  it('disables and enables a user, and creates a token shown once', async () => {
    const disabled = await post('/ui/users/ann/disable', root, {});
    expect(disabled.statusCode).toBe(200);
    expect((await h.app.users.service.get('ann')).disabled).toBe(true);
    expect((await h.server.inject({ method: 'GET', url: '/api/me', headers: { cookie: ann.cookie } })).statusCode).toBe(401);
    await post('/ui/users/ann/enable', root, {});
    expect((await h.app.users.service.get('ann')).disabled).toBe(false);
    const token = await post('/ui/users/ann/tokens', root, { label: 'laptop' });
    expect(token.statusCode).toBe(201);
    const value = /<code>(trg_[^<]+)<\/code>/.exec(token.body)?.[1];
    expect((await h.server.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${value}` } })).json()).toMatchObject({ username: 'ann' });
    const missing = await post('/ui/users/ghost/disable', root, {});
    expect(missing.statusCode).toBe(404);
  });
});

describe('an ended session on a page', () => {
  it('sends a browser to sign in, and tells htmx to move the whole window there instead of swapping the page in', async () => {
    const stale = { cookie: 'triage_session=not-a-session-anyone-has' };
    const page = await h.server.inject({ method: 'GET', url: '/ui?team=finance', headers: stale });
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe(`/ui/login?next=${encodeURIComponent('/ui?team=finance')}`);
    const poll = await h.server.inject({
      method: 'GET',
      url: '/ui/inbox/rows?team=finance',
      headers: { ...stale, 'hx-request': 'true', 'hx-current-url': 'http://127.0.0.1:3000/ui?team=finance' },
    });
    expect(poll.statusCode).toBe(401);
    expect(poll.headers['hx-redirect']).toBe(`/ui/login?next=${encodeURIComponent('/ui?team=finance')}`);
    expect(poll.body).toBe('');
  });
});
