/**
 * `serve` refuses to listen beyond loopback when nothing could authenticate anyone.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startApp, type App } from '../../src/app.ts';
import { InputError } from '../../src/errors.ts';
import { silentLogger } from '../../src/log.ts';
import { isLoopback, serve } from '../../src/server/serve.ts';

const FAST = { N: 1024, r: 8, p: 1 };
const started: { app: App; dir: string }[] = [];

async function app(env: Record<string, string> = {}): Promise<App> {
  const dir = await mkdtemp(join(tmpdir(), 'triage-serve-users-'));
  const created = await startApp({ env: { TRIAGE_DATA_DIR: dir, TRIAGE_LOG_LEVEL: 'silent', ...env }, log: silentLogger, scrypt: FAST });
  started.push({ app: created, dir });
  return created;
}

afterEach(async () => {
  for (const { app, dir } of started.splice(0)) {
    await app.stop();
    await rm(dir, { recursive: true, force: true });
  }
});

describe('serve beyond loopback', () => {
  it('knows loopback addresses', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1']) expect(isLoopback(host), host).toBe(true);
    for (const host of ['0.0.0.0', '::', '10.0.0.5', '192.168.1.2', 'triage.example.com', '128.0.0.1']) expect(isLoopback(host), host).toBe(false);
  });

  it('refuses 0.0.0.0 without an admin token or any enabled user, naming the fix', async () => {
    const a = await app();
    const error = (await serve(a, { host: '0.0.0.0', port: 0 }).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(/refusing to listen on 0\.0\.0\.0/);
    expect(error.message).toMatch(/TRIAGE_API_TOKEN/);
    expect(error.message).toMatch(/triage user add/);
    // A disabled user is no credential either.
    await a.users.service.create({ username: 'ann', role: 'agent' });
    await a.users.service.update('ann', { disabled: true });
    await expect(serve(a, { host: '0.0.0.0', port: 0 })).rejects.toThrow(/refusing to listen/);
  });

  it('listens beyond loopback once a user exists, or with the admin token, and on loopback always', async () => {
    const a = await app();
    const local = await serve(a, { host: '127.0.0.1', port: 0 });
    await local.close();
    await a.users.service.create({ username: 'root', role: 'admin' });
    const open = await serve(a, { host: '0.0.0.0', port: 0 });
    await open.close();
    const b = await app({ TRIAGE_API_TOKEN: 'an-admin-token-0123456789' });
    const withToken = await serve(b, { host: '0.0.0.0', port: 0 });
    await withToken.close();
  });
});
