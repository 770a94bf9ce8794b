/**
 * `triage analytics` as a user runs it: the four seed tickets submitted with `triage task new`, then
 * the analytics printed as a table and as JSON. The JSON must be what the analytics page shows for
 * the same store and period: a server is built over the CLI's data directory after the CLI has exited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp } from '../../src/app.ts';
import { silentLogger } from '../../src/log.ts';
import type { Analytics } from '../../src/reports/analytics.ts';
import { buildServer } from '../../src/server/app.ts';
import { createCli, STACK_LINE } from './cli-helper.ts';

const cli = createCli('triage-e2e-analytics-');
const SEEDS = ['enterprise-critical', 'complex-technical', 'frustrated-repeat', 'standard-password-reset'];
const DAY = 86_400_000;
const since = new Date(Date.now() - DAY).toISOString().slice(0, 10);
const until = new Date(Date.now() + 2 * DAY).toISOString().slice(0, 10);
let json: Analytics;

beforeAll(async () => {
  for (const name of SEEDS) {
    const res = await cli.run(['task', 'new', '-f', `fixtures/tickets/${name}.json`]);
    expect(res.code, res.stderr).toBe(0);
  }
  const res = await cli.run(['analytics', '--since', since, '--until', until, '--json']);
  expect(res.code, res.stderr).toBe(0);
  json = cli.json<Analytics>(res);
}, 120_000);
afterAll(() => cli.cleanup());

describe('triage analytics', () => {
  it('--json prints the analytics object for the seeds', () => {
    expect(json.period).toEqual({ since: `${since}T00:00:00.000Z`, until: `${until}T00:00:00.000Z`, label: `${since} .. ${until}` });
    expect(json.tickets.total).toBe(4);
    expect(json.escalations.total).toBe(3);
    expect(json.escalations.byTeam.map((t) => t.key).sort()).toEqual(['engineering', 'finance', 'technical_support']);
    expect(json.automation.shareWithoutPerson).toBe(0.25);
    expect(json.humanTasks.total).toBe(3);
  });

  it('--json equals the figures the analytics page shows for the same store and period', async () => {
    const app = await startApp({ env: { TRIAGE_DATA_DIR: cli.dataDir, TRIAGE_LOG_LEVEL: 'silent', TRIAGE_API_TOKEN: 'cli-analytics-token-0123456789' }, log: silentLogger });
    try {
      const server = buildServer({ app, humanTasks: app.humanTasks.service });
      const res = await server.inject({ method: 'GET', url: `/ui/analytics?since=${since}&until=${until}`, headers: { authorization: 'Bearer cli-analytics-token-0123456789' } });
      expect(res.statusCode).toBe(200);
      const shown = [...res.body.matchAll(/data-measure="([^"]+)"(?: data-key="([^"]*)")? data-value="([^"]*)"/g)];
      expect(shown.length).toBeGreaterThan(40);
      for (const [, measure, key, value] of shown) {
        const parts = measure!.split('.');
        let at: any = json;
        if (parts[0] === 'model' && parts[1] === 'byStep') at = json.model.byStep.find((s) => s.step === key)?.[parts[2] as 'calls'];
        else {
          for (const p of parts) at = at[p];
          if (key !== undefined) at = at.find((c: { key: string }) => c.key === key)?.count;
        }
        expect(value === '' ? null : Number(value), `${measure} ${key ?? ''}`).toBe(at ?? null);
      }
      await server.close();
    } finally {
      await app.stop();
    }
  });

  it('prints a readable table by default', async () => {
    const res = await cli.run(['analytics', '--since', since, '--until', until]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/^Summary$/m);
    expect(res.stdout).toMatch(/^ {2}tickets\s+4$/m);
    expect(res.stdout).toMatch(/^ {2}handled without a person\s+25% \(1 of 4\)$/m);
    expect(res.stdout).toMatch(/^Escalations by team\n(?: {2}.+\n){3}/m);
    expect(res.stdout).toMatch(/^ {2}finance\s+1\s+33\.3%$/m);
    expect(res.stdout).toMatch(/^ {2}to handoff\s+\d+(?:\.\d)? (?:ms|s) \/ /m);
  });

  it('the default period is the last 7 days', async () => {
    const res = await cli.run(['analytics', '--json']);
    expect(res.code, res.stderr).toBe(0);
    const a = cli.json<Analytics>(res);
    expect(a.period.label).toBe('7d');
    expect(Date.parse(a.period.until) - Date.parse(a.period.since)).toBe(7 * DAY);
    expect(a.tickets.total).toBe(4);
  });

  it.each([['--since', 'lastweek'], ['--since', '2026-02-30'], ['--until', 'soon']])('refuses %s %s with exit 2 and one line', async (option, value) => {
    const res = await cli.run(['analytics', option, value]);
    expect(res.code).toBe(2);
    expect(res.stdout).toBe('');
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
    expect(res.stderr).toMatch(new RegExp(`^triage: ${option} must be`));
    expect(res.stderr).not.toMatch(STACK_LINE);
  });
});
