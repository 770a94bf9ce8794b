/**
 * The users service: accounts (roles, teams, Slack id), passwords, sessions, sign-in throttling and
 * personal API tokens, over a UserStore. Who may call what is the routes' business; this enforces
 * what must hold for every caller (valid input, known teams, unique names, live sessions only).
 */
import { randomUUID } from 'node:crypto';
import { InputError } from '../errors.ts';
import { silentLogger, type Logger } from '../log.ts';
import type { Principal } from '../server/principal.ts';
import { Mutex } from '../store/mutex.ts';
import { checkLabel, checkNewUser, checkPresence, checkUpdate, normalizeUsername } from './input.ts';
import { burnVerification, checkPassword, DEFAULT_SCRYPT, hashPassword, needsRehash, verifyPassword, type ScryptParams } from './password.ts';
import { UsernameTakenError, type UserFields, type UserStore } from './store.ts';
import { SignInThrottle, type ThrottleLimits } from './throttle.ts';
import { apiTokenId, newApiToken, newCsrfToken, newSessionId, sameDigest, sha256 } from './tokens.ts';
import { InvalidCredentialsError, SignInThrottledError, UserNotFoundError, type PublicUser, type SignedIn, type SignInInput, type User, type UserService } from './types.ts';

export interface SessionLimits {
  /** A session unused for this long ends. */
  idleMs: number;
  /** A session ends this long after sign-in, however active. */
  maxMs: number;
}

export const DEFAULT_SESSION_LIMITS: SessionLimits = { idleMs: 12 * 3_600_000, maxMs: 7 * 86_400_000 };
export const DEFAULT_THROTTLE: ThrottleLimits = { perUser: 5, perIp: 20, windowMs: 15 * 60_000 };

/** How stale "last seen" and "last used" may get before they are written again: one write a minute, not one per request. */
const TOUCH_EVERY_MS = 60_000;

export interface UserServiceDeps {
  store: UserStore;
  /** The policy's team ids; users' teams must be among them. */
  teams: () => readonly string[];
  now?: () => Date;
  /** Tests lower the cost; production keeps DEFAULT_SCRYPT. */
  scrypt?: ScryptParams;
  sessions?: SessionLimits;
  throttle?: ThrottleLimits;
  log?: Logger;
}

export interface UserServiceImpl extends UserService {
  /** Removes expired sessions (also done on every sign-in). */
  purgeSessions(): Promise<number>;
  readonly sessionLimits: SessionLimits;
  /**
   * Calls `listener` after each presence change that was saved (the app re-offers waiting tasks when
   * someone becomes available; this service knows nothing of assignment). The change has been made
   * when a listener runs: a listener's failure is logged, never returned to the caller. Returns a
   * function that removes the listener.
   */
  onPresenceChange(listener: PresenceListener): () => void;
}

export type PresenceListener = (user: PublicUser, previous: User['presence']) => Promise<void> | void;

export function publicUser(user: User): PublicUser {
  return {
    id: user._id,
    username: user.username,
    name: user.name,
    email: user.email,
    role: user.role,
    teams: [...user.teams],
    disabled: user.disabled,
    slackUserId: user.slackUserId,
    presence: user.presence,
    tokens: user.tokens.map((t) => ({ id: t.id, label: t.label, createdAt: t.createdAt, lastUsedAt: t.lastUsedAt })),
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
  };
}

/** The principal a user acts as; admins see every team. */
export function userPrincipal(user: Pick<User, '_id' | 'username' | 'name' | 'role' | 'teams'>, via: 'session' | 'token', sessionId?: string): Principal {
  return {
    kind: 'user',
    id: user._id,
    username: user.username,
    name: user.name,
    role: user.role,
    teams: user.role === 'admin' ? null : [...user.teams],
    via,
    ...(sessionId !== undefined ? { sessionId } : {}),
  };
}

export function createUserService(deps: UserServiceDeps): UserServiceImpl {
  const { store } = deps;
  const now = deps.now ?? (() => new Date());
  const params = deps.scrypt ?? DEFAULT_SCRYPT;
  const limits = deps.sessions ?? DEFAULT_SESSION_LIMITS;
  const log = deps.log ?? silentLogger;
  const throttle = new SignInThrottle(deps.throttle ?? DEFAULT_THROTTLE, now);
  // Token list changes are read-modify-write; one at a time in this process.
  const tokenWrites = new Mutex();
  const presenceListeners = new Set<PresenceListener>();

  async function find(usernameOrId: string): Promise<User> {
    if (typeof usernameOrId !== 'string' || usernameOrId.trim() === '') throw new InputError('user: required (a username or id)', ['user']);
    const user = (await store.byUsername(usernameOrId.trim().toLowerCase())) ?? (await store.get(usernameOrId.trim()));
    if (!user) throw new UserNotFoundError(`no user "${usernameOrId}"; see \`triage user list\``);
    return user;
  }

  async function requireFreeSlackId(slackUserId: string | null | undefined, self?: string): Promise<void> {
    if (!slackUserId) return;
    const holders = (await store.bySlackUserId(slackUserId)).filter((u) => u._id !== self);
    if (holders.length > 0) throw new InputError(`slackUserId: ${slackUserId} already belongs to user "${holders[0]!.username}"`, ['slackUserId']);
  }

  /** Refuses a change that would leave no enabled admin: nobody could manage users through the pages or the API any more. */
  async function keepAnAdmin(user: User, next: { role: User['role']; disabled: boolean }): Promise<void> {
    const wasAdmin = user.role === 'admin' && !user.disabled;
    if (!wasAdmin || (next.role === 'admin' && !next.disabled)) return;
    const others = (await store.list()).filter((u) => u._id !== user._id && u.role === 'admin' && !u.disabled);
    if (others.length === 0) throw new InputError(`user "${user.username}" is the last enabled admin; make another admin first`, [next.disabled ? 'disabled' : 'role']);
  }

  async function saved(id: string, fields: UserFields): Promise<User> {
    const user = await store.update(id, { ...fields, updatedAt: now() });
    if (!user) throw new UserNotFoundError(`user ${id} no longer exists`);
    return user;
  }

  async function touchToken(user: User, tokenId: string, at: Date): Promise<void> {
    const last = user.tokens.find((t) => t.id === tokenId)?.lastUsedAt;
    if (last && at.getTime() - last.getTime() < TOUCH_EVERY_MS) return;
    await store.markTokenUsed(user._id, tokenId, at).catch((error: unknown) => log.warn({ err: (error as Error).message }, 'users: could not record token use'));
  }

  async function purgeSessions(): Promise<number> {
    const at = now();
    return store.deleteExpiredSessions(at, new Date(at.getTime() - limits.idleMs));
  }

  return {
    sessionLimits: limits,
    purgeSessions,

    onPresenceChange(listener) {
      presenceListeners.add(listener);
      return () => presenceListeners.delete(listener);
    },

    async list(filter = {}) {
      const users = await store.list();
      return users
        .filter((u) => (filter.includeDisabled ?? true) || !u.disabled)
        .filter((u) => filter.team === undefined || u.teams.includes(filter.team))
        .map(publicUser);
    },

    get: async (usernameOrId) => publicUser(await find(usernameOrId)),

    async create(input) {
      const checked = checkNewUser(input, deps.teams());
      await requireFreeSlackId(checked.slackUserId);
      const at = now();
      const user: User = {
        _id: randomUUID(),
        username: checked.username,
        name: checked.name ?? checked.username,
        email: checked.email ?? null,
        role: checked.role,
        teams: checked.teams,
        disabled: false,
        slackUserId: checked.slackUserId ?? null,
        presence: 'available',
        lastAssigned: {},
        passwordHash: checked.password !== undefined ? await hashPassword(checked.password, params) : null,
        tokens: [],
        createdAt: at,
        updatedAt: at,
      };
      try {
        await store.insert(user);
      } catch (error) {
        if (error instanceof UsernameTakenError) throw new InputError(`username: ${error.message}`, ['username'], { cause: error });
        throw error;
      }
      log.info({ user: user.username, role: user.role }, 'user created');
      return publicUser(user);
    },

    async update(usernameOrId, update) {
      const change = checkUpdate(update, deps.teams());
      const user = await find(usernameOrId);
      await requireFreeSlackId(change.slackUserId, user._id);
      await keepAnAdmin(user, { role: change.role ?? user.role, disabled: change.disabled ?? user.disabled });
      const { password, ...fields } = change;
      const next = await saved(user._id, { ...fields, ...(password !== undefined ? { passwordHash: await hashPassword(password, params) } : {}) });
      // A disabled person's browsers stop at once; a new password ends sessions opened with the old one.
      if ((change.disabled === true && !user.disabled) || password !== undefined) await store.deleteSessionsOf(user._id);
      log.info({ user: next.username, fields: Object.keys(change) }, 'user updated');
      return publicUser(next);
    },

    async setPresence(usernameOrId, presence) {
      const value = checkPresence(presence);
      const user = await find(usernameOrId);
      if (user.presence === value) return publicUser(user);
      const next = await saved(user._id, { presence: value });
      log.info({ user: next.username, presence: value }, 'presence changed');
      for (const listener of presenceListeners) {
        try {
          await listener(publicUser(next), user.presence);
        } catch (error) {
          log.warn({ user: next.username, presence: value, err: (error as Error).message }, 'a presence change listener failed; the change stands');
        }
      }
      return publicUser(next);
    },

    async setPassword(usernameOrId, password, options = {}) {
      checkPassword(password);
      const user = await find(usernameOrId);
      const next = await saved(user._id, { passwordHash: await hashPassword(password, params) });
      await store.deleteSessionsOf(user._id, options.keepSessionId !== undefined ? sha256(options.keepSessionId) : undefined);
      log.info({ user: next.username }, 'password changed; other sessions ended');
      return publicUser(next);
    },

    async createToken(usernameOrId, label) {
      const text = checkLabel(label);
      return tokenWrites.run(async () => {
        const user = await find(usernameOrId);
        const { token, id, hash } = newApiToken();
        const record = { id, label: text, hash, createdAt: now(), lastUsedAt: null };
        await saved(user._id, { tokens: [...user.tokens, record] });
        log.info({ user: user.username, tokenId: id }, 'API token created');
        return { token, record: { id, label: text, createdAt: record.createdAt, lastUsedAt: null } };
      });
    },

    async revokeToken(usernameOrId, tokenId) {
      await tokenWrites.run(async () => {
        const user = await find(usernameOrId);
        if (!user.tokens.some((t) => t.id === tokenId)) throw new UserNotFoundError(`user "${user.username}" has no token ${String(tokenId)}`);
        await saved(user._id, { tokens: user.tokens.filter((t) => t.id !== tokenId) });
        log.info({ user: user.username, tokenId }, 'API token revoked');
      });
    },

    anyEnabled: async () => (await store.countEnabled()) > 0,

    async principalForToken(token) {
      const id = typeof token === 'string' ? apiTokenId(token) : null;
      if (!id) return null;
      const user = await store.byTokenId(id);
      const record = user?.tokens.find((t) => t.id === id);
      if (!user || !record || !sameDigest(sha256(token), record.hash) || user.disabled) return null;
      await touchToken(user, id, now());
      return userPrincipal(user, 'token');
    },

    async principalForSlackUser(slackUserId) {
      const user = (await store.bySlackUserId(slackUserId)).find((u) => !u.disabled);
      return user ? userPrincipal(user, 'token') : null;
    },

    async userForSlack(slackUserId) {
      if (typeof slackUserId !== 'string' || slackUserId === '') return null;
      const users = await store.bySlackUserId(slackUserId);
      const user = users.find((u) => !u.disabled) ?? users[0];
      return user ? publicUser(user) : null;
    },

    async signIn(input: SignInInput): Promise<SignedIn> {
      const password = typeof input.password === 'string' ? input.password : '';
      let username: string | null;
      try {
        username = normalizeUsername(input.username);
      } catch {
        username = null;
      }
      const key = username ?? String(input.username ?? '').trim().toLowerCase().slice(0, 64);
      const wait = throttle.retryAfterMs(key, input.ip);
      if (wait > 0) throw new SignInThrottledError(Math.ceil(wait / 1000));
      const user = username ? await store.byUsername(username) : null;
      // Every path costs one scrypt, so the answer time does not say whether the username exists.
      const ok = user?.passwordHash && password.length <= 1024 ? await verifyPassword(password, user.passwordHash) : await burnVerification(password, params);
      if (!user || !ok || user.disabled) {
        throttle.fail(key, input.ip);
        log.info({ user: key, ip: input.ip }, 'sign-in refused');
        throw new InvalidCredentialsError();
      }
      throttle.succeed(key);
      if (user.passwordHash && needsRehash(user.passwordHash, params)) await saved(user._id, { passwordHash: await hashPassword(password, params) });
      await purgeSessions().catch((error: unknown) => log.warn({ err: (error as Error).message }, 'users: could not purge expired sessions'));
      const at = now();
      const { id, hash } = newSessionId();
      const csrf = newCsrfToken();
      const expiresAt = new Date(at.getTime() + limits.maxMs);
      await store.createSession({ _id: hash, userId: user._id, csrf, createdAt: at, lastSeenAt: at, expiresAt });
      log.info({ user: user.username }, 'signed in');
      return { sessionId: id, csrf, expiresAt, user: publicUser(user) };
    },

    async signOut(sessionId) {
      if (typeof sessionId === 'string' && sessionId !== '') await store.deleteSession(sha256(sessionId));
    },

    async sessionPrincipal(sessionId) {
      if (typeof sessionId !== 'string' || sessionId === '' || sessionId.length > 200) return null;
      const hash = sha256(sessionId);
      const session = await store.getSession(hash);
      if (!session) return null;
      const at = now();
      if (session.expiresAt.getTime() <= at.getTime() || session.lastSeenAt.getTime() + limits.idleMs <= at.getTime()) {
        await store.deleteSession(hash);
        return null;
      }
      const user = await store.get(session.userId);
      if (!user || user.disabled) {
        await store.deleteSession(hash);
        return null;
      }
      if (at.getTime() - session.lastSeenAt.getTime() >= TOUCH_EVERY_MS) await store.touchSession(hash, at);
      return { principal: userPrincipal(user, 'session', hash), csrf: session.csrf };
    },
  };
}
