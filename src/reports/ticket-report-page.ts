/**
 * The per-ticket performance report as HTML: the body the `/ui/tasks/:id/report` page puts in the
 * layout, and the same body as ONE self-contained file (CSS inlined, charts as inline SVG, no script,
 * no external reference) that the report effect writes next to the report's JSON. Ticket text is
 * escaped in both (the `html` template escapes every interpolation).
 */
import { asset } from '../ui/assets.ts';
import { html, raw, type Html } from '../ui/html.ts';
import { barChart, meter } from './charts.ts';
import { formatCount, formatDuration, formatShare } from './format.ts';
import type { ReportView } from './ticket-report-view.ts';

export interface ReportRenderOptions {
  /** Links into the running app (ticket page, JSON); off in the file, which is read away from it. */
  links: boolean;
}

interface StepUsage {
  calls?: number;
  promptTokens?: number;
  completionTokens?: number;
}

function when(iso: string | null): Html {
  return iso ? html`<time datetime="${iso}">${iso.replace('T', ' ').slice(0, 19)} UTC</time>` : html`—`;
}

function yesNo(value: boolean | null): string {
  return value === null ? '—' : value ? 'yes' : 'no';
}

function kv(rows: [string, Html | string | number | null][]): Html {
  return html`<dl class="kv">${rows.map(([k, v]) => html`<dt>${k}</dt><dd>${v === null ? '—' : v}</dd>`)}</dl>`;
}

function stepsFigure(view: ReportView): Html {
  const steps = view.report.timings.steps;
  return html`<figure class="panel chart-figure" aria-labelledby="steps-cap"><figcaption id="steps-cap"><h2>Step durations</h2></figcaption>
${barChart(steps.map((s) => ({ label: s.stepId, values: [s.durationMs], display: [formatDuration(s.durationMs)] })), { id: 'steps', title: 'Time spent in each step, as bars; the numbers are in the table below' })}
<div class="table-wrap" tabindex="0"><table class="responsive" data-table="steps"><caption>Step runs</caption>
<thead><tr><th scope="col">Step</th><th scope="col">Duration</th><th scope="col">Runs</th><th scope="col">Last outcome</th></tr></thead>
<tbody>${steps.map((s) => html`<tr data-step="${s.stepId}"><th scope="row" data-label="Step">${s.stepId}</th><td data-label="Duration" data-value="${s.durationMs}">${formatDuration(s.durationMs)}</td><td data-label="Runs">${s.attempts}</td><td data-label="Last outcome"><span class="badge ${s.outcome === 'failed' ? 'failed' : s.outcome === 'ok' ? 'ok' : ''}">${s.outcome}</span></td></tr>`)}</tbody></table></div></figure>`;
}

function milestonesFigure(view: ReportView): Html {
  const pending = view.humanUnknown ? 'not known when this file was written' : 'not yet';
  const text = (m: { label: string; ms: number | null }) => (m.ms !== null ? formatDuration(m.ms) : m.label === 'Claim' || m.label === 'Resolution' ? pending : '—');
  return html`<figure class="panel chart-figure" aria-labelledby="times-cap"><figcaption id="times-cap"><h2>Time from ticket to decision, handoff, claim and resolution</h2></figcaption>
${barChart(view.milestones.map((m) => ({ label: m.label, values: [m.ms], display: [text(m)] })), { id: 'milestones', title: 'Time from the ticket arriving to each milestone, as bars; the numbers are in the table below' })}
<div class="table-wrap" tabindex="0"><table class="responsive"><caption>Milestones, from the ticket arriving</caption><thead><tr><th scope="col">Milestone</th><th scope="col">After</th></tr></thead>
<tbody>${view.milestones.map((m) => html`<tr><th scope="row" data-label="Milestone">${m.label}</th><td data-label="After" data-value="${m.ms ?? ''}">${text(m)}</td></tr>`)}</tbody></table></div></figure>`;
}

function modelFigure(view: ReportView): Html {
  const llm = view.report.llm;
  const byStep = Object.entries(llm.byStep as Record<string, StepUsage>).map(([step, u]) => ({ step, calls: u.calls ?? 0, tokens: (u.promptTokens ?? 0) + (u.completionTokens ?? 0), promptTokens: u.promptTokens ?? 0, completionTokens: u.completionTokens ?? 0 }));
  const totals = kv([
    ['Model calls', formatCount(llm.calls)],
    ['Prompt tokens', formatCount(llm.promptTokens)],
    ['Completion tokens', formatCount(llm.completionTokens)],
    ['Model fallbacks', formatCount(llm.fallbacks)],
  ]);
  if (byStep.length === 0) return html`<section class="panel" aria-labelledby="model-h"><h2 id="model-h">Model calls and tokens</h2>${totals}<p class="muted">No model calls for this ticket (the heuristic reasoner makes none).</p></section>`;
  return html`<figure class="panel chart-figure" aria-labelledby="model-cap"><figcaption id="model-cap"><h2>Model calls and tokens per step</h2></figcaption>${totals}
${barChart(byStep.map((s) => ({ label: s.step, values: [s.tokens], display: [`${formatCount(s.tokens)} tokens, ${s.calls} calls`] })), { id: 'model', title: 'Tokens per step, as bars; the numbers are in the table below' })}
<div class="table-wrap" tabindex="0"><table class="responsive"><caption>Model usage per step</caption><thead><tr><th scope="col">Step</th><th scope="col">Calls</th><th scope="col">Prompt tokens</th><th scope="col">Completion tokens</th></tr></thead>
<tbody>${byStep.map((s) => html`<tr><th scope="row" data-label="Step">${s.step}</th><td data-label="Calls">${s.calls}</td><td data-label="Prompt tokens">${formatCount(s.promptTokens)}</td><td data-label="Completion tokens">${formatCount(s.completionTokens)}</td></tr>`)}</tbody></table></div></figure>`;
}

function humanSection(view: ReportView): Html {
  if (view.humanUnknown) return html`<section class="panel" aria-labelledby="human-h"><h2 id="human-h">People</h2><p class="muted">Claim and resolution happen after this report was written; the report page in triage shows them live.</p></section>`;
  if (view.human.length === 0) return html`<section class="panel" aria-labelledby="human-h"><h2 id="human-h">People</h2><p>No human task: the automation handled this ticket.</p></section>`;
  return html`<section class="panel" aria-labelledby="human-h"><h2 id="human-h">People</h2><div class="table-wrap" tabindex="0"><table class="responsive"><caption>Human tasks</caption>
<thead><tr><th scope="col">Task</th><th scope="col">Team</th><th scope="col">Status</th><th scope="col">Opened</th><th scope="col">Due</th><th scope="col">To claim</th><th scope="col">To resolution</th><th scope="col">SLA breaches</th></tr></thead>
<tbody>${view.human.map((h) => html`<tr><th scope="row" data-label="Task">${h.type} <span class="badge ${h.priority}">${h.priority}</span></th><td data-label="Team">${h.team}</td><td data-label="Status">${h.status}${h.decision ? ` (${h.decision})` : ''}</td><td data-label="Opened">${when(h.createdAt)}</td><td data-label="Due">${when(h.dueAt)}</td><td data-label="To claim">${formatDuration(h.toClaimMs)}</td><td data-label="To resolution">${formatDuration(h.toResolutionMs)}</td><td data-label="SLA breaches">${h.slaBreaches}</td></tr>`)}</tbody></table></div></section>`;
}

/** The report's content; `links` adds the links into the app. */
export function renderReportBody(view: ReportView, options: ReportRenderOptions): Html {
  const r = view.report;
  const title = `Performance report: ${view.ticketId ?? view.taskId}`;
  const back = options.links
    ? html`<p><a href="/ui/tasks/${encodeURIComponent(view.taskId)}">Back to the ticket</a> · <a href="/ui/tasks/${encodeURIComponent(view.taskId)}/report.html">Download as one HTML file</a></p>`
    : html`<p class="muted">Task ${view.taskId} in triage (page /ui/tasks/${view.taskId}).</p>`;
  return html`<h1>${title}</h1>
${back}
<section class="panel" aria-labelledby="ticket-h"><h2 id="ticket-h">Ticket</h2>${kv([
    ['Subject', view.subject],
    ['Ticket', view.ticketId],
    ['Task', view.taskId],
    ['Category', view.category],
    ['Priority', view.priority],
    ['State', view.state],
    ['Arrived', when(view.createdAt)],
    ['Report computed', when(r.generatedAt)],
  ])}</section>
<div class="grid">
<section class="panel" aria-labelledby="outcome-h"><h2 id="outcome-h">Outcome</h2>${kv([
    ['Decision', r.outcome.decision],
    ['Escalated', yesNo(r.outcome.escalated)],
    ['Team', r.outcome.team],
    ['Trigger', r.outcome.trigger],
    ['Decided by', r.outcome.decidedBy],
    ['Handoff delivered', yesNo(r.outcome.handoffDelivered)],
    ['Total time', formatDuration(r.timings.totalMs)],
  ])}</section>
<section class="panel" aria-labelledby="auto-h"><h2 id="auto-h">Automation</h2>${kv([
    ['Effectiveness', r.automation.effectiveness],
    ['Step runs', r.automation.stepsRun],
    ['Automated share of runs', formatShare(r.automation.automatedShare)],
    ['Retries', r.automation.retries],
    ['Failed steps', r.automation.failedSteps.length ? r.automation.failedSteps.join(', ') : 'none'],
    ['Fallbacks', r.automation.fallbacks],
    ['Effects sent / failed / pending', `${r.effects.sent} / ${r.effects.failed} / ${r.effects.pending}`],
    ['Flags', r.flags.length ? r.flags.join(', ') : 'none'],
  ])}</section>
</div>
${milestonesFigure(view)}
${stepsFigure(view)}
<section class="panel" aria-labelledby="conf-h"><h2 id="conf-h">Confidence</h2>
${meter(r.decisionQuality.classificationConfidence, { id: 'conf-class', title: 'Classification confidence' })}
${meter(r.decisionQuality.decisionConfidence, { id: 'conf-decision', title: 'Decision confidence' })}
${kv([
    ['Classification confidence', formatShare(r.decisionQuality.classificationConfidence)],
    ['Decision confidence', formatShare(r.decisionQuality.decisionConfidence)],
    ['Frustration', r.decisionQuality.frustrationLevel === null ? null : `${r.decisionQuality.frustrationLevel} / 100`],
    ['Needs human review', yesNo(r.decisionQuality.needsHumanReview)],
  ])}</section>
${modelFigure(view)}
<section class="panel" aria-labelledby="fb-h"><h2 id="fb-h">Fallbacks</h2>${view.fallbacks.length === 0
    ? html`<p>None: every step produced its result the normal way.</p>`
    : html`<ul>${view.fallbacks.map((f) => html`<li><strong>${f.stepId}</strong>: ${f.reason}</li>`)}</ul>`}</section>
${humanSection(view)}`;
}

/** Chart and card styles the pages append to app.css; inlined into the file as well. */
function fileCss(): string {
  const css = asset('app.css')?.body ?? '';
  // Only the stylesheet's own rules: nothing in it may reach outside the file.
  return css.replace(/@import[^;]*;/g, '').replace(/url\([^)]*\)/g, 'none');
}

/**
 * The whole report as one HTML document with no external reference: CSS inlined, charts as inline SVG,
 * no script. A CSP meta tag makes the promise explicit to a browser opening it.
 */
export function renderReportDocument(view: ReportView): string {
  const title = `Performance report: ${view.ticketId ?? view.taskId}`;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · triage</title>
<style>${raw(fileCss().replace(/<\/style/gi, '<\\/style'))}</style>
</head>
<body>
<main id="main">
${renderReportBody(view, { links: false })}
</main>
</body>
</html>
`.value;
}
