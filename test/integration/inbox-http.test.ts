/**
 * The human task inbox end to end through HTTP alone: `triage serve --port 0` runs as a child
 * process, and everything (tickets in, the inbox, claims, resolutions, customer messages) goes
 * through `fetch`. The only thing read outside HTTP is the outbox folder, to count what the bot sent.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const API_TOKEN = 'inbox-api-token-0123456789';
const WEBHOOK_TOKEN = 'inbox-webhook-token-9876543210';
const api = { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' };
const hook = { authorization: `Bearer ${WEBHOOK_TOKEN}`, 'content-type': 'application/json' };

type Json = Record<string, any>;

interface Seed {
  name: string;
  body: Json;
  ticketId: string;
  customerEmail: string;
}

const SEEDS = ['enterprise-critical', 'complex-technical', 'frustrated-repeat', 'standard-password-reset'];
/** Where each escalated seed must land, by ticket id. */
const EXPECTED_TEAMS: Record<string, string> = {
  'TICK-ENT-001': 'engineering',
  'TICK-TECH-001': 'technical_support',
  'TICK-REPEAT-001': 'finance',
};

let child: ChildProcess;
let exited: Promise<number | null>;
let base = '';
let dataDir = '';
let stdout = '';
let stderr = '';
const seeds: Seed[] = [];
/** Pipeline task id by ticket id, filled by the first test. */
const taskIds: Record<string, string> = {};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function call(method: string, url: string, body?: unknown, headers: Record<string, string> = api): Promise<{ status: number; body: Json }> {
  const res = await fetch(`${base}${url}`, { method, headers, ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}) });
  const text = await res.text();
  let parsed: Json = {};
  try {
    parsed = text ? (JSON.parse(text) as Json) : {};
  } catch {
    parsed = { text };
  }
  return { status: res.status, body: parsed };
}

/** Polls `/api/tasks/:id` until `check` holds (bounded). */
async function pollTask(id: string, check: (task: Json) => boolean, what: string, timeoutMs = 20_000): Promise<Json> {
  const deadline = Date.now() + timeoutMs;
  let last: Json = {};
  for (;;) {
    const res = await call('GET', `/api/tasks/${id}`);
    expect(res.status).toBe(200);
    last = res.body;
    if (check(last)) return last;
    if (Date.now() > deadline) throw new Error(`task ${id}: ${what} did not happen in ${timeoutMs} ms; state ${last.meta?.state}\nstderr: ${stderr}`);
    await sleep(50);
  }
}

const rests = (task: Json) => ['waiting', 'done', 'failed'].includes(task.meta?.state);

interface OutboxEmail {
  file: string;
  to: string;
  subject: string;
  text: string;
}

/** Emails in the outbox, with their headers and whole text. */
async function outboxEmails(): Promise<OutboxEmail[]> {
  const folder = path.join(dataDir, 'outbox', 'email');
  const files = await readdir(folder).catch(() => [] as string[]);
  const out: OutboxEmail[] = [];
  for (const file of files.filter((f) => f.endsWith('.eml')).sort()) {
    const text = await readFile(path.join(folder, file), 'utf8');
    const head = text.split(/\r?\n\r?\n/)[0] ?? '';
    const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
    out.push({
      file,
      to: /^To:\s*(.*)$/im.exec(unfolded)?.[1] ?? '',
      subject: /^Subject:\s*(.*)$/im.exec(unfolded)?.[1] ?? '',
      text,
    });
  }
  return out;
}

/** What went to `address`: file names and contents, so a rewritten file counts as a new email too. */
async function emailsTo(address: string): Promise<string[]> {
  return (await outboxEmails()).filter((e) => e.to.toLowerCase().includes(address.toLowerCase())).map((e) => `${e.file}\n${e.text}`);
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'triage-inbox-http-'));
  for (const name of SEEDS) {
    const body = JSON.parse(await readFile(path.join(ROOT, 'fixtures/tickets', `${name}.json`), 'utf8')) as Json;
    const ticket = (body.support?.ticket ?? body) as Json;
    seeds.push({ name, body, ticketId: ticket.id as string, customerEmail: ticket.customerEmail as string });
  }
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !/^(TRIAGE_|MONGODB_|OPENAI_|SMTP_|SLACK_|ZENDESK_|HUBSPOT_|VITEST|NODE_OPTIONS)/.test(key)) env[key] = value;
  }
  Object.assign(env, { TRIAGE_DATA_DIR: dataDir, TRIAGE_LOG_LEVEL: 'warn', TRIAGE_API_TOKEN: API_TOKEN, TRIAGE_WEBHOOK_TOKEN: WEBHOOK_TOKEN });
  child = spawn(process.execPath, [path.join(ROOT, 'bin/triage.js'), 'serve', '--port', '0'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  const deadline = Date.now() + 30_000;
  while (!/triage listening on (http:\S+)/.test(stdout)) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`no listening line\nstdout: ${stdout}\nstderr: ${stderr}`);
    await sleep(50);
  }
  base = /triage listening on (http:\S+)/.exec(stdout)![1]!;
});

afterAll(async () => {
  if (child && child.exitCode === null && child.signalCode === null) {
    child.kill('SIGKILL');
    await exited;
  }
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('the inbox through HTTP (triage serve as a child process)', () => {
  it('takes the four seed tickets and opens exactly three human tasks with priorities and context', async () => {
    for (const [i, seed] of seeds.entries()) {
      // Two bare, two wrapped: the webhook takes both shapes.
      const body = i % 2 === 0 ? seed.body.support.ticket : seed.body;
      const res = await call('POST', '/webhooks/tickets', body, hook);
      expect(res.status, JSON.stringify(res.body)).toBe(202);
      expect(res.body).toMatchObject({ taskId: expect.any(String), created: true });
      taskIds[seed.ticketId] = res.body.taskId as string;
    }
    expect(new Set(Object.values(taskIds)).size).toBe(4);
    const rested: Record<string, Json> = {};
    for (const [ticketId, id] of Object.entries(taskIds)) rested[ticketId] = await pollTask(id, rests, 'resting');
    for (const [ticketId, task] of Object.entries(rested)) {
      expect(task.meta.state, `${ticketId}: ${JSON.stringify(task.meta.error)}`).not.toBe('failed');
      expect(task.meta.state).toBe(EXPECTED_TEAMS[ticketId] ? 'waiting' : 'done');
    }

    const pending = await call('GET', '/api/human-tasks?status=pending');
    expect(pending.status).toBe(200);
    expect(pending.body.total).toBe(3);
    expect(pending.body.items).toHaveLength(3);
    const byTask = new Map((pending.body.items as Json[]).map((h) => [h.taskId as string, h]));
    for (const [ticketId, team] of Object.entries(EXPECTED_TEAMS)) {
      const human = byTask.get(taskIds[ticketId]!);
      expect(human, `a human task for ${ticketId}`).toBeDefined();
      expect(human).toMatchObject({ type: 'escalation', status: 'pending', team, level: 0, assignedTo: null });
      expect(['low', 'medium', 'high', 'critical']).toContain(human!.priority);
      expect(human!.escalationChain[0]).toBe(team);
      // The context package: the policy's fields and the templated case summary.
      expect(Object.keys(human!.context).length).toBeGreaterThan(0);
      expect(JSON.stringify(human!.context)).toContain(ticketId);
      expect(JSON.stringify(human!.context)).toContain('case_summary');
      expect(Date.parse(human!.dueAt)).toBeGreaterThan(Date.parse(human!.createdAt));
      // The pipeline task points at its human task.
      expect(rested[ticketId]!.data.handoffComplete).toMatchObject({ targetTeam: team, humanTaskId: human!._id, awaitingHuman: true });
    }
    expect(byTask.get(taskIds['TICK-ENT-001']!)!.priority).toBe('critical');
    // Most urgent first.
    expect((pending.body.items as Json[])[0]!.priority).toBe('critical');
    // The password reset needed nobody.
    expect(byTask.has(taskIds['TICK-STD-001']!)).toBe(false);
    const forReset = await call('GET', `/api/human-tasks?taskId=${taskIds['TICK-STD-001']}`);
    expect(forReset.body.total).toBe(0);
    // Filters.
    const engineering = await call('GET', '/api/human-tasks?status=pending&team=engineering');
    expect(engineering.body.items.map((h: Json) => h.taskId)).toEqual([taskIds['TICK-ENT-001']]);
    const critical = await call('GET', '/api/human-tasks?priority=critical');
    expect(critical.body.total).toBe(1);
  });

  it('routes a customer message during the handoff to the human task; the bot sends nothing', async () => {
    const id = taskIds['TICK-TECH-001']!;
    const seed = seeds.find((s) => s.ticketId === 'TICK-TECH-001')!;
    const human = (await call('GET', `/api/human-tasks?taskId=${id}&status=pending`)).body.items[0] as Json;
    const before = await emailsTo(seed.customerEmail);
    // The bot answered the ticket once when it arrived; that is the baseline.
    expect(before).toHaveLength(1);
    const teamBefore = (await emailsTo('tech-support@example.com')).length;
    const beforeTask = (await call('GET', `/api/tasks/${id}`)).body;
    const history = (beforeTask.data.escalationAgent?.conversationHistory ?? []) as Json[];

    const res = await call('POST', `/api/tasks/${id}/messages`, { content: 'Any update? The webhook payloads are still missing the order id.' });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect(res.body).toEqual({ taskId: id, routedTo: 'human', humanTaskId: human._id });

    const after = (await call('GET', `/api/human-tasks/${human._id}`)).body;
    expect(after.messages).toHaveLength(human.messages.length + 1);
    expect(after.messages.at(-1).content).toBe('Any update? The webhook payloads are still missing the order id.');
    expect(after.events.map((e: Json) => e.kind)).toContain('message');
    expect(after.status).toBe('pending');

    // The message is on the ticket's history, and the pipeline task rests without answering it.
    const task = await pollTask(id, (t) => rests(t) && (t.data.escalationAgent?.conversationHistory ?? []).length === history.length + 1, 'message recorded');
    expect(task.meta.state).toBe('waiting');
    expect(task.data.customerReply).toBeUndefined();
    // Give a worker that would wrongly react time to do so, then check nothing went to the customer.
    await sleep(750);
    const settled = await pollTask(id, rests, 'resting again');
    expect(settled.meta.state).toBe('waiting');
    expect(await emailsTo(seed.customerEmail)).toEqual(before);
    // The team holding the ticket is told instead.
    const team = (await outboxEmails()).filter((e) => e.to.includes('tech-support@example.com'));
    expect(team).toHaveLength(teamBefore + 1);
    expect(team.some((e) => e.subject.includes('Customer replied on') && e.text.includes('order id'))).toBe(true);
    expect(settled.meta.runs.length).toBe(beforeTask.meta.runs.length);
  });

  it('claims once (a second claimer gets 409), resolves, and the pipeline task completes', async () => {
    const id = taskIds['TICK-ENT-001']!;
    const human = (await call('GET', `/api/human-tasks?taskId=${id}`)).body.items[0] as Json;
    expect(human.status).toBe('pending');

    const claim = await call('POST', `/api/human-tasks/${human._id}/claim`, { userId: 'ann' });
    expect(claim.status, JSON.stringify(claim.body)).toBe(200);
    expect(claim.body).toMatchObject({ _id: human._id, status: 'assigned', assignedTo: 'ann' });
    // Claiming one's own task again is a no-op.
    expect((await call('POST', `/api/human-tasks/${human._id}/claim`, { userId: 'ann' })).status).toBe(200);

    const second = await call('POST', `/api/human-tasks/${human._id}/claim`, { userId: 'bob' });
    expect(second.status).toBe(409);
    expect(second.body.error).toContain('ann');
    // Only the holder can resolve.
    const byBob = await call('POST', `/api/human-tasks/${human._id}/resolve`, { respondedBy: 'bob', decision: 'resolved' });
    expect(byBob.status).toBe(409);

    const notes = 'Rotated the API signing keys; authentication is back.';
    const resolved = await call('POST', `/api/human-tasks/${human._id}/resolve`, { respondedBy: 'ann', decision: 'resolved', notes });
    expect(resolved.status, JSON.stringify(resolved.body)).toBe(200);
    expect(resolved.body).toMatchObject({ status: 'completed', resolution: { respondedBy: 'ann', decision: 'resolved', notes } });

    const done = await pollTask(id, (t) => t.meta.state === 'done' || t.meta.state === 'failed', 'done');
    expect(done.meta.state, JSON.stringify(done.meta.error)).toBe('done');
    expect(done.data.human).toMatchObject({ taskId: human._id, decision: 'resolved', resolved: true, respondedBy: 'ann', notes });
    expect(done.data.human.outcome).toMatchObject({ action: 'complete' });

    // A resolved task is closed: resolving or claiming it again is a conflict.
    expect((await call('POST', `/api/human-tasks/${human._id}/resolve`, { respondedBy: 'ann', decision: 'resolved' })).status).toBe(409);
    expect((await call('POST', `/api/human-tasks/${human._id}/claim`, { userId: 'bob' })).status).toBe(409);
    const pending = await call('GET', '/api/human-tasks?status=pending');
    expect(pending.body.total).toBe(2);
    const completed = await call('GET', '/api/human-tasks?status=completed');
    expect(completed.body.items.map((h: Json) => h._id)).toEqual([human._id]);
  });

  it('answers a duplicate delivery with the same task and stores nothing new', async () => {
    const before = await call('GET', '/api/tasks');
    expect(before.status).toBe(200);
    expect(before.body.total).toBe(4);
    const seed = seeds.find((s) => s.ticketId === 'TICK-REPEAT-001')!;
    for (const body of [seed.body, seed.body.support.ticket]) {
      const res = await call('POST', '/webhooks/tickets', body, hook);
      expect(res.status).toBe(202);
      expect(res.body).toEqual({ taskId: taskIds['TICK-REPEAT-001'], created: false });
    }
    expect((await call('GET', '/api/tasks')).body.total).toBe(4);
    expect((await call('GET', `/api/human-tasks?taskId=${taskIds['TICK-REPEAT-001']}`)).body.total).toBe(1);
  });

  it('refuses requests without credentials with 401', async () => {
    const ticket = { id: 'NOAUTH-1', subject: 'x', description: 'no credentials here', customerEmail: 'x@example.com' };
    const json = { 'content-type': 'application/json' };
    const cases: [string, string, unknown, Record<string, string>][] = [
      ['POST', '/webhooks/tickets', ticket, json],
      ['POST', '/webhooks/tickets', ticket, { ...json, authorization: `Bearer ${API_TOKEN}` }], // the API token is not the webhook's
      ['POST', '/webhooks/tickets', ticket, { ...json, authorization: 'Basic abc' }],
      ['GET', '/api/tasks', undefined, {}],
      ['GET', `/api/tasks/${taskIds['TICK-STD-001']}`, undefined, {}],
      ['POST', `/api/tasks/${taskIds['TICK-STD-001']}/messages`, { content: 'hi' }, json],
      ['GET', '/api/human-tasks', undefined, { authorization: `Bearer ${WEBHOOK_TOKEN}` }],
      ['GET', '/api/human-tasks/whatever', undefined, {}],
      ['POST', '/api/human-tasks', { type: 'review' }, json],
      ['POST', '/api/human-tasks/whatever/claim', { userId: 'eve' }, json],
      ['POST', '/api/human-tasks/whatever/assign', { assignedTo: 'eve' }, json],
      ['POST', '/api/human-tasks/whatever/resolve', { respondedBy: 'eve', decision: 'resolved' }, json],
      ['GET', '/metrics', undefined, {}],
    ];
    for (const [method, url, body, headers] of cases) {
      const res = await call(method, url, body, headers);
      expect(res.status, `${method} ${url} ${JSON.stringify(headers)}`).toBe(401);
      expect(res.body.error).toMatch(/credentials/);
    }
    expect((await call('GET', '/api/tasks')).body.total).toBe(4);
    // Health stays open for load balancers.
    expect((await call('GET', '/healthz', undefined, {})).status).toBe(200);
  });

  it('answers bad bodies with 400 naming the field', async () => {
    const noDescription = { id: 'BAD-1', subject: 'Missing text', customerEmail: 'bad@example.com' };
    for (const body of [noDescription, { support: { ticket: noDescription } }]) {
      const res = await call('POST', '/webhooks/tickets', body, hook);
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(`${res.body.path} ${res.body.error}`).toMatch(/description/);
      expect(res.body.error).not.toMatch(/\n\s+at /);
    }
    const notJson = await call('POST', '/webhooks/tickets', '{"id": ', hook);
    expect(notJson.status).toBe(400);
    expect(notJson.body.path).toBe('body');

    const human = (await call('GET', '/api/human-tasks?status=pending')).body.items[0] as Json;
    const checks: [string, string, unknown, RegExp][] = [
      ['POST', `/api/human-tasks/${human._id}/claim`, {}, /userId/],
      ['POST', `/api/human-tasks/${human._id}/claim`, { userId: '' }, /userId/],
      ['POST', `/api/human-tasks/${human._id}/resolve`, { decision: 'resolved' }, /respondedBy/],
      ['POST', `/api/human-tasks/${human._id}/resolve`, { respondedBy: 'ann' }, /decision/],
      ['POST', `/api/human-tasks/${human._id}/resolve`, { respondedBy: 'ann', decision: 'Not Snake Case' }, /decision/],
      ['POST', `/api/human-tasks/${human._id}/assign`, {}, /assignedTo/],
      ['POST', `/api/human-tasks/${human._id}/assign`, { assignedToTeam: 'nobody' }, /assignedToTeam/],
      ['POST', '/api/human-tasks', { type: 'review', title: 'x', team: 'engineering' }, /priority/],
      ['POST', `/api/tasks/${taskIds['TICK-STD-001']}/messages`, { content: '   ' }, /content/],
      ['GET', '/api/tasks?state=sleeping', undefined, /state/],
      ['GET', '/api/tasks?filter=%7B%22%24where%22%3A%221%22%7D', undefined, /filter/],
      ['GET', '/api/human-tasks?status=lost', undefined, /status/],
    ];
    for (const [method, url, body, field] of checks) {
      const res = await call(method, url, body);
      expect(res.status, `${method} ${url} ${JSON.stringify(body)}: ${JSON.stringify(res.body)}`).toBe(400);
      expect(`${res.body.path ?? ''} ${res.body.error}`, url).toMatch(field);
    }
    // Unknown ids are 404, not 400.
    expect((await call('POST', '/api/human-tasks/no-such-id/claim', { userId: 'ann' })).status).toBe(404);
    expect((await call('GET', '/api/tasks/no-such-id')).status).toBe(404);
    // Nothing was stored and the open task is untouched.
    expect((await call('GET', '/api/tasks')).body.total).toBe(4);
    expect((await call('GET', `/api/human-tasks/${human._id}`)).body).toMatchObject({ status: 'pending', assignedTo: null, version: human.version });
  });

  it('exits 0 on SIGTERM', async () => {
    child.kill('SIGTERM');
    const code = await Promise.race([exited, sleep(20_000).then(() => 'timeout' as const)]);
    expect(code, stderr).toBe(0);
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
  });
});
