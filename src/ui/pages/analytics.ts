/**
 * `GET /ui/analytics?since=7d[&from=DATE][&until=DATE]`: the analytics page, and
 * `GET /ui/analytics.csv` with the same query: the same figures as a download.
 *
 * Who sees what: analytics are aggregates (counts, times, shares; no ticket text, no customer data),
 * so every signed-in principal sees the figures of every team. An agent's team scoping applies to
 * tickets and human tasks (the inbox, ticket and report pages), not to these totals.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { RouteContext } from '../../server/app.ts';
import { HttpError } from '../../server/errors.ts';
import { csrfToken, pageAuthHook, principalOf } from '../../server/principal.ts';
import { buildAnalytics, type Analytics } from '../../reports/analytics.ts';
import { analyticsCsv } from '../../reports/analytics-csv.ts';
import { renderAnalyticsBody } from '../../reports/analytics-page.ts';
import { DEFAULT_SINCE } from '../../reports/analytics-period.ts';
import { layout } from '../layout.ts';

interface PeriodQuery {
  since?: string;
  from?: string;
  until?: string;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value.slice(0, 64) : '';
}

/** The form's values, and the query `buildAnalytics` reads: a `from` date overrides the preset period. */
function periodOf(query: PeriodQuery): { form: { since: string; from: string; until: string }; since: string; until: string } {
  const since = text(query.since) || DEFAULT_SINCE;
  const from = text(query.from);
  const until = text(query.until);
  return { form: { since, from, until }, since: from || since, until };
}

async function analyticsFor(request: FastifyRequest<{ Querystring: PeriodQuery }>, context: RouteContext): Promise<{ analytics: Analytics; period: ReturnType<typeof periodOf> }> {
  if (!context.humanTasks) throw new HttpError(503, 'the human task inbox is not running in this server; analytics need it');
  const period = periodOf(request.query ?? {});
  const analytics = await buildAnalytics({ store: context.app.store, humanTasks: context.humanTasks }, { since: period.since, until: period.until }, context.now());
  return { analytics, period };
}

function queryString(period: ReturnType<typeof periodOf>): string {
  const q = new URLSearchParams({ since: period.form.since });
  if (period.form.from) q.set('from', period.form.from);
  if (period.form.until) q.set('until', period.form.until);
  return q.toString();
}

function fileStamp(iso: string): string {
  return iso.slice(0, 16).replace(/[^0-9T]/g, '').replace('T', '-');
}

export function registerAnalyticsPages(scope: FastifyInstance, context: RouteContext): void {
  const onRequest = pageAuthHook(context);

  scope.get<{ Querystring: PeriodQuery }>('/ui/analytics', { onRequest }, async (request, reply) => {
    const { analytics, period } = await analyticsFor(request, context);
    const page = layout({
      title: 'Analytics',
      principal: principalOf(request),
      csrf: csrfToken(request),
      current: 'analytics',
      // Server-drawn SVG charts need no script; charts.js only keeps the period form honest.
      scripts: ['charts.js'],
      body: renderAnalyticsBody(analytics, { form: period.form, query: queryString(period) }),
    });
    return reply.type('text/html; charset=utf-8').send(page.value);
  });

  scope.get<{ Querystring: PeriodQuery }>('/ui/analytics.csv', { onRequest }, async (request, reply) => {
    const { analytics } = await analyticsFor(request, context);
    const name = `triage-analytics-${fileStamp(analytics.period.since)}-${fileStamp(analytics.period.until)}.csv`;
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${name}"`)
      .header('cache-control', 'no-store')
      .send(analyticsCsv(analytics));
  });
}
