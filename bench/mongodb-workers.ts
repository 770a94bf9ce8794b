/**
 * Throughput of `triage worker` processes sharing one mongodb database, and the inbox listing's
 * latency with many human tasks (a measuring script, not a test: it asserts nothing).
 *
 *   npx tsx bench/mongodb-workers.ts
 *   BENCH_TICKETS=200 BENCH_INBOX_TASKS=20000 npx tsx bench/mongodb-workers.ts
 *
 * Runs against MONGODB_URI when set, otherwise a FerretDB 1.x started like the tests start it (its
 * own PostgreSQL database, stopped afterwards). Each part uses a throw-away database.
 *
 * Workers: BENCH_TICKETS tickets are submitted first, then 1 (and then 3) worker processes are
 * started; the clock runs from the moment all of them are ready until every task rests. Tasks a
 * worker finished before the last one was ready are not counted. The ratio of the two rates is taken
 * within one run because the machine may be busy with other work.
 *
 * Inbox: BENCH_INBOX_TASKS human tasks (BENCH_INBOX_OPEN_PCT percent open, the rest closed, four
 * teams, four priorities) inserted with insertMany, then the inbox's queries timed
 * BENCH_INBOX_ROUNDS times each through the HumanTaskStore.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { MongoClient } from 'mongodb';
import { startApp } from '../src/app.ts';
import { newHumanTask, OPEN_STATUSES } from '../src/human/common.ts';
import type { HumanPriority, HumanTask, HumanTaskFilter, HumanTaskStatus } from '../src/human/types.ts';
import { MongoHumanTaskStore, toStoredHumanTask } from '../src/store/mongodb/human-tasks.ts';
import { hasGo, hasPostgres, startFerret, stopFerret } from '../scripts/mongo.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = path.join(ROOT, 'bin', 'triage.js');
const TICKETS = Number(process.env.BENCH_TICKETS ?? 100);
const WORKER_COUNTS = (process.env.BENCH_WORKERS ?? '1,3').split(',').map(Number);
const INBOX_TASKS = Number(process.env.BENCH_INBOX_TASKS ?? 100_000);
const INBOX_OPEN_PCT = Number(process.env.BENCH_INBOX_OPEN_PCT ?? 5);
const INBOX_ROUNDS = Number(process.env.BENCH_INBOX_ROUNDS ?? 50);
const TEAMS = ['engineering', 'technical_support', 'finance', 'senior_support'];
const PRIORITIES: HumanPriority[] = ['low', 'medium', 'high', 'critical'];
const CLOSED: HumanTaskStatus[] = ['completed', 'completed', 'completed', 'expired', 'cancelled'];
const FIXTURES = ['complex-technical', 'enterprise-critical', 'frustrated-repeat', 'standard-password-reset'].map(
  (name) => JSON.parse(readFileSync(path.join(ROOT, 'fixtures', 'tickets', `${name}.json`), 'utf8')) as { support: { ticket: Record<string, unknown> } },
);

const log = (message: string): void => void process.stderr.write(`bench: ${message}\n`);

/** Waits between polls of the database; this script measures, it does not test, so polling is fine. */
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function withDb(uri: string, dbName: string): string {
  const match = /^(mongodb(?:\+srv)?:\/\/[^/?]*)(\/[^?]*)?(\?.*)?$/.exec(uri);
  if (!match) throw new Error(`unexpected MongoDB URI: ${uri}`);
  return `${match[1]}/${dbName}${match[3] ?? ''}`;
}

function ticket(i: number, run: string): unknown {
  const base = structuredClone(FIXTURES[i % FIXTURES.length]!);
  base.support.ticket.id = `BENCH-${run}-${i}`;
  base.support.ticket.customerId = `CUST-${i % 41}`;
  return base;
}

function childEnv(extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !/^(TRIAGE_|MONGODB_|OPENAI_|SMTP_|SLACK_|ZENDESK_|HUBSPOT_|EMAIL_FROM|NODE_OPTIONS)/.test(key)) env[key] = value;
  }
  return { ...env, ...extra };
}

interface Worker {
  child: ChildProcess;
  ready: Promise<void>;
  exited: Promise<void>;
}

function spawnWorker(uri: string, dataDir: string): Worker {
  const child = spawn(process.execPath, [BIN, 'worker', '--poll-ms', '50'], {
    cwd: ROOT,
    env: childEnv({ MONGODB_URI: uri, TRIAGE_DATA_DIR: dataDir, TRIAGE_LOG_LEVEL: 'info' }),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let output = '';
  const ready = new Promise<void>((resolve, reject) => {
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      if (output.length < 100_000) output += chunk;
      if (output.includes('"worker started"')) resolve();
    });
    child.on('exit', () => reject(new Error(`worker exited before starting:\n${output.slice(-2000)}`)));
  });
  ready.catch(() => undefined);
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return { child, ready, exited };
}

async function dropDb(serverUri: string, dbName: string): Promise<void> {
  const client = new MongoClient(serverUri, { serverSelectionTimeoutMS: 5_000 });
  try {
    await client.connect();
    await client.db(dbName).dropDatabase();
  } catch {
    // Leftovers in a throw-away database are harmless.
  } finally {
    await client.close();
  }
}

/** Tickets per second through `workers` worker processes. */
async function workersRun(serverUri: string, workers: number): Promise<{ perSecond: number; counted: number; seconds: number }> {
  const dbName = `bench_w${workers}_${randomBytes(4).toString('hex')}`;
  const uri = withDb(serverUri, dbName);
  const dirs = Array.from({ length: workers + 1 }, (_, i) => mkdtempSync(path.join(tmpdir(), `triage-bench-mw-${i}-`)));
  const app = await startApp({ env: { MONGODB_URI: uri, TRIAGE_DATA_DIR: dirs[0]!, TRIAGE_LOG_LEVEL: 'silent' } });
  const children: Worker[] = [];
  try {
    for (let i = 0; i < TICKETS; i++) await app.engine.submit(ticket(i, `w${workers}`), 'inbox');
    log(`${workers} worker(s): ${TICKETS} tickets submitted`);
    for (const dir of dirs.slice(1)) children.push(spawnWorker(uri, dir));
    await Promise.all(children.map((c) => c.ready));
    const started = performance.now();
    const busyAtStart = await app.store.count({ state: ['ready', 'running'] });
    for (;;) {
      const busy = await app.store.count({ state: ['ready', 'running'] });
      if (busy === 0) break;
      if (performance.now() - started > 1_800_000) throw new Error(`${busy} tasks still busy after 30 minutes`);
      await pause(500);
    }
    const seconds = (performance.now() - started) / 1000;
    const failed = await app.store.count({ state: 'failed' });
    if (failed > 0) log(`warning: ${failed} task(s) failed`);
    return { perSecond: busyAtStart / seconds, counted: busyAtStart, seconds };
  } finally {
    for (const c of children) c.child.kill('SIGTERM');
    await Promise.race([Promise.all(children.map((c) => c.exited)), pause(30_000)]);
    for (const c of children) if (c.child.exitCode === null && c.child.signalCode === null) c.child.kill('SIGKILL');
    await app.stop();
    await dropDb(serverUri, dbName);
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
}

function humanTask(i: number, now: Date): HumanTask {
  const team = TEAMS[i % TEAMS.length]!;
  const task = newHumanTask(
    {
      key: `bench:${i}`,
      taskId: `T${String(i).padStart(8, '0')}`,
      type: 'escalation',
      priority: PRIORITIES[Math.floor(i / TEAMS.length) % PRIORITIES.length]!,
      title: `Ticket ${i}: the export keeps failing`,
      team,
      queue: `${team}-queue`,
      skillTags: ['export'],
      context: { ticket: { subject: `Ticket ${i}: the export keeps failing`, customerEmail: `customer${i}@example.com` }, summary: 'Nightly export stopped after the update.' },
      fields: [],
      dueAt: new Date(now.getTime() + ((i % 240) - 60) * 60_000),
      escalationChain: [team],
    },
    now,
  );
  // Spread the open ones evenly over teams: every (100 / pct)-th round of the four teams is open.
  const open = INBOX_OPEN_PCT > 0 && Math.floor(i / TEAMS.length) % Math.round(100 / INBOX_OPEN_PCT) === 0;
  task.status = open ? OPEN_STATUSES[Math.floor(i / 7) % OPEN_STATUSES.length]! : CLOSED[i % CLOSED.length]!;
  return task;
}

/** p50/p99 of the inbox's queries with INBOX_TASKS human tasks. */
async function inboxRun(serverUri: string): Promise<{ name: string; total: number; p50: number; p99: number; max: number }[]> {
  const dbName = `bench_inbox_${randomBytes(4).toString('hex')}`;
  const client = await new MongoClient(serverUri).connect();
  try {
    const store = new MongoHumanTaskStore({ client, dbName });
    await store.start();
    const collection = client.db(dbName).collection('human_tasks');
    const now = new Date();
    const seedStart = performance.now();
    for (let from = 0; from < INBOX_TASKS; from += 1_000) {
      const batch = Array.from({ length: Math.min(1_000, INBOX_TASKS - from) }, (_, k) => toStoredHumanTask(humanTask(from + k, now)));
      await collection.insertMany(batch as never[], { ordered: false });
    }
    log(`inbox: ${INBOX_TASKS} human tasks inserted in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);
    const open = [...OPEN_STATUSES];
    const queries: { name: string; filter: HumanTaskFilter }[] = [
      { name: 'open, one team, page 1', filter: { status: open, team: 'finance', limit: 50 } },
      { name: 'open, two teams, page 1', filter: { status: open, team: ['finance', 'engineering'], limit: 50 } },
      { name: 'open, all teams, page 1', filter: { status: open, limit: 50 } },
      { name: 'open, one team, page 5', filter: { status: open, team: 'finance', limit: 50, skip: 200 } },
    ];
    const rows = [];
    for (const { name, filter } of queries) {
      const times: number[] = [];
      let total = 0;
      for (let round = 0; round <= INBOX_ROUNDS; round++) {
        const start = performance.now();
        total = (await store.list(filter)).total;
        if (round > 0) times.push(performance.now() - start);
      }
      times.sort((a, b) => a - b);
      rows.push({ name, total, p50: percentile(times, 50), p99: percentile(times, 99), max: times.at(-1)! });
    }
    await store.stop();
    return rows;
  } finally {
    await client.close();
    await dropDb(serverUri, dbName);
  }
}

async function server(): Promise<{ uri: string; stop: () => Promise<void> }> {
  const fromEnv = process.env.MONGODB_URI?.trim();
  if (fromEnv) return { uri: fromEnv, stop: async () => undefined };
  if (!(await hasGo()) || !(await hasPostgres())) throw new Error('set MONGODB_URI, or provide Go and PostgreSQL for FerretDB');
  const stateDir = mkdtempSync(path.join(tmpdir(), 'triage-bench-mw-ferret-'));
  const stateFile = path.join(stateDir, 'state.json');
  const state = await startFerret({ stateFile, pgDatabase: 'triage_bench_workers', dbName: 'triage_bench_workers', log: () => undefined, stopWhenPidExits: process.pid });
  return {
    uri: state.uri,
    stop: async () => {
      await stopFerret(stateFile);
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

const { uri, stop } = await server();
try {
  const rates = new Map<number, number>();
  if (TICKETS > 0) {
    console.log(`\n${TICKETS} tickets, submitted before the workers start\n`);
    console.log('| workers | tickets counted | wall (s) | tickets/s |');
    console.log('|---|---|---|---|');
    for (const workers of WORKER_COUNTS) {
      const result = await workersRun(uri, workers);
      rates.set(workers, result.perSecond);
      console.log(`| ${workers} | ${result.counted} | ${result.seconds.toFixed(1)} | ${result.perSecond.toFixed(2)} |`);
    }
    const [first, last] = [WORKER_COUNTS[0]!, WORKER_COUNTS.at(-1)!];
    if (first !== last) console.log(`\nratio ${last}/${first} workers: ${(rates.get(last)! / rates.get(first)!).toFixed(2)}`);
  }
  if (INBOX_TASKS > 0) {
    const rows = await inboxRun(uri);
    console.log(`\n${INBOX_TASKS.toLocaleString('en')} human tasks (${INBOX_OPEN_PCT}% open), HumanTaskStore.list, ${INBOX_ROUNDS} rounds each\n`);
    console.log('| query | total | p50 (ms) | p99 (ms) | max (ms) |');
    console.log('|---|---|---|---|---|');
    for (const r of rows) console.log(`| ${r.name} | ${r.total} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.max.toFixed(1)} |`);
  }
} finally {
  await stop();
}
process.exit(0);
