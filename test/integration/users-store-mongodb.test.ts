import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MongoTaskStore } from '../../src/store/mongodb/tasks.ts';
import { createMongoStorage } from '../../src/store/mongodb/index.ts';
import { MongoUserStore } from '../../src/store/mongodb/users.ts';
import { dropDatabase, mongoForTests, startedInFreshDb, uniqueDbName } from '../support/mongo.ts';
import { describeUserStoreContract, newUser } from './users-contract.ts';

const server = await mongoForTests();
const uri = server.uri ?? '';

// Skipped only where no MongoDB-compatible server can run; CI sets TRIAGE_REQUIRE_MONGO=1, so there a
// missing server fails the file instead (test/support/mongo.ts).
describe.skipIf(!server.uri)(`MongoUserStore on ${server.uri ? 'a MongoDB-compatible server' : `nothing (${server.reason})`}`, () => {
  let client: MongoClient;
  beforeAll(async () => {
    client = await new MongoClient(uri).connect();
  });
  afterAll(async () => {
    await client.close();
  });

  describeUserStoreContract('mongodb', () => startedInFreshDb(uri, import.meta.url, (dbName) => new MongoUserStore(client.db(dbName))));

  it('creates a unique username index idempotently, in collections users and sessions', async () => {
    const dbName = uniqueDbName(import.meta.url);
    try {
      await new MongoUserStore(client.db(dbName)).start();
      const store = new MongoUserStore(client.db(dbName));
      await store.start();
      const indexes = await client.db(dbName).collection('users').listIndexes().toArray();
      expect(indexes.find((i) => i.name === 'username_unique')).toMatchObject({ key: { username: 1 }, unique: true });
      await store.insert(newUser({ username: 'ann' }));
      await store.createSession({ _id: 'ab'.repeat(32), userId: 'x', csrf: 'c', createdAt: new Date(), lastSeenAt: new Date(), expiresAt: new Date() });
      expect(await client.db(dbName).collection('users').countDocuments({ username: 'ann' })).toBe(1);
      expect(await client.db(dbName).collection('sessions').countDocuments({})).toBe(1);
    } finally {
      await dropDatabase(uri, dbName);
    }
  });

  it('lives in the task store database when built by createMongoStorage', async () => {
    const dbName = uniqueDbName(import.meta.url);
    const storage = createMongoStorage({ uri, dbName });
    try {
      await storage.start();
      await storage.users.insert(newUser({ username: 'bob' }));
      expect(await client.db(dbName).collection('users').countDocuments({ username: 'bob' })).toBe(1);
    } finally {
      await storage.stop();
      await dropDatabase(uri, dbName);
    }
  });
});
