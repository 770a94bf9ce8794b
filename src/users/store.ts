/**
 * Persistence of users and sessions, shaped by what the service does (find by username, Slack id or
 * token id; set fields; sessions by hashed id), with one embedded and one mongodb implementation
 * sharing the contract suite in test/users/contract.ts.
 *
 * Token use times live beside the tokens (`tokenUse`, keyed by token id), not inside them: the frequent
 * "last used" writes then never rewrite the token list, so they cannot undo a token created or revoked
 * by another request at the same moment.
 */
import type { User } from './types.ts';

/** A signed-in browser. The cookie holds a random id; only its sha256 is stored, as `_id`. */
export interface SessionRecord {
  /** sha256 (hex) of the cookie value. */
  _id: string;
  userId: string;
  /** The CSRF token of this session's forms; random, so it says nothing about the cookie. */
  csrf: string;
  createdAt: Date;
  lastSeenAt: Date;
  /** The absolute end, whatever the activity. */
  expiresAt: Date;
}

/** Fields `update` may set; the token list is written as a whole. */
export type UserFields = Partial<Omit<User, '_id' | 'createdAt'>>;

export interface UserStore {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Inserts a new user; a taken username is `UsernameTakenError`. */
  insert(user: User): Promise<void>;
  get(id: string): Promise<User | null>;
  byUsername(username: string): Promise<User | null>;
  bySlackUserId(slackUserId: string): Promise<User[]>;
  /** The user holding the API token with this id. */
  byTokenId(tokenId: string): Promise<User | null>;
  /** Every user, by username. */
  list(): Promise<User[]>;
  /** Sets the given top-level fields; returns the user as stored after, or null when there is none. */
  update(id: string, fields: UserFields): Promise<User | null>;
  /**
   * Takes the person's assignment turn in `team`: sets `lastAssigned[team]` to `at` only if it is still
   * `previous` (null: never assigned there). False when another process took a turn for them first,
   * so two processes handing out tasks at once do not both count the same turn.
   */
  takeTurn(userId: string, team: string, at: Date, previous: Date | null): Promise<boolean>;
  /**
   * Takes the short lock on assigning work to this person: true when nobody holds it, its holder's
   * time ran out (`until` <= `at`), or `owner` holds it already (then `until` is extended). The
   * assigner holds it while it counts the person's open tasks and assigns one, so two processes
   * cannot both give away their last free slot. False also when there is no such user.
   */
  lockAssignment(userId: string, owner: string, at: Date, until: Date): Promise<boolean>;
  /** Gives the lock back if `owner` still holds it; someone else's lock is left alone. */
  unlockAssignment(userId: string, owner: string): Promise<void>;
  /** Records when a token was last used (cheap, and never touches the token list). */
  markTokenUsed(userId: string, tokenId: string, at: Date): Promise<void>;
  countEnabled(): Promise<number>;

  createSession(session: SessionRecord): Promise<void>;
  getSession(id: string): Promise<SessionRecord | null>;
  touchSession(id: string, at: Date): Promise<void>;
  deleteSession(id: string): Promise<void>;
  /** Ends every session of a user, but `exceptId`; returns how many ended. */
  deleteSessionsOf(userId: string, exceptId?: string): Promise<number>;
  /** Removes sessions past their absolute end or idle since before `idleBefore`. */
  deleteExpiredSessions(now: Date, idleBefore: Date): Promise<number>;
}

export class UsernameTakenError extends Error {
  override name = 'UsernameTakenError';
  constructor(readonly username: string) {
    super(`username "${username}" is taken; choose another or update the existing user`);
  }
}

/** A user as both backends hold it. */
export type StoredUser = Omit<User, 'tokens' | 'presence' | 'lastAssigned'> & {
  /** Absent on accounts stored before presence existed. */
  presence?: User['presence'];
  lastAssigned?: User['lastAssigned'];
  tokens: Omit<User['tokens'][number], 'lastUsedAt'>[];
  /** Token ids, top level so both backends find a token's owner with a plain equality match. */
  tokenIds: string[];
  tokenUse: Record<string, Date>;
  /** The assignment lock (`lockAssignment`), top level so a compare-and-set filters plain fields; never part of `User`. */
  assignLockOwner?: string | null;
  assignLockUntil?: Date | null;
};

export function toStoredUser(user: User): StoredUser {
  const tokenUse: Record<string, Date> = {};
  for (const token of user.tokens) if (token.lastUsedAt) tokenUse[token.id] = token.lastUsedAt;
  return {
    ...user,
    tokens: user.tokens.map(({ lastUsedAt: _used, ...token }) => token),
    tokenIds: user.tokens.map((t) => t.id),
    tokenUse,
  };
}

export function fromStoredUser(doc: StoredUser): User {
  const { tokenIds: _ids, tokenUse, assignLockOwner: _owner, assignLockUntil: _until, ...user } = doc;
  return {
    ...user,
    // Accounts stored before presence and assignment existed read as available, never assigned.
    presence: user.presence ?? 'available',
    lastAssigned: user.lastAssigned ?? {},
    tokens: (doc.tokens ?? []).map((t) => ({ ...t, lastUsedAt: tokenUse?.[t.id] ?? null })),
  };
}

/** Whether a stored turn time is the one a caller read (both null, or the same instant). */
export function sameTurn(stored: Date | null | undefined, previous: Date | null): boolean {
  if (!stored || !previous) return !stored && !previous;
  return new Date(stored).getTime() === previous.getTime();
}

/** Whether `owner` may take an assignment lock stored as `holder` until `until` at instant `at`. */
export function lockFree(holder: string | null | undefined, until: Date | string | null | undefined, owner: string, at: Date): boolean {
  return !holder || holder === owner || !until || new Date(until).getTime() <= at.getTime();
}

/** The stored form of `update`'s fields: a new token list also replaces the id list. */
export function storedFields(fields: UserFields): Record<string, unknown> {
  const { tokens, ...rest } = fields;
  if (!tokens) return rest;
  return { ...rest, tokens: tokens.map(({ lastUsedAt: _used, ...token }) => token), tokenIds: tokens.map((t) => t.id) };
}
