/**
 * UserStore on MongoDB (or FerretDB 1.x): collections `users` and `sessions` in the task store's
 * database. Plain indexes only (FerretDB 1.x has no TTL or partial ones), so expired sessions are
 * removed by the service, not by the server; every write is a single-document `$set` or delete.
 */
import { Db, MongoClient, type Collection, type IndexDescription } from 'mongodb';
import { redact } from '../../config.ts';
import { ensureIndexes } from './collection.ts';
import { isDuplicateKey } from './lock.ts';
import { fromStoredUser, storedFields, toStoredUser, UsernameTakenError, type SessionRecord, type StoredUser, type UserFields, type UserStore } from '../../users/store.ts';
import type { User } from '../../users/types.ts';

/** A `Db`, a function returning it once the task store has started, or a URI for a client of its own. */
export type MongoUserSource = Db | (() => Db) | { uri: string; dbName?: string };

const USER_INDEXES: IndexDescription[] = [
  { key: { username: 1 }, name: 'username_unique', unique: true },
  { key: { tokenIds: 1 }, name: 'tokenIds' },
  { key: { slackUserId: 1 }, name: 'slackUserId' },
];
const SESSION_INDEXES: IndexDescription[] = [
  { key: { userId: 1 }, name: 'userId' },
  { key: { expiresAt: 1 }, name: 'expiresAt' },
];

/** Who is assigning work to a user (`_id`: the user's id), until when. */
interface AssignmentLock {
  _id: string;
  owner: string;
  until: Date;
}

export class MongoUserStore implements UserStore {
  private usersCollection: Collection<StoredUser> | null = null;
  private locksCollection: Collection<AssignmentLock> | null = null;
  private sessionsCollection: Collection<SessionRecord> | null = null;
  private ownClient: MongoClient | null = null;

  constructor(
    private readonly source: MongoUserSource,
    private readonly options: { collectionPrefix?: string; serverSelectionTimeoutMS?: number } = {},
  ) {}

  async start(): Promise<void> {
    if (this.usersCollection) return;
    const db = await this.openDb();
    const prefix = this.options.collectionPrefix ?? '';
    const users = db.collection<StoredUser>(`${prefix}users`);
    const sessions = db.collection<SessionRecord>(`${prefix}sessions`);
    await ensureIndexes(users, USER_INDEXES);
    await ensureIndexes(sessions, SESSION_INDEXES);
    this.usersCollection = users;
    this.sessionsCollection = sessions;
    this.locksCollection = db.collection<AssignmentLock>(`${prefix}user_assignment_locks`);
  }

  private async openDb(): Promise<Db> {
    const source = this.source;
    if (typeof source === 'function') return source();
    if (source instanceof Db) return source;
    const client = new MongoClient(source.uri, { ignoreUndefined: true, serverSelectionTimeoutMS: this.options.serverSelectionTimeoutMS ?? 10_000 });
    try {
      await client.connect();
    } catch (error) {
      const reason = redact(error instanceof Error ? error.message : String(error), { MONGODB_URI: source.uri });
      throw new Error(`cannot connect to MongoDB at ${redact(source.uri, {})} for users (check MONGODB_URI): ${reason}`, { cause: error });
    }
    this.ownClient = client;
    return client.db(source.dbName);
  }

  async stop(): Promise<void> {
    this.usersCollection = null;
    this.sessionsCollection = null;
    this.locksCollection = null;
    const client = this.ownClient;
    this.ownClient = null;
    await client?.close();
  }

  private get users(): Collection<StoredUser> {
    if (!this.usersCollection) throw new Error('the mongodb user store is not started; call start() first');
    return this.usersCollection;
  }

  private get locks(): Collection<AssignmentLock> {
    if (!this.locksCollection) throw new Error('the mongodb user store is not started; call start() first');
    return this.locksCollection;
  }

  private get sessions(): Collection<SessionRecord> {
    if (!this.sessionsCollection) throw new Error('the mongodb user store is not started; call start() first');
    return this.sessionsCollection;
  }

  async insert(user: User): Promise<void> {
    try {
      await this.users.insertOne(toStoredUser(user));
    } catch (error) {
      if (isDuplicateKey(error)) throw new UsernameTakenError(user.username);
      throw error;
    }
  }

  private async one(query: Record<string, unknown>): Promise<User | null> {
    const doc = await this.users.findOne(query);
    return doc ? fromStoredUser(doc) : null;
  }

  get(id: string): Promise<User | null> {
    return typeof id === 'string' ? this.one({ _id: id }) : Promise.resolve(null);
  }

  byUsername(username: string): Promise<User | null> {
    return typeof username === 'string' ? this.one({ username }) : Promise.resolve(null);
  }

  async bySlackUserId(slackUserId: string): Promise<User[]> {
    return (await this.users.find({ slackUserId }).sort({ username: 1 }).toArray()).map(fromStoredUser);
  }

  byTokenId(tokenId: string): Promise<User | null> {
    return typeof tokenId === 'string' ? this.one({ tokenIds: tokenId }) : Promise.resolve(null);
  }

  async list(): Promise<User[]> {
    return (await this.users.find({}).sort({ username: 1 }).toArray()).map(fromStoredUser);
  }

  async update(id: string, fields: UserFields): Promise<User | null> {
    const result = await this.users.updateOne({ _id: id }, { $set: storedFields(fields) as Partial<StoredUser> });
    return result.matchedCount === 0 ? null : this.get(id);
  }

  async takeTurn(userId: string, team: string, at: Date, previous: Date | null): Promise<boolean> {
    // A compare-and-set on the one field (team ids are lower_snake_case, safe in a dotted path): two
    // processes taking the same turn match one update between them.
    const field = `lastAssigned.${team}`;
    const result = await this.users.updateOne({ _id: userId, [field]: previous ?? { $exists: false } }, { $set: { [field]: at } });
    return result.modifiedCount === 1;
  }

  async lockAssignment(userId: string, owner: string, at: Date, until: Date): Promise<boolean> {
    // Not a filtered update: FerretDB 1.x does not re-check an update's filter when it writes (see
    // lock.ts; measured here: four of four racers "won"). Inserting a taken `_id` fails atomically
    // on every backend, so the lock is a document of its own, keyed by the user.
    if (!(await this.users.findOne({ _id: userId }, { projection: { _id: 1 } }))) return false;
    if (await this.insertLock({ _id: userId, owner, until })) return true;
    const held = await this.locks.findOne({ _id: userId });
    if (!held) return this.insertLock({ _id: userId, owner, until });
    if (held.owner === owner) {
      await this.locks.updateOne({ _id: userId, owner }, { $set: { until } });
      return true;
    }
    if (held.until.getTime() > at.getTime()) return false;
    // Expired: breaking it is guarded by a unique insert too, so two processes never both break and take it.
    if (!(await this.insertLock({ _id: `${userId}#${held.until.getTime()}`, owner, until: held.until }))) return false;
    await this.locks.deleteOne({ _id: userId, owner: held.owner });
    return this.insertLock({ _id: userId, owner, until });
  }

  async unlockAssignment(userId: string, owner: string): Promise<void> {
    await this.locks.deleteOne({ _id: userId, owner });
  }

  private async insertLock(lock: AssignmentLock): Promise<boolean> {
    try {
      await this.locks.insertOne(lock);
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  async markTokenUsed(userId: string, tokenId: string, at: Date): Promise<void> {
    await this.users.updateOne({ _id: userId }, { $set: { [`tokenUse.${tokenId}`]: at } });
  }

  countEnabled(): Promise<number> {
    return this.users.countDocuments({ disabled: false });
  }

  async createSession(session: SessionRecord): Promise<void> {
    await this.sessions.insertOne(session);
  }

  async getSession(id: string): Promise<SessionRecord | null> {
    if (typeof id !== 'string') return null;
    return this.sessions.findOne({ _id: id });
  }

  async touchSession(id: string, at: Date): Promise<void> {
    await this.sessions.updateOne({ _id: id }, { $set: { lastSeenAt: at } });
  }

  async deleteSession(id: string): Promise<void> {
    await this.sessions.deleteOne({ _id: id });
  }

  async deleteSessionsOf(userId: string, exceptId?: string): Promise<number> {
    const result = await this.sessions.deleteMany(exceptId === undefined ? { userId } : { userId, _id: { $ne: exceptId } });
    return result.deletedCount;
  }

  async deleteExpiredSessions(now: Date, idleBefore: Date): Promise<number> {
    const result = await this.sessions.deleteMany({ $or: [{ expiresAt: { $lte: now } }, { lastSeenAt: { $lt: idleBefore } }] });
    return result.deletedCount;
  }
}
