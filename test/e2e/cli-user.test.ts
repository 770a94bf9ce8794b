/**
 * `triage user ...` as an admin runs it, in child processes sharing one TRIAGE_DATA_DIR; then the
 * same data opened in-process proves the passwords and tokens it printed work.
 */
import { spawn } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { startApp } from '../../src/app.ts';
import { silentLogger } from '../../src/log.ts';
import { BIN, createCli, ROOT, STACK_LINE, type CliResult } from './cli-helper.ts';

const cli = createCli('triage-e2e-user-');
afterAll(() => cli.cleanup());

const user = (args: string[]) => cli.run(['user', ...args]);

/** Runs the CLI with `input` on standard input (cli-helper's runs give it none). */
function withStdin(args: string[], input: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !/^(TRIAGE_|MONGODB_|VITEST|NODE_OPTIONS)/.test(k)) env[k] = v;
    Object.assign(env, { TRIAGE_DATA_DIR: cli.dataDir, TRIAGE_LOG_LEVEL: 'warn' });
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

function oneLineError(result: CliResult, pattern: RegExp): void {
  expect(result.code, result.stderr).toBe(2);
  expect(result.stderr).toMatch(pattern);
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
  expect(result.stderr).not.toMatch(STACK_LINE);
}

let annPassword = '';
let annToken = '';

describe('triage user', { timeout: 90_000 }, () => {
  it('adds a user with a generated password printed once, and refuses bad input with exit 2 storing nothing', async () => {
    const added = await user(['add', 'Ann', '--role', 'agent', '--team', 'finance', '--name', 'Ann Example', '--slack-user', 'U0ANN']);
    expect(added.code, added.stderr).toBe(0);
    annPassword = /^password: (\S+)$/m.exec(added.stdout)?.[1] ?? '';
    expect(annPassword.length).toBeGreaterThanOrEqual(24);
    expect(added.stderr).toMatch(/created user ann \(agent, teams finance\)/);

    oneLineError(await user(['add', 'ann', '--role', 'lead']), /username "ann" is taken/);
    oneLineError(await user(['add', 'bob', '--role', 'boss']), /--role must be one of agent, lead, admin/);
    oneLineError(await user(['add', 'bob', '--role', 'agent', '--team', 'sales']), /unknown team "sales"; the policy's teams are .*finance/);
    oneLineError(await user(['add', 'bob', '--role', 'agent', '--email', 'not-an-email']), /email: not an email address/);
    oneLineError(await withStdin(['user', 'add', 'bob', '--role', 'agent', '--password-stdin'], 'short\n'), /at least 10 characters/);

    const list = await user(['list', '--json']);
    expect(list.code, list.stderr).toBe(0);
    expect(cli.json(list).items.map((u: { username: string }) => u.username)).toEqual(['ann']);
  });

  it('takes a password from standard input and lists users as a table and as JSON without secrets', async () => {
    const added = await withStdin(['user', 'add', 'carol', '--role', 'admin', '--password-stdin'], 'a long admin passphrase\n');
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).not.toMatch(/password:/);
    const table = await user(['list']);
    expect(table.stdout).toMatch(/^ann\s+agent\s+enabled\s+finance\s+U0ANN/m);
    expect(table.stdout).toMatch(/^carol\s+admin\s+enabled/m);
    const json = await user(['list', '--json']);
    expect(json.stdout).not.toMatch(/scrypt|passwordHash/);
  });

  it('prints a personal token once; disable and enable answer exit 0, unknown users exit 2', async () => {
    const token = await user(['token', 'ann', '--label', 'ci']);
    expect(token.code, token.stderr).toBe(0);
    annToken = token.stdout.trim();
    expect(annToken).toMatch(/^trg_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    expect(token.stderr).toMatch(/shown once/);

    const disabled = await user(['disable', 'ann']);
    expect(disabled.code, disabled.stderr).toBe(0);
    expect(cli.json(await user(['list', '--json'])).items[0]).toMatchObject({ username: 'ann', disabled: true });
    expect((await user(['enable', 'ann'])).code).toBe(0);
    oneLineError(await user(['disable', 'ghost']), /no user "ghost"/);
    oneLineError(await user(['token', 'ghost']), /no user "ghost"/);
  });

  it('changes a password from standard input', async () => {
    const changed = await withStdin(['user', 'passwd', 'carol', '--password-stdin'], 'another long passphrase');
    expect(changed.code, changed.stderr).toBe(0);
    oneLineError(await withStdin(['user', 'passwd', 'carol', '--password-stdin'], 'tiny'), /at least 10 characters/);
  });

  it('what it printed works: the generated password signs in, the token resolves to the person', async () => {
    const app = await startApp({ env: { TRIAGE_DATA_DIR: cli.dataDir, TRIAGE_LOG_LEVEL: 'silent' }, log: silentLogger });
    try {
      const signed = await app.users.service.signIn({ username: 'ann', password: annPassword, ip: '127.0.0.1' });
      expect(signed.user).toMatchObject({ username: 'ann', name: 'Ann Example', slackUserId: 'U0ANN' });
      expect(await app.users.service.principalForToken(annToken)).toMatchObject({ username: 'ann', via: 'token' });
      await expect(app.users.service.signIn({ username: 'carol', password: 'another long passphrase', ip: '127.0.0.1' })).resolves.toBeTruthy();
    } finally {
      await app.stop();
    }
  });

  it('serve refuses to listen on 0.0.0.0 without any credential (exit 2, one line naming the fix)', async () => {
    const bare = createCli('triage-e2e-user-serve-');
    try {
      const res = await bare.run(['serve', '--host', '0.0.0.0', '--port', '0']);
      oneLineError(res, /refusing to listen on 0\.0\.0\.0 without any credential configured: set TRIAGE_API_TOKEN or create a user/);
      expect(res.stdout).not.toMatch(/listening/);
    } finally {
      bare.cleanup();
    }
  });
});
