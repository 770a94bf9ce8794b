/**
 * The queries the mongodb stores send for claims, lists and the inbox can be answered by PostgreSQL
 * under FerretDB 1.x, so it does not read and decode every document to evaluate them.
 *
 * FerretDB 1.x hands PostgreSQL only equalities on top-level fields (`find` drops dotted keys; `$in`,
 * `$or`, ranges are never pushed down). Two checks, on the commands the stores really send (captured
 * with the driver's command monitoring):
 * - everywhere: each filter has a top-level equality on a field that narrows it (the shape);
 * - on FerretDB: its `explain` of that same command reports `filterPushdown: true`, and the
 *   PostgreSQL plan filters on that field.
 */
import { MongoClient, type CommandStartedEvent, type Document } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPEN_STATUSES } from '../../src/human/common.ts';
import type { HumanTaskFilter } from '../../src/human/types.ts';
import type { ListOptions } from '../../src/store/types.ts';
import { MongoHumanTaskStore } from '../../src/store/mongodb/human-tasks.ts';
import { MongoTaskStore } from '../../src/store/mongodb/tasks.ts';
import { at, createMany, moveTo } from '../store/contract-helpers.ts';
import { newInput, T0 } from '../human/contract.ts';
import { dropDatabase, mongoForTests, uniqueDbName } from '../support/mongo.ts';

const server = await mongoForTests();
const uri = server.uri ?? '';

function withOption(base: string, option: string): string {
  return `${base}${base.includes('?') ? '&' : '?'}${option}`;
}

/** The filters of the read commands sent to `collection` while `fn` runs. */
async function filtersSent(client: MongoClient, collection: string, fn: () => Promise<unknown>): Promise<{ command: string; body: Document }[]> {
  const seen: { command: string; body: Document }[] = [];
  const listener = (event: CommandStartedEvent) => {
    const body = event.command;
    if (['find', 'count', 'findAndModify'].includes(event.commandName) && body[event.commandName] === collection) seen.push({ command: event.commandName, body });
    if (event.commandName === 'aggregate' && body.aggregate === collection) seen.push({ command: 'aggregate', body });
  };
  client.on('commandStarted', listener);
  try {
    await fn();
  } finally {
    client.off('commandStarted', listener);
  }
  return seen;
}

/** The query of a captured command: `filter` (find), `query` (count, findAndModify) or the first `$match`. */
function queryOf({ command, body }: { command: string; body: Document }): Document {
  if (command === 'find') return body.filter ?? {};
  if (command === 'aggregate') return (body.pipeline as Document[]).find((stage) => '$match' in stage)?.$match ?? {};
  return body.query ?? {};
}

/** Top-level equalities FerretDB 1.x can push down: a plain scalar (or `{ $eq }`) on an undotted field. */
function pushableFields(query: Document): string[] {
  return Object.entries(query)
    .filter(([key]) => !key.startsWith('$') && !key.includes('.'))
    .filter(([, value]) => ['string', 'number', 'boolean'].includes(typeof value) || value instanceof Date || (value !== null && typeof value === 'object' && '$eq' in value))
    .map(([key]) => key);
}

async function isFerret(client: MongoClient): Promise<boolean> {
  const info = await client.db('admin').command({ buildInfo: 1 });
  return 'ferretdbVersion' in info || 'ferretdb' in info;
}

// Skipped only where no MongoDB-compatible server can run; CI sets TRIAGE_REQUIRE_MONGO=1, so there a
// missing server fails the file instead (test/support/mongo.ts).
describe.skipIf(!server.uri)(`query pushdown on ${server.uri ? 'a MongoDB-compatible server' : `nothing (${server.reason})`}`, () => {
  const dbName = uniqueDbName(import.meta.url);
  let admin: MongoClient;
  let ferret = false;

  beforeAll(async () => {
    admin = await new MongoClient(uri).connect();
    ferret = await isFerret(admin);
  });
  afterAll(async () => {
    await admin.close();
    await dropDatabase(uri, dbName);
  });

  /** On FerretDB: its explain of `sent` hands PostgreSQL a filter naming `field`. */
  async function expectPushedDown(collection: string, sent: { command: string; body: Document }, field: string): Promise<void> {
    if (!ferret) return;
    const explain = await admin.db(dbName).command({ explain: { find: collection, filter: queryOf(sent), ...(sent.body.sort ? { sort: sent.body.sort } : {}) } });
    expect(explain.filterPushdown, JSON.stringify(queryOf(sent))).toBe(true);
    expect(JSON.stringify(explain.queryPlanner)).toContain(`'${field}'::text`);
  }

  it('a claim, nextRunAfter, and lists and counts by state each filter on a top-level equality PostgreSQL evaluates', async () => {
    const store = new MongoTaskStore(withOption(uri, 'monitorCommands=true'), { dbName });
    await store.start();
    try {
      const client = store.db().client;
      const tasks = await createMany(store, [{ n: 0 }, { n: 1 }, { n: 2 }]);
      await moveTo(store, tasks[0]!, 'done');

      const claim = await filtersSent(client, 'tasks', () => store.claim({ owner: 'w', leaseMs: 1_000, now: at(10) }));
      const candidates = claim.find((c) => c.command === 'find')!;
      expect(pushableFields(queryOf(candidates))).toContain('active');
      // The write re-reads one task by `_id`.
      expect(pushableFields(queryOf(claim.find((c) => c.command === 'findAndModify')!))).toContain('_id');
      await expectPushedDown('tasks', candidates, 'active');

      const next = await filtersSent(client, 'tasks', () => store.nextRunAfter());
      expect(pushableFields(queryOf(next[0]!))).toContain('state');
      await expectPushedDown('tasks', next[0]!, 'state');

      const cases: [Omit<ListOptions, 'limit' | 'skip'>, string][] = [
        [{ state: 'done' }, 'state'],
        [{ state: ['waiting', 'done', 'failed'] }, 'state'],
        [{ state: ['ready', 'running'] }, 'active'],
        [{ state: 'done', filter: { n: 0 } }, 'state'],
      ];
      for (const [options, field] of cases) {
        const sent = await filtersSent(client, 'tasks', () => store.list({ ...options, limit: 10 }));
        const counted = await filtersSent(client, 'tasks', () => store.count(options));
        expect(sent.length, JSON.stringify(options)).toBeGreaterThan(0);
        for (const command of [...sent, ...counted]) {
          expect(pushableFields(queryOf(command)), `${JSON.stringify(options)}: ${JSON.stringify(queryOf(command))}`).toContain(field);
          await expectPushedDown('tasks', command, field);
        }
      }
      // The answers are the same as with one `$in`: the union of the per-state queries.
      expect((await store.list({ state: ['waiting', 'done', 'failed'] })).items.map((t) => t._id)).toEqual([tasks[0]!._id]);
      expect(await store.count({ state: ['ready', 'running'] })).toBe(2);
    } finally {
      await store.stop();
    }
  });

  it('the inbox listing (open, by team or teams, most urgent first) filters on top-level equalities PostgreSQL evaluates', async () => {
    const client = await new MongoClient(withOption(uri, 'monitorCommands=true')).connect();
    const store = new MongoHumanTaskStore({ client, dbName });
    try {
      await store.start();
      await store.create(newInput({ team: 'finance', priority: 'low' }), T0);
      const urgent = (await store.create(newInput({ team: 'finance', priority: 'critical' }), T0)).task;
      await store.create(newInput({ team: 'engineering', priority: 'high' }), T0);
      const closed = (await store.create(newInput({ team: 'finance', priority: 'critical' }), T0)).task;
      await store.save({ ...closed, status: 'cancelled' }, closed.version);

      const open = [...OPEN_STATUSES];
      const cases: [HumanTaskFilter, string[]][] = [
        [{ status: open, team: 'finance' }, ['open', 'team']],
        [{ status: open, team: ['finance', 'engineering'] }, ['open', 'team']],
        [{ status: open }, ['open']],
        [{ status: 'pending' }, ['status']],
        [{ status: ['completed', 'cancelled'], team: 'finance' }, ['status', 'team']],
      ];
      for (const [filter, fields] of cases) {
        const sent = await filtersSent(client, 'human_tasks', () => store.list({ ...filter, limit: 50 }));
        expect(sent.length).toBeGreaterThan(0);
        for (const command of sent) {
          expect(pushableFields(queryOf(command)), JSON.stringify(queryOf(command))).toEqual(expect.arrayContaining([...fields]));
          for (const field of fields) await expectPushedDown('human_tasks', command, field);
        }
      }
      const inbox = await store.list({ status: open, team: ['finance', 'engineering'], limit: 2 });
      expect(inbox.total).toBe(3);
      expect(inbox.items.map((t) => t.priority)).toEqual(['critical', 'high']);
      expect(inbox.items[0]!._id).toBe(urgent._id);
      const due = await filtersSent(client, 'human_tasks', () => store.dueBefore(new Date(T0.getTime() + 86_400_000)));
      expect(pushableFields(queryOf(due[0]!))).toContain('open');
    } finally {
      await store.stop();
      await client.close();
    }
  });
});
