/** Signed callback links: round trip, forgery, expiry, and where the secret comes from. */
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CallbackLinks, LINK_SECRET_FILE, LINK_TTL_MS, createCallbackLinks, resolveLinkSecret } from '../../../src/callbacks/link.ts';
import { loadConfig, redact } from '../../../src/config.ts';
import { silentLogger, type Logger } from '../../../src/log.ts';
import { HttpError } from '../../../src/server/errors.ts';

const SECRET = 'a-callback-link-secret-of-40-characters!!';
const NOW = new Date('2027-03-12T23:00:00Z');

function refusal(fn: () => unknown): HttpError {
  try {
    fn();
  } catch (error) {
    if (error instanceof HttpError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

/** Changes one character of `text` at `index` to another character of the base64url alphabet. */
function flip(text: string, index: number): string {
  const c = text[index]!;
  return text.slice(0, index) + (c === 'A' ? 'B' : 'A') + text.slice(index + 1);
}

describe('CallbackLinks', () => {
  const links = new CallbackLinks(SECRET, 'https://support.example.com/');

  it('signs a link for a task that verifies until it expires', () => {
    const url = links.url('task-1', NOW);
    expect(url).toMatch(/^https:\/\/support\.example\.com\/callback\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    const token = url.split('/callback/')[1]!;
    expect(links.verify(token, new Date(NOW.getTime() + LINK_TTL_MS - 1))).toEqual({ taskId: 'task-1', expiresAt: new Date(NOW.getTime() + LINK_TTL_MS) });
    expect(url).not.toContain(SECRET);
  });

  it('refuses a token with one character changed, in the claims or in the signature, with 403', () => {
    const token = links.token('task-1', NOW);
    const dot = token.indexOf('.');
    for (const forged of [flip(token, 3), flip(token, dot + 5), flip(token, token.length - 2), flip(token, token.length - 1), `${token}A`, token.replace('.', ''), '', 'x.y']) {
      const error = refusal(() => links.verify(forged, NOW));
      expect(error.statusCode).toBe(403);
      expect(error.message).toMatch(/not valid/);
    }
  });

  it('refuses a token signed with another secret, and one naming another task, with 403', () => {
    const other = new CallbackLinks(`${SECRET}-other`, 'https://support.example.com/');
    expect(refusal(() => links.verify(other.token('task-1', NOW), NOW)).statusCode).toBe(403);
    const [, signature] = links.token('task-1', NOW).split('.');
    const body = Buffer.from(JSON.stringify({ task: 'task-2', exp: NOW.getTime() + LINK_TTL_MS })).toString('base64url');
    expect(refusal(() => links.verify(`${body}.${signature}`, NOW)).statusCode).toBe(403);
  });

  it('refuses an expired token with 410, and checks the signature first', () => {
    const token = links.token('task-1', NOW);
    const later = new Date(NOW.getTime() + LINK_TTL_MS);
    const error = refusal(() => links.verify(token, later));
    expect(error.statusCode).toBe(410);
    expect(error.message).toMatch(/expired/);
    expect(refusal(() => links.verify(flip(token, 2), later)).statusCode).toBe(403);
  });

  it('refuses a secret shorter than 32 characters', () => {
    expect(() => new CallbackLinks('short', 'https://x.example')).toThrow(/32 characters.*TRIAGE_LINK_SECRET/);
  });
});

describe('the link secret', () => {
  let dir = '';
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'triage-link-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('is TRIAGE_LINK_SECRET when set, validated and redacted like the other secrets', async () => {
    const config = loadConfig({ TRIAGE_DATA_DIR: dir, TRIAGE_LINK_SECRET: SECRET });
    expect(await resolveLinkSecret(config, silentLogger)).toBe(SECRET);
    expect(redact(`secret=${SECRET}`, config)).toBe('secret=***');
    expect(() => loadConfig({ TRIAGE_LINK_SECRET: 'too-short' })).toThrow(/TRIAGE_LINK_SECRET: at least 32 characters/);
  });

  it('is generated once into the data folder (mode 0600) and reused by the next start', async () => {
    const config = loadConfig({ TRIAGE_DATA_DIR: dir });
    const first = await resolveLinkSecret(config, silentLogger);
    expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const file = join(dir, LINK_SECRET_FILE);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await readFile(file, 'utf8')).trim()).toBe(first);
    expect(await resolveLinkSecret(config, silentLogger)).toBe(first);
    // A link made before a restart still verifies after it.
    const before = await createCallbackLinks(config, silentLogger);
    const after = await createCallbackLinks(config, silentLogger);
    expect(after?.verify(before!.token('task-9', NOW), NOW).taskId).toBe('task-9');
  });

  it('is the same for processes that start at the same moment, and no temporary file is left', async () => {
    const config = loadConfig({ TRIAGE_DATA_DIR: dir });
    const secrets = await Promise.all(Array.from({ length: 8 }, () => resolveLinkSecret(config, silentLogger)));
    expect(new Set(secrets).size).toBe(1);
    expect(secrets[0]).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await readdir(dir)).toEqual([LINK_SECRET_FILE]);
  });

  it('is absent with MONGODB_URI and no TRIAGE_LINK_SECRET: callbacks are off and a warning names the key', async () => {
    const warnings: string[] = [];
    const log = { ...silentLogger, warn: (message: unknown) => warnings.push(String(message)) } as unknown as Logger;
    const config = loadConfig({ TRIAGE_DATA_DIR: dir, MONGODB_URI: 'mongodb://127.0.0.1:1/triage' });
    expect(await createCallbackLinks(config, log)).toBeNull();
    expect(warnings.join('\n')).toMatch(/callbacks are off: set TRIAGE_LINK_SECRET/);
    await expect(stat(join(dir, LINK_SECRET_FILE))).rejects.toThrow(/ENOENT/);
  });
});
