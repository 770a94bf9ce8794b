/**
 * The server for real: `serve()` listening on a free port answering `fetch`, and `triage serve` as a
 * child process that takes a ticket, processes it with its in-process worker, and exits 0 on SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { startApp } from '../../src/app.ts';
import { silentLogger } from '../../src/log.ts';
import { serve } from '../../src/server/serve.ts';
import { API_TOKEN, WEBHOOK_TOKEN } from './server-harness.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'triage-serve-'));
  dirs.push(dir);
  return dir;
}

const ticket = { id: 'SERVE-1', subject: 'Password', description: 'I forgot my password and cannot reset it.', customerEmail: 'sam@example.com' };

async function waitRested(base: string, taskId: string): Promise<string> {
  for (let i = 0; i < 400; i++) {
    const task = (await (await fetch(`${base}/api/tasks/${taskId}`, { headers: { authorization: `Bearer ${API_TOKEN}` } })).json()) as { meta: { state: string } };
    if (['waiting', 'done', 'failed'].includes(task.meta.state)) return task.meta.state;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`task ${taskId} did not rest`);
}

describe('serve()', () => {
  it('listens on port 0, answers fetch, processes a ticket, and closes', async () => {
    const app = await startApp({ env: { TRIAGE_DATA_DIR: await tempDir(), TRIAGE_API_TOKEN: API_TOKEN, TRIAGE_WEBHOOK_TOKEN: WEBHOOK_TOKEN }, log: silentLogger });
    const running = await serve(app, { port: 0, pollMs: 20 });
    try {
      expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const health = await fetch(`${running.url}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: 'ok' });
      const res = await fetch(`${running.url}/webhooks/tickets`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${WEBHOOK_TOKEN}` },
        body: JSON.stringify(ticket),
      });
      expect(res.status).toBe(202);
      const { taskId } = (await res.json()) as { taskId: string };
      expect(await waitRested(running.url, taskId)).not.toBe('failed');
      const metrics = await (await fetch(`${running.url}/metrics`, { headers: { authorization: `Bearer ${API_TOKEN}` } })).text();
      expect(metrics).toMatch(/triage_tickets_processed_total\{state="(waiting|done)"\} 1/);
    } finally {
      await running.close();
      await app.stop();
    }
    await expect(fetch(`${running.url}/healthz`)).rejects.toThrow();
  });
});

describe('triage serve', () => {
  it('answers /healthz, processes a ticket, and exits 0 on SIGTERM', async () => {
    const dataDir = await tempDir();
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(process.env)) {
      if (value !== undefined && !/^(TRIAGE_|MONGODB_|OPENAI_|SMTP_|SLACK_|ZENDESK_|HUBSPOT_|VITEST|NODE_OPTIONS)/.test(key)) env[key] = value;
    }
    Object.assign(env, { TRIAGE_DATA_DIR: dataDir, TRIAGE_LOG_LEVEL: 'info', TRIAGE_API_TOKEN: API_TOKEN, TRIAGE_WEBHOOK_TOKEN: WEBHOOK_TOKEN });
    const args = [path.join(ROOT, 'bin/triage.js'), 'serve'];
    const child: ChildProcess = spawn(process.execPath, [...args, '--port', '0'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const deadline = Date.now() + 30_000;
      while (!/listening on (http:\S+)/.test(stdout)) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`no listening line\nstdout: ${stdout}\nstderr: ${stderr}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const base = /listening on (http:\S+)/.exec(stdout)![1]!;
      const health = await fetch(`${base}/healthz`);
      expect(health.status).toBe(200);
      const res = await fetch(`${base}/webhooks/tickets`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${WEBHOOK_TOKEN}` },
        body: JSON.stringify(ticket),
      });
      expect(res.status).toBe(202);
      const { taskId } = (await res.json()) as { taskId: string };
      expect(await waitRested(base, taskId)).not.toBe('failed');
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited, stderr).toBe(0);
    expect(stderr).toMatch(/server stopped/);
    expect(stderr).not.toContain(API_TOKEN);
    expect(stderr).not.toContain(WEBHOOK_TOKEN);
  }, 60_000);
});
