/**
 * What the engine did with a ticket, from `meta`: every step run (why it matched, what it wrote and
 * explained), every outside effect with its delivery status, and the follow-ups still scheduled.
 */
import type { EffectRecord, RunRecord, ScheduleRecord } from '../../engine/types.ts';
import { html, type Html } from '../html.ts';
import { formatDuration, show, statusBadge, timeTag } from './format.ts';

export function runsSection(runs: RunRecord[]): Html {
  const rows = runs.map((run, i) => html`<tr>
    <th scope="row" data-label="Step">${i + 1}. ${run.stepId}${run.attempt > 1 ? html` <span class="muted">(attempt ${run.attempt})</span>` : ''}</th>
    <td data-label="Started">${timeTag(run.startedAt)}</td>
    <td data-label="Duration">${formatDuration(run.durationMs)}</td>
    <td data-label="Outcome">${statusBadge(run.outcome === 'ok' ? 'ok' : run.outcome)}${run.error ? html`<div class="error">${run.error}</div>` : ''}</td>
    <td data-label="Matched condition"><code class="condition">${run.matched}</code></td>
    <td data-label="Fields written">${run.fieldsWritten.length ? run.fieldsWritten.join(', ') : html`<span class="muted">none</span>`}</td>
    <td data-label="Explanation">${run.explanation.length ? html`<ul class="reasons">${run.explanation.map((line) => html`<li>${line}</li>`)}</ul>` : html`<span class="muted">—</span>`}</td>
    <td data-label="Fallback">${run.fallback ? 'yes' : 'no'}</td>
  </tr>`);
  return html`<section aria-labelledby="runs">
  <h2 id="runs">Step runs</h2>
  ${runs.length
    ? html`<div class="table-wrap" tabindex="0"><table class="responsive runs">
        <caption>Every step run, oldest first</caption>
        <thead><tr><th scope="col">Step</th><th scope="col">Started</th><th scope="col">Duration</th><th scope="col">Outcome</th><th scope="col">Matched condition</th><th scope="col">Fields written</th><th scope="col">Explanation</th><th scope="col">Fallback</th></tr></thead>
        <tbody>${rows}</tbody>
      </table></div>`
    : html`<p class="muted">No step has run yet.</p>`}
</section>`;
}

export function effectsSection(effects: EffectRecord[]): Html {
  const rows = effects.map((effect) => html`<tr>
    <th scope="row" data-label="Channel">${effect.channel}</th>
    <td data-label="Target">${show(effect.target)}</td>
    <td data-label="Status">${statusBadge(effect.status)}</td>
    <td data-label="Reference">${effect.ref ? html`<code>${effect.ref}</code>` : html`<span class="muted">—</span>`}</td>
    <td data-label="Error">${effect.error ? html`<span class="error">${effect.error}</span>` : html`<span class="muted">—</span>`}</td>
    <td data-label="By">${effect.stepId}</td>
    <td data-label="Updated">${timeTag(effect.updatedAt)}</td>
  </tr>`);
  return html`<section aria-labelledby="effects">
  <h2 id="effects">Effects</h2>
  ${effects.length
    ? html`<div class="table-wrap" tabindex="0"><table class="responsive effects">
        <caption>Emails, messages and updates sent to outside services, with their delivery status</caption>
        <thead><tr><th scope="col">Channel</th><th scope="col">Target</th><th scope="col">Status</th><th scope="col">Reference</th><th scope="col">Error</th><th scope="col">By</th><th scope="col">Updated</th></tr></thead>
        <tbody>${rows}</tbody>
      </table></div>`
    : html`<p class="muted">Nothing has been sent for this ticket.</p>`}
</section>`;
}

export function schedulesSection(schedules: ScheduleRecord[]): Html {
  const rows = schedules.map((schedule) => html`<tr>
    <th scope="row" data-label="Job">${schedule.job}</th>
    <td data-label="Runs at">${timeTag(schedule.runAt)}</td>
    <td data-label="Asked for by">${schedule.stepId}</td>
  </tr>`);
  return html`<section aria-labelledby="schedules">
  <h2 id="schedules">Scheduled follow-ups</h2>
  ${schedules.length
    ? html`<div class="table-wrap" tabindex="0"><table class="responsive schedules">
        <caption>Follow-up jobs the steps asked for</caption>
        <thead><tr><th scope="col">Job</th><th scope="col">Runs at</th><th scope="col">Asked for by</th></tr></thead>
        <tbody>${rows}</tbody>
      </table></div>`
    : html`<p class="muted">No follow-ups are scheduled.</p>`}
</section>`;
}
