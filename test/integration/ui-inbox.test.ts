/**
 * The workspace inbox through `inject()` on a real app: the four seed tickets go in through the
 * webhook and are driven to rest; the three that escalate are the inbox. Filters come from the URL,
 * the polled rows fragment has the same rows, and claims go through plain form POSTs.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, hook, STACK_LINE, startServerHarness, type ServerHarness } from './server-harness.ts';

const SEEDS = ['enterprise-critical', 'complex-technical', 'frustrated-repeat', 'standard-password-reset'] as const;
const form = { ...api, 'content-type': 'application/x-www-form-urlencoded' };

let h: ServerHarness;
const taskIds: Record<string, string> = {};
/** Human task id by seed name (the three that escalate). */
const humanIds: Record<string, string> = {};

beforeAll(async () => {
  h = await startServerHarness();
  for (const name of SEEDS) {
    const body = JSON.parse(readFileSync(new URL(`../../fixtures/tickets/${name}.json`, import.meta.url), 'utf8'));
    const res = await h.server.inject({ method: 'POST', url: '/webhooks/tickets', headers: hook, payload: body });
    expect(res.statusCode).toBe(202);
    taskIds[name] = res.json().taskId;
    await h.app.engine.process(taskIds[name]!);
    const open = await h.human.service.openFor(taskIds[name]!);
    if (open) humanIds[name] = open._id;
  }
});
afterAll(() => h.close());

const get = (url: string, headers: Record<string, string> = api) => h.server.inject({ method: 'GET', url, headers });
const post = (url: string, body: Record<string, string>, headers: Record<string, string> = form) =>
  h.server.inject({ method: 'POST', url, headers, payload: new URLSearchParams(body).toString() });

/** The <tbody> of the inbox table: rows only, so headings and filters do not count. */
function rowsOf(page: string): string {
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(page)?.[1];
  if (body === undefined) throw new Error(`no table body in:\n${page.slice(0, 2000)}`);
  return body;
}

const SUBJECTS = {
  'enterprise-critical': 'CRITICAL: Production API outage affecting our entire platform',
  'complex-technical': 'Webhook payload inconsistency in production environment',
  'frustrated-repeat': 'THIRD TIME contacting about billing error!!!',
} as const;

describe('GET /ui', () => {
  it('lists the three escalated seed tickets, most urgent first, with team, priority, customer and a live countdown', async () => {
    expect(Object.keys(humanIds).sort()).toEqual(['complex-technical', 'enterprise-critical', 'frustrated-repeat']);
    const res = await get('/ui');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toMatch(/<h1>Inbox <span id="open-count">\(3 open\)<\/span><\/h1>/);
    const rows = rowsOf(res.body);
    expect(rows.match(/<tr /g)).toHaveLength(3);
    // The critical ticket first: priority rank, then due time.
    const order = Object.entries(SUBJECTS).map(([name, subject]) => [name, rows.indexOf(subject)] as const);
    for (const [name, at] of order) expect(at, name).toBeGreaterThan(-1);
    expect(order[0]![1]).toBeLessThan(order[1]![1]);
    expect(rows).not.toContain('password');
    for (const [name, team] of [['enterprise-critical', 'Engineering on-call'], ['complex-technical', 'Technical Support'], ['frustrated-repeat', 'Billing and Finance']] as const) {
      const row = new RegExp(`<tr id="row-${humanIds[name]}">[\\s\\S]*?</tr>`).exec(rows)?.[0] ?? '';
      expect(row, name).toContain(`href="/ui/tasks/${taskIds[name]}#human-task"`);
      expect(row).toContain(team);
      expect(row).toMatch(/<time data-countdown datetime="\d{4}-\d\d-\d\dT[^"]+Z"/);
      expect(row).toMatch(/<button type="submit" id="claim-[^"]+">Claim/);
      expect(row).toContain(`action="/ui/human-tasks/${humanIds[name]}/claim"`);
    }
    expect(rows).toContain('<span class="badge critical">critical</span>');
    expect(rows).toContain('cto@enterprise.com (enterprise)');
    expect(res.body).toContain('hx-get="/ui/inbox/rows" hx-trigger="every 5s"');
    expect(res.body).toMatch(/<caption>Open human tasks, most urgent first/);
    expect(res.body).toContain('<th scope="col">Due</th>');
    expect(res.body).toContain('data-label="Ticket"');
  });

  it('labels every filter and keeps the filters in the URL of the polled fragment and the forms', async () => {
    const res = await get('/ui?team=finance&priority=high');
    expect(res.statusCode).toBe(200);
    for (const id of ['f-team', 'f-status', 'f-priority', 'f-assignee']) expect(res.body).toContain(`<label for="${id}">`);
    expect(res.body).toContain('<form method="get" action="/ui"');
    expect(res.body).toContain('<option value="finance" selected>');
    expect(res.body).toContain('hx-get="/ui/inbox/rows?team=finance&amp;priority=high"');
    expect(res.body).toContain('name="next" value="/ui?team=finance&amp;priority=high"');
  });

  it('filters by team, priority, status and assignee from the URL', async () => {
    const finance = rowsOf((await get('/ui?team=finance')).body);
    expect(finance).toContain(SUBJECTS['frustrated-repeat']);
    expect(finance).not.toContain(SUBJECTS['enterprise-critical']);
    expect(finance).not.toContain(SUBJECTS['complex-technical']);

    const critical = rowsOf((await get('/ui?priority=critical')).body);
    expect(critical).toContain(SUBJECTS['enterprise-critical']);
    expect(critical.match(/<tr /g)).toHaveLength(1);

    const assigned = rowsOf((await get('/ui?status=assigned')).body);
    expect(assigned).toContain('No open tasks match these filters.');

    const unassigned = rowsOf((await get('/ui?assignee=unassigned')).body);
    expect(unassigned.match(/<tr /g)).toHaveLength(3);

    const none = await get('/ui?team=engineering&priority=low');
    expect(none.body).toContain('(0 open)');
  });

  it('answers an unknown filter value with a 400 page naming it, never a stack trace', async () => {
    for (const [url, word] of [['/ui?team=nobody', 'team'], ['/ui?priority=urgent', 'priority'], ['/ui?status=completed', 'status'], ['/ui?page=0', 'page']] as const) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(400);
      expect(res.body).toContain('role="alert"');
      expect(res.body).toContain(word);
      expect(res.body).not.toMatch(STACK_LINE);
    }
  });

  it('loads the script that pauses polling while someone types in the table, from this origin', async () => {
    const page = await get('/ui');
    expect(page.body).toContain('<script src="/ui/assets/inbox.js" defer></script>');
    const script = await h.server.inject({ method: 'GET', url: '/ui/assets/inbox.js' });
    expect(script.statusCode).toBe(200);
    expect(script.headers['content-type']).toMatch(/^text\/javascript/);
    expect(script.body).toContain('htmx:beforeRequest');
  });

  it('sends a visitor without credentials to the sign-in page', async () => {
    const res = await h.server.inject({ method: 'GET', url: '/ui?team=finance' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/ui/login?next=${encodeURIComponent('/ui?team=finance')}`);
  });
});

describe('GET /ui/inbox/rows', () => {
  it('is the table alone, with the same filter applied and the heading count out of band', async () => {
    const res = await get('/ui/inbox/rows?team=engineering');
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('<html');
    expect(res.body).not.toContain('<h1');
    expect(res.body).toContain('<span id="open-count" hx-swap-oob="true">(1 open)</span>');
    const rows = rowsOf(res.body);
    expect(rows).toContain(SUBJECTS['enterprise-critical']);
    expect(rows.match(/<tr /g)).toHaveLength(1);
  });

  it('shows a task that arrived since the page was loaded', async () => {
    const before = rowsOf((await get('/ui/inbox/rows?team=product')).body);
    expect(before).toContain('No open tasks match');
    const created = await h.human.service.create({ type: 'review', title: 'Review the <b>roadmap</b> answer', team: 'product', priority: 'low' });
    const after = rowsOf((await get('/ui/inbox/rows?team=product')).body);
    expect(after).toContain(`href="/ui/human-tasks/${created._id}"`);
    expect(after).toContain('Review the &lt;b&gt;roadmap&lt;/b&gt; answer');
    expect(after).not.toContain('<b>roadmap');
  });
});

describe('claiming from the inbox', () => {
  it('a form POST claims the task for the principal and returns to the same filtered inbox', async () => {
    const id = humanIds['frustrated-repeat']!;
    const res = await post(`/ui/human-tasks/${id}/claim`, { next: '/ui?team=finance' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/ui?team=finance&flash=claimed');
    expect((await h.human.service.get(id)).assignedTo).toBe('system');

    const page = await get(res.headers.location as string);
    expect(page.body).toContain('You claimed the task.');
    const row = new RegExp(`<tr id="row-${id}">[\\s\\S]*?</tr>`).exec(rowsOf(page.body))?.[0] ?? '';
    expect(row).toContain('<td data-label="Assignee">system</td>');
    expect(row).not.toContain(`id="claim-${id}"`);
    const mine = rowsOf((await get('/ui?assignee=me')).body);
    expect(mine).toContain(SUBJECTS['frustrated-repeat']);
    expect(mine.match(/<tr /g)).toHaveLength(1);
  });

  it("refuses a claim on someone else's task with 409 and shows why on the inbox page", async () => {
    const id = humanIds['complex-technical']!;
    await h.human.service.claim(id, 'alice');
    const res = await post(`/ui/human-tasks/${id}/claim`, { next: '/ui?team=technical_support' });
    expect(res.statusCode).toBe(409);
    expect(res.body).toMatch(/<p class="flash error" role="alert"[^>]*>[^<]*held by alice/);
    // The inbox they were looking at, not an error page.
    expect(res.body).toContain('<h1>Inbox');
    expect(res.body).toContain('<option value="technical_support" selected>');
    expect((await h.human.service.get(id)).assignedTo).toBe('alice');
  });

  it('the same refusal to an htmx request is a fragment', async () => {
    const id = humanIds['complex-technical']!;
    const res = await post(`/ui/human-tasks/${id}/claim`, {}, { ...form, 'hx-request': 'true' });
    expect(res.statusCode).toBe(409);
    expect(res.body).toMatch(/^<p class="flash error" role="alert">.*held by alice.*<\/p>$/);
  });

  it('never follows a return address off the workspace', async () => {
    const id = humanIds['enterprise-critical']!;
    const res = await post(`/ui/human-tasks/${id}/claim`, { next: '//evil.example/ui' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/ui/tasks/${taskIds['enterprise-critical']}?flash=claimed#human-task`);
  });

  it('assigns to a person from the inbox (leads and admins)', async () => {
    const id = humanIds['enterprise-critical']!;
    const res = await post(`/ui/human-tasks/${id}/assign`, { assignedTo: 'dana', next: '/ui' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/ui?flash=assigned');
    expect((await h.human.service.get(id)).assignedTo).toBe('dana');
  });
});

describe('agents see their own teams only', () => {
  it("an agent's inbox holds their team's tasks, and another team's inbox or task is refused", async () => {
    const users = h.app.users.service;
    await users.create({ username: 'fiona', role: 'agent', teams: ['finance'] });
    const { token } = await users.createToken('fiona', 'ui test');
    const fiona = { authorization: `Bearer ${token}` };

    const page = await get('/ui', fiona);
    expect(page.statusCode).toBe(200);
    const rows = rowsOf(page.body);
    expect(rows).toContain(SUBJECTS['frustrated-repeat']);
    expect(rows).not.toContain(SUBJECTS['enterprise-critical']);
    expect(rows).not.toContain(SUBJECTS['complex-technical']);
    // No Assign control for agents.
    expect(rows).not.toContain('/assign"');
    expect(page.body).not.toContain('<option value="engineering"');

    expect((await get('/ui?team=engineering', fiona)).statusCode).toBe(403);
    const other = await post(`/ui/human-tasks/${humanIds['enterprise-critical']}/claim`, {}, { ...fiona, 'content-type': 'application/x-www-form-urlencoded' });
    expect(other.statusCode).toBe(403);
    expect((await get(`/ui/tasks/${taskIds['enterprise-critical']}`, fiona)).statusCode).toBe(403);
    expect((await get(`/ui/tasks/${taskIds['frustrated-repeat']}`, fiona)).statusCode).toBe(200);
  });
});

describe('two people claiming the same task', () => {
  it('the first claim wins, the second is told who holds it (409), each recorded under their username', async () => {
    const users = h.app.users.service;
    const headers: Record<string, Record<string, string>> = {};
    for (const username of ['gwen', 'hugo']) {
      await users.create({ username, role: 'agent', teams: ['customer_success'] });
      headers[username] = { authorization: `Bearer ${(await users.createToken(username, 'ui test')).token}`, 'content-type': 'application/x-www-form-urlencoded' };
    }
    const task = await h.human.service.create({ type: 'review', title: 'Call the customer back', team: 'customer_success', priority: 'high' });
    const first = await post(`/ui/human-tasks/${task._id}/claim`, { next: '/ui' }, headers.gwen);
    expect(first.statusCode).toBe(303);
    const second = await post(`/ui/human-tasks/${task._id}/claim`, { next: '/ui' }, headers.hugo);
    expect(second.statusCode).toBe(409);
    expect(second.body).toMatch(/role="alert"[^>]*>[^<]*held by gwen/);
    expect((await h.human.service.get(task._id)).assignedTo).toBe('gwen');
    // Hugo's inbox shows it held by Gwen, with no Claim button.
    const row = new RegExp(`<tr id="row-${task._id}">[\\s\\S]*?</tr>`).exec((await get('/ui', headers.hugo)).body)?.[0] ?? '';
    expect(row).toContain('<td data-label="Assignee">gwen</td>');
    expect(row).not.toContain(`id="claim-${task._id}"`);
  });
});

describe('signed in through the browser', () => {
  it('forms carry the CSRF token, and a POST without it is refused before anything changes', async () => {
    const users = h.app.users.service;
    await users.create({ username: 'ivan', role: 'lead', teams: ['security_team'], password: 'correct horse battery staple' });
    const session = await users.signIn({ username: 'ivan', password: 'correct horse battery staple', ip: '127.0.0.1' });
    const cookie = { cookie: `triage_session=${session.sessionId}` };
    const task = await h.human.service.create({ type: 'review', title: 'Rotate the keys', team: 'security_team', priority: 'high' });

    const page = await get('/ui', cookie);
    expect(page.statusCode).toBe(200);
    const row = new RegExp(`<tr id="row-${task._id}">[\\s\\S]*?</tr>`).exec(page.body)?.[0] ?? '';
    expect(row).toContain(`<input type="hidden" name="_csrf" value="${session.csrf}">`);

    const formCookie = { ...cookie, 'content-type': 'application/x-www-form-urlencoded' };
    const forged = await post(`/ui/human-tasks/${task._id}/claim`, { next: '/ui' }, formCookie);
    expect(forged.statusCode).toBe(403);
    expect((await h.human.service.get(task._id)).assignedTo).toBeNull();
    const real = await post(`/ui/human-tasks/${task._id}/claim`, { next: '/ui', _csrf: session.csrf }, formCookie);
    expect(real.statusCode).toBe(303);
    expect((await h.human.service.get(task._id)).assignedTo).toBe('ivan');
  });
});

describe('paging', () => {
  it('shows 50 tasks a page with next and previous links that keep the filters', async () => {
    for (let i = 0; i < 55; i++) await h.human.service.create({ type: 'review', title: `Bulk review ${String(i).padStart(2, '0')}`, team: 'senior_support', priority: 'medium' });
    const first = await get('/ui?team=senior_support');
    expect(first.body).toContain('(55 open)');
    expect(rowsOf(first.body).match(/<tr /g)).toHaveLength(50);
    expect(first.body).toContain('Page 1 of 2 (tasks 1–50 of 55)');
    expect(first.body).toContain('<a href="/ui?team=senior_support&amp;page=2" rel="next">Next page</a>');

    const second = await get('/ui?team=senior_support&page=2');
    expect(rowsOf(second.body).match(/<tr /g)).toHaveLength(5);
    expect(second.body).toContain('<a href="/ui?team=senior_support" rel="prev">Previous page</a>');
    expect(second.body).toContain('hx-get="/ui/inbox/rows?team=senior_support&amp;page=2"');
  });
});
