/**
 * The per-ticket report page and the report effect's self-contained HTML file, against a real app:
 * a ticket whose subject is markup runs through the pipeline; the page shows its step durations with
 * the subject escaped, and the file step 8 wrote beside the JSON refers to nothing outside itself.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileReportSink } from '../../connectors/outbox/index.ts';
import type { Task } from '../../src/engine/types.ts';
import { api, hook, STACK_LINE, startServerHarness, type ServerHarness } from './server-harness.ts';
import { addToken, addUser } from './users-helper.ts';

const HOSTILE = 'Refund <script>alert("x")</script><img src="http://evil.example/p.png" onerror="alert(1)"> now';

let h: ServerHarness;
let task: Task;

const get = (url: string, headers: Record<string, string> = api) => h.server.inject({ method: 'GET', url, headers });

beforeAll(async () => {
  h = await startServerHarness();
  const seed = JSON.parse(readFileSync(new URL('../../fixtures/tickets/frustrated-repeat.json', import.meta.url), 'utf8'));
  seed.support.ticket.id = 'TICK-HTML-1';
  seed.support.ticket.subject = HOSTILE;
  const res = await h.server.inject({ method: 'POST', url: '/webhooks/tickets', headers: hook, payload: seed });
  expect(res.statusCode).toBe(202);
  task = await h.app.engine.process(res.json().taskId);
}, 120_000);
afterAll(() => h.close());

/** The tags of a document, to check attributes without tripping over escaped text. */
function tags(doc: string): string[] {
  return doc.match(/<[a-z][^>]*>/gi) ?? [];
}

describe('GET /ui/tasks/:id/report', () => {
  it('renders step durations, milestones and model usage, escapes ticket text, and links back to the ticket', async () => {
    const res = await get(`/ui/tasks/${task._id}/report`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    const page = res.body;
    for (const run of task.meta.runs) expect(page).toContain(`<tr data-step="${run.stepId}">`);
    const intake = task.meta.runs.find((r) => r.stepId === 'intake_classification')!;
    expect(page).toMatch(new RegExp(`<tr data-step="intake_classification">.*?data-value="${intake.durationMs}"`, 's'));
    expect(page).toMatch(/<svg class="chart-svg"[^>]*aria-labelledby="steps-title"/);
    expect(page).toMatch(/<caption>Milestones, from the ticket arriving<\/caption>/);
    expect(page).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(page).not.toContain('<script>alert');
    expect(tags(page).filter((t) => /^<img/i.test(t))).toEqual([]);
    expect(page).toContain(`href="/ui/tasks/${task._id}"`);
    // The escalation is open: claim and resolution are still to come.
    expect(page).toMatch(/Claim<\/th><td data-label="After" data-value="">not yet/);
    expect(page).toContain('finance');
  });

  it('shows claim and resolution times once a person has worked the ticket', async () => {
    const [humanTask] = (await h.human.service.list({ taskId: task._id })).items;
    await h.human.service.claim(humanTask!._id, 'fin-agent');
    await h.human.service.resolve(humanTask!._id, { respondedBy: 'fin-agent', decision: 'resolved' });
    const page = (await get(`/ui/tasks/${task._id}/report`)).body;
    expect(page).toMatch(/Claim<\/th><td data-label="After" data-value="\d+">/);
    expect(page).toMatch(/Resolution<\/th><td data-label="After" data-value="\d+">/);
    expect(page).toContain('completed (resolved)');
  });

  it('offers the same report as one self-contained file to download', async () => {
    const res = await get(`/ui/tasks/${task._id}/report.html`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="triage-report-${task._id}.html"`);
    expect(res.body).toContain('<style>');
    expect(tags(res.body).filter((t) => /\s(?:src|href|action)=/i.test(t))).toEqual([]);
  });

  it('is 404 for an unknown task, 403 for an agent of another team, and sends a visitor without credentials to sign in', async () => {
    const missing = await get('/ui/tasks/NO-SUCH-TASK/report');
    expect(missing.statusCode).toBe(404);
    expect(missing.body).not.toMatch(STACK_LINE);
    expect((await h.server.inject({ method: 'GET', url: `/ui/tasks/${task._id}/report` })).statusCode).toBe(303);
    await addUser(h.app, { username: 'eng-agent', role: 'agent', teams: ['engineering'] });
    await addUser(h.app, { username: 'fin-agent-2', role: 'agent', teams: ['finance'] });
    const other = await addToken(h.app, 'eng-agent');
    const own = await addToken(h.app, 'fin-agent-2');
    expect((await get(`/ui/tasks/${task._id}/report`, other.headers)).statusCode).toBe(403);
    expect((await get(`/ui/tasks/${task._id}/report.html`, other.headers)).statusCode).toBe(403);
    expect((await get(`/ui/tasks/${task._id}/report`, own.headers)).statusCode).toBe(200);
  });
});

describe('the report effect', () => {
  it('writes a self-contained HTML file beside the JSON, named by the same key, with the ticket text escaped', () => {
    const ref = (task.data.performanceAnalysis as { reportRef?: string } | undefined)?.reportRef;
    expect(ref).toMatch(/^outbox\/reports\/.+\.json$/);
    const folder = join(h.dir, ref!.split('/').slice(0, -1).join('/'));
    const files = readdirSync(folder).sort();
    const base = ref!.split('/').at(-1)!.replace(/\.json$/, '');
    expect(files).toEqual([`${base}.html`, `${base}.json`]);
    const doc = readFileSync(join(folder, `${base}.html`), 'utf8');
    expect(doc).toContain(task._id);
    expect(doc).toContain('TICK-HTML-1');
    expect(doc).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(doc).not.toMatch(/<script/i);
    expect(tags(doc).filter((t) => /\s(?:src|href|srcset|action|xlink:href)\s*=/i.test(t))).toEqual([]);
    expect(doc).not.toMatch(/url\(/i);
    expect(doc.replaceAll('src=&quot;http://evil.example/p.png&quot;', '')).not.toMatch(/https?:\/\//);
    for (const run of task.meta.runs.filter((r) => r.stepId !== 'performance_analysis')) expect(doc).toContain(`<tr data-step="${run.stepId}">`);
  });

  it('keeps the first file for a key, like the JSON: a retried write changes nothing', async () => {
    const sink = new FileReportSink(h.dir);
    const first = await sink.writeHtml('retry-task', '<!doctype html><p>first</p>', 'retry-task:performance_analysis:ticket_report');
    const again = await sink.writeHtml('retry-task', '<!doctype html><p>second</p>', 'retry-task:performance_analysis:ticket_report');
    expect(again.ref).toBe(first.ref);
    expect(first.ref).toMatch(/\.html$/);
    expect(readFileSync(join(h.dir, first.ref), 'utf8')).toContain('first');
    const json = await sink.write('retry-task', { a: 1 }, 'retry-task:performance_analysis:ticket_report');
    expect(json.ref.replace(/\.json$/, '')).toBe(first.ref.replace(/\.html$/, ''));
  });
});
