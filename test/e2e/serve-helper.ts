/**
 * `triage serve` as a child process on a CLI helper's data directory, for tests that use the server
 * the way its users do: over HTTP, while other processes (the CLI, a browser) work beside it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { BIN, ROOT, type Cli } from './cli-helper.ts';

export type Json = Record<string, any>;

export interface RunningServe {
  /** `http://127.0.0.1:PORT`. */
  base: string;
  /** What the server wrote to stdout and stderr so far (for failure messages). */
  output(): string;
  /** A JSON request with a bearer token. */
  api(method: string, url: string, body?: unknown, token?: string): Promise<{ status: number; body: Json }>;
  /** Re-reads until `check` holds, failing with the last value and the server's output. */
  until<T>(what: string, read: () => Promise<T>, check: (value: T) => boolean, timeoutMs?: number): Promise<T>;
  /** SIGTERM, then waits for the exit; idempotent. */
  stop(): Promise<void>;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The parent's environment without anything that would select outside services, plus `env`. */
function childEnv(dataDir: string, env: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !/^(TRIAGE_|MONGODB_|OPENAI_|SMTP_|SLACK_|ZENDESK_|HUBSPOT_|EMAIL_FROM|VITEST|NODE_OPTIONS)/.test(key)) out[key] = value;
  }
  return { ...out, TRIAGE_DATA_DIR: dataDir, TRIAGE_LOG_LEVEL: 'warn', ...env };
}

/** Starts `triage serve --port 0` on `cli.dataDir` with `env` (tokens and so on) and waits until it listens. */
export async function startServe(cli: Cli, env: Record<string, string> & { TRIAGE_API_TOKEN: string }): Promise<RunningServe> {
  const child: ChildProcess = spawn(process.execPath, [BIN, 'serve', '--port', '0'], { cwd: ROOT, env: childEnv(cli.dataDir, env), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  let base = '';

  const until: RunningServe['until'] = async (what, read, check, timeoutMs = 30_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await read();
      if (check(value)) return value;
      if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms; last: ${JSON.stringify(value).slice(0, 500)}\nserver: ${output.slice(-2000)}`);
      await pause(50);
    }
  };
  const api: RunningServe['api'] = async (method, url, body, token = env.TRIAGE_API_TOKEN) => {
    const res = await fetch(`${base}${url}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Json) : {} };
  };
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };

  base = await until('the server to listen', async () => /triage listening on (http:\S+)/.exec(output)?.[1] ?? '', (url) => url !== '' || child.exitCode !== null, 60_000);
  if (!base) throw new Error(`triage serve exited: ${output}`);
  return { base, output: () => output, api, until, stop };
}
