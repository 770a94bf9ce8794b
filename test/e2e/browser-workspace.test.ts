/**
 * The workspace as a support team uses it: `triage serve` runs as a child process with people added by
 * `triage user add`, the four seed tickets arrive on the webhook, and Debian's Chromium (through
 * playwright-core) signs in, claims, resolves and reads the pages. Nothing here reaches into the
 * server's memory: what a person does goes through the browser, and what is checked besides is read
 * over the REST API or with the CLI.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCli, ROOT, type Cli } from './cli-helper.ts';
import { startServe, type Json, type RunningServe } from './serve-helper.ts';
import { browserUnavailable, launchBrowser, signIn, type RunningBrowser } from '../support/browser.ts';

const API_TOKEN = 'browser-api-token-0123456789';
const WEBHOOK_TOKEN = 'browser-webhook-token-0123456789';
const TEAMS = ['engineering', 'technical_support', 'finance'];
const SEEDS = ['enterprise-critical', 'complex-technical', 'frustrated-repeat', 'standard-password-reset'];
const ENTERPRISE_SUBJECT = 'CRITICAL: Production API outage affecting our entire platform';
const HOSTILE = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">';

const unavailable = browserUnavailable();

let cli: Cli;
let serve: RunningServe;
let base = '';
let browser: RunningBrowser;
const passwords: Record<string, string> = {};
/** Pipeline task id by ticket id. */
const taskIds: Record<string, string> = {};

const api = (...args: Parameters<RunningServe['api']>) => serve.api(...args);
const until: RunningServe['until'] = (...args) => serve.until(...args);

const rests = (task: Json) => ['waiting', 'done', 'failed'].includes(task.meta?.state);

async function postTicket(body: Json): Promise<string> {
  const res = await api('POST', '/webhooks/tickets', body, WEBHOOK_TOKEN);
  expect(res.status).toBe(202);
  const id = res.body.taskId as string;
  await until(`task ${id} to rest`, async () => (await api('GET', `/api/tasks/${id}`)).body, rests);
  return id;
}

/** A browser context for one person, signed in through the real form. */
function signedIn(username: string): Promise<{ context: BrowserContext; page: Page }> {
  return signIn(browser, base, username, passwords[username]!);
}

// Skipped only without Chromium; CI sets TRIAGE_REQUIRE_BROWSER=1, so there browserUnavailable() throws instead.
describe.skipIf(unavailable !== null)('the workspace in Chromium', () => {
  beforeAll(async () => {
    cli = createCli('triage-browser-');
    // People are added with the CLI, as an operator would.
    for (const [username, role, teams] of [['ann', 'agent', TEAMS], ['ben', 'agent', TEAMS], ['ada', 'admin', []]] as const) {
      const added = await cli.run(['user', 'add', username, '--role', role, ...teams.flatMap((t) => ['--team', t]), '--json']);
      expect(added.code, added.stderr).toBe(0);
      passwords[username] = cli.json<{ password: string }>(added).password;
    }
    serve = await startServe(cli, { TRIAGE_API_TOKEN: API_TOKEN, TRIAGE_WEBHOOK_TOKEN: WEBHOOK_TOKEN, TRIAGE_PUBLIC_URL: 'http://127.0.0.1:3000' });
    base = serve.base;
    browser = await launchBrowser();
    for (const name of SEEDS) {
      const body = JSON.parse(await readFile(path.join(ROOT, 'fixtures/tickets', `${name}.json`), 'utf8')) as Json;
      taskIds[body.support.ticket.id as string] = await postTicket(body);
    }
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    cli?.cleanup();
  });

  it('signs in, and the four seed tickets leave three tasks in the inbox', async () => {
    const { context, page } = await signedIn('ann');
    const rows = page.locator('table.inbox tbody tr');
    await expect.poll(() => rows.count()).toBe(3);
    const text = await page.locator('table.inbox').innerText();
    expect(text).toContain(ENTERPRISE_SUBJECT);
    expect(text).not.toContain('password');
    await context.close();
  });

  it('one agent claims; a second agent claiming the same task is refused on the page', async () => {
    const ann = await signedIn('ann');
    const ben = await signedIn('ben');
    // Ben opens the ticket before Ann claims, so his page still offers the claim.
    await ben.page.goto(`${base}/ui/tasks/${taskIds['TICK-ENT-001']}`);
    const benClaim = ben.page.getByRole('button', { name: 'Claim this task' });
    await expect.poll(() => benClaim.count()).toBe(1);

    await ann.page.getByRole('row', { name: new RegExp(ENTERPRISE_SUBJECT.slice(0, 30)) }).getByRole('button', { name: /^Claim/ }).click();
    await ann.page.waitForURL(/\/ui/);
    const annRow = ann.page.getByRole('row', { name: new RegExp(ENTERPRISE_SUBJECT.slice(0, 30)) });
    await expect.poll(() => annRow.innerText()).toContain('ann');

    const [response] = await Promise.all([ben.page.waitForResponse((r) => r.request().method() === 'POST'), benClaim.click()]);
    expect(response.status()).toBe(409);
    const alert = ben.page.getByRole('alert').filter({ hasText: /ann/ });
    await expect.poll(() => alert.count()).toBeGreaterThan(0);
    const human = await api('GET', `/api/human-tasks?taskId=${taskIds['TICK-ENT-001']}`);
    expect(human.body.items[0].assignedTo).toBe('ann');
    await ann.context.close();
    await ben.context.close();
  });

  it('the ticket page shows the trigger that fired and the values it saw', async () => {
    const { context, page } = await signedIn('ann');
    await page.goto(`${base}/ui/tasks/${taskIds['TICK-ENT-001']}`);
    const fired = page.getByRole('row').filter({ has: page.getByText('fired', { exact: true }) });
    await expect.poll(() => fired.count()).toBe(1);
    const row = await fired.innerText();
    expect(row).toContain('critical_business_risk');
    // The condition's paths with the values the step saw in this ticket.
    expect(row).toContain('support.classification.priority');
    expect(row).toContain('critical');
    expect(row).toContain('support.classification.escalationSignals');
    expect(row).toContain('legal_threats');
    await context.close();
  });

  it('resolving with the form ends the pipeline task done', async () => {
    const { context, page } = await signedIn('ann');
    const id = taskIds['TICK-ENT-001']!;
    await page.goto(`${base}/ui/tasks/${id}`);
    const form = page.locator('form.resolve');
    await form.getByLabel('Decision').selectOption('resolved');
    await form.getByLabel(/notes/i).fill('Rotated the API keys; the customer confirmed the platform is back.');
    await form.getByRole('button', { name: 'Resolve' }).click();
    await page.waitForURL(new RegExp(`/ui/tasks/${id}`));
    const refusal = await page.locator('.flash.error').allInnerTexts();
    expect(refusal).toEqual([]);
    const task = await until('the ticket to end done', async () => (await api('GET', `/api/tasks/${id}`)).body, (t) => t.meta?.state === 'done', 20_000);
    expect(task.data.human.respondedBy).toBe('ann');
    expect(task.data.human.notes).toContain('Rotated the API keys');
    const human = await api('GET', `/api/human-tasks?taskId=${id}`);
    expect(human.body.items[0].status).toBe('completed');
    await context.close();
  });

  it('a ticket with HTML in it shows the HTML as text, and none of it runs', async () => {
    const id = await postTicket({ id: 'TICK-HTML-1', subject: `Invoice ${HOSTILE}`, description: `Please check ${HOSTILE} on my last invoice.`, customerEmail: 'html@example.com' });
    const { context, page } = await signedIn('ada');
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.goto(`${base}/ui/tasks/${id}`);
    const words = await page.locator('main').innerText();
    expect(words).toContain(HOSTILE);
    expect(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('main img[src="x"]').count()).toBe(0);
    expect(dialogs).toEqual([]);
    await context.close();
  });

  it('a form post without the CSRF token is refused and changes nothing', async () => {
    const { context, page } = await signedIn('ann');
    const open = await api('GET', `/api/human-tasks?taskId=${taskIds['TICK-TECH-001']}`);
    const humanId = open.body.items[0]._id as string;
    // The session cookie is the browser's own; only the token is missing.
    const refused = await page.request.post(`${base}/ui/human-tasks/${humanId}/claim`, { form: { next: '/ui' }, maxRedirects: 0 });
    expect(refused.status()).toBe(403);
    const after = await api('GET', `/api/human-tasks/${humanId}`);
    expect(after.body.assignedTo).toBeNull();
    await context.close();
  });

  it('works with the keyboard alone: tabbing to a claim button and pressing Enter claims the task', async () => {
    const { context, page } = await signedIn('ben');
    const humanId = (await api('GET', `/api/human-tasks?taskId=${taskIds['TICK-REPEAT-001']}`)).body.items[0]._id as string;
    let focused = '';
    for (let presses = 0; presses < 80 && focused !== `claim-${humanId}`; presses++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate('document.activeElement ? document.activeElement.id : ""') as string;
    }
    expect(focused, 'the claim button is reachable with Tab').toBe(`claim-${humanId}`);
    await Promise.all([page.waitForURL(/\/ui/), page.keyboard.press('Enter')]);
    const claimed = await until('the claim to land', async () => (await api('GET', `/api/human-tasks/${humanId}`)).body, (t) => t.assignedTo !== null);
    expect(claimed.assignedTo).toBe('ben');
    await context.close();
  });

  it('every page passes the axe-core checks (labels, contrast, landmarks, names) on a laptop and a phone', async () => {
    const axe = await readFile(path.join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
    const pages = ['/ui', `/ui/tasks/${taskIds['TICK-ENT-001']}`, `/ui/tasks/${taskIds['TICK-ENT-001']}/report`, '/ui/analytics', '/ui/users'];
    for (const viewport of [{ width: 1280, height: 900 }, { width: 390, height: 844 }]) {
      const { context, page } = await signedIn('ada');
      await page.setViewportSize(viewport);
      for (const url of [...pages, '/ui/login']) {
        if (url === '/ui/login') await context.clearCookies();
        await page.goto(`${base}${url}`);
        // The pages allow no inline script, so axe is added from outside the page's own policy.
        await page.evaluate(axe);
        const violations = (await page.evaluate(
          "axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }).then((r) => r.violations.map((v) => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')))",
        )) as string[];
        expect(violations, `${url} at ${viewport.width}px`).toEqual([]);
      }
      await context.close();
    }
  });

  it('the analytics page shows the same figures as triage analytics --json', async () => {
    const { context, page } = await signedIn('ada');
    await page.goto(`${base}/ui/analytics?since=7d`);
    const figures = await page.locator('[data-measure]').evaluateAll((nodes) =>
      nodes.map((n) => ({ measure: n.getAttribute('data-measure')!, key: n.getAttribute('data-key'), value: n.getAttribute('data-value')! })),
    );
    await context.close();
    expect(figures.length).toBeGreaterThan(20);
    // The CLI reads the same database while the server keeps running.
    const result = await cli.run(['analytics', '--since', '7d', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const analytics = cli.json(result);
    expect(analytics.tickets.total).toBe(5);
    expect(analytics.escalations.byTeam.find((t: Json) => t.key === 'engineering')?.count).toBe(1);
    for (const figure of figures) {
      const expected = valueAt(analytics, figure.measure, figure.key);
      expect(figure.value, `${figure.measure}${figure.key ? `[${figure.key}]` : ''}`).toBe(expected === null || expected === undefined ? '' : String(expected));
    }
  });
});

/** The JSON value a page figure stands for: a path, and for lists of `{key, count}` the entry's count. */
function valueAt(analytics: Json, measure: string, key: string | null): unknown {
  const parts = measure.split('.');
  if (key !== null && parts[0] === 'model' && parts[1] === 'byStep') return analytics.model.byStep.find((s: Json) => s.step === key)?.[parts[2]!];
  let at: any = analytics;
  for (const part of parts) at = at?.[part];
  if (key !== null) return (at as Json[]).find((c) => c.key === key)?.count;
  return at;
}
