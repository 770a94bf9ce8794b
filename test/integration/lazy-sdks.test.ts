/**
 * A start loads the SDK of an outside service only when that service is configured: a default start
 * (every channel to the outbox, the heuristic reasoner) loads none of them. Checked in a child process
 * whose module hooks log every package it loads.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const SDKS = ['openai', '@slack/web-api', 'node-zendesk', '@hubspot/api-client'];

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'triage-lazy-sdks-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The packages a start with `env` loaded. */
async function packagesLoadedBy(env: Record<string, string>): Promise<Set<string>> {
  const log = join(dir, 'modules.log');
  await run(process.execPath, ['--import', here('../support/module-log/register.mjs'), '--import', 'tsx', here('../support/module-log/start-app.ts')], {
    env: { PATH: process.env.PATH ?? '', TRIAGE_DATA_DIR: join(dir, 'data'), TRIAGE_LOG_LEVEL: 'silent', MODULE_LOG: log, ...env },
    timeout: 60_000,
  });
  return new Set((await readFile(log, 'utf8')).split('\n').filter(Boolean));
}

describe('SDKs of outside services', () => {
  it('are not loaded by a default start', async () => {
    const loaded = await packagesLoadedBy({});
    // The log works: what every start needs is in it.
    expect(loaded).toContain('better-sqlite3');
    expect(loaded).toContain('nodemailer');
    for (const sdk of SDKS) expect(loaded, sdk).not.toContain(sdk);
  }, 90_000);

  it('are loaded for the services that are configured', async () => {
    const loaded = await packagesLoadedBy({
      OPENAI_API_KEY: 'sk-test',
      SLACK_BOT_TOKEN: 'xoxb-1',
      ZENDESK_SUBDOMAIN: 'acme',
      ZENDESK_EMAIL: 'agent@acme.test',
      ZENDESK_API_TOKEN: 'zd-token',
      HUBSPOT_ACCESS_TOKEN: 'pat-na1-1',
    });
    for (const sdk of SDKS) expect(loaded, sdk).toContain(sdk);
  }, 90_000);
});
