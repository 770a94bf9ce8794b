/**
 * `triage worker` child processes, as an operator runs them against a shared MongoDB: each with its own
 * data directory (its outbox), ready once it logs "worker started", stopped with SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { sleep } from './app.ts';
import type { Env } from './places.ts';
import { ROOT } from './tickets.ts';

const BIN = path.join(ROOT, 'bin', 'triage.js');

export interface WorkerProcess {
  child: ChildProcess;
  ready: Promise<void>;
  exited: Promise<void>;
}

/** The caller's environment minus everything triage reads, plus `env`. */
export function childEnv(env: Env): Env {
  const base: Env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !/^(TRIAGE_|MONGODB_|OPENAI_|SMTP_|SLACK_|ZENDESK_|HUBSPOT_|EMAIL_FROM|NODE_OPTIONS)/.test(key)) base[key] = value;
  }
  return { ...base, ...env };
}

export function spawnWorker(env: Env, pollMs = 50): WorkerProcess {
  const child = spawn(process.execPath, [BIN, 'worker', '--poll-ms', String(pollMs)], {
    cwd: ROOT,
    env: childEnv({ ...env, TRIAGE_LOG_LEVEL: 'info' }),
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
  ready.catch(() => undefined);
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return { child, ready, exited };
}

/** SIGTERM, up to 30 s for the task in hand, then SIGKILL. */
export async function stopWorkers(workers: readonly WorkerProcess[]): Promise<void> {
  for (const w of workers) w.child.kill('SIGTERM');
  await Promise.race([Promise.all(workers.map((w) => w.exited)), sleep(30_000)]);
  for (const w of workers) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
}
