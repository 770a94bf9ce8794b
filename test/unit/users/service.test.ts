/**
 * The users service over a real embedded store: accounts, sign-in (with its throttle), sessions and
 * their expiry on an injected clock, personal tokens.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.ts';
import { createUserService, type UserServiceImpl } from '../../../src/users/service.ts';
import { InvalidCredentialsError, SignInThrottledError, UserNotFoundError } from '../../../src/users/types.ts';
import { startedInTempDir } from '../../support/temp-store.ts';
import { SqliteUserStore } from '../../../src/store/sqlite/index.ts';

const FAST = { N: 1024, r: 8, p: 1 };
const HOUR = 3_600_000;
const PASSWORD = 'correct horse battery';
const TEAMS = ['finance', 'engineering', 'technical_support'];

let t = Date.parse('2024-03-01T09:00:00Z');
const now = () => new Date(t);
let store: SqliteUserStore;
let cleanup: () => Promise<void>;
let users: UserServiceImpl;

beforeEach(async () => {
  t = Date.parse('2024-03-01T09:00:00Z');
  ({ store, cleanup } = await startedInTempDir('triage-users-svc-', (dir) => new SqliteUserStore(dir)));
  users = createUserService({
    store,
    teams: () => TEAMS,
    now,
    scrypt: FAST,
    sessions: { idleMs: 12 * HOUR, maxMs: 7 * 24 * HOUR },
    throttle: { perUser: 5, perIp: 20, windowMs: 15 * 60_000 },
  });
});
afterEach(() => cleanup());

describe('accounts', () => {
  it('creates a user with a lowercase username, no hash in what it returns, and finds them by name or id', async () => {
    const ann = await users.create({ username: ' Ann ', role: 'agent', teams: ['finance'], password: PASSWORD, email: 'ann@example.com' });
    expect(ann).toMatchObject({ username: 'ann', name: 'ann', role: 'agent', teams: ['finance'], disabled: false, email: 'ann@example.com' });
    expect(JSON.stringify(ann)).not.toMatch(/scrypt|passwordHash/);
    expect((await users.get('ANN')).id).toBe(ann.id);
    expect((await users.get(ann.id)).username).toBe('ann');
    await expect(users.get('nobody')).rejects.toBeInstanceOf(UserNotFoundError);
  });

  it('refuses unknown teams naming the known ones, bad roles, short passwords, taken names and Slack ids', async () => {
    await expect(users.create({ username: 'ann', role: 'agent', teams: ['sales'] })).rejects.toThrow(/unknown team "sales".*finance, engineering, technical_support/);
    await expect(users.create({ username: 'ann', role: 'boss' as never })).rejects.toThrow(/role: one of agent, lead, admin/);
    await expect(users.create({ username: 'ann', role: 'agent', password: 'short' })).rejects.toThrow(/at least 10 characters/);
    await expect(users.create({ username: 'system', role: 'agent' })).rejects.toThrow(/reserved/);
    await expect(users.create({ username: 'a b', role: 'agent' })).rejects.toBeInstanceOf(InputError);
    await users.create({ username: 'ann', role: 'agent', slackUserId: 'U0ANN' });
    await expect(users.create({ username: 'ann', role: 'lead' })).rejects.toThrow(/username "ann" is taken/);
    await expect(users.create({ username: 'bob', role: 'agent', slackUserId: 'U0ANN' })).rejects.toThrow(/already belongs to user "ann"/);
    expect(await users.list()).toHaveLength(1);
  });

  it('keeps at least one enabled admin', async () => {
    await users.create({ username: 'root', role: 'admin' });
    await expect(users.update('root', { disabled: true })).rejects.toThrow(/last enabled admin/);
    await expect(users.update('root', { role: 'agent' })).rejects.toThrow(/last enabled admin/);
    await users.create({ username: 'root2', role: 'admin' });
    expect((await users.update('root', { disabled: true })).disabled).toBe(true);
  });

  it('anyEnabled is false until an enabled user exists', async () => {
    expect(await users.anyEnabled()).toBe(false);
    await users.create({ username: 'ann', role: 'agent' });
    expect(await users.anyEnabled()).toBe(true);
    await users.update('ann', { disabled: true });
    expect(await users.anyEnabled()).toBe(false);
  });
});

describe('sign-in and sessions', () => {
  beforeEach(async () => {
    await users.create({ username: 'ann', role: 'agent', teams: ['finance'], password: PASSWORD });
  });

  it('signs in with the right password and resolves the session to the user principal and its CSRF token', async () => {
    const signed = await users.signIn({ username: 'Ann', password: PASSWORD, ip: '192.0.2.1' });
    expect(signed.sessionId).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(signed.expiresAt).toEqual(new Date(t + 7 * 24 * HOUR));
    const found = await users.sessionPrincipal(signed.sessionId);
    expect(found).toMatchObject({ csrf: signed.csrf, principal: { kind: 'user', username: 'ann', role: 'agent', teams: ['finance'], via: 'session' } });
    // Only a digest of the cookie value is stored.
    expect(await store.getSession(signed.sessionId)).toBeNull();
    expect(found!.principal.sessionId).not.toBe(signed.sessionId);
  });

  it('answers one message for a wrong password, an unknown user and a disabled user', async () => {
    const attempts = [
      { username: 'ann', password: 'wrong password!' },
      { username: 'nobody', password: PASSWORD },
      { username: '../../etc', password: PASSWORD },
    ];
    for (const attempt of attempts) {
      const error = await users.signIn({ ...attempt, ip: '192.0.2.1' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidCredentialsError);
      expect((error as Error).message).toBe('invalid username or password');
    }
    await users.create({ username: 'admin', role: 'admin' });
    await users.update('ann', { disabled: true });
    await expect(users.signIn({ username: 'ann', password: PASSWORD, ip: '192.0.2.2' })).rejects.toThrow('invalid username or password');
  });

  it('throttles a username after 5 failures in 15 minutes, even with the right password, until the window passes', async () => {
    for (let i = 0; i < 5; i++) await expect(users.signIn({ username: 'ann', password: `wrong-${i}-password`, ip: `198.51.100.${i}` })).rejects.toBeInstanceOf(InvalidCredentialsError);
    const locked = await users.signIn({ username: 'ann', password: PASSWORD, ip: '198.51.100.99' }).catch((e: unknown) => e);
    expect(locked).toBeInstanceOf(SignInThrottledError);
    expect((locked as SignInThrottledError).retryAfterSeconds).toBe(15 * 60);
    t += 15 * 60_000;
    await expect(users.signIn({ username: 'ann', password: PASSWORD, ip: '198.51.100.99' })).resolves.toMatchObject({ user: { username: 'ann' } });
  });

  it('throttles an address after 20 failures across usernames', async () => {
    for (let i = 0; i < 20; i++) await expect(users.signIn({ username: `guess${i}`, password: PASSWORD, ip: '203.0.113.7' })).rejects.toBeInstanceOf(InvalidCredentialsError);
    await expect(users.signIn({ username: 'ann', password: PASSWORD, ip: '203.0.113.7' })).rejects.toBeInstanceOf(SignInThrottledError);
    await expect(users.signIn({ username: 'ann', password: PASSWORD, ip: '203.0.113.8' })).resolves.toBeTruthy();
  });

  it('ends a session after the idle time, and keeps an active one alive', async () => {
    const signed = await users.signIn({ username: 'ann', password: PASSWORD, ip: '192.0.2.1' });
    t += 11 * HOUR;
    expect(await users.sessionPrincipal(signed.sessionId)).not.toBeNull(); // activity moves the idle deadline
    t += 11 * HOUR;
    expect(await users.sessionPrincipal(signed.sessionId)).not.toBeNull();
    t += 12 * HOUR;
    expect(await users.sessionPrincipal(signed.sessionId)).toBeNull();
    expect(await users.sessionPrincipal(signed.sessionId)).toBeNull();
  });

  it('ends a session at its absolute end however active', async () => {
    const signed = await users.signIn({ username: 'ann', password: PASSWORD, ip: '192.0.2.1' });
    for (let hours = 10; hours < 7 * 24; hours += 10) {
      t = Date.parse('2024-03-01T09:00:00Z') + hours * HOUR;
      expect(await users.sessionPrincipal(signed.sessionId), `after ${hours} h`).not.toBeNull();
    }
    t = Date.parse('2024-03-01T09:00:00Z') + 7 * 24 * HOUR;
    expect(await users.sessionPrincipal(signed.sessionId)).toBeNull();
  });

  it('sign-out ends the session; disabling ends every session; a new password ends the others', async () => {
    const a = await users.signIn({ username: 'ann', password: PASSWORD, ip: '192.0.2.1' });
    const b = await users.signIn({ username: 'ann', password: PASSWORD, ip: '192.0.2.1' });
    const c = await users.signIn({ username: 'ann', password: PASSWORD, ip: '192.0.2.1' });
    await users.signOut(a.sessionId);
    expect(await users.sessionPrincipal(a.sessionId)).toBeNull();
    await users.setPassword('ann', 'a brand new passphrase', { keepSessionId: b.sessionId });
    expect(await users.sessionPrincipal(b.sessionId)).not.toBeNull();
    expect(await users.sessionPrincipal(c.sessionId)).toBeNull();
    await expect(users.signIn({ username: 'ann', password: PASSWORD, ip: '192.0.2.1' })).rejects.toBeInstanceOf(InvalidCredentialsError);
    await users.create({ username: 'admin', role: 'admin' });
    await users.update('ann', { disabled: true });
    expect(await users.sessionPrincipal(b.sessionId)).toBeNull();
  });

  it('a disabled user is refused on the next request even if the session record survived', async () => {
    const signed = await users.signIn({ username: 'ann', password: PASSWORD, ip: '192.0.2.1' });
    // Written behind the service's back, as another process would: only the user record changes.
    const ann = await store.byUsername('ann');
    await store.update(ann!._id, { disabled: true });
    expect(await users.sessionPrincipal(signed.sessionId)).toBeNull();
  });

  it('role and team changes apply to live sessions at once', async () => {
    const signed = await users.signIn({ username: 'ann', password: PASSWORD, ip: '192.0.2.1' });
    await users.update('ann', { role: 'lead', teams: ['finance', 'engineering'] });
    expect((await users.sessionPrincipal(signed.sessionId))!.principal).toMatchObject({ role: 'lead', teams: ['finance', 'engineering'] });
  });

  it('purges expired sessions from the store', async () => {
    await users.signIn({ username: 'ann', password: PASSWORD, ip: '192.0.2.1' });
    t += 13 * HOUR;
    expect(await users.purgeSessions()).toBe(1);
  });
});

describe('personal API tokens', () => {
  beforeEach(async () => {
    await users.create({ username: 'admin', role: 'admin' });
    await users.create({ username: 'ann', role: 'agent', teams: ['finance'] });
  });

  it('creates trg_<id>_<secret> tokens, stores only a digest, resolves them, records use and revokes them', async () => {
    const { token, record } = await users.createToken('ann', 'laptop');
    expect(token).toMatch(/^trg_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    const stored = await store.byUsername('ann');
    expect(JSON.stringify(stored)).not.toContain(token.split('_').slice(2).join('_'));
    expect(await users.principalForToken(token)).toMatchObject({ kind: 'user', username: 'ann', via: 'token', teams: ['finance'] });
    expect((await users.get('ann')).tokens).toEqual([{ id: record.id, label: 'laptop', createdAt: now(), lastUsedAt: now() }]);
    // A forged secret with a real id is refused.
    expect(await users.principalForToken(`${token.slice(0, 17)}${'A'.repeat(43)}`)).toBeNull();
    expect(await users.principalForToken('trg_nonsense')).toBeNull();
    await users.revokeToken('ann', record.id);
    expect(await users.principalForToken(token)).toBeNull();
    await expect(users.revokeToken('ann', record.id)).rejects.toBeInstanceOf(UserNotFoundError);
  });

  it('a disabled user\'s token stops working, and works again once enabled', async () => {
    const { token } = await users.createToken('ann', 'ci');
    await users.update('ann', { disabled: true });
    expect(await users.principalForToken(token)).toBeNull();
    await users.update('ann', { disabled: false });
    expect(await users.principalForToken(token)).not.toBeNull();
  });

  it('admins resolve to every team', async () => {
    const { token } = await users.createToken('admin', 'ops');
    expect(await users.principalForToken(token)).toMatchObject({ role: 'admin', teams: null });
  });
});
