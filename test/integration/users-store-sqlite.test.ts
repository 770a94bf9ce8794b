import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../src/store/sqlite/database.ts';
import { SqliteUserStore } from '../../src/store/sqlite/users.ts';
import { UsernameTakenError } from '../../src/users/store.ts';
import { startedInTempDir } from '../support/temp-store.ts';
import { describeUserStoreContract, newUser, T0 } from './users-contract.ts';

describeUserStoreContract('sqlite', () => startedInTempDir('triage-users-sqlite-', (dir) => new SqliteUserStore(dir)));

describe('SqliteUserStore', () => {
  it('keeps users and sessions across a restart, sessions only by the hash of their id', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'triage-users-sqlite-'));
    try {
      const first = new SqliteUserStore(dir);
      await expect(first.get('x')).rejects.toThrow(/start\(\)/);
      await first.start();
      const user = newUser({ username: 'ann', tokens: [{ id: 't1', label: 'ci', hash: 'ff', createdAt: T0, lastUsedAt: null }] });
      await first.insert(user);
      await first.markTokenUsed(user._id, 't1', new Date(T0.getTime() + 1000));
      await first.createSession({ _id: 'ab'.repeat(32), userId: user._id, csrf: 'c', createdAt: T0, lastSeenAt: T0, expiresAt: new Date(T0.getTime() + 60_000) });
      await first.stop();

      const raw = new Database(join(dir, DATABASE_FILE), { readonly: true });
      expect(raw.prepare('SELECT id FROM sessions').pluck().all()).toEqual(['ab'.repeat(32)]);
      raw.close();

      const second = new SqliteUserStore(dir);
      await second.start();
      expect(await second.byUsername('ann')).toEqual({ ...user, tokens: [{ ...user.tokens[0], lastUsedAt: new Date(T0.getTime() + 1000) }] });
      expect(await second.getSession('ab'.repeat(32))).toMatchObject({ userId: user._id, expiresAt: new Date(T0.getTime() + 60_000) });
      await second.stop();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses renaming a user to a taken username, and ignores token use of a user that is gone', async () => {
    const { store, cleanup } = await startedInTempDir('triage-users-sqlite-', (dir) => new SqliteUserStore(dir));
    try {
      const ann = newUser({ username: 'ann' });
      const bob = newUser({ username: 'bob' });
      await store.insert(ann);
      await store.insert(bob);
      await expect(store.update(bob._id, { username: 'ann' })).rejects.toBeInstanceOf(UsernameTakenError);
      expect((await store.get(bob._id))!.username).toBe('bob');
      await store.markTokenUsed('nobody', 't1', T0);
      expect(await store.get('nobody')).toBeNull();
    } finally {
      await cleanup();
    }
  });
});
