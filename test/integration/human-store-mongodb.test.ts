import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MongoHumanTaskStore } from '../../src/store/mongodb/human-tasks.ts';
import { createMongoStorage } from '../../src/store/mongodb/index.ts';
import { createHumanTaskService } from '../../src/human/service.ts';
import { HumanTaskConflictError } from '../../src/human/types.ts';
import { loadPolicy } from '../../src/policy/load.ts';
import { MongoTaskStore } from '../../src/store/mongodb/tasks.ts';
import { describeHumanTaskStoreContract, newInput, T0 } from '../human/contract.ts';
import { dropDatabase, mongoForTests, startedInFreshDb, uniqueDbName } from '../support/mongo.ts';

const server = await mongoForTests();
const uri = server.uri ?? '';

describe.skipIf(!server.uri)(`MongoHumanTaskStore on ${server.uri ? 'a MongoDB-compatible server' : `nothing (${server.reason})`}`, () => {
  let client: MongoClient;
  beforeAll(async () => {
    client = await new MongoClient(uri).connect();
  });
  afterAll(async () => {
    await client.close();
  });

  describeHumanTaskStoreContract('mongodb', () => startedInFreshDb(uri, import.meta.url, (dbName) => new MongoHumanTaskStore(client.db(dbName))));

  it('creates its indexes idempotently and stores odd keys encoded, nested arrays wrapped', async () => {
    const dbName = uniqueDbName(import.meta.url);
    try {
      const store = new MongoHumanTaskStore({ client, dbName });
      await store.start();
      await new MongoHumanTaskStore({ client, dbName }).start();
      const indexes = await client.db(dbName).collection('human_tasks').listIndexes().toArray();
      expect(indexes.find((i) => i.name === 'key_unique')).toMatchObject({ key: { key: 1 }, unique: true });
      const { task } = await store.create(newInput({ context: { 'a.b': [[1]] } }), T0);
      const raw = await client.db(dbName).collection('human_tasks').findOne({ _id: task._id as never });
      expect(raw!.context).toEqual({ 'a~pb': [{ '~a': [1] }] });
      expect(raw!.priorityRank).toBe(2);
      expect((await store.get(task._id))!.context).toEqual({ 'a.b': [[1]] });
    } finally {
      await dropDatabase(uri, dbName);
    }
  });

  it('stores open beside the status, and backfills it for tasks stored before it existed', async () => {
    const dbName = uniqueDbName(import.meta.url);
    try {
      const first = new MongoHumanTaskStore({ client, dbName });
      await first.start();
      const raw = client.db(dbName).collection('human_tasks');
      const indexes = await raw.listIndexes().toArray();
      expect(indexes.find((i) => i.name === 'team_open_urgency')).toMatchObject({ key: { team: 1, open: 1, priorityRank: 1, dueAt: 1, _id: 1 } });
      const open = (await first.create(newInput({ team: 'finance', priority: 'high' }), T0)).task;
      const created = (await first.create(newInput({ team: 'finance', priority: 'critical' }), T0)).task;
      const done = await first.save({ ...created, status: 'completed' }, created.version);
      expect(await raw.findOne({ _id: open._id as never })).toMatchObject({ open: true, layout: 2 });
      expect(await raw.findOne({ _id: done._id as never })).toMatchObject({ open: false, layout: 2 });
      // The old shape: neither `open` nor `layout`.
      await raw.updateMany({}, { $unset: { open: '', layout: '' } });
      await first.stop();

      const store = new MongoHumanTaskStore({ client, dbName });
      await store.start();
      expect(await raw.countDocuments({ layout: 2 })).toBe(2);
      const inbox = await store.list({ status: ['pending', 'assigned', 'in_progress'], team: 'finance' });
      expect(inbox.items.map((t) => t._id)).toEqual([open._id]);
      expect((await store.get(done._id))!.version).toBe(done.version);
      expect(await store.dueBefore(new Date(T0.getTime() + 10 * 86_400_000))).toHaveLength(1);
    } finally {
      await dropDatabase(uri, dbName);
    }
  });

  it('two processes (two clients) claiming one task at once: exactly one wins, the other gets a conflict', async () => {
    const dbName = uniqueDbName(import.meta.url);
    const other = await new MongoClient(uri).connect();
    try {
      const policy = await loadPolicy();
      const quiet = { email: { kind: 'x', send: async () => ({ ref: 'x' }) }, chat: { kind: 'x', post: async () => ({ ref: 'x' }) } };
      const services = [client, other, client, other].map((c) => {
        const store = new MongoHumanTaskStore({ client: c, dbName });
        return { store, service: createHumanTaskService({ store, policy, connectors: quiet, engine: { store: null as never, addData: async () => null as never } }) };
      });
      for (const { store } of services) await store.start();
      for (let round = 0; round < 4; round++) {
        const { task } = await services[0]!.service.openForHandoff({ taskId: `P${round}`, title: 't', team: 'finance', priority: 'high' });
        const results = await Promise.allSettled(services.map(({ service }, i) => service.claim(task._id, `user${i}`)));
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(HumanTaskConflictError);
        const stored = await services[1]!.store.get(task._id);
        expect(stored!.events.filter((e) => e.kind === 'claimed')).toHaveLength(1);
      }
    } finally {
      await other.close();
      await dropDatabase(uri, dbName);
    }
  });

  it('lives in the task store database when built by createMongoStorage', async () => {
    const dbName = uniqueDbName(import.meta.url);
    const storage = createMongoStorage({ uri, dbName });
    try {
      await storage.start();
      const { task } = await storage.humanTasks.create(newInput(), T0);
      expect(await client.db(dbName).collection('human_tasks').countDocuments({ _id: task._id as never })).toBe(1);
    } finally {
      await storage.stop();
      await dropDatabase(uri, dbName);
    }
  });

  it('opens its own client from a URI, and names MONGODB_URI without the password when it cannot', async () => {
    const store = new MongoHumanTaskStore({ uri: 'mongodb://u:s3cret-Pa55@127.0.0.1:1/x' }, { serverSelectionTimeoutMS: 300 });
    const error = (await store.start().catch((e: unknown) => e)) as Error;
    expect(error.message).toMatch(/MONGODB_URI/);
    expect(error.message).not.toContain('s3cret-Pa55');
  });
});
