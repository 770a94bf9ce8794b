/**
 * `triage oncall` on the example policy: engineering's weekly rotation (Monday 09:00 Berlin, an
 * Easter override), finance's London office hours and holidays, and the teams without a calendar.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createCli } from './cli-helper.ts';

const cli = createCli('triage-e2e-oncall-');
afterAll(() => cli.cleanup());

// Each run starts the CLI (a few seconds on a loaded machine): few runs, a generous timeout.
describe('triage oncall', { timeout: 120_000 }, () => {
  it('shows who is on call, until when, and whether each team is open', async () => {
    const result = await cli.run(['oncall', '--at', '2026-04-03T09:00Z']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        'at 2026-04-03T09:00:00.000Z',
        'engineering (Engineering on-call)  Europe/Berlin, Fri 3 Apr 11:00 +02:00',
        '  hours    open around the clock',
        '  on call  dev (override: Ana on leave) until Mon 6 Apr 09:00 +02:00, then ben',
        'finance (Billing and Finance)  Europe/London, Fri 3 Apr 10:00 +01:00',
        '  hours    closed (Good Friday); opens Tue 7 Apr 09:00 +01:00',
        '  on call  no on-call rotation',
        'without a calendar (open around the clock, no rotation): technical_support, customer_success, product, security_team, senior_support, general_support, management',
        '',
      ].join('\n'),
    );
  });

  it('reads a time without offset in the named team\'s zone, across a hand-over', async () => {
    const before = cli.json(await cli.run(['oncall', 'engineering', '--at', '2026-04-13 08:59', '--json']));
    expect(before.at).toBe('2026-04-13T06:59:00.000Z');
    expect(before.teams).toHaveLength(1);
    expect(before.teams[0]).toMatchObject({ team: 'engineering', timezone: 'Europe/Berlin', open: true, openUntil: null, onCall: { member: 'ben', source: 'rotation', until: '2026-04-13T07:00:00.000Z', next: 'chloe' } });
    const after = cli.json(await cli.run(['oncall', 'engineering', '--at', '2026-04-13 09:00', '--json']));
    expect(after.teams[0].onCall).toMatchObject({ member: 'chloe', until: '2026-04-20T07:00:00.000Z', next: 'ana' });
  });

  it('says until when an open team is open, and when a named team has no calendar', async () => {
    const finance = cli.json(await cli.run(['oncall', 'finance', '--at', '2026-04-07 16:00', '--json']));
    expect(finance.teams[0]).toMatchObject({ team: 'finance', open: true, openUntil: '2026-04-07T16:00:00.000Z', opensAt: null, closedFor: null, onCall: null });
    const result = await cli.run(['oncall', 'general_support', '--at', '2026-04-03T09:00Z']);
    expect(result.stdout).toContain('general_support (Support)\n  hours    no calendar: open around the clock\n  on call  no on-call rotation\n');
  });

  it('refuses an unknown team and a malformed time, naming the fix (exit 2)', async () => {
    const team = await cli.run(['oncall', 'enginering']);
    expect(team.code).toBe(2);
    expect(team.stderr).toMatch(/^triage: unknown team "enginering"; teams: engineering, /);
    const time = await cli.run(['oncall', '--at', 'next tuesday']);
    expect(time.code).toBe(2);
    expect(time.stderr).toMatch(/--at "next tuesday" is not a time; write e\.g\. "2026-04-03 10:00"/);
  });
});
