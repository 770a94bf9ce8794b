/**
 * Debian's Chromium driven by playwright-core for the workspace's browser tests.
 *
 * - `TRIAGE_CHROMIUM` or /usr/bin/chromium is launched headless (never `playwright install`).
 * - When it is missing the browser suites are skipped with the reason printed, unless
 *   `TRIAGE_REQUIRE_BROWSER=1` (CI), where a missing browser fails the file instead.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.TRIAGE_CHROMIUM ?? '/usr/bin/chromium';

/** Why the browser suites cannot run here, or null when they can. */
export function browserUnavailable(): string | null {
  if (existsSync(CHROMIUM_PATH)) return null;
  const reason = `no Chromium at ${CHROMIUM_PATH} (apt-get install -y chromium, or set TRIAGE_CHROMIUM)`;
  if (process.env.TRIAGE_REQUIRE_BROWSER === '1') throw new Error(`TRIAGE_REQUIRE_BROWSER=1 but ${reason}`);
  console.warn(`[browser] skipping browser suites: ${reason}`);
  return reason;
}

export interface RunningBrowser {
  browser: Browser;
  close(): Promise<void>;
}

/**
 * Flags: without the background-networking ones Chromium keeps dialling Google's hosts, which this
 * machine's closed network refuses. Playwright gives every launch a fresh temporary profile.
 */
export async function launchBrowser(): Promise<RunningBrowser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
  return {
    browser,
    async close() {
      await browser.close();
    },
  };
}

/**
 * A new browser context signed in as `username` through the workspace's sign-in form: the visitor
 * is first sent from /ui to the sign-in page (checked), and back to the inbox afterwards.
 */
export async function signIn(browser: RunningBrowser, base: string, username: string, password: string, viewport = { width: 1280, height: 900 }): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.browser.newContext({ viewport });
  // Well inside a test's own timeout, so a missing element fails with Playwright's message.
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  await page.goto(`${base}/ui`);
  if (new URL(page.url()).pathname !== '/ui/login') throw new Error(`expected /ui to send a visitor to /ui/login, got ${page.url()}`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${base}/ui`);
  return { context, page };
}
