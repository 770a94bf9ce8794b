/**
 * People through HTTP: signing in and out through the form, session cookies, CSRF on every
 * state-changing request, throttling, and what each role may see and do in the REST API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HumanTask } from '../../src/human/types.ts';
import { api, startServerHarness, type ServerHarness } from './server-harness.ts';
import { addToken, addUser, DEFAULT_PASSWORD, loginForm, setCookie, signIn } from './users-helper.ts';

let h: ServerHarness;
const PEOPLE = ['root', 'ann', 'bob', 'lena', 'eve'] as const;
const tokens = {} as Record<(typeof PEOPLE)[number], { authorization: string }>;
let F1: HumanTask;
let F2: HumanTask;
let F3: HumanTask;
let E1: HumanTask;

const json = (headers: Record<string, string>) => ({ 'content-type': 'application/json', ...headers });
const form = (headers: Record<string, string> = {}) => ({ 'content-type': 'application/x-www-form-urlencoded', ...headers });

beforeAll(async () => {
  h = await startServerHarness();
  await addUser(h.app, { username: 'root', role: 'admin' });
  await addUser(h.app, { username: 'ann', role: 'agent', teams: ['finance'] });
  await addUser(h.app, { username: 'bob', role: 'agent', teams: ['finance'] });
  await addUser(h.app, { username: 'lena', role: 'lead', teams: ['finance'] });
  await addUser(h.app, { username: 'eve', role: 'agent', teams: ['engineering'] });
  for (const name of PEOPLE) tokens[name] = (await addToken(h.app, name)).headers;
  const open = (title: string, team: string) => h.human.service.create({ type: 'review', title, team, priority: 'high' });
  F1 = await open('Refund A', 'finance');
  F2 = await open('Refund B', 'finance');
  F3 = await open('Refund C', 'finance');
  E1 = await open('Outage', 'engineering');
});
afterAll(() => h.close());

describe('signing in', () => {
  it('serves an accessible form with a CSRF field and a strict, httpOnly double-submit cookie', async () => {
    const res = await h.server.inject({ method: 'GET', url: '/ui/login?next=%2Fui%2Fanalytics' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/<label for="username">Username<\/label>/);
    expect(res.body).toMatch(/<label for="password">Password<\/label>/);
    expect(res.body).toMatch(/role="alert"/);
    expect(res.body).toMatch(/name="next" value="\/ui\/analytics"/);
    const cookie = [res.headers['set-cookie']].flat().find((c) => String(c).startsWith('triage_login_csrf='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
  });

  it('signs in and sets an httpOnly SameSite=Lax session cookie for the whole site, then redirects to a local next', async () => {
    const login = await loginForm(h.server);
    const res = await h.server.inject({
      method: 'POST',
      url: '/ui/login',
      headers: form({ cookie: login.cookie }),
      payload: new URLSearchParams({ _csrf: login.csrf, username: 'Ann', password: DEFAULT_PASSWORD, next: '/ui/tickets/T1?x=1' }).toString(),
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/ui/tickets/T1?x=1');
    const cookie = [res.headers['set-cookie']].flat().find((c) => String(c).startsWith('triage_session='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toMatch(/Secure/); // plain http public URL and no TLS
    const me = await h.server.inject({ method: 'GET', url: '/api/me', headers: { cookie: `triage_session=${setCookie(res, 'triage_session')}` } });
    expect(me.json()).toMatchObject({ kind: 'user', username: 'ann', via: 'session', teams: ['finance'] });
  });

  it.each(['//evil.example/ui', 'https://evil.example/ui', '/\\evil.example', '/uix', '/api/tasks', 'javascript:alert(1)'])('never redirects to %s after sign-in', async (next) => {
    const login = await loginForm(h.server);
    const res = await h.server.inject({
      method: 'POST',
      url: '/ui/login',
      headers: form({ cookie: login.cookie }),
      payload: new URLSearchParams({ _csrf: login.csrf, username: 'ann', password: DEFAULT_PASSWORD, next }).toString(),
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/ui');
  });

  it('refuses a sign-in post without the double-submit cookie or with the wrong value (login CSRF)', async () => {
    const login = await loginForm(h.server);
    const payload = new URLSearchParams({ _csrf: login.csrf, username: 'ann', password: DEFAULT_PASSWORD }).toString();
    const noCookie = await h.server.inject({ method: 'POST', url: '/ui/login', headers: form(), payload });
    expect(noCookie.statusCode).toBe(403);
    expect(noCookie.body).toMatch(/sign-in form expired/);
    expect(setCookie(noCookie, 'triage_session')).toBeUndefined();
    const wrong = await h.server.inject({ method: 'POST', url: '/ui/login', headers: form({ cookie: 'triage_login_csrf=' + 'x'.repeat(43) }), payload });
    expect(wrong.statusCode).toBe(403);
  });

  it('answers a wrong password with one generic message, and throttles with 429 and Retry-After', async () => {
    await addUser(h.app, { username: 'zed', role: 'agent', teams: ['finance'] });
    const login = await loginForm(h.server);
    const attempt = (password: string) =>
      h.server.inject({
        method: 'POST',
        url: '/ui/login',
        remoteAddress: '198.51.100.23',
        headers: form({ cookie: login.cookie }),
        payload: new URLSearchParams({ _csrf: login.csrf, username: 'zed', password }).toString(),
      });
    for (let i = 0; i < 5; i++) {
      const res = await attempt(`wrong password ${i}`);
      expect(res.statusCode).toBe(401);
      expect(res.body).toMatch(/Invalid username or password/);
      expect(res.body).toMatch(/name="username" value="zed"/);
    }
    const locked = await attempt(DEFAULT_PASSWORD);
    expect(locked.statusCode).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(800);
    expect(locked.body).toMatch(/Too many failed attempts/);
    expect(setCookie(locked, 'triage_session')).toBeUndefined();
  });

  it('sends visitors without a session to the sign-in page, and drops a dead session cookie', async () => {
    const res = await h.server.inject({ method: 'GET', url: '/ui/users', headers: { cookie: 'triage_session=not-a-session' } });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/ui/login?next=%2Fui%2Fusers');
    expect([res.headers['set-cookie']].flat().join()).toMatch(/triage_session=;/);
  });
});

describe('CSRF', () => {
  it('refuses a session-authenticated state change without the token and accepts it with the header or the form field', async () => {
    const ann = await signIn(h.server, 'ann');
    const url = `/api/human-tasks/${F3._id}/claim`;
    const bare = await h.server.inject({ method: 'POST', url, headers: json({ cookie: ann.cookie }), payload: '{}' });
    expect(bare.statusCode).toBe(403);
    expect(bare.json().error).toMatch(/CSRF token/);
    const wrong = await h.server.inject({ method: 'POST', url, headers: json({ cookie: ann.cookie, 'x-csrf-token': 'forged' }), payload: '{}' });
    expect(wrong.statusCode).toBe(403);
    // Another session's token does not fit this session.
    const other = await signIn(h.server, 'bob');
    const crossed = await h.server.inject({ method: 'POST', url, headers: json({ cookie: ann.cookie, 'x-csrf-token': other.csrf }), payload: '{}' });
    expect(crossed.statusCode).toBe(403);
    expect((await h.human.service.get(F3._id)).status).toBe('pending');
    const ok = await h.server.inject({ method: 'POST', url, headers: json(ann.headers), payload: '{}' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ assignedTo: 'ann' });
  });

  it('signs out only with the form token, and the session then stops working', async () => {
    const ann = await signIn(h.server, 'ann');
    const refused = await h.server.inject({ method: 'POST', url: '/ui/logout', headers: form({ cookie: ann.cookie }), payload: '' });
    expect(refused.statusCode).toBe(403);
    expect((await h.server.inject({ method: 'GET', url: '/api/me', headers: { cookie: ann.cookie } })).statusCode).toBe(200);
    const out = await h.server.inject({ method: 'POST', url: '/ui/logout', headers: form({ cookie: ann.cookie }), payload: `_csrf=${encodeURIComponent(ann.csrf)}` });
    expect(out.statusCode).toBe(303);
    expect(out.headers.location).toBe('/ui/login');
    const after = await h.server.inject({ method: 'GET', url: '/api/me', headers: { cookie: ann.cookie } });
    expect(after.statusCode).toBe(401);
    expect(after.json().error).toMatch(/session has ended/);
  });

  it('needs no token from bearer callers (no ambient credential)', async () => {
    const res = await h.server.inject({ method: 'GET', url: `/api/human-tasks/${F1._id}`, headers: tokens.ann });
    expect(res.statusCode).toBe(200);
  });
});

describe('what each role may see and do', () => {
  it('an agent lists only their teams\' tasks; another team\'s filter, task or claim is 403', async () => {
    const list = await h.server.inject({ method: 'GET', url: '/api/human-tasks', headers: tokens.ann });
    expect(list.statusCode).toBe(200);
    const items = list.json().items as HumanTask[];
    expect(items.length).toBeGreaterThanOrEqual(3);
    expect(items.every((t) => t.team === 'finance')).toBe(true);
    expect(list.json().total).toBe(items.length);
    const filtered = await h.server.inject({ method: 'GET', url: '/api/human-tasks?team=engineering', headers: tokens.ann });
    expect(filtered.statusCode).toBe(403);
    expect(filtered.json().error).toMatch(/not one of yours \(your teams: finance\)/);
    expect((await h.server.inject({ method: 'GET', url: `/api/human-tasks/${E1._id}`, headers: tokens.ann })).statusCode).toBe(403);
    const claim = await h.server.inject({ method: 'POST', url: `/api/human-tasks/${E1._id}/claim`, headers: json(tokens.ann), payload: '{}' });
    expect(claim.statusCode).toBe(403);
    expect((await h.human.service.get(E1._id)).status).toBe('pending');
    // The admin token and admins see every team; several teams at once merge in urgency order.
    const all = await h.server.inject({ method: 'GET', url: '/api/human-tasks?team=finance,engineering', headers: tokens.root });
    expect((all.json().items as HumanTask[]).map((t) => t.team)).toContain('engineering');
    expect(all.json().total).toBe((await h.server.inject({ method: 'GET', url: '/api/human-tasks', headers: api })).json().total);
  });

  it('an agent cannot assign; a lead assigns to a person of the team, not to outsiders or unknown people', async () => {
    const agent = await h.server.inject({ method: 'POST', url: `/api/human-tasks/${F1._id}/assign`, headers: json(tokens.ann), payload: { assignedTo: 'bob' } });
    expect(agent.statusCode).toBe(403);
    expect(agent.json().error).toMatch(/only leads and admins assign/);
    const outsider = await h.server.inject({ method: 'POST', url: `/api/human-tasks/${F1._id}/assign`, headers: json(tokens.lena), payload: { assignedTo: 'eve' } });
    expect(outsider.statusCode).toBe(400);
    expect(outsider.json().error).toMatch(/"eve" is not in team finance/);
    const unknown = await h.server.inject({ method: 'POST', url: `/api/human-tasks/${F1._id}/assign`, headers: json(tokens.lena), payload: { assignedTo: 'nobody' } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().path).toBe('body.assignedTo');
    const ok = await h.server.inject({ method: 'POST', url: `/api/human-tasks/${F1._id}/assign`, headers: json(tokens.lena), payload: { assignedTo: 'Bob', by: 'someone-else' } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ assignedTo: 'bob' });
    expect(ok.json().events.at(-1)).toMatchObject({ kind: 'assigned', by: 'lena' });
    const lenaOther = await h.server.inject({ method: 'POST', url: `/api/human-tasks/${E1._id}/assign`, headers: json(tokens.lena), payload: { assignedTo: 'eve' } });
    expect(lenaOther.statusCode).toBe(403);
  });

  it('personal tokens claim as their person: the second claimer gets 409 and the first stays recorded', async () => {
    const first = await h.server.inject({ method: 'POST', url: `/api/human-tasks/${F2._id}/claim`, headers: json(tokens.ann), payload: {} });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ status: 'assigned', assignedTo: 'ann' });
    const second = await h.server.inject({ method: 'POST', url: `/api/human-tasks/${F2._id}/claim`, headers: json(tokens.bob), payload: {} });
    expect(second.statusCode).toBe(409);
    expect(second.json().error).toMatch(/held by ann/);
    const stored = await h.human.service.get(F2._id);
    expect(stored.assignedTo).toBe('ann');
    expect(stored.events.filter((e) => e.kind === 'claimed').map((e) => e.by)).toEqual(['ann']);
    // Naming someone else is refused for non-admins.
    const impersonate = await h.server.inject({ method: 'POST', url: `/api/human-tasks/${F2._id}/claim`, headers: json(tokens.bob), payload: { userId: 'ann' } });
    expect(impersonate.statusCode).toBe(403);
  });

  it('resolving with a personal token records the person as respondedBy, whatever the body says', async () => {
    const impersonate = await h.server.inject({ method: 'POST', url: `/api/human-tasks/${F2._id}/resolve`, headers: json(tokens.ann), payload: { decision: 'resolved', respondedBy: 'bob' } });
    expect(impersonate.statusCode).toBe(403);
    const res = await h.server.inject({ method: 'POST', url: `/api/human-tasks/${F2._id}/resolve`, headers: json(tokens.ann), payload: { decision: 'resolved', notes: 'refunded' } });
    expect(res.statusCode).toBe(200);
    expect(res.json().resolution).toMatchObject({ respondedBy: 'ann', decision: 'resolved' });
  });

  it('the admin token keeps naming the person in the body', async () => {
    const missing = await h.server.inject({ method: 'POST', url: `/api/human-tasks/${E1._id}/claim`, headers: json(api), payload: {} });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().path).toBe('body.userId');
    const ok = await h.server.inject({ method: 'POST', url: `/api/human-tasks/${E1._id}/claim`, headers: json(api), payload: { userId: 'eve' } });
    expect(ok.json()).toMatchObject({ assignedTo: 'eve' });
  });

  it('pipeline tasks: people see those escalated to their teams; admins and the admin token see all', async () => {
    const make = async (data: Record<string, unknown>) => (await h.app.store.create({ data: data as never, source: { kind: 'cli' }, now: new Date() })).task._id;
    const fin = await make({ escalationPreparation: { targetTeam: 'finance' } });
    const eng = await make({ handoffComplete: { targetTeam: 'engineering' } });
    const none = await make({ note: 'not escalated' });
    const annList = await h.server.inject({ method: 'GET', url: '/api/tasks?limit=500', headers: tokens.ann });
    const ids = (annList.json().items as { _id: string }[]).map((t) => t._id);
    expect(ids).toContain(fin);
    expect(ids).not.toContain(eng);
    expect(ids).not.toContain(none);
    const filtered = await h.server.inject({ method: 'GET', url: `/api/tasks?filter=${encodeURIComponent(JSON.stringify({ note: 'not escalated' }))}`, headers: tokens.ann });
    expect(filtered.json().items).toEqual([]);
    expect((await h.server.inject({ method: 'GET', url: `/api/tasks/${fin}`, headers: tokens.ann })).statusCode).toBe(200);
    expect((await h.server.inject({ method: 'GET', url: `/api/tasks/${eng}`, headers: tokens.ann })).statusCode).toBe(403);
    expect((await h.server.inject({ method: 'GET', url: `/api/tasks/${eng}`, headers: tokens.eve })).statusCode).toBe(200);
    const rootIds = ((await h.server.inject({ method: 'GET', url: '/api/tasks?limit=500', headers: tokens.root })).json().items as { _id: string }[]).map((t) => t._id);
    expect(rootIds).toEqual(expect.arrayContaining([fin, eng, none]));
  });
});

describe('/api/users', () => {
  it('is for admins only', async () => {
    for (const who of ['ann', 'lena'] as const) {
      const res = await h.server.inject({ method: 'GET', url: '/api/users', headers: tokens[who] });
      expect(res.statusCode, who).toBe(403);
      expect(res.json().error).toMatch(/only admins manage users/);
    }
    const created = await h.server.inject({ method: 'POST', url: '/api/users', headers: json(tokens.lena), payload: { username: 'mallory', role: 'admin' } });
    expect(created.statusCode).toBe(403);
  });

  it('lists, creates (201), reads, changes and manages tokens; nothing secret in the answers', async () => {
    const list = await h.server.inject({ method: 'GET', url: '/api/users', headers: tokens.root });
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toMatch(/scrypt|passwordHash|"hash"/);
    const created = await h.server.inject({ method: 'POST', url: '/api/users', headers: json(api), payload: { username: 'nia', role: 'agent', teams: ['finance'], password: 'a fine long passphrase' } });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ username: 'nia', role: 'agent', teams: ['finance'], disabled: false });
    const badTeam = await h.server.inject({ method: 'POST', url: '/api/users', headers: json(api), payload: { username: 'ola', role: 'agent', teams: ['sales'] } });
    expect(badTeam.statusCode).toBe(400);
    expect(badTeam.json().error).toMatch(/unknown team "sales"; the policy's teams are .*finance/);
    const patched = await h.server.inject({ method: 'PATCH', url: '/api/users/nia', headers: json(tokens.root), payload: { role: 'lead' } });
    expect(patched.json()).toMatchObject({ role: 'lead' });
    expect((await h.server.inject({ method: 'GET', url: '/api/users/nobody', headers: api })).statusCode).toBe(404);
    const token = await h.server.inject({ method: 'POST', url: '/api/users/nia/tokens', headers: json(api), payload: { label: 'script' } });
    expect(token.statusCode).toBe(201);
    expect(token.json().token).toMatch(/^trg_/);
    const niaToken = { authorization: `Bearer ${token.json().token}` };
    expect((await h.server.inject({ method: 'GET', url: '/api/me', headers: niaToken })).json()).toMatchObject({ username: 'nia', role: 'lead' });
    const revoked = await h.server.inject({ method: 'DELETE', url: `/api/users/nia/tokens/${token.json().record.id}`, headers: api });
    expect(revoked.statusCode).toBe(204);
    expect((await h.server.inject({ method: 'GET', url: '/api/me', headers: niaToken })).statusCode).toBe(401);
  });

  it('a disabled user\'s token and session stop working on the next request', async () => {
    const bob = await signIn(h.server, 'bob');
    expect((await h.server.inject({ method: 'GET', url: '/api/me', headers: { cookie: bob.cookie } })).statusCode).toBe(200);
    const disabled = await h.server.inject({ method: 'PATCH', url: '/api/users/bob', headers: json(tokens.root), payload: { disabled: true } });
    expect(disabled.json()).toMatchObject({ disabled: true });
    const byToken = await h.server.inject({ method: 'GET', url: '/api/human-tasks', headers: tokens.bob });
    expect(byToken.statusCode).toBe(401);
    expect((await h.server.inject({ method: 'GET', url: '/api/me', headers: { cookie: bob.cookie } })).statusCode).toBe(401);
    await expect(signIn(h.server, 'bob')).rejects.toThrow(/401/);
  });
});

describe('cookies behind TLS', () => {
  it('marks the session cookie Secure when TRIAGE_PUBLIC_URL is https', async () => {
    const tls = await startServerHarness({ env: { TRIAGE_PUBLIC_URL: 'https://triage.example.com' } });
    try {
      await addUser(tls.app, { username: 'ann', role: 'agent', teams: ['finance'] });
      const login = await loginForm(tls.server);
      const res = await tls.server.inject({
        method: 'POST',
        url: '/ui/login',
        headers: form({ cookie: login.cookie }),
        payload: new URLSearchParams({ _csrf: login.csrf, username: 'ann', password: DEFAULT_PASSWORD }).toString(),
      });
      expect(res.statusCode).toBe(303);
      expect([res.headers['set-cookie']].flat().find((c) => String(c).startsWith('triage_session='))).toMatch(/; Secure/);
    } finally {
      await tls.close();
    }
  });
});
