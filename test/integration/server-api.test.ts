/**
 * The REST API, health, metrics and the OpenAPI document against a real app and the real human task
 * inbox; one ticket is driven through the pipeline by the in-process worker.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Task } from '../../src/engine/types.ts';
import { startObservedWorker } from '../../src/server/serve.ts';
import { api, hook, STACK_LINE, startServerHarness, type ServerHarness } from './server-harness.ts';

let h: ServerHarness;
beforeAll(async () => {
  h = await startServerHarness();
});
afterAll(() => h.close());

const enterprise = JSON.parse(readFileSync(new URL('../../fixtures/tickets/enterprise-critical.json', import.meta.url), 'utf8'));

async function submit(ticket: object): Promise<string> {
  const res = await h.server.inject({ method: 'POST', url: '/webhooks/tickets', headers: hook, payload: ticket });
  expect(res.statusCode).toBe(202);
  return res.json().taskId;
}

async function until(check: () => Promise<boolean>, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const get = (url: string) => h.server.inject({ method: 'GET', url, headers: api });
const post = (url: string, payload: unknown) => h.server.inject({ method: 'POST', url, headers: api, payload: payload as object });

describe('pipeline through the worker, metrics', () => {
  let taskId: string;
  beforeAll(async () => {
    taskId = await submit(enterprise);
    const worker = startObservedWorker(h.app, h.metrics, { pollMs: 20 });
    try {
      await until(async () => ['waiting', 'done', 'failed'].includes((await h.app.store.get(taskId))!.meta.state));
    } finally {
      await worker.stop();
    }
  });

  it('GET /api/tasks/:id answers the processed task document', async () => {
    const res = await get(`/api/tasks/${taskId}`);
    expect(res.statusCode).toBe(200);
    const task = res.json() as Task;
    expect(task._id).toBe(taskId);
    expect(task.meta.runs.length).toBeGreaterThan(3);
    expect(task.data.escalationPreparation).toBeDefined();
  });

  it('/metrics has the ticket, step, escalation and human task series', async () => {
    const res = await get('/metrics');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    const text = res.body;
    expect(text).toMatch(/triage_tickets_received_total\{via="inbox",created="true"\} [1-9]/);
    expect(text).toMatch(/triage_tickets_processed_total\{state="(waiting|done)"\} 1/);
    expect(text).toMatch(/triage_step_duration_seconds_count\{step="intake_classification",outcome="ok"\} 1/);
    expect(text).toMatch(/triage_escalations_total\{team="[a-z_]+",priority="(high|critical)"\} 1/);
    expect(text).toContain('triage_human_tasks{status="pending"}');
    expect(text).toContain('# TYPE triage_sla_breaches_total counter');
    expect(text).toContain('# TYPE triage_effect_failures_total counter');
  });

  it('the SLA code and the effect code can report through the metrics', async () => {
    h.metrics.slaWarning('finance', 'high');
    h.metrics.slaBreach('finance', 'high');
    h.metrics.effectFailed('slack');
    const text = (await get('/metrics')).body;
    expect(text).toContain('triage_sla_warnings_total{team="finance",priority="high"} 1');
    expect(text).toContain('triage_sla_breaches_total{team="finance",priority="high"} 1');
    expect(text).toContain('triage_effect_failures_total{channel="slack"} 1');
  });

  it('observing the same task again counts nothing twice', async () => {
    const before = (await get('/metrics')).body.match(/triage_step_duration_seconds_count\{step="intake_classification",outcome="ok"\} (\d+)/)?.[1];
    h.metrics.observeTask((await h.app.store.get(taskId))!);
    const after = (await get('/metrics')).body.match(/triage_step_duration_seconds_count\{step="intake_classification",outcome="ok"\} (\d+)/)?.[1];
    expect(after).toBe(before);
  });

  it('/metrics is public only with TRIAGE_METRICS_PUBLIC=1', async () => {
    expect((await h.server.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
    const open = await startServerHarness({ env: { TRIAGE_METRICS_PUBLIC: '1' } });
    try {
      expect((await open.server.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(200);
    } finally {
      await open.close();
    }
  });
});

describe('GET /api/tasks', () => {
  beforeAll(async () => {
    await submit({ id: 'LIST-1', description: 'Where is my parcel?', channel: 'email' });
    await submit({ id: 'LIST-2', description: 'Refund please', channel: 'chat' });
  });

  it('filters over data with a JSON filter, pages, and filters by state', async () => {
    const res = await get(`/api/tasks?filter=${encodeURIComponent(JSON.stringify({ 'support.ticket.channel': { $in: ['email', 'chat'] } }))}&limit=1`);
    expect(res.statusCode).toBe(200);
    expect(res.json().total).toBe(2);
    expect(res.json().items).toHaveLength(1);
    const ready = await get('/api/tasks?state=ready,waiting');
    expect(ready.json().total).toBeGreaterThanOrEqual(2);
  });

  it.each([
    ['$where', { $where: 'sleep(1000)' }, /operator \$where is not allowed/, 'filter.$where'],
    ['$function', { 'support.ticket.id': { $function: {} } }, /operator \$function is not allowed/, 'filter.support.ticket.id.$function'],
    ['$expr', { $expr: { $eq: [1, 1] } }, /operator \$expr is not allowed/, 'filter.$expr'],
    ['a backtracking $regex', { 'support.ticket.description': { $regex: '^(\\w+\\s?)*$' } }, /nested repetition/, 'filter.support.ticket.description.$regex'],
  ])('refuses %s with 400 naming the operator', async (_op, filter, says, path) => {
    const res = await get(`/api/tasks?filter=${encodeURIComponent(JSON.stringify(filter))}`);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatch(says);
    expect(res.json().path).toBe(path);
  });

  it.each([
    ['filter={nope', /filter: not valid JSON/, 'filter'],
    ['state=sleeping', /unknown state "sleeping"/, 'query.state'],
    ['limit=0', /query\.limit/, 'query.limit'],
    ['limit=abc', /query\.limit/, 'query.limit'],
  ])('refuses ?%s', async (qs, says, path) => {
    const res = await get(`/api/tasks?${qs}`);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatch(says);
    expect(res.json().path).toBe(path);
    expect(res.body).not.toMatch(STACK_LINE);
  });

  it('answers 404 for an unknown task', async () => {
    const res = await get('/api/tasks/no-such-task');
    expect(res.statusCode).toBe(404);
    expect(res.json().error).toMatch(/no task with id no-such-task/);
  });
});

describe('POST /api/tasks/:id/messages', () => {
  it('without an open human task: appends to the conversation and marks a customer reply for the pipeline', async () => {
    const id = await submit({ id: 'MSG-1', description: 'My invoice is wrong.' });
    const first = await post(`/api/tasks/${id}/messages`, { content: 'Any news?' });
    expect(first.statusCode).toBe(202);
    expect(first.json()).toEqual({ taskId: id, routedTo: 'pipeline' });
    await post(`/api/tasks/${id}/messages`, { content: 'Hello?' });
    const task = (await h.app.store.get(id))!;
    const history = (task.data.escalationAgent as { conversationHistory: { role: string; content: string }[] }).conversationHistory;
    expect(history.map((e) => [e.role, e.content])).toEqual([['customer', 'Any news?'], ['customer', 'Hello?']]);
    expect(task.data.customerReply).toMatchObject({ content: 'Hello?', count: 2 });
    expect(task.meta.state).toBe('ready');
  });

  it('a body nested thousands of levels deep is a 400 naming the body, on any route', async () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 3_000; i++) deep = { a: deep };
    const id = await submit({ id: 'MSG-DEEP', description: 'hello' });
    for (const url of [`/api/tasks/${id}/messages`, '/api/human-tasks']) {
      const res = await post(url, { content: 'hi', context: deep, fields: deep });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ path: 'body', error: expect.stringMatching(/nested deeper than 64 levels/) });
      expect(res.body).not.toMatch(STACK_LINE);
    }
  });

  it('twenty simultaneous replies are all accepted and all kept, counted once each', async () => {
    const id = await submit({ id: 'MSG-BURST', description: 'My invoice is wrong.' });
    const contents = Array.from({ length: 20 }, (_, i) => `reply number ${i}`);
    const answers = await Promise.all(contents.map((content) => post(`/api/tasks/${id}/messages`, { content })));
    expect(answers.map((a) => a.statusCode)).toEqual(contents.map(() => 202));
    const task = (await h.app.store.get(id))!;
    const history = (task.data.escalationAgent as { conversationHistory: { content: string }[] }).conversationHistory.map((e) => e.content);
    expect([...history].sort()).toEqual([...contents].sort());
    expect(task.data.customerReply).toMatchObject({ count: 20 });
  });

  it('with an open human task: goes to the human task and leaves no marker for the bot', async () => {
    const id = await submit({ id: 'MSG-2', description: 'I need a person.' });
    const created = await post('/api/human-tasks', { type: 'review', title: 'Talk to customer', team: 'customer_success', priority: 'high', taskId: id });
    expect(created.statusCode).toBe(201);
    const res = await post(`/api/tasks/${id}/messages`, { content: 'Still waiting' });
    expect(res.json()).toEqual({ taskId: id, routedTo: 'human', humanTaskId: created.json()._id });
    const human = await h.human.service.get(created.json()._id);
    expect(human.messages.map((m) => m.content)).toEqual(['Still waiting']);
    const task = (await h.app.store.get(id))!;
    expect(task.data.customerReply).toBeUndefined();
  });

  it('refuses an empty or missing content and an unknown task', async () => {
    const id = await submit({ id: 'MSG-3', description: 'x y z' });
    for (const body of [{}, { content: '  ' }, { content: 5 }]) {
      const res = await post(`/api/tasks/${id}/messages`, body);
      expect(res.statusCode).toBe(400);
      expect(res.json().path).toBe('body.content');
    }
    expect((await post('/api/tasks/nope/messages', { content: 'hi' })).statusCode).toBe(404);
  });
});

describe('human task routes', () => {
  it('create, list, get, claim (409 for another user), assign, resolve with required fields', async () => {
    const created = await post('/api/human-tasks', {
      type: 'approval',
      title: 'Approve refund',
      team: 'finance',
      priority: 'medium',
      fields: [{ name: 'amount', label: 'Amount', type: 'number', required: true }],
    });
    expect(created.statusCode).toBe(201);
    const id = created.json()._id as string;
    const list = await get('/api/human-tasks?status=pending&team=finance&priority=medium');
    expect(list.json().items.map((t: { _id: string }) => t._id)).toContain(id);
    expect((await get(`/api/human-tasks/${id}`)).json().title).toBe('Approve refund');
    expect((await get('/api/human-tasks/nope')).statusCode).toBe(404);

    expect((await post(`/api/human-tasks/${id}/claim`, { userId: 'ana' })).json().assignedTo).toBe('ana');
    const conflict = await post(`/api/human-tasks/${id}/claim`, { userId: 'bob' });
    expect(conflict.statusCode).toBe(409);
    expect((await post(`/api/human-tasks/${id}/assign`, { assignedTo: 'bob', by: 'lead' })).json().assignedTo).toBe('bob');

    const missing = await post(`/api/human-tasks/${id}/resolve`, { respondedBy: 'bob', decision: 'approved', fields: {} });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error).toMatch(/amount/);
    const resolved = await post(`/api/human-tasks/${id}/resolve`, { respondedBy: 'bob', decision: 'approved', fields: { amount: 120 }, notes: 'ok' });
    expect(resolved.statusCode).toBe(200);
    expect(resolved.json().status).toBe('completed');
  });

  it.each([
    ['/api/human-tasks', { type: 'chore', title: 't', team: 'finance', priority: 'low' }, 'body.type'],
    ['/api/human-tasks', { type: 'approval', team: 'finance', priority: 'low' }, 'body.title'],
    ['/api/human-tasks', { type: 'approval', title: 't', team: 'finance', priority: 'low', fields: [{ name: 'x', label: 'X', type: 'select' }] }, 'body.fields.0.options'],
    ['/api/human-tasks/x/claim', {}, 'body.userId'],
    ['/api/human-tasks/x/assign', { by: 'me' }, 'body.assignedTo'],
    ['/api/human-tasks/x/resolve', { respondedBy: 'a' }, 'body.decision'],
  ])('POST %s %j: 400 naming %s', async (url, body, path) => {
    const res = await post(url, body);
    expect(res.statusCode).toBe(400);
    expect(res.json().path).toBe(path);
  });
});

describe('health and the OpenAPI document', () => {
  it('/healthz reports the store and the scheduler; 503 when the scheduler is unhealthy', async () => {
    const res = await h.server.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', store: { ok: true, kind: h.app.storage.name } });
    expect(['nedb', 'sqlite']).toContain(h.app.storage.name);
    const sick = await startServerHarness({ deps: { scheduler: { healthy: () => false } } });
    try {
      const bad = await sick.server.inject({ method: 'GET', url: '/healthz' });
      expect(bad.statusCode).toBe(503);
      expect(bad.json()).toMatchObject({ status: 'unhealthy', scheduler: { ok: false } });
    } finally {
      await sick.close();
    }
  });

  it('/openapi.json lists every route the server has, with its auth', async () => {
    const doc = (await h.server.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(doc.openapi).toBe('3.1.0');
    const listed = Object.entries(doc.paths as Record<string, object>).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`));
    // The workspace's pages (/ui) are for browsers, not part of the API the document describes.
    const api = registeredRoutes(h.server.printRoutes({ commonPrefix: false })).filter((route) => !route.split(' ')[1]!.startsWith('/ui'));
    expect(listed.sort()).toEqual(api.sort());
    expect(doc.paths['/api/tasks'].get.security).toEqual([{ apiToken: [] }]);
    expect(doc.paths['/webhooks/tickets'].post.security).toEqual([{ webhookToken: [] }]);
    // A person claims as themselves; only the admin token must name who (a 400 otherwise, tested in users-http).
    expect(doc.paths['/api/human-tasks/{id}/claim'].post.requestBody.content['application/json'].schema.properties.userId.type).toBe('string');
    expect(doc.components.schemas.Ticket.properties.description.type).toBe('string');
  });
});

/** `METHOD /path` for each route in Fastify's printRoutes tree (HEAD, added by Fastify for GETs, left out). */
function registeredRoutes(tree: string): string[] {
  const stack: string[] = [];
  const routes: string[] = [];
  for (const line of tree.split('\n')) {
    const match = /^([│ ]*)[├└]── (\S+) \(([^)]+)\)/.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    stack.length = depth;
    stack.push(match[2]!);
    for (const method of match[3]!.split(', ')) if (method !== 'HEAD') routes.push(`${method} ${stack.join('')}`);
  }
  return routes;
}
