/**
 * A MongoDB-compatible server for test files.
 *
 * - `MONGODB_URI` set: that server is used.
 * - otherwise, with Go and PostgreSQL present: FerretDB is started once per test run (the first file
 *   that asks starts it; mongo.global.ts stops it at the end).
 * - otherwise the mongodb suites are skipped with the reason printed, unless `TRIAGE_REQUIRE_MONGO=1`
 *   (CI), where a missing server fails the file instead.
 *
 * Each test file (and each fresh store) gets its own database name, so files never interfere.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { MongoClient } from 'mongodb';
import { inject } from 'vitest';
import { hasGo, hasPostgres, startFerret, type FerretState } from '../../scripts/mongo.ts';

export type MongoTestServer = { uri: string; reason?: undefined } | { uri?: undefined; reason: string };

let pending: Promise<MongoTestServer> | undefined;

/** Resolves the server for this test process; memoized. Throws when required but unavailable. */
export function mongoForTests(): Promise<MongoTestServer> {
  pending ??= resolveServer().then((server) => {
    if (server.uri !== undefined) return server;
    if (process.env.TRIAGE_REQUIRE_MONGO === '1') {
      throw new Error(`TRIAGE_REQUIRE_MONGO=1 but no MongoDB-compatible server is available: ${server.reason}`);
    }
    console.warn(`[mongo] skipping mongodb suites: ${server.reason}`);
    return server;
  });
  return pending;
}

async function resolveServer(): Promise<MongoTestServer> {
  const fromEnv = process.env.MONGODB_URI?.trim();
  if (fromEnv) return { uri: fromEnv };
  if (!(await hasGo())) return { reason: 'MONGODB_URI is not set and no Go toolchain was found to build FerretDB' };
  if (!(await hasPostgres())) return { reason: 'MONGODB_URI is not set and PostgreSQL does not answer psql (PGHOST/PGPORT/PGUSER)' };
  const runDir = inject('triageMongoRunDir');
  if (!runDir) return { reason: 'test/support/mongo.global.ts is not registered as a vitest globalSetup' };
  try {
    const state = await withDirLock(join(runDir, 'lock'), async () => {
      const stateFile = join(runDir, 'state.json');
      if (existsSync(stateFile)) return JSON.parse(readFileSync(stateFile, 'utf8')) as FerretState;
      const stopWhenPidExits = inject('triageMongoRunnerPid');
      return startFerret({ stateFile, pgDatabase: 'triage_test', dbName: 'triage_test', stopWhenPidExits });
    });
    return { uri: state.uri };
  } catch (error) {
    return { reason: `could not start FerretDB: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** Cross-process mutex: `mkdir` either creates the folder or fails, atomically. */
async function withDirLock<T>(dir: string, fn: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    try {
      mkdirSync(dir);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // A holder that died leaves the folder; builds finish well within ten minutes.
      if (Date.now() - statSync(dir).mtimeMs > 10 * 60_000) rmdirSync(dir);
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${dir}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    return await fn();
  } finally {
    rmdirSync(dir);
  }
}

/** A database name unique to this test file and call, within FerretDB's 63-character limit. */
export function uniqueDbName(file: string): string {
  const slug = basename(file).replace(/\.test\.ts$/, '').replace(/[^a-zA-Z0-9]+/g, '_').slice(0, 30);
  return `t_${slug}_${randomBytes(5).toString('hex')}`;
}

/** Drops `dbName` on `uri`; tests call it in cleanup so runs leave nothing behind. */
export async function dropDatabase(uri: string, dbName: string): Promise<void> {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5_000 });
  try {
    await client.connect();
    await client.db(dbName).dropDatabase();
  } finally {
    await client.close();
  }
}

/**
 * Starts `create(dbName)` on a database of its own (named after `file`, see uniqueDbName), in the
 * `{ store, cleanup }` shape the store contract suites take; `cleanup` stops it and drops the database.
 */
export async function startedInFreshDb<S extends { start(): Promise<void>; stop(): Promise<void> }>(
  uri: string,
  file: string,
  create: (dbName: string) => S,
): Promise<{ store: S; cleanup: () => Promise<void> }> {
  const dbName = uniqueDbName(file);
  const store = create(dbName);
  await store.start();
  return {
    store,
    cleanup: async () => {
      await store.stop();
      await dropDatabase(uri, dbName);
    },
  };
}
