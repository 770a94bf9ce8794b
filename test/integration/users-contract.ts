/**
 * The UserStore contract; every implementation runs exactly this:
 *
 *   describeUserStoreContract('embedded', async () => ({ store, cleanup }));
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UsernameTakenError, type SessionRecord, type UserStore } from '../../src/users/store.ts';
import type { User } from '../../src/users/types.ts';

export type MakeUserStore = () => Promise<{ store: UserStore; cleanup: () => Promise<void> }>;

export const T0 = new Date('2024-03-01T09:00:00.000Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

export function newUser(overrides: Partial<User> = {}): User {
  return {
    _id: randomUUID(),
    username: `user-${randomUUID().slice(0, 8)}`,
    name: 'Someone',
    email: null,
    role: 'agent',
    teams: ['finance'],
    disabled: false,
    slackUserId: null,
    presence: 'available',
    lastAssigned: {},
    passwordHash: 'scrypt$1024$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    tokens: [],
    createdAt: T0,
    updatedAt: T0,
    ...overrides,
  };
}

function session(overrides: Partial<SessionRecord> = {}): SessionRecord {
  return { _id: randomUUID().replace(/-/g, ''), userId: 'u1', csrf: 'c', createdAt: T0, lastSeenAt: T0, expiresAt: at(60 * 24), ...overrides };
}

export function describeUserStoreContract(name: string, makeStore: MakeUserStore): void {
  describe(`UserStore contract: ${name}`, () => {
    let current: { store: UserStore; cleanup: () => Promise<void> } | undefined;
    beforeEach(async () => {
      current = await makeStore();
    });
    afterEach(async () => {
      await current?.cleanup();
      current = undefined;
    });
    const store = (): UserStore => current!.store;

    it('inserts and finds a user by id and username, dates and nulls intact', async () => {
      const user = newUser({ username: 'ann', email: 'ann@example.com' });
      await store().insert(user);
      expect(await store().get(user._id)).toEqual(user);
      expect(await store().byUsername('ann')).toEqual(user);
      expect(await store().byUsername('bob')).toBeNull();
      expect(await store().get('missing')).toBeNull();
    });

    it('refuses a second user with the same username (unique index)', async () => {
      await store().insert(newUser({ username: 'ann' }));
      await expect(store().insert(newUser({ username: 'ann' }))).rejects.toBeInstanceOf(UsernameTakenError);
      expect(await store().list()).toHaveLength(1);
    });

    it('lists by username and counts only enabled users', async () => {
      await store().insert(newUser({ username: 'carol' }));
      await store().insert(newUser({ username: 'ann', disabled: true }));
      await store().insert(newUser({ username: 'bob' }));
      expect((await store().list()).map((u) => u.username)).toEqual(['ann', 'bob', 'carol']);
      expect(await store().countEnabled()).toBe(2);
    });

    it('sets fields, and returns null for a user that does not exist', async () => {
      const user = newUser({ username: 'ann' });
      await store().insert(user);
      const updated = await store().update(user._id, { disabled: true, teams: ['billing', 'finance'], email: null, updatedAt: at(5) });
      expect(updated).toMatchObject({ username: 'ann', disabled: true, teams: ['billing', 'finance'], updatedAt: at(5) });
      expect(await store().update('missing', { disabled: true })).toBeNull();
    });

    it('finds a token owner by token id and records token use without touching the token list', async () => {
      const user = newUser({ username: 'ann' });
      await store().insert(user);
      const token = { id: 'a1b2c3d4e5f6', label: 'ci', hash: 'ff'.repeat(32), createdAt: at(1), lastUsedAt: null };
      await store().update(user._id, { tokens: [token] });
      expect((await store().byTokenId('a1b2c3d4e5f6'))?.username).toBe('ann');
      expect(await store().byTokenId('000000000000')).toBeNull();
      await store().markTokenUsed(user._id, 'a1b2c3d4e5f6', at(9));
      const used = await store().get(user._id);
      expect(used!.tokens).toEqual([{ ...token, lastUsedAt: at(9) }]);
      // Revoking drops the token; its id no longer finds the user.
      await store().update(user._id, { tokens: [] });
      expect(await store().byTokenId('a1b2c3d4e5f6')).toBeNull();
    });

    it('finds users by Slack id', async () => {
      await store().insert(newUser({ username: 'ann', slackUserId: 'U0ANN' }));
      await store().insert(newUser({ username: 'bob' }));
      expect((await store().bySlackUserId('U0ANN')).map((u) => u.username)).toEqual(['ann']);
      expect(await store().bySlackUserId('U0NOBODY')).toEqual([]);
    });

    it('keeps presence, and takes an assignment turn only from the turn the caller read', async () => {
      const user = newUser({ username: 'ann' });
      await store().insert(user);
      expect((await store().update(user._id, { presence: 'away' }))!.presence).toBe('away');
      expect((await store().get(user._id))!.presence).toBe('away');
      // Never assigned in finance: the first turn expects null; a second caller who read null too loses.
      expect(await store().takeTurn(user._id, 'finance', at(1), null)).toBe(true);
      expect(await store().takeTurn(user._id, 'finance', at(2), null)).toBe(false);
      expect(await store().takeTurn(user._id, 'finance', at(3), at(1))).toBe(true);
      // Teams turn independently, and other fields are untouched.
      expect(await store().takeTurn(user._id, 'billing', at(4), null)).toBe(true);
      const after = await store().get(user._id);
      expect(after).toMatchObject({ presence: 'away', lastAssigned: { finance: at(3), billing: at(4) } });
      expect(await store().takeTurn('missing', 'finance', at(5), null)).toBe(false);
    });

    it('locks assignment to a person for one owner at a time, until it is given back or runs out', async () => {
      const user = newUser({ presence: 'away' });
      await store().insert(user);
      expect(await store().lockAssignment(user._id, 'p1', at(0), at(1))).toBe(true);
      // Held: another owner is refused; the holder may renew.
      expect(await store().lockAssignment(user._id, 'p2', at(0), at(1))).toBe(false);
      expect(await store().lockAssignment(user._id, 'p1', at(0), at(2))).toBe(true);
      expect(await store().lockAssignment(user._id, 'p2', at(1), at(3))).toBe(false);
      // Someone else's unlock does nothing; the holder's frees it.
      await store().unlockAssignment(user._id, 'p2');
      expect(await store().lockAssignment(user._id, 'p2', at(1), at(3))).toBe(false);
      await store().unlockAssignment(user._id, 'p1');
      expect(await store().lockAssignment(user._id, 'p2', at(1), at(3))).toBe(true);
      // A holder that never gives it back (a crashed process) loses it when its time runs out.
      expect(await store().lockAssignment(user._id, 'p3', at(2), at(4))).toBe(false);
      expect(await store().lockAssignment(user._id, 'p3', at(3), at(4))).toBe(true);
      expect(await store().lockAssignment('missing', 'p1', at(0), at(1))).toBe(false);
      // The lock is the store's business: the user reads as before, and updates keep the lock.
      expect(await store().get(user._id)).toEqual(user);
      await store().update(user._id, { presence: 'available' });
      expect(await store().lockAssignment(user._id, 'p1', at(3), at(5))).toBe(false);
    });

    it('lets exactly one of many owners racing for a free lock take it', async () => {
      const user = newUser();
      await store().insert(user);
      const results = await Promise.all(Array.from({ length: 8 }, (_, i) => store().lockAssignment(user._id, `p${i}`, at(0), at(1))));
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it('creates, reads, touches and deletes sessions', async () => {
      const s = session();
      await store().createSession(s);
      expect(await store().getSession(s._id)).toEqual(s);
      await store().touchSession(s._id, at(30));
      expect((await store().getSession(s._id))!.lastSeenAt).toEqual(at(30));
      await store().deleteSession(s._id);
      expect(await store().getSession(s._id)).toBeNull();
    });

    it('ends the sessions of one user, optionally but one', async () => {
      const [a, b, c] = [session({ userId: 'u1' }), session({ userId: 'u1' }), session({ userId: 'u2' })];
      for (const s of [a, b, c]) await store().createSession(s);
      expect(await store().deleteSessionsOf('u1', a._id)).toBe(1);
      expect(await store().getSession(a._id)).not.toBeNull();
      expect(await store().getSession(b._id)).toBeNull();
      expect(await store().deleteSessionsOf('u1')).toBe(1);
      expect(await store().getSession(c._id)).not.toBeNull();
    });

    it('removes sessions past their absolute end or idle too long', async () => {
      const live = session({ lastSeenAt: at(50), expiresAt: at(1000) });
      const ended = session({ lastSeenAt: at(50), expiresAt: at(59) });
      const idle = session({ lastSeenAt: at(5), expiresAt: at(1000) });
      for (const s of [live, ended, idle]) await store().createSession(s);
      expect(await store().deleteExpiredSessions(at(60), at(10))).toBe(2);
      expect(await store().getSession(live._id)).not.toBeNull();
      expect(await store().getSession(ended._id)).toBeNull();
      expect(await store().getSession(idle._id)).toBeNull();
    });
  });
}
