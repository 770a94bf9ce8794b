/**
 * `triage analytics [--since 7d] [--until ISO] [--json]`: the same figures as the analytics page,
 * computed by the same function (src/reports/analytics.ts); `--json` prints exactly the object the
 * page renders.
 */
import type { Command } from 'commander';
import { buildAnalytics } from '../../reports/analytics.ts';
import { renderAnalyticsText } from '../../reports/analytics-text.ts';
import { parsePeriod } from '../../reports/analytics-period.ts';
import { guarded, printJson, withApp } from '../run.ts';

const NAMES = { since: '--since', until: '--until' };

export function registerAnalyticsCommand(program: Command): void {
  program
    .command('analytics')
    .description('tickets, escalations, times, SLA, satisfaction, model usage and failures over a period')
    .option('--since <when>', 'start: 24h, 7d, 30d, 2w back from now, or an ISO date (2026-11-01)', '7d')
    .option('--until <when>', 'end (not included): an ISO date or a duration back from now; default now')
    .option('--json', 'print the analytics object as JSON (what the page renders)')
    .action((opts: { since: string; until?: string; json?: boolean }) =>
      guarded(async () => {
        const query = { since: opts.since, until: opts.until };
        // A bad period is refused before the store is opened: the one-line error comes at once.
        parsePeriod(query, new Date(), NAMES);
        await withApp(async (app) => {
          const analytics = await buildAnalytics({ store: app.store, humanTasks: app.humanTasks.service }, query, new Date(), NAMES);
          if (opts.json) printJson(analytics);
          else process.stdout.write(`${renderAnalyticsText(analytics)}\n`);
        });
      }),
    );
}
