/**
 * UserStore on nedb: `users.db` and `sessions.db` under TRIAGE_DATA_DIR, for the embedded (one process)
 * mode. The unique index on `username` makes a second user with a taken name fail even if two
 * requests race past the service's check.
 */
import { join } from 'node:path';
import { NedbFile } from './file.ts';
import { fromStoredUser, lockFree, sameTurn, storedFields, toStoredUser, UsernameTakenError, type SessionRecord, type StoredUser, type UserFields, type UserStore } from '../../users/store.ts';
import type { User } from '../../users/types.ts';

function isUniqueViolation(error: unknown): boolean {
  return (error as { errorType?: string }).errorType === 'uniqueViolated';
}

export class EmbeddedUserStore implements UserStore {
  private readonly users: NedbFile<StoredUser>;
  private readonly sessions: NedbFile<SessionRecord>;

  constructor(readonly dataDir: string, options: { autocompactionMs?: number } = {}) {
    const notOpen = 'the embedded user store is not started; call start() first';
    this.users = new NedbFile({
      filename: join(dataDir, 'users.db'),
      description: 'the user store',
      notOpen,
      indexes: [{ fieldName: 'username', unique: true }, { fieldName: 'tokenIds' }, { fieldName: 'slackUserId', sparse: true }],
      autocompactionMs: options.autocompactionMs,
    });
    this.sessions = new NedbFile({
      filename: join(dataDir, 'sessions.db'),
      description: 'the session store',
      notOpen,
      indexes: [{ fieldName: 'userId' }],
      autocompactionMs: options.autocompactionMs,
    });
  }

  async start(): Promise<void> {
    await this.users.open();
    await this.sessions.open();
  }

  async stop(): Promise<void> {
    await this.users.close();
    await this.sessions.close();
  }

  async insert(user: User): Promise<void> {
    await this.users.writes.run(async () => {
      try {
        await this.users.store.insertAsync(toStoredUser(user));
      } catch (error) {
        if (isUniqueViolation(error)) throw new UsernameTakenError(user.username);
        throw error;
      }
    });
  }

  private async one(query: Record<string, unknown>): Promise<User | null> {
    const doc = await this.users.store.findOneAsync(query);
    return doc ? fromStoredUser(doc) : null;
  }

  get(id: string): Promise<User | null> {
    return typeof id === 'string' ? this.one({ _id: id }) : Promise.resolve(null);
  }

  byUsername(username: string): Promise<User | null> {
    return typeof username === 'string' ? this.one({ username }) : Promise.resolve(null);
  }

  async bySlackUserId(slackUserId: string): Promise<User[]> {
    const docs = await this.users.store.findAsync({ slackUserId }).sort({ username: 1 });
    return (docs as unknown as StoredUser[]).map(fromStoredUser);
  }

  byTokenId(tokenId: string): Promise<User | null> {
    return this.one({ tokenIds: tokenId });
  }

  async list(): Promise<User[]> {
    const docs = await this.users.store.findAsync({}).sort({ username: 1 });
    return (docs as unknown as StoredUser[]).map(fromStoredUser);
  }

  update(id: string, fields: UserFields): Promise<User | null> {
    return this.users.writes.run(async () => {
      const { numAffected } = await this.users.store.updateAsync({ _id: id }, { $set: storedFields(fields) }, {});
      return numAffected === 0 ? null : this.get(id);
    });
  }

  takeTurn(userId: string, team: string, at: Date, previous: Date | null): Promise<boolean> {
    // One process owns the embedded files; the write queue makes the read and the write one step.
    return this.users.writes.run(async () => {
      const doc = await this.users.store.findOneAsync({ _id: userId });
      if (!doc || !sameTurn(doc.lastAssigned?.[team], previous)) return false;
      await this.users.store.updateAsync({ _id: userId }, { $set: { [`lastAssigned.${team}`]: at } }, {});
      return true;
    });
  }

  lockAssignment(userId: string, owner: string, at: Date, until: Date): Promise<boolean> {
    // One process owns the embedded files; the write queue makes the check and the take one step.
    return this.users.writes.run(async () => {
      const doc = (await this.users.store.findOneAsync({ _id: userId })) as unknown as StoredUser | null;
      if (!doc || !lockFree(doc.assignLockOwner, doc.assignLockUntil, owner, at)) return false;
      await this.users.store.updateAsync({ _id: userId }, { $set: { assignLockOwner: owner, assignLockUntil: until } }, {});
      return true;
    });
  }

  async unlockAssignment(userId: string, owner: string): Promise<void> {
    await this.users.writes.run(() => this.users.store.updateAsync({ _id: userId, assignLockOwner: owner }, { $set: { assignLockOwner: null, assignLockUntil: null } }, {}));
  }

  async markTokenUsed(userId: string, tokenId: string, at: Date): Promise<void> {
    await this.users.writes.run(() => this.users.store.updateAsync({ _id: userId }, { $set: { [`tokenUse.${tokenId}`]: at } }, {}));
  }

  countEnabled(): Promise<number> {
    return this.users.store.countAsync({ disabled: false });
  }

  async createSession(session: SessionRecord): Promise<void> {
    await this.sessions.writes.run(() => this.sessions.store.insertAsync(session));
  }

  async getSession(id: string): Promise<SessionRecord | null> {
    if (typeof id !== 'string') return null;
    return (await this.sessions.store.findOneAsync({ _id: id })) ?? null;
  }

  async touchSession(id: string, at: Date): Promise<void> {
    await this.sessions.writes.run(() => this.sessions.store.updateAsync({ _id: id }, { $set: { lastSeenAt: at } }, {}));
  }

  async deleteSession(id: string): Promise<void> {
    await this.sessions.writes.run(() => this.sessions.store.removeAsync({ _id: id }, {}));
  }

  deleteSessionsOf(userId: string, exceptId?: string): Promise<number> {
    const query = exceptId === undefined ? { userId } : { userId, _id: { $ne: exceptId } };
    return this.sessions.writes.run(() => this.sessions.store.removeAsync(query, { multi: true }));
  }

  deleteExpiredSessions(now: Date, idleBefore: Date): Promise<number> {
    return this.sessions.writes.run(() =>
      this.sessions.store.removeAsync({ $or: [{ expiresAt: { $lte: now } }, { lastSeenAt: { $lt: idleBefore } }] }, { multi: true }),
    );
  }
}
