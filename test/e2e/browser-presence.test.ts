/**
 * Presence from the page header in Chromium: `triage serve` as a child process, people added with the
 * CLI; an agent signs in, picks "away" in the header's labelled select and submits; the page shows it
 * and the REST API reads it back. The header (with its control) and the lead's read-only people page
 * pass the axe-core WCAG checks on a laptop and a phone.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCli, ROOT, type Cli } from './cli-helper.ts';
import { startServe, type RunningServe } from './serve-helper.ts';
import { browserUnavailable, launchBrowser, signIn, type RunningBrowser } from '../support/browser.ts';

const API_TOKEN = 'presence-api-token-0123456789';
const unavailable = browserUnavailable();

let cli: Cli;
let serve: RunningServe;
let browser: RunningBrowser;
const passwords: Record<string, string> = {};

function signedIn(username: string, viewport?: { width: number; height: number }): Promise<{ context: BrowserContext; page: Page }> {
  return signIn(browser, serve.base, username, passwords[username]!, viewport);
}

describe.skipIf(unavailable !== null)('presence in the workspace header, in Chromium', () => {
  beforeAll(async () => {
    cli = createCli('triage-browser-presence-');
    for (const [username, role] of [['ann', 'agent'], ['lena', 'lead']] as const) {
      const added = await cli.run(['user', 'add', username, '--role', role, '--team', 'finance', '--team', 'engineering', '--json']);
      expect(added.code, added.stderr).toBe(0);
      passwords[username] = cli.json<{ password: string }>(added).password;
    }
    serve = await startServe(cli, { TRIAGE_API_TOKEN: API_TOKEN });
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    cli?.cleanup();
  });

  it('an agent changes their presence with the header control and sees it shown', async () => {
    const { context, page } = await signedIn('ann');
    const select = page.getByLabel('Presence');
    expect(await select.inputValue()).toBe('available');
    await page.goto(`${serve.base}/ui/analytics`);
    await page.getByLabel('Presence').selectOption('away');
    await Promise.all([page.waitForURL(`${serve.base}/ui/analytics`), page.locator('#presence-form').getByRole('button', { name: 'Set' }).click()]);
    // Back on the page it came from, which now shows the new presence.
    expect(await page.getByLabel('Presence').inputValue()).toBe('away');
    expect((await serve.api('GET', '/api/users/ann')).body.presence).toBe('away');
    // The lead sees it on the people page.
    const lead = await signedIn('lena');
    await lead.page.goto(`${serve.base}/ui/users`);
    const annRow = lead.page.getByRole('row').filter({ hasText: 'ann' });
    expect(await annRow.locator('td[data-label="Presence"]').innerText()).toMatch(/^away/);
    await lead.context.close();
    await context.close();
  });

  it('the header with its control passes the axe-core checks on a laptop and a phone', async () => {
    const axe = await readFile(path.join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
    for (const viewport of [{ width: 1280, height: 900 }, { width: 390, height: 844 }]) {
      const { context, page } = await signedIn('lena', viewport);
      for (const url of ['/ui', '/ui/users']) {
        await page.goto(`${serve.base}${url}`);
        await page.evaluate(axe);
        const violations = (await page.evaluate(
          "axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }).then((r) => r.violations.map((v) => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')))",
        )) as string[];
        expect(violations, `${url} at ${viewport.width}px`).toEqual([]);
      }
      await context.close();
    }
  });
});
