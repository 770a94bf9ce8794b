/**
 * A MongoDB-compatible server for development and tests: FerretDB 1.x on the machine's PostgreSQL.
 *
 *   npm run mongo:start   # builds FerretDB when missing, starts it, prints MONGODB_URI=... last
 *   npm run mongo:stop    # stops the server started above (pid in .cache/ferretdb/state.json)
 *
 * The test harness (test/support/mongo.ts) uses {@link startFerret} directly.
 */
import { execFile, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { MongoClient } from 'mongodb';

const run = promisify(execFile);

export const FERRETDB_VERSION = 'v1.24.2';
const MODULE = 'github.com/FerretDB/FerretDB';
const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const CACHE_DIR = join(REPO_ROOT, '.cache', 'ferretdb');
export const DEFAULT_STATE_FILE = join(CACHE_DIR, 'state.json');

export interface FerretOptions {
  /** PostgreSQL database FerretDB stores into; created when absent. */
  pgDatabase?: string;
  /** MongoDB database name put in the returned URI. */
  dbName?: string;
  /** Where pid and port are recorded; `stopFerret(stateFile)` reads it. */
  stateFile?: string;
  log?: (message: string) => void;
  /** Stop the server when this process exits, even if it never calls stopFerret (a killed test run). */
  stopWhenPidExits?: number;
}

export interface FerretState {
  pid: number;
  port: number;
  uri: string;
  stateDir: string;
  logFile: string;
}

const defaultLog = (message: string): void => void process.stderr.write(`[ferretdb] ${message}\n`);

function goBinary(): string {
  for (const candidate of [process.env.GOROOT && join(process.env.GOROOT, 'bin', 'go'), '/usr/local/go/bin/go']) {
    if (candidate && existsSync(candidate)) return candidate;
  }
  return 'go';
}

/** True when a Go toolchain answers `go version`. */
export async function hasGo(): Promise<boolean> {
  try {
    await run(goBinary(), ['version']);
    return true;
  } catch {
    return false;
  }
}

function pgEnv(): { host: string; port: string; user: string } {
  return { host: process.env.PGHOST ?? '127.0.0.1', port: process.env.PGPORT ?? '5432', user: process.env.PGUSER ?? 'postgres' };
}

async function psql(sql: string, database = 'postgres'): Promise<string> {
  const pg = pgEnv();
  const { stdout } = await run('psql', ['-h', pg.host, '-p', pg.port, '-U', pg.user, '-d', database, '-v', 'ON_ERROR_STOP=1', '-tAc', sql]);
  return stdout.trim();
}

/** True when PostgreSQL accepts a connection through `psql`. */
export async function hasPostgres(): Promise<boolean> {
  try {
    return (await psql('select 1')) === '1';
  } catch {
    return false;
  }
}

async function ensurePgDatabase(name: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`PostgreSQL database name "${name}" must match [a-z_][a-z0-9_]*`);
  if ((await psql(`select 1 from pg_database where datname = '${name}'`)) === '1') return;
  try {
    await psql(`create database ${name}`);
  } catch (error) {
    // Another process (a parallel test run) may have created it between the check and here.
    if (!String((error as { stderr?: string }).stderr ?? error).includes('already exists')) throw error;
  }
}

/**
 * Path of the FerretDB binary, building it into `.cache/ferretdb/bin` when missing.
 *
 * Not `go install MODULE@VERSION`: that asks the proxy for the module's version list (refused here)
 * and builds a binary that panics at start because `build/version/version.txt` is not in the module
 * zip. So: download the module, copy it, write version.txt, build the copy.
 */
export async function ensureFerretBinary(log = defaultLog): Promise<string> {
  // Versioned so that bumping FERRETDB_VERSION rebuilds instead of reusing an old binary.
  const binDir = join(CACHE_DIR, 'bin', FERRETDB_VERSION);
  const binary = join(binDir, 'ferretdb');
  if (existsSync(binary)) return binary;
  const go = goBinary();
  log(`building FerretDB ${FERRETDB_VERSION} with ${go} (first time only; can take a few minutes)`);
  const { stdout } = await run(go, ['mod', 'download', '-json', `${MODULE}@${FERRETDB_VERSION}`], { cwd: tmpdir(), maxBuffer: 1 << 24 });
  const moduleDir = (JSON.parse(stdout) as { Dir?: string }).Dir;
  if (!moduleDir) throw new Error(`go mod download did not report a directory for ${MODULE}@${FERRETDB_VERSION}`);
  const src = join(CACHE_DIR, `src-${FERRETDB_VERSION}`);
  rmSync(src, { recursive: true, force: true });
  cpSync(moduleDir, src, { recursive: true });
  chmodSync(join(src, 'build', 'version'), 0o755);
  writeFileSync(join(src, 'build', 'version', 'version.txt'), `${FERRETDB_VERSION}\n`);
  mkdirSync(binDir, { recursive: true });
  const env = { ...process.env, GOBIN: binDir };
  log('module downloaded; compiling (dependencies download on first build)');
  try {
    await run(go, ['install', './cmd/ferretdb'], { cwd: src, env, maxBuffer: 1 << 24 });
  } catch (error) {
    log(`build failed (${String((error as { stderr?: string }).stderr ?? error).split('\n')[0]}); retrying without the SQLite handler`);
    await run(go, ['install', '-tags', 'ferretdb_no_sqlite', './cmd/ferretdb'], { cwd: src, env, maxBuffer: 1 << 24 });
  }
  log(`built ${binary}`);
  return binary;
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Resolves once `uri` answers a `ping`; rejects after `timeoutMs` or when `stillRunning` turns false. */
export async function waitForPing(uri: string, timeoutMs: number, stillRunning: () => boolean = () => true): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    if (!stillRunning()) throw new Error('FerretDB exited before answering ping', { cause: last });
    const client = new MongoClient(uri, { serverSelectionTimeoutMS: 500, connectTimeoutMS: 500 });
    try {
      await client.connect();
      await client.db('admin').command({ ping: 1 });
      return;
    } catch (error) {
      last = error;
    } finally {
      await client.close().catch(() => undefined);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`FerretDB did not answer ping at ${uri} within ${timeoutMs} ms`, { cause: last });
}

function readState(stateFile: string): FerretState | null {
  try {
    return JSON.parse(readFileSync(stateFile, 'utf8')) as FerretState;
  } catch {
    return null;
  }
}

/**
 * Starts FerretDB on a free loopback port (building it first when needed) and resolves once it
 * answers `ping`. The server is detached: it outlives this process until {@link stopFerret}.
 */
export async function startFerret(options: FerretOptions = {}): Promise<FerretState> {
  const log = options.log ?? defaultLog;
  const stateFile = options.stateFile ?? DEFAULT_STATE_FILE;
  const existing = readState(stateFile);
  if (existing && isAlive(existing.pid)) {
    try {
      await waitForPing(existing.uri, 2_000);
      log(`already running (pid ${existing.pid})`);
      return existing;
    } catch {
      // A pid reused by another program, or a hung server: start a fresh one.
    }
  }
  const binary = await ensureFerretBinary(log);
  const pgDatabase = options.pgDatabase ?? 'ferretdb';
  await ensurePgDatabase(pgDatabase);
  const [port, debugPort] = [await freePort(), await freePort()];
  const stateDir = mkdtempSync(join(tmpdir(), 'ferretdb-state-'));
  mkdirSync(dirname(stateFile), { recursive: true });
  const logFile = join(CACHE_DIR, `ferretdb-${port}.log`);
  const out = openSync(logFile, 'a');
  const pg = pgEnv();
  const child = spawn(
    binary,
    [
      '--handler=postgresql',
      `--postgresql-url=postgres://${pg.user}@${pg.host}:${pg.port}/${pgDatabase}`,
      `--listen-addr=127.0.0.1:${port}`,
      `--state-dir=${stateDir}`,
      `--debug-addr=127.0.0.1:${debugPort}`,
      '--telemetry=disable',
      '--log-level=warn',
    ],
    { detached: true, stdio: ['ignore', out, out] },
  );
  child.unref();
  if (child.pid === undefined) throw new Error(`could not spawn ${binary}`);
  const state: FerretState = { pid: child.pid, port, uri: `mongodb://127.0.0.1:${port}/${options.dbName ?? 'triage'}`, stateDir, logFile };
  writeFileSync(stateFile, JSON.stringify(state, null, 2));
  try {
    await waitForPing(state.uri, 30_000, () => child.exitCode === null && child.signalCode === null);
  } catch (error) {
    await stopFerret(stateFile);
    const tail = existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n') : '';
    throw new Error(`${(error as Error).message}; log ${logFile}:\n${tail}`, { cause: error });
  }
  if (options.stopWhenPidExits !== undefined) watchdog(options.stopWhenPidExits, child.pid);
  log(`listening on 127.0.0.1:${port} (pid ${child.pid}, log ${logFile})`);
  return state;
}

function watchdog(parentPid: number, serverPid: number): void {
  const script = `while kill -0 ${parentPid} 2>/dev/null; do sleep 2; done; kill ${serverPid} 2>/dev/null`;
  spawn('sh', ['-c', script], { detached: true, stdio: 'ignore' }).unref();
}

/** Stops the server recorded in `stateFile`; resolves true when one was running. */
export async function stopFerret(stateFile = DEFAULT_STATE_FILE): Promise<boolean> {
  const state = readState(stateFile);
  rmSync(stateFile, { force: true });
  if (!state) return false;
  const wasAlive = isAlive(state.pid);
  if (wasAlive) {
    process.kill(state.pid, 'SIGTERM');
    for (let i = 0; i < 50 && isAlive(state.pid); i++) await new Promise((r) => setTimeout(r, 100));
    if (isAlive(state.pid)) process.kill(state.pid, 'SIGKILL');
  }
  rmSync(state.stateDir, { recursive: true, force: true });
  return wasAlive;
}

async function main(command: string | undefined): Promise<void> {
  if (command === 'start') {
    const state = await startFerret();
    process.stdout.write(`MONGODB_URI=${state.uri}\n`);
  } else if (command === 'stop') {
    process.stderr.write((await stopFerret()) ? '[ferretdb] stopped\n' : '[ferretdb] was not running\n');
  } else {
    process.stderr.write('usage: tsx scripts/mongo.ts start|stop\n');
    process.exitCode = 2;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv[2]).catch((error: unknown) => {
    process.stderr.write(`[ferretdb] ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
