import { MongoClient } from 'mongodb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Task } from '../../src/engine/types.ts';
import { InputError } from '../../src/errors.ts';
import { dbNameFromUri, MongoTaskStore } from '../../src/store/mongodb/tasks.ts';
import { VersionConflictError } from '../../src/store/types.ts';
import { describeTaskStoreContract } from '../store/contract.ts';
import { at, createMany, input } from '../store/contract-helpers.ts';
import { dropDatabase, mongoForTests, startedInFreshDb, uniqueDbName } from '../support/mongo.ts';

const server = await mongoForTests();
const uri = server.uri ?? '';

describe('dbNameFromUri', () => {
  it('reads the path of single-host, multi-host and srv URIs', () => {
    expect(dbNameFromUri('mongodb://127.0.0.1:27017/triage?x=1')).toBe('triage');
    expect(dbNameFromUri('mongodb://u:p@a:1,b:2/prod')).toBe('prod');
    expect(dbNameFromUri('mongodb+srv://cluster.example.net/my%20db')).toBe('my db');
    expect(dbNameFromUri('mongodb://127.0.0.1:27017')).toBeUndefined();
    expect(dbNameFromUri('mongodb://127.0.0.1:27017/?x=1')).toBeUndefined();
  });
});

describe('MongoTaskStore before start', () => {
  it('does no work in the constructor and names MONGODB_URI without the password when it cannot connect', async () => {
    const store = new MongoTaskStore('mongodb://triage:s3cret-Pa55@127.0.0.1:1/x', { serverSelectionTimeoutMS: 300 });
    await expect(store.get('x')).rejects.toThrow(/start\(\)/);
    const error = (await store.start().catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toMatch(/MONGODB_URI/);
    expect(error.message).toContain('127.0.0.1:1');
    expect(error.message).not.toContain('s3cret-Pa55');
    expect(String((error.cause as Error | undefined)?.message ?? '')).not.toContain('s3cret-Pa55');
  });

  it('explains an unparsable URI without echoing it back raw', async () => {
    const store = new MongoTaskStore('mongodb://user:hunter22@');
    await expect(store.start()).rejects.toThrow(/MONGODB_URI/);
    await expect(store.start()).rejects.not.toThrow(/hunter22/);
  });
});

describe.skipIf(!server.uri)(`MongoTaskStore on ${server.uri ? 'a MongoDB-compatible server' : `nothing (${server.reason})`}`, () => {
  describeTaskStoreContract('mongodb', () => startedInFreshDb(uri, import.meta.url, (dbName) => new MongoTaskStore(uri, { dbName })));

  describe('mongodb only', () => {
    const dbName = uniqueDbName(import.meta.url);
    const stores: MongoTaskStore[] = [];
    let client: MongoClient;

    async function started(options: ConstructorParameters<typeof MongoTaskStore>[1] = {}): Promise<MongoTaskStore> {
      const store = new MongoTaskStore(uri, { dbName, ...options });
      await store.start();
      stores.push(store);
      return store;
    }

    beforeAll(async () => {
      client = await new MongoClient(uri).connect();
    });
    afterEach(async () => {
      for (const store of stores.splice(0)) await store.stop();
      await client.db(dbName).dropDatabase();
    });
    afterAll(async () => {
      await client.close();
      await dropDatabase(uri, dbName);
    });

    it('creates the indexes claim, list and dedupe rely on', async () => {
      await started();
      const indexes = await client.db(dbName).collection('tasks').listIndexes().toArray();
      const byName = Object.fromEntries(indexes.map((index) => [index.name as string, index]));
      expect(byName.source_unique).toMatchObject({ key: { sourceKey: 1 }, unique: true });
      expect(byName.state_runAfter).toMatchObject({ key: { 'meta.state': 1, 'meta.runAfter': 1 } });
      expect(byName.state_leaseUntil).toMatchObject({ key: { 'meta.state': 1, 'meta.lease.until': 1 } });
      expect(byName.createdAt).toMatchObject({ key: { 'meta.createdAt': 1 } });
      // start() is idempotent against an existing database.
      await started();
    });

    it('two workers (two clients) claiming at once never get the same task', async () => {
      const [first, second] = [await started(), await started()];
      const tasks = await createMany(first, Array.from({ length: 30 }, (_, i) => ({ i })));
      const claimed: string[] = [];
      const worker = async (store: MongoTaskStore, name: string): Promise<void> => {
        for (let task = await store.claim({ owner: name, leaseMs: 60_000, now: at(100) }); task; task = await store.claim({ owner: name, leaseMs: 60_000, now: at(100) })) {
          claimed.push(task._id);
        }
      };
      await Promise.all([0, 1, 2].flatMap((i) => [worker(first, `a${i}`), worker(second, `b${i}`)]));
      expect(claimed).toHaveLength(30);
      expect(new Set(claimed)).toEqual(new Set(tasks.map((t) => t._id)));
      expect(await second.count({ state: 'running' })).toBe(30);
    });

    it('two workers saving the same version: exactly one wins', async () => {
      const [first, second] = [await started(), await started()];
      for (let round = 0; round < 5; round++) {
        const { task } = await first.create(input({ round }));
        const results = await Promise.allSettled([first, second, first, second].map((s, i) => s.save({ ...task, data: { by: i } }, 1)));
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(VersionConflictError);
      }
    });

    it('stores odd keys encoded and nested arrays wrapped, and reads them back exactly', async () => {
      const store = await started();
      const data = { 'a.b': { $c: [[1, [2, []]], [], [{ 'd.e': [[3]] }]] }, '~a': [[4]], plain: [1, 2] };
      const { task } = await store.create(input(data));
      const raw = await client.db(dbName).collection('tasks').findOne({ _id: task._id as never });
      expect(raw!.data).toEqual({
        'a~pb': { '~dc': [{ '~a': [1, { '~a': [2, { '~a': [] }] }] }, { '~a': [] }, { '~a': [{ 'd~pe': [{ '~a': [3] }] }] }] },
        '~~a': [{ '~a': [4] }],
        plain: [1, 2],
      });
      expect((await store.get(task._id))!.data).toEqual(data);
      expect((await store.list({ filter: { plain: 2 } })).total).toBe(1);
    });

    it('refuses NaN and Infinity with an InputError naming the path, and writes nothing', async () => {
      const store = await started();
      await expect(store.create(input({ score: { value: Number.NaN } }))).rejects.toThrow(/data\.score\.value.*finite/);
      await expect(store.create(input({ list: [1, Infinity] }))).rejects.toBeInstanceOf(InputError);
      expect(await store.count({})).toBe(0);
      const { task } = await store.create(input({ n: 1 }));
      await expect(store.save({ ...task, data: { n: -Infinity } }, 1)).rejects.toBeInstanceOf(InputError);
      expect((await store.get(task._id))!.meta.version).toBe(1);
    });

    it('breaks a transition lock left by a dead worker, but not a fresh one', async () => {
      const store = await started({ lockStaleMs: 5_000 });
      const [task] = (await createMany(store, [{ n: 1 }])) as [Task];
      const locks = client.db(dbName).collection<{ _id: string; at: Date; owner: string }>('task_locks');
      await locks.insertOne({ _id: `${task._id}@1`, at: new Date(), owner: 'alive' });
      await expect(store.save(task, 1)).rejects.toBeInstanceOf(VersionConflictError);
      expect(await store.claim({ owner: 'w', leaseMs: 1000, now: at(5) })).toBeNull();
      await locks.updateOne({ _id: `${task._id}@1` }, { $set: { at: new Date(Date.now() - 60_000), owner: 'dead' } });
      const claimed = await store.claim({ owner: 'w', leaseMs: 1000, now: at(5) });
      expect(claimed).toMatchObject({ _id: task._id, meta: { version: 2, state: 'running' } });
      // Locks of finished transitions are released.
      expect(await locks.countDocuments({ _id: `${task._id}@1` })).toBe(0);
    });
  });
});
