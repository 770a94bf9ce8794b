/**
 * Debian's Chromium driven by playwright-core for the workspace's browser tests.
 *
 * - `TRIAGE_CHROMIUM` or /usr/bin/chromium is launched headless (never `playwright install`).
 * - When it is missing the browser suites are skipped with the reason printed, unless
 *   `TRIAGE_REQUIRE_BROWSER=1` (CI), where a missing browser fails the file instead.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

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
