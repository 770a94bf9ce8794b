import { MongoClient } from 'mongodb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Task } from '../../src/engine/types.ts';
import { InputError } from '../../src/errors.ts';
import { dbNameFromUri, MongoTaskStore } from '../../src/store/mongodb/tasks.ts';
import { VersionConflictError } from '../../src/store/types.ts';
import { describeTaskStoreContract } from '../store/contract.ts';
import { at, createMany, input, moveTo } from '../store/contract-helpers.ts';
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

    it('creates the indexes claim, list and dedupe rely on, on the top-level copies, and drops the nested ones', async () => {
      const tasks = client.db(dbName).collection('tasks');
      // A database from before the top-level copies: its nested indexes go at start.
      await tasks.createIndex({ 'meta.state': 1, 'meta.runAfter': 1 }, { name: 'state_runAfter' });
      await tasks.createIndex({ 'meta.createdAt': 1 }, { name: 'createdAt' });
      await started();
      const indexes = await tasks.listIndexes().toArray();
      const byName = Object.fromEntries(indexes.map((index) => [index.name as string, index]));
      expect(byName.source_unique).toMatchObject({ key: { sourceKey: 1 }, unique: true });
      expect(byName.active_createdAt).toMatchObject({ key: { active: 1, createdAt: 1, _id: 1 } });
      expect(byName.top_state_runAfter).toMatchObject({ key: { state: 1, runAfter: 1 } });
      expect(byName.top_state_createdAt).toMatchObject({ key: { state: 1, createdAt: 1 } });
      expect(byName.top_createdAt).toMatchObject({ key: { createdAt: 1 } });
      expect(byName.state_runAfter).toBeUndefined();
      expect(byName.createdAt).toBeUndefined();
      // start() is idempotent against an existing database.
      await started();
      expect((await tasks.listIndexes().toArray()).map((i) => i.name).sort()).toEqual(indexes.map((i) => i.name).sort());
    });

    it('keeps the top-level copies of state, runAfter, lease and createdAt in step with meta on every write', async () => {
      const store = await started();
      const raw = async (id: string) => (await client.db(dbName).collection('tasks').findOne({ _id: id as never }))!;
      const copies = (doc: Record<string, unknown>) => ({ state: doc.state, active: doc.active, runAfter: doc.runAfter, leaseUntil: doc.leaseUntil, createdAt: doc.createdAt, layout: doc.layout });
      const { task } = await store.create(input({ n: 1 }, { now: at(0) }));
      expect(copies(await raw(task._id))).toEqual({ state: 'ready', active: true, runAfter: null, leaseUntil: null, createdAt: at(0), layout: 2 });
      const claimed = (await store.claim({ owner: 'w', leaseMs: 60_000, now: at(10) }))!;
      expect(copies(await raw(task._id))).toEqual({ state: 'running', active: true, runAfter: null, leaseUntil: at(70), createdAt: at(0), layout: 2 });
      const backingOff = await store.save({ ...claimed, meta: { ...claimed.meta, state: 'ready', lease: null, runAfter: at(100) } }, claimed.meta.version);
      expect(copies(await raw(task._id))).toEqual({ state: 'ready', active: true, runAfter: at(100), leaseUntil: null, createdAt: at(0), layout: 2 });
      expect(await store.nextRunAfter()).toEqual(at(100));
      await store.save({ ...backingOff, meta: { ...backingOff.meta, state: 'waiting', runAfter: null } }, backingOff.meta.version);
      expect(copies(await raw(task._id))).toEqual({ state: 'waiting', active: false, runAfter: null, leaseUntil: null, createdAt: at(0), layout: 2 });
      expect(await store.claim({ owner: 'w', leaseMs: 60_000, now: at(200) })).toBeNull();
    });

    it('backfills the copies of tasks stored before they existed, once, so they are claimed and listed', async () => {
      const seed = await started();
      const [oldest, expired, done, later] = await createMany(seed, [{ n: 0 }, { n: 1 }, { n: 2 }, { n: 3 }]);
      const running = (await seed.claim({ owner: 'dead', leaseMs: 1_000, now: at(5), taskId: expired!._id }))!;
      const finished = await moveTo(seed, done!, 'done');
      await seed.stop();
      stores.splice(0);
      // Rewrite all four in the old shape: what a store before the top-level copies wrote.
      const tasks = client.db(dbName).collection('tasks');
      for (const doc of await tasks.find({}).toArray()) {
        const { state: _s, active: _a, runAfter: _r, leaseUntil: _l, createdAt: _c, layout: _v, ...old } = doc;
        await tasks.replaceOne({ _id: doc._id }, old);
      }
      expect(await tasks.countDocuments({ layout: 2 })).toBe(0);

      const store = await started();
      expect(await tasks.countDocuments({ layout: 2 })).toBe(4);
      // Versions do not move: the backfill changes no task, only its copies.
      expect((await store.get(running._id))!.meta.version).toBe(running.meta.version);
      expect((await store.get(finished._id))!.meta).toEqual(finished.meta);
      expect(await store.count({ state: 'done' })).toBe(1);
      expect(await store.count({ state: ['ready', 'running'] })).toBe(3);
      expect((await store.claim({ owner: 'w', leaseMs: 60_000, now: at(10) }))!._id).toBe(oldest!._id);
      // The dead worker's lease (until 6 s) has expired: the task is taken over, then the last ready one.
      expect((await store.claim({ owner: 'w', leaseMs: 60_000, now: at(10) }))!._id).toBe(running._id);
      expect((await store.claim({ owner: 'w', leaseMs: 60_000, now: at(10) }))!._id).toBe(later!._id);
      expect(await store.claim({ owner: 'w', leaseMs: 60_000, now: at(10) })).toBeNull();
      // A second start finds nothing to do.
      await started();
      expect((await store.get(oldest!._id))!.meta.version).toBe(2);
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
