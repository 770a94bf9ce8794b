/**
 * Presence in the workspace through inject(): every signed-in page's header shows the person's presence
 * in a labelled form; posting it changes the stored presence (read back through the API) through the
 * users service; a missing CSRF token or a value that is not a presence changes nothing; outside the
 * team's hours the header says the person counts as away; leads and admins see everyone's on /ui/users.
 * The clock is injected: finance works Mon-Fri 09:00-17:00 in London, engineering around the clock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startServerHarness, type ServerHarness } from './server-harness.ts';
import { addUser, signIn, type SignedInBrowser } from './users-helper.ts';

const WEDNESDAY_NOON = Date.parse('2027-03-17T12:00:00Z');
const SATURDAY = Date.parse('2027-03-20T12:00:00Z');

let h: ServerHarness;
let clock = WEDNESDAY_NOON;
let ann: SignedInBrowser;
let lena: SignedInBrowser;
let root: SignedInBrowser;

const form = 'application/x-www-form-urlencoded';
const post = (who: SignedInBrowser, fields: Record<string, string>, withCsrf = true) => {
  const body = new URLSearchParams(fields);
  if (withCsrf) body.append('_csrf', who.csrf);
  return h.server.inject({ method: 'POST', url: '/ui/me/presence', headers: { 'content-type': form, cookie: who.cookie }, payload: body.toString() });
};
const page = (who: SignedInBrowser, url = '/ui') => h.server.inject({ method: 'GET', url, headers: { cookie: who.cookie } });
const apiPresence = async (username: string) => (await h.server.inject({ method: 'GET', url: `/api/users/${username}`, headers: api })).json().presence as string;
/** The header's presence form. */
const control = (body: string) => /<form method="post" action="\/ui\/me\/presence"[\s\S]*?<\/form>/.exec(body)?.[0] ?? '';
const selected = (body: string) => /<option value="(\w+)" selected>/.exec(control(body))?.[1];

beforeAll(async () => {
  h = await startServerHarness({ deps: { now: () => new Date(clock) } });
  await addUser(h.app, { username: 'ann', name: 'Ann Agent', role: 'agent', teams: ['finance'] });
  await addUser(h.app, { username: 'lena', name: 'Lena Lead', role: 'lead', teams: ['finance'] });
  await addUser(h.app, { username: 'eve', name: 'Eve Engineer', role: 'agent', teams: ['engineering'] });
  await addUser(h.app, { username: 'root', name: 'Root', role: 'admin' });
  ann = await signIn(h.server, 'ann');
  lena = await signIn(h.server, 'lena');
  root = await signIn(h.server, 'root');
});
afterAll(() => h.close());

describe('presence in the page header', () => {
  it('shows a labelled control with the current presence and the CSRF token on every signed-in page', async () => {
    for (const url of ['/ui', '/ui/analytics']) {
      const res = await page(ann, url);
      expect(res.statusCode, url).toBe(200);
      const header = control(res.body);
      expect(header).toContain('<label for="presence-select">Presence</label>');
      expect(header).toContain('<select id="presence-select" name="presence"');
      expect(header).toContain(`name="_csrf" value="${ann.csrf}"`);
      expect(header).toContain(`name="next" value="${url}"`);
      expect(selected(res.body)).toBe('available');
      expect(header).not.toContain('presence-note');
    }
  });

  it('posting the form changes the presence (read back through the API) and returns to the page', async () => {
    const res = await post(ann, { presence: 'away', next: '/ui/analytics' });
    expect(res.statusCode, res.body).toBe(303);
    expect(res.headers.location).toBe('/ui/analytics');
    expect(await apiPresence('ann')).toBe('away');
    expect(selected((await page(ann, '/ui/analytics')).body)).toBe('away');
  });

  it('refuses a form without the CSRF token with 403 and changes nothing', async () => {
    const res = await post(ann, { presence: 'offline', next: '/ui' }, false);
    expect(res.statusCode).toBe(403);
    expect(res.body).toMatch(/CSRF token/);
    expect(await apiPresence('ann')).toBe('away');
  });

  it('refuses a value that is not a presence with 400 naming the three, and changes nothing', async () => {
    const res = await post(ann, { presence: 'busy', next: '/ui' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toMatch(/cannot set presence to &quot;busy&quot;: it must be one of available, away, offline/);
    expect(await apiPresence('ann')).toBe('away');
    const missing = await post(ann, { next: '/ui' });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toMatch(/presence: choose one of available, away, offline/);
  });

  it('goes back only to a workspace page', async () => {
    const res = await post(ann, { presence: 'available', next: 'https://evil.example/ui' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/ui');
    expect(await apiPresence('ann')).toBe('available');
  });

  it('says when the team is closed: available as set, away outside team hours', async () => {
    clock = SATURDAY;
    try {
      const res = await page(ann);
      expect(selected(res.body)).toBe('available');
      expect(control(res.body)).toMatch(/<span class="presence-note" id="presence-note">\(away: outside team hours\)<\/span>/);
      expect(control(res.body)).toContain('aria-describedby="presence-note"');
      // Engineering works around the clock: no note for Eve.
      const eve = await signIn(h.server, 'eve');
      expect(control((await page(eve)).body)).not.toContain('presence-note');
    } finally {
      clock = WEDNESDAY_NOON;
    }
  });

  it('has no control for the admin token, which is not a person', async () => {
    const res = await h.server.inject({ method: 'GET', url: '/ui', headers: api });
    expect(res.statusCode).toBe(200);
    expect(control(res.body)).toBe('');
    const refused = await h.server.inject({ method: 'POST', url: '/ui/me/presence', headers: { ...api, 'content-type': form }, payload: 'presence=away' });
    expect(refused.statusCode).toBe(403);
  });
});

describe('presence on /ui/users', () => {
  it('shows admins everyone\'s presence', async () => {
    await h.app.users.service.setPresence('eve', 'offline');
    const res = await page(root, '/ui/users');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<th scope="col">Presence</th>');
    expect(res.body).toMatch(/<strong>eve<\/strong>[\s\S]*?<td data-label="Presence"><span><span class="presence-state presence-offline">offline<\/span><\/span><\/td>/);
  });

  it('shows leads the people of their teams, read-only, with the hours note', async () => {
    clock = SATURDAY;
    try {
      const res = await page(lena, '/ui/users');
      expect(res.statusCode).toBe(200);
      expect(res.body).toMatch(/<strong>ann<\/strong>[\s\S]*?<td data-label="Presence"><span><span class="presence-state presence-available">available<\/span> <span class="presence-note">\(away: outside team hours\)<\/span><\/span><\/td>/);
      expect(res.body).not.toContain('<strong>eve</strong>');
      expect(res.body).not.toContain('action="/ui/users');
      expect(res.body).toMatch(/aria-current="page">People/);
    } finally {
      clock = WEDNESDAY_NOON;
    }
  });

  it('is still 403 for agents, and leads cannot manage users', async () => {
    expect((await page(ann, '/ui/users')).statusCode).toBe(403);
    const add = await h.server.inject({
      method: 'POST',
      url: '/ui/users',
      headers: { 'content-type': form, cookie: lena.cookie },
      payload: new URLSearchParams({ _csrf: lena.csrf, username: 'mallory', role: 'admin' }).toString(),
    });
    expect(add.statusCode).toBe(403);
  });
});
