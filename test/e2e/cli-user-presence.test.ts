/**
 * `triage user presence USERNAME available|away|offline` in a child process; the stored user shows
 * it (through `user list --json`), and bad input is one line and exit 2 with nothing changed.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createCli, STACK_LINE } from './cli-helper.ts';

const cli = createCli('triage-e2e-presence-');
afterAll(() => cli.cleanup());

const user = (args: string[]) => cli.run(['user', ...args]);
const presenceOf = async (username: string) => {
  const list = await user(['list', '--json']);
  return (cli.json(list).items as { username: string; presence: string }[]).find((u) => u.username === username)?.presence;
};

describe('triage user presence', { timeout: 90_000 }, () => {
  it('sets presence, and refuses an unknown value or user with one line and exit 2', async () => {
    expect((await user(['add', 'ann', '--role', 'agent', '--team', 'finance'])).code).toBe(0);
    expect(await presenceOf('ann')).toBe('available');

    const away = await user(['presence', 'ann', 'away']);
    expect(away.code, away.stderr).toBe(0);
    expect(away.stderr).toMatch(/ann is away: automatic assignment passes them over/);
    expect(await presenceOf('ann')).toBe('away');
    expect((await user(['list'])).stdout).toMatch(/^ann\s+agent\s+enabled\s+finance\s+-\s+away\s+0 token\(s\)/m);

    for (const [args, pattern] of [
      [['presence', 'ann', 'busy'], /presence: one of available, away, offline/],
      [['presence', 'nobody', 'away'], /no user "nobody"/],
    ] as const) {
      const result = await user([...args]);
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toMatch(pattern);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).not.toMatch(STACK_LINE);
    }
    expect(await presenceOf('ann')).toBe('away');
  });
});
