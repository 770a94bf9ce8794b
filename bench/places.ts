/**
 * Where a scenario runs: a fresh, empty place on one store (a temporary data directory, plus a
 * throw-away database on the MongoDB server for mongodb), so no scenario sees another's data.
 *
 * The environment given to `startApp` and to child processes carries only what the bench sets and the
 * `TRIAGE_*` settings of the caller (so a store selected by configuration is the one measured); never
 * credentials of outside services, so the heuristic reasoner and the outbox connectors are used.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { hasGo, hasPostgres, startFerret, stopFerret } from '../scripts/mongo.ts';

export type Env = Record<string, string>;

export interface Place {
  /** For `startApp({ env })` and child processes. */
  env: Env;
  dataDir: string;
  /** The MongoDB URI with this place's database, for mongodb. */
  uri?: string;
  /** Bytes on disk: the data directory, or the database's storage size on the server. */
  diskBytes(): Promise<number | null>;
  /** A further data directory on the same database (a worker process's own outbox). */
  sibling(): Env;
  drop(): Promise<void>;
}

export interface Target {
  /** `embedded` or `mongodb`; the store's own name is read from the started app. */
  label: string;
  /** What serves it, for the environment line (mongodb only). */
  server?: string;
  /** Which settings apply (FerretDB gets smaller ones by default). */
  settings: 'embedded' | 'mongodb' | 'ferretdb';
  fresh(tag: string): Promise<Place>;
  stop(): Promise<void>;
}

const BENCH_KEYS = new Set(['TRIAGE_DATA_DIR', 'TRIAGE_LOG_LEVEL', 'TRIAGE_POLICY']);

function callerSettings(): Env {
  const env: Env = {};
  for (const [key, value] of Object.entries(process.env)) if (key.startsWith('TRIAGE_') && !BENCH_KEYS.has(key) && value !== undefined) env[key] = value;
  return env;
}

function tempDir(tag: string): string {
  return mkdtempSync(path.join(tmpdir(), `triage-bench-${tag}-`));
}

/** Total size of the files under `dir`. */
export function dirBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) total += dirBytes(full);
    else if (entry.isFile()) total += statSync(full).size;
  }
  return total;
}

export function embeddedTarget(): Target {
  return {
    label: 'embedded',
    settings: 'embedded',
    async fresh(tag) {
      const dirs = [tempDir(tag)];
      const envFor = (dir: string): Env => ({ ...callerSettings(), TRIAGE_DATA_DIR: dir, TRIAGE_LOG_LEVEL: 'silent' });
      return {
        env: envFor(dirs[0]!),
        dataDir: dirs[0]!,
        diskBytes: async () => dirBytes(dirs[0]!),
        sibling: () => {
          const dir = tempDir(`${tag}-w`);
          dirs.push(dir);
          return envFor(dir);
        },
        drop: async () => {
          for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
        },
      };
    },
    stop: async () => undefined,
  };
}

export function withDb(uri: string, dbName: string): string {
  const match = /^(mongodb(?:\+srv)?:\/\/[^/?]*)(\/[^?]*)?(\?.*)?$/.exec(uri);
  if (!match) throw new Error(`unexpected MongoDB URI (expected mongodb://host[:port][/db][?options]): ${uri}`);
  return `${match[1]}/${dbName}${match[3] ?? ''}`;
}

function mongoTarget(serverUri: string, stopServer: () => Promise<void>, description: string, settings: Target['settings']): Target {
  return {
    label: 'mongodb',
    settings,
    async fresh(tag) {
      const dbName = `bench_${tag.replace(/[^a-z0-9]/gi, '_')}_${randomBytes(3).toString('hex')}`;
      const uri = withDb(serverUri, dbName);
      const dirs = [tempDir(tag)];
      const envFor = (dir: string): Env => ({ ...callerSettings(), MONGODB_URI: uri, TRIAGE_DATA_DIR: dir, TRIAGE_LOG_LEVEL: 'silent' });
      const withClient = async <T>(fn: (client: MongoClient) => Promise<T>): Promise<T | null> => {
        const client = new MongoClient(serverUri, { serverSelectionTimeoutMS: 5_000 });
        try {
          await client.connect();
          return await fn(client);
        } catch {
          return null;
        } finally {
          await client.close().catch(() => undefined);
        }
      };
      return {
        env: envFor(dirs[0]!),
        dataDir: dirs[0]!,
        uri,
        diskBytes: () =>
          withClient(async (client) => {
            const stats = await client.db(dbName).command({ dbStats: 1 });
            const bytes = Number(stats.storageSize ?? stats.dataSize);
            return Number.isFinite(bytes) ? bytes : null;
          }),
        sibling: () => {
          const dir = tempDir(`${tag}-w`);
          dirs.push(dir);
          return envFor(dir);
        },
        drop: async () => {
          await withClient((client) => client.db(dbName).dropDatabase());
          for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
        },
      };
    },
    stop: stopServer,
    server: description,
  };
}

/** The mongodb target: `MONGODB_URI`, or a FerretDB started like the tests start it; else why not. */
export async function mongoTargetOrReason(log: (line: string) => void): Promise<{ target: Target } | { reason: string }> {
  const fromEnv = process.env.MONGODB_URI?.trim();
  if (fromEnv) return { target: mongoTarget(fromEnv, async () => undefined, 'MONGODB_URI', 'mongodb') };
  if (!(await hasGo())) return { reason: 'no MONGODB_URI, and no Go toolchain to build FerretDB' };
  if (!(await hasPostgres())) return { reason: 'no MONGODB_URI, and PostgreSQL does not answer psql (FerretDB needs it)' };
  const stateDir = tempDir('ferret');
  const stateFile = path.join(stateDir, 'state.json');
  try {
    const state = await startFerret({ stateFile, pgDatabase: 'triage_bench', dbName: 'triage_bench', log, stopWhenPidExits: process.pid });
    const stop = async () => {
      await stopFerret(stateFile);
      rmSync(stateDir, { recursive: true, force: true });
    };
    return { target: mongoTarget(state.uri, stop, 'FerretDB 1.x on PostgreSQL', 'ferretdb') };
  } catch (error) {
    rmSync(stateDir, { recursive: true, force: true });
    return { reason: `FerretDB did not start: ${error instanceof Error ? error.message : String(error)}` };
  }
}
