/**
 * Runs the real `triage` CLI (`node bin/triage.js`) as a child process, the way a user runs it.
 * Each test file gets its own temporary TRIAGE_DATA_DIR, so files never see each other's tasks.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = path.join(ROOT, 'bin', 'triage.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface Cli {
  dataDir: string;
  run(args: string[], options?: { env?: Record<string, string | undefined>; cwd?: string }): Promise<CliResult>;
  /** Parses stdout as exactly one JSON document; fails with the output when it is not. */
  json<T = any>(result: CliResult): T;
  cleanup(): void;
}

/** Environment for the child: the parent's, minus anything that would select outside services. */
function baseEnv(dataDir: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined) continue;
    if (/^(TRIAGE_|MONGODB_|OPENAI_|SMTP_|SLACK_|ZENDESK_|HUBSPOT_|EMAIL_FROM|VITEST|NODE_OPTIONS)/.test(key)) continue;
    env[key] = value;
  }
  env.TRIAGE_DATA_DIR = dataDir;
  env.TRIAGE_LOG_LEVEL = 'warn';
  return env;
}

export function createCli(prefix = 'triage-e2e-'): Cli {
  const dataDir = mkdtempSync(path.join(tmpdir(), prefix));
  return {
    dataDir,
    run(args, options = {}) {
      return new Promise((resolve, reject) => {
        const env = { ...baseEnv(dataDir), ...options.env };
        for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
        const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd ?? ROOT, env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
        child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
        child.on('error', reject);
        child.on('close', (code) => resolve({ code, stdout, stderr }));
      });
    },
    json(result) {
      try {
        return JSON.parse(result.stdout);
      } catch (error) {
        throw new Error(`stdout is not one JSON document (${(error as Error).message}); exit ${result.code}\nstdout:\n${result.stdout.slice(0, 2000)}\nstderr:\n${result.stderr.slice(0, 2000)}`);
      }
    },
    cleanup() {
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Every file under `dir` (recursively), relative to it; [] when it does not exist. */
export function filesUnder(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full).map((f) => path.join(name, f)) : [name];
  });
}

/** A stack trace frame as Node prints it. */
export const STACK_LINE = /^\s+at .+/m;
