/**
 * The analytics as a terminal table for `triage analytics` (without --json): the same figures as the
 * page, formatted the same way (format.ts).
 */
import type { Analytics, Count } from './analytics-types.ts';
import { formatCount, formatDuration, formatShare } from './format.ts';

function table(title: string, rows: readonly [string, string][]): string {
  if (rows.length === 0) return `${title}\n  (none)`;
  const width = Math.max(...rows.map(([k]) => k.length));
  return [title, ...rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`)].join('\n');
}

function countRows(rows: readonly Count[], total: number): [string, string][] {
  return rows.map((r) => [r.key, `${formatCount(r.count).padStart(6)}  ${formatShare(total ? r.count / total : null)}`]);
}

export function renderAnalyticsText(a: Analytics): string {
  const t = a.tickets.total;
  const sections = [
    `Analytics for tickets created ${a.period.since} .. ${a.period.until} (${a.period.label}), every team`,
    table('Summary', [
      ['tickets', formatCount(t)],
      ['handled without a person', `${formatShare(a.automation.shareWithoutPerson)} (${a.automation.withoutPerson} of ${t})`],
      ['with a person', formatCount(a.automation.withPerson)],
      ['failed, nobody asked', formatCount(a.automation.failedUnattended)],
      ['escalated', formatCount(a.escalations.total)],
      ['SLA attainment', `${formatShare(a.sla.attainment)} (${a.sla.met} of ${a.sla.measured})`],
      ['satisfaction', a.satisfaction.average === null ? '—' : `${a.satisfaction.average} / 5 (${a.satisfaction.answered} answers, ${a.satisfaction.surveysSent} surveys)`],
    ]),
    table('Tickets per day (UTC)', a.tickets.perDay.map((d) => [d.key, formatCount(d.count)])),
    table('Tickets by state', countRows(a.tickets.byState, t)),
    table('Escalations by team', countRows(a.escalations.byTeam, a.escalations.total)),
    table('Escalations by trigger', countRows(a.escalations.byTrigger, a.escalations.total)),
    table('Decisions', countRows(a.escalations.byDecision, t)),
    table('Times (p50 / p90, samples)', [
      ['to handoff', `${formatDuration(a.times.toHandoff.p50Ms)} / ${formatDuration(a.times.toHandoff.p90Ms)}  (${a.times.toHandoff.count})`],
      ['to claim', `${formatDuration(a.times.toClaim.p50Ms)} / ${formatDuration(a.times.toClaim.p90Ms)}  (${a.times.toClaim.count})`],
      ['to resolution', `${formatDuration(a.times.toResolution.p50Ms)} / ${formatDuration(a.times.toResolution.p90Ms)}  (${a.times.toResolution.count})`],
    ]),
    table('Human tasks and SLA', [
      ['opened', formatCount(a.humanTasks.total)],
      ['open now', formatCount(a.humanTasks.open)],
      ['completed', formatCount(a.humanTasks.completed)],
      ['expired or cancelled', formatCount(a.humanTasks.closedOther)],
      ['SLA breach events', formatCount(a.sla.breaches)],
      ['breached tasks', formatCount(a.sla.breachedTasks)],
      ['open past due now', formatCount(a.sla.overdueOpen)],
      ['SLA warnings', formatCount(a.sla.warnings)],
    ]),
    table('Model', [
      ['calls', `${formatCount(a.model.calls)} (${a.model.callsPerTicket ?? '—'} per ticket)`],
      ['tokens', `${formatCount(a.model.totalTokens)} (${formatCount(a.model.promptTokens)} prompt, ${formatCount(a.model.completionTokens)} completion)`],
      ...a.model.byStep.map((s): [string, string] => [`  ${s.step}`, `${formatCount(s.calls)} calls, ${formatCount(s.promptTokens + s.completionTokens)} tokens`]),
    ]),
    table('Fallbacks and failures', [
      ['model fallbacks', formatCount(a.reliability.modelFallbacks)],
      ['step runs that fell back', formatCount(a.reliability.fallbackRuns)],
      ['tickets with a fallback', formatCount(a.reliability.ticketsWithFallback)],
      ['failed tickets', formatCount(a.reliability.failedTickets)],
      ['failed step runs', formatCount(a.reliability.failedRuns)],
      ['retried step runs', formatCount(a.reliability.retriedRuns)],
      ['failed effects', formatCount(a.reliability.failedEffects)],
      ['tickets with a failure', formatCount(a.reliability.ticketsWithFailure)],
    ]),
  ];
  return sections.join('\n\n');
}
