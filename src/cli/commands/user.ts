/**
 * `triage user add|list|disable|enable|passwd|presence|token`: people and their credentials from the terminal,
 * which is how the first admin is made. Passwords come from standard input (never the command line,
 * where `ps` and shell history would keep them); without one a strong password is generated and
 * printed once. Bad input is one line on stderr and exit code 2, with nothing stored.
 */
import type { Command } from 'commander';
import { InputError } from '../../errors.ts';
import { ROLES, type Role } from '../../server/principal.ts';
import { checkPassword, generatePassword } from '../../users/password.ts';
import { PRESENCES, UserNotFoundError, type PublicUser, type UserService } from '../../users/types.ts';
import { printJson, withApp } from '../run.ts';

/** Runs `action` with the user service; unknown users are user errors. */
function withUsers(action: (users: UserService) => Promise<void>): Promise<void> {
  return withApp(async (app) => {
    try {
      await action(app.users.service);
    } catch (error) {
      if (error instanceof UserNotFoundError) throw new InputError(error.message, [], { cause: error });
      throw error;
    }
  });
}

/** The whole of standard input, less one trailing newline; refuses a terminal (the password would echo). */
export async function readPasswordFromStdin(): Promise<string> {
  if (process.stdin.isTTY) throw new InputError('--password-stdin reads the password from a pipe, e.g. `printf %s "$PASSWORD" | triage user ...`');
  let text = '';
  process.stdin.setEncoding('utf8');
  for await (const chunk of process.stdin) text += chunk as string;
  return checkPassword(text.replace(/\r?\n$/, ''));
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, ...value.split(',').map((t) => t.trim()).filter(Boolean)];
}

function row(user: PublicUser): string {
  return [
    user.username.padEnd(16),
    user.role.padEnd(6),
    (user.disabled ? 'disabled' : 'enabled').padEnd(9),
    (user.teams.join(',') || '-').padEnd(24),
    (user.slackUserId ?? '-').padEnd(12),
    user.presence.padEnd(9),
    `${user.tokens.length} token(s)`.padEnd(11),
    user.name,
  ].join('  ');
}

async function setDisabled(users: UserService, username: string, disabled: boolean): Promise<void> {
  const user = await users.update(username, { disabled });
  process.stderr.write(`user ${user.username} ${disabled ? 'disabled: their sessions and tokens stop working now' : 'enabled'}\n`);
}

export function registerUserCommands(program: Command): void {
  const user = program.command('user').description('people who work the inbox: add, list, disable, passwords and API tokens');

  user
    .command('add <username>')
    .description('create a user; prints a generated password once unless --password-stdin')
    .requiredOption('--role <role>', ROLES.join(' | '))
    .option('--team <team>', 'a team id from the policy (repeatable, or comma-separated)', collect, [])
    .option('--name <name>', 'display name (the username by default)')
    .option('--email <email>', 'email address')
    .option('--slack-user <id>', 'Slack user id (U012AB3CD): their Claim button presses act as this user')
    .option('--password-stdin', 'read the password from standard input')
    .option('--json', 'print { user, password? } as JSON')
    .action((username: string, opts: { role: string; team: string[]; name?: string; email?: string; slackUser?: string; passwordStdin?: boolean; json?: boolean }) =>
      withUsers(async (users) => {
        if (!(ROLES as readonly string[]).includes(opts.role)) throw new InputError(`--role must be one of ${ROLES.join(', ')}, not "${opts.role}"`);
        const password = opts.passwordStdin ? await readPasswordFromStdin() : generatePassword();
        const created = await users.create({
          username,
          role: opts.role as Role,
          teams: opts.team,
          password,
          ...(opts.name !== undefined ? { name: opts.name } : {}),
          ...(opts.email !== undefined ? { email: opts.email } : {}),
          ...(opts.slackUser !== undefined ? { slackUserId: opts.slackUser } : {}),
        });
        const generated = opts.passwordStdin ? undefined : password;
        if (opts.json) return printJson({ user: created, ...(generated ? { password: generated } : {}) });
        process.stderr.write(`created user ${created.username} (${created.role}${created.teams.length ? `, teams ${created.teams.join(', ')}` : ''})\n`);
        if (generated) process.stdout.write(`password: ${generated}\n(shown once; change it with \`triage user passwd ${created.username} --password-stdin\`)\n`);
      }),
    );

  user
    .command('list')
    .description('every user, enabled or not')
    .option('--json', 'print { items, total } as JSON')
    .action((opts: { json?: boolean }) =>
      withUsers(async (users) => {
        const items = await users.list({ includeDisabled: true });
        if (opts.json) return printJson({ items, total: items.length });
        for (const item of items) process.stdout.write(`${row(item)}\n`);
        process.stderr.write(`${items.length} user(s)\n`);
      }),
    );

  user
    .command('disable <username>')
    .description('stop a user: their sessions end and their tokens stop working at once')
    .action((username: string) => withUsers((users) => setDisabled(users, username, true)));

  user
    .command('enable <username>')
    .description('let a disabled user sign in again')
    .action((username: string) => withUsers((users) => setDisabled(users, username, false)));

  user
    .command('passwd <username>')
    .description('set a password (read from standard input); the user\'s sessions end')
    .requiredOption('--password-stdin', 'read the password from standard input')
    .action((username: string) =>
      withUsers(async (users) => {
        const password = await readPasswordFromStdin();
        const updated = await users.setPassword(username, password);
        process.stderr.write(`password of ${updated.username} changed; their sessions ended\n`);
      }),
    );

  user
    .command('presence <username> <presence>')
    .description(`whether automatic assignment offers them new tasks: ${PRESENCES.join(' | ')}`)
    .action((username: string, presence: string) =>
      withUsers(async (users) => {
        const updated = await users.setPresence(username, presence);
        process.stderr.write(`${updated.username} is ${updated.presence}${updated.presence === 'available' ? ' (outside their team\'s hours they still count as away)' : ': automatic assignment passes them over'}\n`);
      }),
    );

  user
    .command('token <username>')
    .description('create a personal API token; it is printed once')
    .option('--label <label>', 'what the token is for', 'cli')
    .action((username: string, opts: { label: string }) =>
      withUsers(async (users) => {
        const { token, record } = await users.createToken(username, opts.label);
        process.stdout.write(`${token}\n`);
        process.stderr.write(`token ${record.id} (${record.label}) for ${username}: shown once; send it as Authorization: Bearer <token>\n`);
      }),
    );
}
