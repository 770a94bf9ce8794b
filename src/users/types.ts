/**
 * People who work the inbox: who they are, their role and teams, how they sign in (password, sessions)
 * and their personal API tokens. Stored beside the tasks (embedded or mongodb).
 */
import type { Principal, Role } from '../server/principal.ts';

export interface ApiTokenRecord {
  id: string;
  label: string;
  /** sha256 of the secret; the secret itself is shown once and never stored. */
  hash: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

/**
 * Whether a person takes new work: `available` people may be offered tasks automatically; `away` and
 * `offline` ones are passed over (they keep what they hold). Outside their team's hours a member counts
 * as away whatever they set (src/assignment/presence.ts).
 */
export const PRESENCES = ['available', 'away', 'offline'] as const;
export type Presence = (typeof PRESENCES)[number];

export interface User {
  _id: string;
  /** Lowercase, unique; what sign-in asks for and what claims and resolutions record. */
  username: string;
  name: string;
  email: string | null;
  role: Role;
  /** Team ids from the policy. */
  teams: string[];
  disabled: boolean;
  /** Slack user id (e.g. U012AB3CD): a Slack button pressed by this id acts as this user. */
  slackUserId: string | null;
  /** As the person (or a lead) set it; `available` for accounts made before presence existed. */
  presence: Presence;
  /**
   * When the assignment last gave this person a task, per team id: the round-robin turn order, kept in
   * the store so it survives restarts and is shared by every process.
   */
  lastAssigned: Record<string, Date>;
  /** Self-describing scrypt hash (`scrypt$N$r$p$salt$hash`); null when the user has no password yet. */
  passwordHash: string | null;
  tokens: ApiTokenRecord[];
  createdAt: Date;
  updatedAt: Date;
}

/** A user as pages and the API show it: no hashes. */
export interface PublicUser {
  id: string;
  username: string;
  name: string;
  email: string | null;
  role: Role;
  teams: string[];
  disabled: boolean;
  slackUserId: string | null;
  presence: Presence;
  tokens: { id: string; label: string; createdAt: Date; lastUsedAt: Date | null }[];
  createdAt: Date;
  updatedAt: Date;
}

export interface NewUserInput {
  username: string;
  name?: string;
  email?: string;
  role: Role;
  teams?: string[];
  password?: string;
  slackUserId?: string;
}

export interface UserUpdate {
  name?: string;
  email?: string | null;
  role?: Role;
  teams?: string[];
  disabled?: boolean;
  password?: string;
  slackUserId?: string | null;
}

/**
 * What the server, the pages and the CLI do with users. Input errors are `InputError`s (400 naming the
 * field); an unknown username or id is `UserNotFoundError` (404).
 */
export interface UserService {
  list(filter?: { team?: string; includeDisabled?: boolean }): Promise<PublicUser[]>;
  get(usernameOrId: string): Promise<PublicUser>;
  create(input: NewUserInput): Promise<PublicUser>;
  update(usernameOrId: string, update: UserUpdate): Promise<PublicUser>;
  /** Creates a personal API token; the secret is returned once. */
  createToken(usernameOrId: string, label: string): Promise<{ token: string; record: PublicUser['tokens'][number] }>;
  revokeToken(usernameOrId: string, tokenId: string): Promise<void>;
  /** Sets whether the person takes new work; an unknown value is an InputError listing the three. */
  setPresence(usernameOrId: string, presence: string): Promise<PublicUser>;
  /** Whether any enabled user exists (serve refuses open listening without any credential). */
  anyEnabled(): Promise<boolean>;
  /** The principal for a personal API token, or null. */
  principalForToken(token: string): Promise<Principal | null>;
  /** The enabled user with this Slack user id, as a principal, or null. */
  principalForSlackUser(slackUserId: string): Promise<Principal | null>;
  /** The user (enabled or not) with this Slack user id, or null: a disabled one is refused, not ignored. */
  userForSlack(slackUserId: string): Promise<PublicUser | null>;
  /**
   * Checks a username and password and opens a session. Failures are `InvalidCredentialsError`
   * (one message whatever was wrong); too many recent failures `SignInThrottledError`.
   */
  signIn(input: SignInInput): Promise<SignedIn>;
  /** Ends a session (the cookie value); unknown ids are ignored. */
  signOut(sessionId: string): Promise<void>;
  /** The principal and CSRF token of a live session (the cookie value), or null when it is unknown, expired or its user disabled. */
  sessionPrincipal(sessionId: string): Promise<{ principal: Principal; csrf: string } | null>;
  /** Sets a password and ends the user's sessions, except `keepSessionId` (the cookie value of the one making the change). */
  setPassword(usernameOrId: string, password: string, options?: { keepSessionId?: string }): Promise<PublicUser>;
}

export interface SignInInput {
  username: string;
  password: string;
  /** The client address, for throttling. */
  ip: string;
}

export interface SignedIn {
  /** The cookie value; shown to the browser only. */
  sessionId: string;
  csrf: string;
  expiresAt: Date;
  user: PublicUser;
}

/** Wrong username or password, or a disabled user: deliberately one message for all. */
export class InvalidCredentialsError extends Error {
  override name = 'InvalidCredentialsError';
  constructor() {
    super('invalid username or password');
  }
}

/** Too many failed sign-ins for this username or address. */
export class SignInThrottledError extends Error {
  override name = 'SignInThrottledError';
  constructor(readonly retryAfterSeconds: number) {
    super(`too many failed sign-in attempts; try again in ${Math.ceil(retryAfterSeconds / 60)} minute(s)`);
  }
}

export class UserNotFoundError extends Error {
  override name = 'UserNotFoundError';
}
