/**
 * The ticket page and its actions through `inject()` on a real app (embedded store, outbox email):
 * what it shows (the customer's words, the conversation, why it escalated with every trigger, the
 * runs, effects and follow-ups, the human task), and what a person does there: claim, resolve with
 * the task's form (the pipeline then finishes), reply to the customer, write internal notes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Task } from '../../src/engine/types.ts';
import { api, hook, STACK_LINE, startServerHarness, type ServerHarness } from './server-harness.ts';

const form = { ...api, 'content-type': 'application/x-www-form-urlencoded' };
const HOSTILE = '<script>alert(1)</script><img src=x onerror=alert(2)>';

let h: ServerHarness;
beforeAll(async () => {
  h = await startServerHarness();
});
afterAll(() => h.close());

const get = (url: string) => h.server.inject({ method: 'GET', url, headers: api });
const post = (url: string, body: Record<string, string>, headers: Record<string, string> = form) =>
  h.server.inject({ method: 'POST', url, headers, payload: new URLSearchParams(body).toString() });

/** Posts a ticket to the webhook and drives it to rest; returns the pipeline task. */
async function ticket(body: object): Promise<Task> {
  const res = await h.server.inject({ method: 'POST', url: '/webhooks/tickets', headers: hook, payload: body });
  expect(res.statusCode).toBe(202);
  return h.app.engine.process(res.json().taskId);
}

function seed(name: string): object {
  return JSON.parse(readFileSync(new URL(`../../fixtures/tickets/${name}.json`, import.meta.url), 'utf8'));
}

function emailsTo(address: string): string[] {
  const folder = join(h.dir, 'outbox', 'email');
  let files: string[] = [];
  try {
    files = readdirSync(folder).filter((f) => f.endsWith('.eml'));
  } catch {
    return [];
  }
  return files.map((f) => readFileSync(join(folder, f), 'utf8')).filter((mail) => new RegExp(`^To: .*${address.replace(/[.]/g, '\\.')}`, 'm').test(mail));
}

const replyIdOf = (page: string): string => {
  const id = /name="replyId" value="([^"]+)"/.exec(page)?.[1];
  if (!id) throw new Error('no reply form on the page');
  return id;
};

describe('the ticket page of an escalated ticket', () => {
  let task: Task;
  let page: string;
  beforeAll(async () => {
    task = await ticket(seed('complex-technical'));
    const res = await get(`/ui/tasks/${task._id}`);
    expect(res.statusCode).toBe(200);
    page = res.body;
  });

  it("shows the customer's words and the whole conversation", () => {
    expect(page).toContain('<h1>TICK-TECH-001: Webhook payload inconsistency in production environment</h1>');
    expect(page).toContain('the order.items array sometimes contains nested product objects');
    expect(page).toContain('dev@techcompany.com');
    expect(page).toContain('<dt>Tier</dt><dd>paid</dd>');
    expect(page).toMatch(/<strong>Customer<\/strong>[\s\S]*<strong>Automated reply<\/strong>/);
    expect(page).toContain('Your ticket reference is TICK-TECH-001.');
  });

  it('explains the decision: every trigger with its condition, the values it saw, and the one that fired', () => {
    expect(page).toContain('<dt>Decided by</dt><dd>policy</dd>');
    expect(page).toContain('<dt>Trigger that fired</dt><dd>specialist_needed</dd>');
    expect(page).toContain('complex integration issue');
    const table = /<table class="responsive triggers">[\s\S]*?<\/table>/.exec(page)?.[0] ?? '';
    expect(table).toContain('<caption>');
    const fired = /<tr class="fired">([\s\S]*?)<\/tr>/.exec(table)?.[1] ?? '';
    expect(fired).toContain('specialist_needed');
    expect(fired).toContain('<span class="badge critical">fired</span>');
    expect(fired).toContain('<td data-label="Matched">yes</td>');
    // LEAD CHECK (triggersEvaluated `saw`/`condition`): the fired trigger's condition and the value it saw.
    expect(fired).toContain('<code class="condition">{&quot;support.classification.complexity&quot;:{&quot;$in&quot;:[&quot;complex&quot;,&quot;expert_required&quot;]}}</code>');
    expect(fired).toContain('<code>support.classification.complexity $in [&quot;complex&quot;,&quot;expert_required&quot;]</code>: saw <code>&quot;complex&quot;</code>, held');
    // Triggers that did not fire are there too, each clause with what it saw and whether it held:
    // the record answers "why did this one not fire".
    const critical = /<tr>\s*<th scope="row" data-label="Trigger">critical_business_risk<\/th>([\s\S]*?)<\/tr>/.exec(table)?.[1] ?? '';
    expect(critical).toContain('<code>$or</code>: <strong>did not hold</strong>');
    expect(critical).toContain('<code>support.classification.priority $eq &quot;critical&quot;</code>: saw <code>&quot;high&quot;</code>, <strong>did not hold</strong>');
    expect(table.match(/<tr class="fired">/g)).toHaveLength(1);
  });

  it('shows classification and sentiment with their reasons', () => {
    expect(page).toContain('<dt>Category</dt><dd>integration</dd>');
    expect(page).toContain("category integration: &#39;webhook&#39;");
    expect(page).toContain('<dt>Frustration (0–100)</dt>');
    expect(page).toContain('technical knowledge high');
    expect(page).toContain('classified by heuristic: integration, high priority, complex');
  });

  it('shows the step runs, the effects with their delivery status, and the follow-ups', () => {
    const runs = /<table class="responsive runs">[\s\S]*?<\/table>/.exec(page)?.[0] ?? '';
    expect(runs).toContain('1. intake_classification');
    expect(runs).toContain('escalation_decision');
    expect(runs).toContain('support.classification');
    expect(runs).toContain('<code class="condition">{&quot;support.ticket&quot;');
    const effects = /<table class="responsive effects">[\s\S]*?<\/table>/.exec(page)?.[0] ?? '';
    expect(effects).toContain('tech-support@example.com');
    expect(effects).toContain('<span class="badge ok">sent</span>');
    expect(effects).toMatch(/<code>outbox\/email\/[^<]+\.eml<\/code>/);
    const schedules = /<table class="responsive schedules">[\s\S]*?<\/table>/.exec(page)?.[0] ?? '';
    expect(schedules).toContain('satisfaction_survey');
    expect(schedules).toContain('resolution_check');
  });

  it('shows the human task with its countdown, Claim, Assign and the resolve form built from its fields', async () => {
    const human = (await h.human.service.openFor(task._id))!;
    const panel = /<article class="panel human-task" id="human-task"[\s\S]*?<\/article>/.exec(page)?.[0] ?? '';
    expect(panel).toContain('<dt>Team</dt><dd>Technical Support</dd>');
    expect(panel).toMatch(/<time data-countdown datetime="[^"]+"/);
    expect(panel).toContain(`action="/ui/human-tasks/${human._id}/claim"`);
    expect(panel).toContain('<label for="assign-');
    expect(panel).toContain('<label for="move-');
    expect(panel).toContain(`<label for="decision-${human._id}">Decision (required)</label>`);
    expect(panel).toContain('<option value="resolved">');
    expect(panel).toContain('<option value="needs_agent">');
    expect(panel).toContain(`<input type="checkbox" id="field-${human._id}-needs_followup" name="field_needs_followup" value="true">`);
    expect(panel).toContain('<caption>History of this task');
  });

  it('is one document a keyboard and a screen reader can use: unique ids, every control labelled, headings in order', () => {
    const ids = [...page.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    for (const control of page.matchAll(/<(input|select|textarea)\b([^>]*)>/g)) {
      const attrs = control[2]!;
      if (/type="(hidden|submit)"/.test(attrs)) continue;
      const id = /id="([^"]+)"/.exec(attrs)?.[1];
      expect(id, control[0]).toBeDefined();
      expect(page, control[0]).toContain(`for="${id}"`);
    }
    const levels = [...page.matchAll(/<h([1-6])\b/g)].map((m) => Number(m[1]));
    expect(levels[0]).toBe(1);
    levels.forEach((level, i) => {
      if (i > 0) expect(level - levels[i - 1]!, `heading ${i}`).toBeLessThanOrEqual(1);
    });
    expect(page).not.toMatch(/\sstyle=|\son[a-z]+=|<script>/);
  });

  it('GET /ui/human-tasks/:id (the link in notifications) goes to the ticket page', async () => {
    const human = (await h.human.service.openFor(task._id))!;
    const res = await get(`/ui/human-tasks/${human._id}`);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/ui/tasks/${task._id}#human-task`);
  });
});

describe('actions on the ticket page', () => {
  it('a second claim is refused with 409 and the page shows who holds it', async () => {
    const task = await ticket(seed('frustrated-repeat'));
    const human = (await h.human.service.openFor(task._id))!;
    await h.human.service.claim(human._id, 'alice');
    const res = await post(`/ui/human-tasks/${human._id}/claim`, {});
    expect(res.statusCode).toBe(409);
    expect(res.body).toMatch(/<p class="flash error" role="alert" id="action-error">[^<]*held by alice/);
    expect(res.body).toContain('<h1>TICK-REPEAT-001: THIRD TIME contacting about billing error!!!</h1>');
    expect(res.body).toContain('Held by <strong>alice</strong>');
    expect(res.body).not.toMatch(STACK_LINE);
    expect((await h.human.service.get(human._id)).assignedTo).toBe('alice');
  });

  it('resolving with the form completes the task, writes data.human, and the pipeline finishes', async () => {
    const task = await ticket(seed('enterprise-critical'));
    const human = (await h.human.service.openFor(task._id))!;
    const claimed = await post(`/ui/human-tasks/${human._id}/claim`, {});
    expect(claimed.statusCode).toBe(303);
    const res = await post(`/ui/human-tasks/${human._id}/resolve`, { decision: 'resolved', notes: 'Restarted the API gateway; confirmed with the customer.' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/ui/tasks/${task._id}?flash=resolved#human-task`);

    const resolved = await h.human.service.get(human._id);
    expect(resolved.status).toBe('completed');
    expect(resolved.resolution).toMatchObject({ respondedBy: 'system', decision: 'resolved', fields: { needs_agent: false, needs_followup: false }, notes: 'Restarted the API gateway; confirmed with the customer.' });
    const after = await h.app.engine.process(task._id);
    expect(after.data.human).toMatchObject({ resolved: true, respondedBy: 'system', decision: 'resolved' });
    expect(after.meta.state).toBe('done');

    const page = await get(res.headers.location as string);
    expect(page.body).toContain('The task is resolved');
    expect(page.body).toContain('<span class="badge ok">completed</span>');
    expect(page.body).toContain('<span class="badge ok">done</span>');
    expect(page.body).not.toContain(`action="/ui/human-tasks/${human._id}/resolve"`);
  });

  it('converts typed answers, refuses a missing required field with the message and keeps what was typed', async () => {
    const task = await ticket({ id: 'UI-FORM-1', subject: 'Refund please', description: 'I was charged twice for my plan.', customerEmail: 'form@example.com' });
    const approval = await h.human.service.create({
      type: 'approval',
      title: 'Approve the refund',
      team: 'finance',
      priority: 'high',
      taskId: task._id,
      fields: [
        { name: 'amount', label: 'Refund amount', type: 'number', required: true },
        { name: 'reason', label: 'Reason', type: 'select', options: ['duplicate', 'goodwill'], required: true },
        { name: 'refund_on', label: 'Refund date', type: 'date', required: false },
        { name: 'partial', label: 'Partial refund', type: 'boolean', required: false },
      ],
    });
    const page = await get(`/ui/tasks/${task._id}`);
    expect(page.body).toContain(`<input type="number" step="any" id="field-${approval._id}-amount" name="field_amount" value="" required>`);
    expect(page.body).toContain(`<input type="date" id="field-${approval._id}-refund_on"`);
    expect(page.body).toContain('<option value="approved">');

    const missing = await post(`/ui/human-tasks/${approval._id}/resolve`, { decision: 'approved', field_reason: 'duplicate', notes: 'checked the invoice' });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toMatch(/role="alert"[^>]*>[^<]*field &quot;amount&quot; \(Refund amount\) is required/);
    expect(missing.body).toContain('<option value="duplicate" selected>');
    expect(missing.body).toContain('>checked the invoice</textarea>');
    expect(missing.body).toContain('<option value="approved" selected>');

    const ok = await post(`/ui/human-tasks/${approval._id}/resolve`, { decision: 'approved', field_amount: '49.5', field_reason: 'duplicate', field_refund_on: '2026-02-01', field_partial: 'true' });
    expect(ok.statusCode).toBe(303);
    expect((await h.human.service.get(approval._id)).resolution?.fields).toEqual({ amount: 49.5, reason: 'duplicate', refund_on: '2026-02-01', partial: true });
  });

  it('the reply box emails the customer once and adds the reply to the conversation without waking the bot', async () => {
    const task = await ticket(seed('complex-technical'));
    const before = (await h.app.store.get(task._id))!;
    const page = await get(`/ui/tasks/${task._id}`);
    const replyId = replyIdOf(page.body);
    const mailsBefore = emailsTo('dev@techcompany.com').length;
    const content = `Hi, the items array is always objects since v2. ${HOSTILE}`;

    const res = await post(`/ui/tasks/${task._id}/reply`, { replyId, content });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/ui/tasks/${task._id}?flash=replied#conversation`);
    const mails = emailsTo('dev@techcompany.com');
    expect(mails).toHaveLength(mailsBefore + 1);
    expect(mails.some((m) => m.includes('the items array is always objects since v2'))).toBe(true);

    // The same form sent again (a double click) sends nothing more and adds nothing.
    const again = await post(`/ui/tasks/${task._id}/reply`, { replyId, content });
    expect(again.headers.location).toBe(`/ui/tasks/${task._id}?flash=reply_duplicate#conversation`);
    expect(emailsTo('dev@techcompany.com')).toHaveLength(mailsBefore + 1);

    const after = (await h.app.store.get(task._id))!;
    const history = (after.data.escalationAgent as { conversationHistory: Record<string, unknown>[] }).conversationHistory;
    const mine = history.filter((e) => e.author === 'system');
    expect(mine).toEqual([expect.objectContaining({ role: 'agent', content, author: 'system', timestamp: expect.any(String) })]);
    expect(after.meta.effects.filter((e) => e.key.includes(replyId))).toEqual([expect.objectContaining({ channel: 'email', status: 'sent', target: 'dev@techcompany.com' })]);
    expect(after.meta.state).toBe(before.meta.state);
    expect(after.data.customerReply).toBeUndefined();

    const shown = await get(`/ui/tasks/${task._id}`);
    expect(shown.body).toContain('<strong>Agent system</strong>');
    expect(shown.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(shown.body).not.toContain(HOSTILE);
  });

  it('refuses an empty reply with the message on the page', async () => {
    const task = await ticket({ id: 'UI-REPLY-EMPTY', description: 'Where is my order?', customerEmail: 'empty@example.com' });
    const page = await get(`/ui/tasks/${task._id}`);
    const res = await post(`/ui/tasks/${task._id}/reply`, { replyId: replyIdOf(page.body), content: '   ' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toMatch(/role="alert"[^>]*>content: write a reply first/);
  });

  it('internal notes are kept on the human task and listed on the page, escaped', async () => {
    const task = await ticket({ id: 'UI-NOTES-1', subject: 'Invoice wrong', description: 'My invoice is wrong and I am very upset, this is the third time!', customerEmail: 'notes@example.com' });
    const human = (await h.human.service.list({ taskId: task._id })).items[0];
    expect(human, 'the ticket should have a human task').toBeDefined();
    const res = await post(`/ui/human-tasks/${human!._id}/notes`, { text: `Called them back. ${HOSTILE}` });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/ui/tasks/${task._id}?flash=noted#notes`);
    expect((await h.human.service.get(human!._id)).events.at(-1)).toMatchObject({ kind: 'note', by: 'system', detail: `Called them back. ${HOSTILE}` });
    const page = await get(`/ui/tasks/${task._id}`);
    const notes = /<section aria-labelledby="notes">[\s\S]*?<\/section>/.exec(page.body)?.[0] ?? '';
    expect(notes).toContain('Called them back. &lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;');
    expect(notes).toContain('<label for="note-text">');
    expect(page.body).not.toContain(HOSTILE);

    const empty = await post(`/ui/human-tasks/${human!._id}/notes`, { text: '  ' });
    expect(empty.statusCode).toBe(400);
  });

  it('a ticket the bot answered has no human task, and the page says so instead of offering notes', async () => {
    const task = await ticket(seed('standard-password-reset'));
    expect((await h.human.service.list({ taskId: task._id })).total).toBe(0);
    const page = await get(`/ui/tasks/${task._id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('This ticket has no human task');
    expect(page.body).not.toContain('<label for="note-text">');
  });
});

describe('ticket text is text', () => {
  it('markup in a subject and description is shown escaped, never as elements', async () => {
    const task = await ticket({ id: 'UI-XSS-1', subject: `Hello ${HOSTILE}`, description: HOSTILE, customerEmail: 'xss@example.com', customerTier: '"><b>vip</b>' });
    const res = await get(`/ui/tasks/${task._id}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('<script>alert');
    expect(res.body).not.toContain('<img src=x');
    expect(res.body).not.toContain('<b>vip</b>');
    expect(res.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;');
    expect(res.body).toContain('<title>UI-XSS-1: Hello &lt;script&gt;');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    const inbox = await get('/ui');
    expect(inbox.body).not.toContain('<script>alert');
    expect(inbox.body).not.toContain('<img src=x');
  });
});

describe('missing and stand-alone', () => {
  it('an unknown ticket or human task is a 404 page', async () => {
    expect((await get('/ui/tasks/no-such-task')).statusCode).toBe(404);
    const res = await get('/ui/human-tasks/no-such-task');
    expect(res.statusCode).toBe(404);
    expect(res.body).toContain('role="alert"');
  });

  it('a stand-alone human task has its own page with its actions', async () => {
    const task = await h.human.service.create({ type: 'review', title: 'Check the <i>macro</i>', team: 'general_support', priority: 'medium', context: { note: '<script>x</script>' } });
    const res = await get(`/ui/human-tasks/${task._id}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<h1>Check the &lt;i&gt;macro&lt;/i&gt;</h1>');
    expect(res.body).toContain(`action="/ui/human-tasks/${task._id}/claim"`);
    expect(res.body).not.toContain('<script>x</script>');
    const claimed = await post(`/ui/human-tasks/${task._id}/claim`, {});
    expect(claimed.headers.location).toBe(`/ui/human-tasks/${task._id}?flash=claimed`);
  });
});
