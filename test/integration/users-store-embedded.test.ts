import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EmbeddedUserStore } from '../../src/store/nedb/users.ts';
import { startedInTempDir } from '../support/temp-store.ts';
import { describeUserStoreContract, newUser } from './users-contract.ts';

describeUserStoreContract('embedded (nedb)', () => startedInTempDir('triage-users-', (dir) => new EmbeddedUserStore(dir)));

describe('EmbeddedUserStore', () => {
  it('keeps users in users.db and sessions in sessions.db across a restart, without secrets in clear', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'triage-users-'));
    try {
      const first = new EmbeddedUserStore(dir);
      await expect(first.get('x')).rejects.toThrow(/start\(\)/);
      await first.start();
      const user = newUser({ username: 'ann' });
      await first.insert(user);
      await first.createSession({ _id: 'ab'.repeat(32), userId: user._id, csrf: 'c', createdAt: new Date(), lastSeenAt: new Date(), expiresAt: new Date(Date.now() + 60_000) });
      await first.stop();
      expect(await readFile(join(dir, 'users.db'), 'utf8')).toContain('"username":"ann"');
      expect(await readFile(join(dir, 'sessions.db'), 'utf8')).toContain(user._id);

      const second = new EmbeddedUserStore(dir);
      await second.start();
      expect(await second.byUsername('ann')).toEqual(user);
      expect(await second.getSession('ab'.repeat(32))).not.toBeNull();
      await second.stop();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
