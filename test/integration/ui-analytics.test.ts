/**
 * The analytics page and its CSV against a real app: the four seed tickets arrive through the webhook,
 * run through the pipeline, one human task is resolved through the service; the page's figures
 * (data-measure hooks) must equal the analytics object for the same period, and that object must hold
 * the counts the seeds imply.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAnalytics, type Analytics } from '../../src/reports/analytics.ts';
import { analyticsCsv } from '../../src/reports/analytics-csv.ts';
import { api, hook, STACK_LINE, startServerHarness, type ServerHarness } from './server-harness.ts';

const SEEDS = ['enterprise-critical', 'complex-technical', 'frustrated-repeat', 'standard-password-reset'];
const DAY = 86_400_000;

let h: ServerHarness;
const taskIds: Record<string, string> = {};
/** A fixed period around now, so the page and the direct call cover the same instants. */
let period: { since: string; until: string };

const get = (url: string, headers: Record<string, string> = api) => h.server.inject({ method: 'GET', url, headers });
const analytics = (query: { since?: string; until?: string }) => buildAnalytics({ store: h.app.store, humanTasks: h.human.service }, query, new Date());

beforeAll(async () => {
  h = await startServerHarness();
  for (const name of SEEDS) {
    const ticket = JSON.parse(readFileSync(new URL(`../../fixtures/tickets/${name}.json`, import.meta.url), 'utf8'));
    const res = await h.server.inject({ method: 'POST', url: '/webhooks/tickets', headers: hook, payload: ticket });
    expect(res.statusCode).toBe(202);
    taskIds[name] = res.json().taskId;
  }
  for (const id of Object.values(taskIds)) await h.app.engine.process(id);
  // A person resolves the finance escalation; the pipeline resumes from it.
  const [finance] = (await h.human.service.list({ taskId: taskIds['frustrated-repeat']! })).items;
  await h.human.service.claim(finance!._id, 'fin-agent');
  await h.human.service.resolve(finance!._id, { respondedBy: 'fin-agent', decision: 'resolved', notes: 'refund issued' });
  await h.app.engine.process(taskIds['frustrated-repeat']!);
  const today = new Date();
  period = { since: new Date(today.getTime() - DAY).toISOString().slice(0, 10), until: new Date(today.getTime() + 2 * DAY).toISOString().slice(0, 10) };
}, 120_000);
afterAll(() => h.close());

/** Every figure on the page: `data-measure` path, optional `data-key`, raw `data-value`. */
function figures(page: string): { measure: string; key: string | null; value: string }[] {
  const out: { measure: string; key: string | null; value: string }[] = [];
  for (const m of page.matchAll(/data-measure="([^"]+)"(?: data-key="([^"]*)")? data-value="([^"]*)"/g)) out.push({ measure: m[1]!, key: m[2] ?? null, value: m[3]! });
  return out;
}

/** The JSON value a page figure stands for: a path, and for dimension lists the entry with that key. */
function valueAt(a: Analytics, measure: string, key: string | null): unknown {
  const parts = measure.split('.');
  if (key !== null && parts[0] === 'model' && parts[1] === 'byStep') {
    return (a.model.byStep.find((s) => s.step === key) as Record<string, unknown> | undefined)?.[parts[2]!];
  }
  let at: unknown = a;
  for (const p of parts) at = (at as Record<string, unknown>)[p];
  if (key !== null) return (at as { key: string; count: number }[]).find((c) => c.key === key)?.count;
  return at;
}

describe('analytics over the four seed tickets', () => {
  it('counts tickets, escalations by team, trigger and decision, people and times', async () => {
    const a = await analytics(period);
    expect(a.tickets.total).toBe(4);
    expect(a.tickets.perDay.reduce((n, d) => n + d.count, 0)).toBe(4);
    expect(a.escalations.total).toBe(3);
    expect(a.escalations.byTeam).toEqual([{ key: 'engineering', count: 1 }, { key: 'finance', count: 1 }, { key: 'technical_support', count: 1 }]);
    expect(a.escalations.byTrigger.reduce((n, t) => n + t.count, 0)).toBe(3);
    expect(a.escalations.byDecision.find((d) => d.key === 'no_escalation')?.count).toBe(1);
    expect(a.automation).toEqual({ withoutPerson: 1, withPerson: 3, failedUnattended: 0, shareWithoutPerson: 0.25 });
    expect(a.humanTasks).toEqual({ total: 3, open: 2, completed: 1, closedOther: 0 });
    expect(a.times.toHandoff.count).toBe(3);
    expect(a.times.toClaim.count).toBe(1);
    expect(a.times.toResolution.count).toBe(1);
    expect(a.times.toResolution.p50Ms).toBeGreaterThanOrEqual(0);
    // Resolved well within its SLA, nothing overdue yet.
    expect(a.sla).toMatchObject({ met: 1, measured: 1, attainment: 1, breaches: 0, overdueOpen: 0 });
    expect(a.model.calls).toBe(0);
    expect(a.reliability.ticketsWithFailure).toBe(0);
  });

  it('the page shows exactly those figures, with a labelled period form, cards, charts and tables', async () => {
    const a = await analytics(period);
    const res = await get(`/ui/analytics?since=${period.since}&until=${period.until}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    const page = res.body;
    const found = figures(page);
    expect(found.length).toBeGreaterThan(40);
    for (const f of found) {
      const expected = valueAt(a, f.measure, f.key);
      expect({ ...f, value: f.value === '' ? null : Number(f.value) }, `${f.measure} ${f.key ?? ''}`).toEqual({ ...f, value: expected ?? null });
    }
    // The seeds' figures are all there, not just consistent.
    expect(found).toContainEqual({ measure: 'tickets.total', key: null, value: '4' });
    expect(found).toContainEqual({ measure: 'escalations.byTeam', key: 'finance', value: '1' });
    expect(found).toContainEqual({ measure: 'automation.shareWithoutPerson', key: null, value: '0.25' });
    expect(page).toMatch(/<label for="period-since">[^<]+<\/label><select id="period-since" name="since">/);
    expect(page).toMatch(/<svg class="chart-svg"[^>]*role="img" aria-labelledby="per-day-title"/);
    expect(page).toMatch(/<caption>Escalations by team<\/caption>/);
    expect(page).toMatch(/<caption>Times \(nearest-rank percentiles\)<\/caption>/);
    expect(page).not.toMatch(/<script(?![^>]*(?:src="\/ui\/assets\/|type="application\/json"))/);
    expect(page).not.toMatch(/\sstyle=|\son[a-z]+=/i);
  });

  it('the CSV is the same figures, one row each, as an attachment', async () => {
    const res = await get(`/ui/analytics.csv?since=${period.since}&until=${period.until}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="triage-analytics-[0-9T-]+-[0-9T-]+\.csv"$/);
    const withoutStamp = (csv: string) => csv.split('\r\n').filter((line) => !line.startsWith('period,generatedAt,'));
    expect(withoutStamp(res.body)).toEqual(withoutStamp(analyticsCsv(await analytics(period))));
    expect(res.body).toContain('escalations,byTeam,technical_support,1,count\r\n');
    expect(res.body).toContain('tickets,total,,4,count\r\n');
  });

  it('filters by creation time: an older ticket is in 30d but not in 7d; a past window is empty', async () => {
    const old = new Date(Date.now() - 10 * DAY);
    await h.app.store.create({ data: { support: { ticket: { id: 'OLD-1', subject: 'old' } } }, source: { kind: 'api', externalId: 'OLD-1' }, now: old });
    expect((await analytics({ since: '7d' })).tickets.total).toBe(4);
    expect((await analytics({ since: '30d' })).tickets.total).toBe(5);
    const week = figures((await get('/ui/analytics?since=7d')).body);
    expect(week).toContainEqual({ measure: 'tickets.total', key: null, value: '4' });
    const month = figures((await get('/ui/analytics?since=30d')).body);
    expect(month).toContainEqual({ measure: 'tickets.total', key: null, value: '5' });
    expect(month).toContainEqual({ measure: 'tickets.perDay', key: old.toISOString().slice(0, 10), value: '1' });
    const past = figures((await get('/ui/analytics?from=2025-01-01&until=2025-02-01')).body);
    expect(past).toContainEqual({ measure: 'tickets.total', key: null, value: '0' });
  });

  it('answers a bad period with a 400 page naming the problem, and sends a visitor without credentials to sign in', async () => {
    const bad = await get('/ui/analytics?since=fortnight');
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toMatch(/^text\/html/);
    expect(bad.body).toContain('since must be a duration back from now');
    expect(bad.body).not.toMatch(STACK_LINE);
    expect((await get('/ui/analytics.csv?since=2020-01-01&until=2019-01-01')).statusCode).toBe(400);
    const anonymous = await h.server.inject({ method: 'GET', url: '/ui/analytics?since=7d' });
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toMatch(/^\/ui\/login\?next=/);
    expect((await h.server.inject({ method: 'GET', url: '/ui/analytics.csv' })).statusCode).toBe(303);
  });
});
