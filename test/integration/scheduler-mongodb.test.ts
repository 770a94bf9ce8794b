/**
 * The Agenda contract on `@agendajs/mongo-backend` against the real FerretDB (or MONGODB_URI), and
 * the scheduler's start-up error when the server is not there.
 */
import { MongoClient } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log.ts';
import { GuardedMongoBackend } from '../../src/store/mongodb/agenda.ts';
import { createScheduler, SchedulerStartError, type SchedulerOptions } from '../../src/scheduler/index.ts';
import { describeAgendaContract } from '../scheduler/agenda-contract.ts';
import { dropDatabase, mongoForTests, uniqueDbName } from '../support/mongo.ts';

const server = await mongoForTests();

describe('scheduler start on mongodb', () => {
  it('does nothing until start(), then reports an unreachable server as a SchedulerStartError naming MONGODB_URI', async () => {
    const backend = new GuardedMongoBackend({ address: 'mongodb://127.0.0.1:1/triage', options: { serverSelectionTimeoutMS: 300 } });
    const unused = {} as unknown as SchedulerOptions;
    const scheduler = createScheduler({ ...unused, log: silentLogger, backend });
    expect(() => scheduler.agenda).toThrow(/start\(\)/);
    const error = await scheduler.start().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SchedulerStartError);
    expect((error as Error).message).toMatch(/MongoDB backend.*MONGODB_URI/s);
    await scheduler.stop();
  });
});

describe.skipIf(!server.uri)(`Agenda on ${server.uri ? 'a MongoDB-compatible server' : `nothing (${server.reason})`}`, () => {
  describeAgendaContract('mongodb (@agendajs/mongo-backend, guarded locks)', async () => {
    const uri = server.uri ?? '';
    const dbName = uniqueDbName(import.meta.url);
    const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5_000 });
    await client.connect();
    return {
      // A new backend object per Agenda instance, as separate worker processes would have.
      backend: () => new GuardedMongoBackend({ mongo: client.db(dbName) }),
      cleanup: async () => {
        await client.close();
        await dropDatabase(uri, dbName);
      },
    };
  });
});
