/**
 * The analytics page body: period form, figures as cards and tables, and charts (inline SVG from
 * charts.ts) each followed by a table of its numbers. Every figure carries `data-measure` (its path in
 * the analytics JSON), `data-value` (the raw number) and, in dimension tables, `data-key`, so a browser
 * test can compare the page with `triage analytics --json` without parsing formatted text.
 */
import { html, type Html } from '../ui/html.ts';
import type { Analytics, Count, Percentiles } from './analytics-types.ts';
import { barChart, columnChart } from './charts.ts';
import { formatCount, formatDuration, formatShare } from './format.ts';

export const PERIOD_PRESETS = [
  { value: '24h', label: 'Last 24 hours' },
  { value: '7d', label: 'Last 7 days' },
  { value: '30d', label: 'Last 30 days' },
  { value: '90d', label: 'Last 90 days' },
] as const;

export interface AnalyticsPageInput {
  /** What the form shows as chosen. */
  form: { since: string; from: string; until: string };
  /** Query string (without `?`) for the CSV link: the same period as the page. */
  query: string;
}

type Raw = number | null;

function cell(measure: string, value: Raw, display: string, key?: string): Html {
  return html`<td data-measure="${measure}"${key !== undefined ? html` data-key="${key}"` : ''} data-value="${value === null ? '' : String(value)}">${display}</td>`;
}

function card(title: string, measure: string, value: Raw, display: string, note?: string): Html {
  return html`<div class="panel card"><h3>${title}</h3><p class="figure" data-measure="${measure}" data-value="${value === null ? '' : String(value)}">${display}</p>${note ? html`<p class="muted">${note}</p>` : ''}</div>`;
}

function countTable(caption: string, measure: string, rows: readonly Count[], keyHeading: string, total?: number): Html {
  if (rows.length === 0) return html`<p class="muted">${caption}: none in this period.</p>`;
  return html`<div class="table-wrap" tabindex="0"><table class="responsive"><caption>${caption}</caption>
<thead><tr><th scope="col">${keyHeading}</th><th scope="col">Tickets</th>${total !== undefined ? html`<th scope="col">Share</th>` : ''}</tr></thead>
<tbody>${rows.map((r) => html`<tr><th scope="row" data-label="${keyHeading}">${r.key}</th>${cell(measure, r.count, formatCount(r.count), r.key)}${total !== undefined ? html`<td data-label="Share">${formatShare(total ? r.count / total : null)}</td>` : ''}</tr>`)}</tbody></table></div>`;
}

function countFigure(id: string, caption: string, measure: string, rows: readonly Count[], keyHeading: string, total?: number): Html {
  return html`<figure class="panel chart-figure" aria-labelledby="${id}-cap"><figcaption id="${id}-cap"><h3>${caption}</h3></figcaption>
${barChart(rows.map((r) => ({ label: r.key, values: [r.count] })), { id, title: `${caption}, as bars; the numbers are in the table below` })}
${countTable(caption, measure, rows, keyHeading, total)}</figure>`;
}

const TIMES: { key: keyof Analytics['times']; label: string; from: string }[] = [
  { key: 'toHandoff', label: 'Time to handoff', from: 'ticket created → handed to a team' },
  { key: 'toClaim', label: 'Time to claim', from: 'human task created → first claimed' },
  { key: 'toResolution', label: 'Time to resolution', from: 'human task created → resolved' },
];

function timesFigure(times: Analytics['times']): Html {
  const rows = TIMES.map((t) => ({ ...t, p: times[t.key] as Percentiles }));
  return html`<figure class="panel chart-figure" aria-labelledby="times-cap"><figcaption id="times-cap"><h3>Times to handoff, claim and resolution (p50 and p90)</h3></figcaption>
${barChart(rows.map((r) => ({ label: r.label, values: [r.p.p50Ms, r.p.p90Ms], display: [formatDuration(r.p.p50Ms), formatDuration(r.p.p90Ms)] })), { id: 'times', title: 'Median and 90th percentile times, as bars; the numbers are in the table below', series: ['p50', 'p90'] })}
<div class="table-wrap" tabindex="0"><table class="responsive"><caption>Times (nearest-rank percentiles)</caption>
<thead><tr><th scope="col">Measure</th><th scope="col">From → to</th><th scope="col">Samples</th><th scope="col">p50</th><th scope="col">p90</th></tr></thead>
<tbody>${rows.map((r) => html`<tr><th scope="row" data-label="Measure">${r.label}</th><td data-label="From → to">${r.from}</td>${cell(`times.${r.key}.count`, r.p.count, formatCount(r.p.count))}${cell(`times.${r.key}.p50Ms`, r.p.p50Ms, formatDuration(r.p.p50Ms))}${cell(`times.${r.key}.p90Ms`, r.p.p90Ms, formatDuration(r.p.p90Ms))}</tr>`)}</tbody></table></div></figure>`;
}

function periodForm(input: AnalyticsPageInput): Html {
  const { since, from, until } = input.form;
  const presets = PERIOD_PRESETS.some((p) => p.value === since) || from ? PERIOD_PRESETS : [...PERIOD_PRESETS, { value: since, label: since }];
  return html`<form method="get" action="/ui/analytics" class="panel filters" aria-label="Period" data-period-form>
<div><label for="period-since">Period</label><select id="period-since" name="since">${presets.map((p) => html`<option value="${p.value}"${p.value === since && !from ? html` selected` : ''}>${p.label}</option>`)}</select></div>
<div><label for="period-from">Or from (UTC date)</label><input type="date" id="period-from" name="from" value="${from}"></div>
<div><label for="period-until">Until (UTC date, not included; empty: now)</label><input type="date" id="period-until" name="until" value="${until}"></div>
<div><button type="submit">Show</button></div>
<div><a class="button secondary" href="/ui/analytics.csv?${input.query}" download>Download CSV</a></div>
</form>`;
}

function kvRow(label: string, measure: string, value: Raw, display: string): Html {
  return html`<tr><th scope="row">${label}</th>${cell(measure, value, display)}</tr>`;
}

/** The page body (inside the layout's main landmark). */
export function renderAnalyticsBody(a: Analytics, input: AnalyticsPageInput): Html {
  const t = a.tickets.total;
  const perDayTable = html`<details><summary>Tickets per day as a table</summary><div class="table-wrap" tabindex="0"><table class="responsive"><caption>Tickets per day (UTC)</caption><thead><tr><th scope="col">Day</th><th scope="col">Tickets</th></tr></thead>
<tbody>${a.tickets.perDay.map((d) => html`<tr><th scope="row" data-label="Day">${d.key}</th>${cell('tickets.perDay', d.count, formatCount(d.count), d.key)}</tr>`)}</tbody></table></div></details>`;
  return html`<h1>Analytics</h1>
${periodForm(input)}
<p class="muted">Tickets created from <time datetime="${a.period.since}">${a.period.since.replace('T', ' ').slice(0, 16)}</time> to <time datetime="${a.period.until}">${a.period.until.replace('T', ' ').slice(0, 16)}</time> UTC (${a.period.label}). Figures for every team; definitions in docs/analytics.md.</p>
<section aria-labelledby="summary-h"><h2 id="summary-h">Summary</h2><div class="grid cards">
${card('Tickets', 'tickets.total', t, formatCount(t))}
${card('Handled without a person', 'automation.shareWithoutPerson', a.automation.shareWithoutPerson, formatShare(a.automation.shareWithoutPerson), `${a.automation.withoutPerson} of ${t} tickets`)}
${card('Escalated', 'escalations.total', a.escalations.total, formatCount(a.escalations.total))}
${card('SLA attainment', 'sla.attainment', a.sla.attainment, formatShare(a.sla.attainment), `${a.sla.met} of ${a.sla.measured} measured human tasks`)}
${card('Satisfaction', 'satisfaction.average', a.satisfaction.average, a.satisfaction.average === null ? '—' : `${a.satisfaction.average} / 5`, `${a.satisfaction.answered} answers to ${a.satisfaction.surveysSent} surveys`)}
${card('Model calls', 'model.calls', a.model.calls, formatCount(a.model.calls), `${formatCount(a.model.totalTokens)} tokens`)}
${card('Fallbacks', 'reliability.ticketsWithFallback', a.reliability.ticketsWithFallback, formatCount(a.reliability.ticketsWithFallback), 'tickets with a fallback')}
${card('Failures', 'reliability.ticketsWithFailure', a.reliability.ticketsWithFailure, formatCount(a.reliability.ticketsWithFailure), 'tickets with a failed state, run or effect')}
</div></section>
<section aria-labelledby="volume-h"><h2 id="volume-h">Volume</h2>
<figure class="panel chart-figure" aria-labelledby="per-day-cap"><figcaption id="per-day-cap"><h3>Tickets per day</h3></figcaption>
${columnChart(a.tickets.perDay.map((d) => ({ label: d.key, value: d.count })), { id: 'per-day', title: 'Tickets per day, as columns; the numbers are in the table below' })}
${perDayTable}</figure>
<div class="grid">
<div class="panel"><div class="table-wrap" tabindex="0"><table><caption>Who handled the tickets</caption><tbody>
${kvRow('Without a person', 'automation.withoutPerson', a.automation.withoutPerson, formatCount(a.automation.withoutPerson))}
${kvRow('With a person (escalated or a human task)', 'automation.withPerson', a.automation.withPerson, formatCount(a.automation.withPerson))}
${kvRow('Failed, nobody asked', 'automation.failedUnattended', a.automation.failedUnattended, formatCount(a.automation.failedUnattended))}
</tbody></table></div></div>
<div class="panel">${countTable('Tickets by state now', 'tickets.byState', a.tickets.byState, 'State', t)}</div>
</div></section>
<section aria-labelledby="esc-h"><h2 id="esc-h">Escalations</h2><div class="grid wide">
${countFigure('by-team', 'Escalations by team', 'escalations.byTeam', a.escalations.byTeam, 'Team', a.escalations.total)}
${countFigure('by-trigger', 'Escalations by trigger', 'escalations.byTrigger', a.escalations.byTrigger, 'Trigger', a.escalations.total)}
${countFigure('by-decision', 'Decisions', 'escalations.byDecision', a.escalations.byDecision, 'Decision', t)}
</div></section>
<section aria-labelledby="times-h"><h2 id="times-h">Speed and SLA</h2>
${timesFigure(a.times)}
<div class="grid">
<div class="panel"><div class="table-wrap" tabindex="0"><table><caption>Human tasks</caption><tbody>
${kvRow('Opened', 'humanTasks.total', a.humanTasks.total, formatCount(a.humanTasks.total))}
${kvRow('Open now', 'humanTasks.open', a.humanTasks.open, formatCount(a.humanTasks.open))}
${kvRow('Completed', 'humanTasks.completed', a.humanTasks.completed, formatCount(a.humanTasks.completed))}
${kvRow('Expired or cancelled', 'humanTasks.closedOther', a.humanTasks.closedOther, formatCount(a.humanTasks.closedOther))}
</tbody></table></div></div>
<div class="panel"><div class="table-wrap" tabindex="0"><table><caption>SLA</caption><tbody>
${kvRow('Attainment', 'sla.attainment', a.sla.attainment, formatShare(a.sla.attainment))}
${kvRow('Met (completed in time, never breached)', 'sla.met', a.sla.met, formatCount(a.sla.met))}
${kvRow('Measured (completed, expired or overdue)', 'sla.measured', a.sla.measured, formatCount(a.sla.measured))}
${kvRow('Breach events', 'sla.breaches', a.sla.breaches, formatCount(a.sla.breaches))}
${kvRow('Breached tasks', 'sla.breachedTasks', a.sla.breachedTasks, formatCount(a.sla.breachedTasks))}
${kvRow('Open past due now', 'sla.overdueOpen', a.sla.overdueOpen, formatCount(a.sla.overdueOpen))}
${kvRow('Warnings', 'sla.warnings', a.sla.warnings, formatCount(a.sla.warnings))}
</tbody></table></div></div>
</div></section>
<section aria-labelledby="sat-h"><h2 id="sat-h">Satisfaction</h2><div class="grid wide">
${countFigure('scores', 'Survey scores', 'satisfaction.byScore', a.satisfaction.byScore, 'Score', a.satisfaction.answered)}
<div class="panel"><div class="table-wrap" tabindex="0"><table><caption>Surveys</caption><tbody>
${kvRow('Surveys sent', 'satisfaction.surveysSent', a.satisfaction.surveysSent, formatCount(a.satisfaction.surveysSent))}
${kvRow('Answered', 'satisfaction.answered', a.satisfaction.answered, formatCount(a.satisfaction.answered))}
${kvRow('Average score', 'satisfaction.average', a.satisfaction.average, a.satisfaction.average === null ? '—' : String(a.satisfaction.average))}
${kvRow('Satisfied (4 or 5)', 'satisfaction.satisfiedShare', a.satisfaction.satisfiedShare, formatShare(a.satisfaction.satisfiedShare))}
</tbody></table></div></div>
</div></section>
<section aria-labelledby="model-h"><h2 id="model-h">Model usage and reliability</h2><div class="grid">
<div class="panel"><div class="table-wrap" tabindex="0"><table><caption>Model usage</caption><tbody>
${kvRow('Calls', 'model.calls', a.model.calls, formatCount(a.model.calls))}
${kvRow('Calls per ticket', 'model.callsPerTicket', a.model.callsPerTicket, a.model.callsPerTicket === null ? '—' : String(a.model.callsPerTicket))}
${kvRow('Prompt tokens', 'model.promptTokens', a.model.promptTokens, formatCount(a.model.promptTokens))}
${kvRow('Completion tokens', 'model.completionTokens', a.model.completionTokens, formatCount(a.model.completionTokens))}
${kvRow('Total tokens', 'model.totalTokens', a.model.totalTokens, formatCount(a.model.totalTokens))}
</tbody></table></div>
${a.model.byStep.length ? html`<div class="table-wrap" tabindex="0"><table class="responsive"><caption>Model usage by step</caption><thead><tr><th scope="col">Step</th><th scope="col">Calls</th><th scope="col">Prompt tokens</th><th scope="col">Completion tokens</th></tr></thead><tbody>
${a.model.byStep.map((s) => html`<tr><th scope="row" data-label="Step">${s.step}</th>${cell('model.byStep.calls', s.calls, formatCount(s.calls), s.step)}${cell('model.byStep.promptTokens', s.promptTokens, formatCount(s.promptTokens), s.step)}${cell('model.byStep.completionTokens', s.completionTokens, formatCount(s.completionTokens), s.step)}</tr>`)}</tbody></table></div>` : html`<p class="muted">No model calls in this period (the heuristic reasoner makes none).</p>`}
</div>
<div class="panel"><div class="table-wrap" tabindex="0"><table><caption>Fallbacks and failures</caption><tbody>
${kvRow('Model fallbacks (invalid or failed replies)', 'reliability.modelFallbacks', a.reliability.modelFallbacks, formatCount(a.reliability.modelFallbacks))}
${kvRow('Step runs that fell back', 'reliability.fallbackRuns', a.reliability.fallbackRuns, formatCount(a.reliability.fallbackRuns))}
${kvRow('Tickets with a fallback', 'reliability.ticketsWithFallback', a.reliability.ticketsWithFallback, formatCount(a.reliability.ticketsWithFallback))}
${kvRow('Failed tickets', 'reliability.failedTickets', a.reliability.failedTickets, formatCount(a.reliability.failedTickets))}
${kvRow('Failed step runs', 'reliability.failedRuns', a.reliability.failedRuns, formatCount(a.reliability.failedRuns))}
${kvRow('Retried step runs', 'reliability.retriedRuns', a.reliability.retriedRuns, formatCount(a.reliability.retriedRuns))}
${kvRow('Failed effects', 'reliability.failedEffects', a.reliability.failedEffects, formatCount(a.reliability.failedEffects))}
${kvRow('Tickets with a failure', 'reliability.ticketsWithFailure', a.reliability.ticketsWithFailure, formatCount(a.reliability.ticketsWithFailure))}
</tbody></table></div></div>
</div></section>`;
}
