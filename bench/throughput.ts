/**
 * A rough throughput benchmark (not a test): tickets per second through the eight steps with the
 * heuristic reasoner and the outbox connectors, and the time from submit to handoff (p50/p99, from the
 * run records), on
 *   - the embedded store, one in-process worker;
 *   - the mongodb store (MONGODB_URI, or a FerretDB started like the tests start it), one and three
 *     `triage worker` child processes.
 *
 *   npm run bench                       # defaults
 *   BENCH_TICKETS=200 npm run bench     # batch size per scenario (default 100)
 *
 * Writes only into temporary folders and a throw-away database per scenario; prints a table.
 * On FerretDB 1.x a claim reads every task (no pushdown of nested filters), so mongodb figures fall as the
 * batch grows: compare scenarios at the same BENCH_TICKETS.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MongoClient } from 'mongodb';
import { startApp, type App } from '../src/app.ts';
import type { Task } from '../src/engine/types.ts';
import { startWorker } from '../src/worker.ts';
import { hasGo, hasPostgres, startFerret, stopFerret } from '../scripts/mongo.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = path.join(ROOT, 'bin', 'triage.js');
const TICKETS = Number(process.env.BENCH_TICKETS ?? 100);
const FIXTURES = ['complex-technical', 'enterprise-critical', 'frustrated-repeat', 'standard-password-reset'].map(
  (name) => JSON.parse(readFileSync(path.join(ROOT, 'fixtures', 'tickets', `${name}.json`), 'utf8')) as { support: { ticket: Record<string, unknown> } },
);

interface Row {
  scenario: string;
  tickets: number;
  escalated: number;
  seconds: number;
  perSecond: number;
  handoffP50: number | null;
  handoffP99: number | null;
  pipelineP50: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function ticket(i: number, run: string): unknown {
  const base = structuredClone(FIXTURES[i % FIXTURES.length]!);
  base.support.ticket.id = `BENCH-${run}-${i}`;
  base.support.ticket.customerId = `CUST-${i % 41}`;
  return base;
}

function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Figures from the run records: submit (createdAt) -> end of human_handoff, and -> end of the last step. */
function summarise(scenario: string, tasks: Task[], seconds: number): Row {
  const handoff: number[] = [];
  const pipeline: number[] = [];
  let escalated = 0;
  for (const task of tasks) {
    const created = task.meta.createdAt.getTime();
    const run = task.meta.runs.find((r) => r.stepId === 'human_handoff' && r.outcome === 'ok');
    if (run) {
      escalated++;
      handoff.push(run.finishedAt.getTime() - created);
    }
    const last = task.meta.runs.at(-1);
    if (last) pipeline.push(last.finishedAt.getTime() - created);
  }
  handoff.sort((a, b) => a - b);
  pipeline.sort((a, b) => a - b);
  return {
    scenario,
    tickets: tasks.length,
    escalated,
    seconds,
    perSecond: tasks.length / seconds,
    handoffP50: percentile(handoff, 50),
    handoffP99: percentile(handoff, 99),
    pipelineP50: percentile(pipeline, 50) ?? 0,
  };
}

async function allRested(app: App, expected: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const busy = await app.store.count({ state: ['ready', 'running'] });
    const total = await app.store.count({});
    if (busy === 0 && total >= expected) return;
    if (Date.now() > deadline) throw new Error(`not every task rested within ${timeoutMs} ms (${busy} busy)`);
    await sleep(250);
  }
}

async function submitAll(app: App, run: string): Promise<void> {
  for (let i = 0; i < TICKETS; i++) await app.engine.submit(ticket(i, run), 'inbox');
}

async function embedded(): Promise<Row> {
  const dir = mkdtempSync(path.join(tmpdir(), 'triage-bench-embedded-'));
  const app = await startApp({ env: { TRIAGE_DATA_DIR: dir, TRIAGE_LOG_LEVEL: 'silent' } });
  try {
    const started = Date.now();
    const worker = startWorker(app, { pollMs: 20 });
    await submitAll(app, 'e');
    await allRested(app, TICKETS, 600_000);
    const seconds = (Date.now() - started) / 1000;
    await worker.stop();
    return summarise('embedded, 1 worker (in-process)', (await app.store.list({})).items, seconds);
  } finally {
    await app.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

function spawnWorker(uri: string, dataDir: string): { child: ChildProcess; ready: Promise<void>; exited: Promise<void> } {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !/^(TRIAGE_|MONGODB_|OPENAI_|SMTP_|SLACK_|ZENDESK_|HUBSPOT_|EMAIL_FROM|NODE_OPTIONS)/.test(key)) env[key] = value;
  }
  const child = spawn(process.execPath, [BIN, 'worker', '--poll-ms', '50'], {
    cwd: ROOT,
    env: { ...env, MONGODB_URI: uri, TRIAGE_DATA_DIR: dataDir, TRIAGE_LOG_LEVEL: 'info' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  const ready = new Promise<void>((resolve, reject) => {
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      if (log.length < 100_000) log += chunk;
      if (log.includes('"worker started"')) resolve();
    });
    child.on('exit', () => reject(new Error(`worker exited before starting:\n${log.slice(-2000)}`)));
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return { child, ready, exited };
}

function withDb(uri: string, dbName: string): string {
  const match = /^(mongodb(?:\+srv)?:\/\/[^/?]*)(\/[^?]*)?(\?.*)?$/.exec(uri);
  if (!match) throw new Error(`unexpected MongoDB URI: ${uri}`);
  return `${match[1]}/${dbName}${match[3] ?? ''}`;
}

async function mongodb(serverUri: string, workers: number): Promise<Row> {
  const dbName = `bench_${workers}w_${randomBytes(4).toString('hex')}`;
  const uri = withDb(serverUri, dbName);
  const dirs = Array.from({ length: workers + 1 }, (_, i) => mkdtempSync(path.join(tmpdir(), `triage-bench-mongo-${i}-`)));
  const app = await startApp({ env: { MONGODB_URI: uri, TRIAGE_DATA_DIR: dirs[0]!, TRIAGE_LOG_LEVEL: 'silent' } });
  const children = dirs.slice(1).map((dir) => spawnWorker(uri, dir));
  try {
    await Promise.all(children.map((c) => c.ready));
    const started = Date.now();
    await submitAll(app, `m${workers}`);
    await allRested(app, TICKETS, 900_000);
    const seconds = (Date.now() - started) / 1000;
    return summarise(`mongodb, ${workers} worker process${workers === 1 ? '' : 'es'}`, (await app.store.list({})).items, seconds);
  } finally {
    for (const c of children) c.child.kill('SIGTERM');
    await Promise.race([Promise.all(children.map((c) => c.exited)), sleep(30_000)]);
    for (const c of children) if (c.child.exitCode === null && c.child.signalCode === null) c.child.kill('SIGKILL');
    await app.stop();
    const client = new MongoClient(serverUri, { serverSelectionTimeoutMS: 5_000 });
    await client.connect().then(() => client.db(dbName).dropDatabase()).catch(() => undefined);
    await client.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
}

async function mongoServer(): Promise<{ uri: string; stop: () => Promise<void> } | { reason: string }> {
  const fromEnv = process.env.MONGODB_URI?.trim();
  if (fromEnv) return { uri: fromEnv, stop: async () => undefined };
  if (!(await hasGo())) return { reason: 'no MONGODB_URI and no Go toolchain to build FerretDB' };
  if (!(await hasPostgres())) return { reason: 'no MONGODB_URI and PostgreSQL does not answer psql' };
  const stateDir = mkdtempSync(path.join(tmpdir(), 'triage-bench-ferret-'));
  const stateFile = path.join(stateDir, 'state.json');
  const state = await startFerret({ stateFile, pgDatabase: 'triage_bench', dbName: 'triage_bench', log: () => undefined });
  return {
    uri: state.uri,
    stop: async () => {
      await stopFerret(stateFile);
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

function table(rows: Row[]): string {
  const ms = (v: number | null) => (v === null ? '-' : `${Math.round(v)} ms`);
  const header = ['scenario', 'tickets', 'escalated', 'wall', 'tickets/s', 'handoff p50', 'handoff p99', 'rest p50'];
  const lines = rows.map((r) => [r.scenario, String(r.tickets), String(r.escalated), `${r.seconds.toFixed(1)} s`, r.perSecond.toFixed(2), ms(r.handoffP50), ms(r.handoffP99), ms(r.pipelineP50)]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [fmt(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...lines.map(fmt)].join('\n');
}

const rows: Row[] = [];
process.stderr.write(`bench: ${TICKETS} tickets per scenario\n`);
rows.push(await embedded());
process.stderr.write('bench: embedded done\n');
const server = await mongoServer();
if ('uri' in server) {
  try {
    rows.push(await mongodb(server.uri, 1));
    process.stderr.write('bench: mongodb x1 done\n');
    rows.push(await mongodb(server.uri, 3));
  } finally {
    await server.stop();
  }
} else {
  process.stderr.write(`bench: mongodb scenarios skipped: ${server.reason}\n`);
}
process.stdout.write(`${table(rows)}\n`);
process.stdout.write(
  'tickets/s: batch submitted at once, until every task rests. handoff: submit -> end of human_handoff (escalated tickets); rest: submit -> last step.\n',
);
process.exit(0);
