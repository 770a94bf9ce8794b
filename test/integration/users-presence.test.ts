/**
 * Presence through HTTP: a person sets their own (`PUT /api/me/presence`), admins set anyone's and a
 * lead that of people in their teams (`PUT /api/users/:user/presence`); the value is checked, browsers
 * need their CSRF token, and the user's record shows the result.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startServerHarness, type ServerHarness } from './server-harness.ts';
import { addToken, addUser, signIn } from './users-helper.ts';

let h: ServerHarness;
const tokens: Record<string, { authorization: string }> = {};
const json = (headers: Record<string, string>) => ({ 'content-type': 'application/json', ...headers });

beforeAll(async () => {
  h = await startServerHarness();
  await addUser(h.app, { username: 'ann', role: 'agent', teams: ['finance'] });
  await addUser(h.app, { username: 'bob', role: 'agent', teams: ['finance'] });
  await addUser(h.app, { username: 'lena', role: 'lead', teams: ['finance'] });
  await addUser(h.app, { username: 'eve', role: 'agent', teams: ['engineering'] });
  for (const name of ['ann', 'lena']) tokens[name] = (await addToken(h.app, name)).headers;
});
afterAll(() => h.close());

const put = (url: string, headers: Record<string, string>, presence: unknown) => h.server.inject({ method: 'PUT', url, headers: json(headers), payload: { presence } });
const presenceOf = async (username: string) => (await h.app.users.service.get(username)).presence;

describe('presence over the API', () => {
  it('starts available and lets a person set their own', async () => {
    expect(await presenceOf('ann')).toBe('available');
    const res = await put('/api/me/presence', tokens.ann!, 'away');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ username: 'ann', presence: 'away' });
    expect(await presenceOf('ann')).toBe('away');
    const read = await h.server.inject({ method: 'GET', url: '/api/users/ann', headers: api });
    expect(read.json()).toMatchObject({ presence: 'away' });
  });

  it('refuses a value that is not a presence, naming the three', async () => {
    const res = await put('/api/me/presence', tokens.ann!, 'busy');
    expect(res.statusCode).toBe(400);
    expect(res.body).toMatch(/available, away, offline/);
    expect(await presenceOf('ann')).toBe('away');
  });

  it('lets a lead set the presence of people in their teams only, and an agent only their own', async () => {
    expect((await put('/api/users/bob/presence', tokens.lena!, 'offline')).statusCode).toBe(200);
    expect(await presenceOf('bob')).toBe('offline');
    const otherTeam = await put('/api/users/eve/presence', tokens.lena!, 'offline');
    expect(otherTeam.statusCode).toBe(403);
    expect(otherTeam.body).toMatch(/only admins, leads of eve's teams or eve/);
    expect((await put('/api/users/bob/presence', tokens.ann!, 'available')).statusCode).toBe(403);
    expect(await presenceOf('bob')).toBe('offline');
    expect((await put('/api/users/ann/presence', tokens.ann!, 'available')).statusCode).toBe(200);
    expect((await put('/api/users/nobody-here/presence', tokens.lena!, 'away')).statusCode).toBe(404);
  });

  it('lets the admin token set anyone\'s, but it has no presence of its own', async () => {
    expect((await put('/api/users/eve/presence', api, 'away')).statusCode).toBe(200);
    expect(await presenceOf('eve')).toBe('away');
    const me = await put('/api/me/presence', api, 'away');
    expect(me.statusCode).toBe(403);
    expect(me.body).toMatch(/not a person/);
  });

  it('needs the CSRF token from a signed-in browser', async () => {
    const browser = await signIn(h.server, 'bob');
    expect((await put('/api/me/presence', { cookie: browser.cookie }, 'available')).statusCode).toBe(403);
    expect(await presenceOf('bob')).toBe('offline');
    expect((await put('/api/me/presence', browser.headers, 'available')).statusCode).toBe(200);
    expect(await presenceOf('bob')).toBe('available');
  });
});
