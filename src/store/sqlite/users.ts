/**
 * UserStore on triage.sqlite: users (unique username) with their API token ids and token use times in
 * tables of their own, and sessions by the hash of their id. Marking a token used writes one small row
 * and never the user's document, so it cannot undo a token change made at the same moment by another
 * request or process.
 */
import { fromStoredUser, lockFree, sameTurn, storedFields, toStoredUser, UsernameTakenError, type SessionRecord, type StoredUser, type UserFields, type UserStore } from '../../users/store.ts';
import type { User } from '../../users/types.ts';
import { fromJson, toJson } from './codec.ts';
import { SqliteStoreBase } from './store-base.ts';

/** The user document as stored: the token list without use times; token ids and use times live in their tables. */
type UserDoc = Omit<StoredUser, 'tokenIds' | 'tokenUse'>;

interface SessionRow {
  id: string;
  user_id: string;
  csrf: string;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE' || (error as { code?: unknown }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

function fromSessionRow(row: SessionRow): SessionRecord {
  return {
    _id: row.id,
    userId: row.user_id,
    csrf: row.csrf,
    createdAt: new Date(row.created_at),
    lastSeenAt: new Date(row.last_seen_at),
    expiresAt: new Date(row.expires_at),
  };
}

export class SqliteUserStore extends SqliteStoreBase implements UserStore {
  async insert(user: User): Promise<void> {
    this.database.write(() => {
      try {
        this.writeUser(toStoredUser(user), 'insert');
      } catch (error) {
        if (isUniqueViolation(error)) throw new UsernameTakenError(user.username);
        throw error;
      }
    });
  }

  async get(id: string): Promise<User | null> {
    return typeof id === 'string' ? this.one('SELECT id, doc FROM users WHERE id = ?', id) : null;
  }

  async byUsername(username: string): Promise<User | null> {
    return typeof username === 'string' ? this.one('SELECT id, doc FROM users WHERE username = ?', username) : null;
  }

  async bySlackUserId(slackUserId: string): Promise<User[]> {
    return this.many('SELECT id, doc FROM users WHERE slack_user_id = ? ORDER BY username', slackUserId);
  }

  async byTokenId(tokenId: string): Promise<User | null> {
    return this.one('SELECT u.id, u.doc FROM user_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_id = ? ORDER BY u.username LIMIT 1', tokenId);
  }

  async list(): Promise<User[]> {
    return this.many('SELECT id, doc FROM users ORDER BY username');
  }

  async update(id: string, fields: UserFields): Promise<User | null> {
    const db = this.database;
    const found = db.write(() => {
      const doc = db.statement('SELECT doc FROM users WHERE id = ?').pluck().get(id) as string | undefined;
      if (doc === undefined) return false;
      const { tokenIds, ...set } = storedFields(fields) as Partial<StoredUser>;
      const next = { ...fromJson<UserDoc>(doc), ...set, _id: id } as UserDoc;
      try {
        this.writeUser({ ...next, tokenIds: tokenIds ?? next.tokens.map((t) => t.id), tokenUse: {} }, tokenIds === undefined ? 'doc' : 'tokens');
      } catch (error) {
        if (isUniqueViolation(error)) throw new UsernameTakenError(next.username);
        throw error;
      }
      return true;
    });
    return found ? this.get(id) : null;
  }

  async takeTurn(userId: string, team: string, at: Date, previous: Date | null): Promise<boolean> {
    const db = this.database;
    // Read and write in one write transaction: another process's turn in between is seen, not lost.
    return db.write(() => {
      const doc = db.statement('SELECT doc FROM users WHERE id = ?').pluck().get(userId) as string | undefined;
      if (doc === undefined) return false;
      const user = fromJson<UserDoc>(doc);
      if (!sameTurn(user.lastAssigned?.[team], previous)) return false;
      db.statement('UPDATE users SET doc = ? WHERE id = ?').run(toJson({ ...user, lastAssigned: { ...user.lastAssigned, [team]: at } }), userId);
      return true;
    });
  }

  async lockAssignment(userId: string, owner: string, at: Date, until: Date): Promise<boolean> {
    const db = this.database;
    // One write transaction: the check and the take cannot interleave with another process's.
    return db.write(() => {
      const doc = db.statement('SELECT doc FROM users WHERE id = ?').pluck().get(userId) as string | undefined;
      if (doc === undefined) return false;
      const user = fromJson<UserDoc>(doc);
      if (!lockFree(user.assignLockOwner, user.assignLockUntil, owner, at)) return false;
      db.statement('UPDATE users SET doc = ? WHERE id = ?').run(toJson({ ...user, assignLockOwner: owner, assignLockUntil: until }), userId);
      return true;
    });
  }

  async unlockAssignment(userId: string, owner: string): Promise<void> {
    const db = this.database;
    db.write(() => {
      const doc = db.statement('SELECT doc FROM users WHERE id = ?').pluck().get(userId) as string | undefined;
      if (doc === undefined) return;
      const user = fromJson<UserDoc>(doc);
      if (user.assignLockOwner !== owner) return;
      db.statement('UPDATE users SET doc = ? WHERE id = ?').run(toJson({ ...user, assignLockOwner: null, assignLockUntil: null }), userId);
    });
  }

  async markTokenUsed(userId: string, tokenId: string, at: Date): Promise<void> {
    // As a `$set` on a missing user would, this does nothing when the user is gone.
    this.database
      .statement(
        `INSERT INTO user_token_use (user_id, token_id, used_at) SELECT id, ?, ? FROM users WHERE id = ?
         ON CONFLICT (user_id, token_id) DO UPDATE SET used_at = excluded.used_at`,
      )
      .run(tokenId, at.getTime(), userId);
  }

  async countEnabled(): Promise<number> {
    return this.database.statement('SELECT count(*) FROM users WHERE disabled = 0').pluck().get() as number;
  }

  async createSession(session: SessionRecord): Promise<void> {
    this.database
      .statement('INSERT INTO sessions (id, user_id, csrf, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(session._id, session.userId, session.csrf, session.createdAt.getTime(), session.lastSeenAt.getTime(), session.expiresAt.getTime());
  }

  async getSession(id: string): Promise<SessionRecord | null> {
    if (typeof id !== 'string') return null;
    const row = this.database.statement('SELECT * FROM sessions WHERE id = ?').get(id) as SessionRow | undefined;
    return row ? fromSessionRow(row) : null;
  }

  async touchSession(id: string, at: Date): Promise<void> {
    this.database.statement('UPDATE sessions SET last_seen_at = ? WHERE id = ?').run(at.getTime(), id);
  }

  async deleteSession(id: string): Promise<void> {
    this.database.statement('DELETE FROM sessions WHERE id = ?').run(id);
  }

  async deleteSessionsOf(userId: string, exceptId?: string): Promise<number> {
    if (exceptId === undefined) return this.database.statement('DELETE FROM sessions WHERE user_id = ?').run(userId).changes;
    return this.database.statement('DELETE FROM sessions WHERE user_id = ? AND id <> ?').run(userId, exceptId).changes;
  }

  async deleteExpiredSessions(now: Date, idleBefore: Date): Promise<number> {
    return this.database.statement('DELETE FROM sessions WHERE expires_at <= ? OR last_seen_at < ?').run(now.getTime(), idleBefore.getTime()).changes;
  }

  /** Inserts a user as the nedb store held it, token use times included (the nedb migration). */
  insertStored(user: StoredUser): void {
    this.writeUser(user, 'insert');
  }

  /**
   * Writes a user's row; with 'insert' or 'tokens' also its token ids (dropping the use times of tokens
   * it no longer holds) and the use times in `user.tokenUse`. The caller holds the write transaction.
   */
  private writeUser(user: StoredUser, mode: 'insert' | 'doc' | 'tokens'): void {
    const db = this.database;
    const { tokenIds, tokenUse, ...doc } = user;
    const columns = [user.username, user.slackUserId ?? null, user.disabled ? 1 : 0, toJson(doc), user._id];
    if (mode === 'insert') db.statement('INSERT INTO users (username, slack_user_id, disabled, doc, id) VALUES (?, ?, ?, ?, ?)').run(...columns);
    else db.statement('UPDATE users SET username = ?, slack_user_id = ?, disabled = ?, doc = ? WHERE id = ?').run(...columns);
    if (mode === 'doc') return;
    db.statement('DELETE FROM user_tokens WHERE user_id = ?').run(user._id);
    const insertToken = db.statement('INSERT OR IGNORE INTO user_tokens (user_id, token_id) VALUES (?, ?)');
    for (const tokenId of tokenIds) insertToken.run(user._id, tokenId);
    db.statement('DELETE FROM user_token_use WHERE user_id = ? AND token_id NOT IN (SELECT token_id FROM user_tokens WHERE user_id = ?)').run(user._id, user._id);
    const insertUse = db.statement('INSERT OR REPLACE INTO user_token_use (user_id, token_id, used_at) VALUES (?, ?, ?)');
    for (const [tokenId, at] of Object.entries(tokenUse ?? {})) if (at instanceof Date) insertUse.run(user._id, tokenId, at.getTime());
  }

  private one(sql: string, ...params: unknown[]): User | null {
    return this.database.read(() => {
      const row = this.database.statement(sql).get(...params) as { id: string; doc: string } | undefined;
      return row ? this.decode(row) : null;
    });
  }

  private many(sql: string, ...params: unknown[]): User[] {
    return this.database.read(() => (this.database.statement(sql).all(...params) as { id: string; doc: string }[]).map((row) => this.decode(row)));
  }

  private decode(row: { id: string; doc: string }): User {
    const doc = fromJson<UserDoc>(row.doc);
    const uses = this.database.statement('SELECT token_id, used_at FROM user_token_use WHERE user_id = ?').all(row.id) as { token_id: string; used_at: number }[];
    const tokenUse: Record<string, Date> = {};
    for (const use of uses) tokenUse[use.token_id] = new Date(use.used_at);
    return fromStoredUser({ ...doc, tokenIds: doc.tokens.map((t) => t.id), tokenUse });
  }
}
