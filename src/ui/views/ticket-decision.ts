/**
 * Why a ticket went where it went: the escalation decision with every policy trigger evaluated (its
 * condition, the values it saw, whether it matched, which one fired), and the classification and
 * sentiment analysis with their reasons. Older decision records hold only `{ id, matched }` per
 * trigger; they render with what they have.
 */
import type { JsonObject, RunRecord } from '../../engine/types.ts';
import { recordedCondition } from '../../policy/explain.ts';
import { html, type Html } from '../html.ts';
import { arr, isObject, kv, num, obj, show, str, yesNo } from './format.ts';

/** A titled list of reason lines; `level` keeps headings in order wherever the list sits. */
function reasons(lines: string[], label: string, level: 3 | 4 = 4): Html {
  if (!lines.length) return html``;
  const items = html`<ul class="reasons">${lines.map((line) => html`<li>${line}</li>`)}</ul>`;
  return level === 3 ? html`<h3>${label}</h3>${items}` : html`<h4>${label}</h4>${items}`;
}

function strings(value: unknown): string[] {
  return arr(value).filter((v): v is string => typeof v === 'string');
}

function sawList(saw: unknown): Html {
  if (!isObject(saw)) return html`<span class="muted">not recorded</span>`;
  const entries = Object.entries(saw);
  if (!entries.length) return html`<span class="muted">nothing</span>`;
  return html`<ul class="saw">${entries.map(
    ([path, value]) => html`<li><code>${path}</code> = <code>${value === null ? 'null (absent)' : JSON.stringify(value)}</code></li>`,
  )}</ul>`;
}

/**
 * Each clause of a trigger with the value it saw and whether it held (records from before clauses were
 * kept show the values only). A group ($or, $and, $nor) lists its branches under it.
 */
function clauseList(clauses: unknown[]): Html {
  const item = (clause: JsonObject): Html => {
    if (Array.isArray(clause.branches)) {
      const branches = clause.branches.map((branch, i) => html`<li>branch ${i + 1}: ${clauseList(arr(branch))}</li>`);
      return html`<li><code>${show(clause.op)}</code>: ${clause.held === true ? 'held' : html`<strong>did not hold</strong>`}<ul class="saw">${branches}</ul></li>`;
    }
    const operand = JSON.stringify(clause.operand);
    const saw = clause.saw === null || clause.saw === undefined ? 'nothing (absent)' : JSON.stringify(clause.saw);
    return html`<li><code>${show(clause.path)} ${show(clause.op)} ${operand}</code>: saw <code>${saw}</code>, ${clause.held === true ? 'held' : html`<strong>did not hold</strong>`}</li>`;
  };
  return html`<ul class="saw">${clauses.map((c) => item(obj(c)))}</ul>`;
}

/** The triggers table: one row per trigger evaluated, the one that fired marked in words and style. */
export function triggersTable(evaluated: JsonObject[], firedId: string | undefined): Html {
  if (!evaluated.length) return html`<p class="muted">No policy triggers were recorded for this decision.</p>`;
  const rows = evaluated.map((entry) => {
    const id = show(entry.id);
    // Older records have no `fired`: the fired trigger is the one the decision names.
    const fired = entry.fired === true || (entry.fired === undefined && firedId !== undefined && entry.id === firedId);
    // Compact records keep no condition when the clauses spell it; older ones have it as written.
    const condition = recordedCondition(entry);
    return html`<tr${fired ? html` class="fired"` : ''}>
      <th scope="row" data-label="Trigger">${id}</th>
      <td data-label="Condition">${condition ? html`<code class="condition">${condition}</code>` : html`<span class="muted">not recorded</span>`}</td>
      <td data-label="Values it saw">${Array.isArray(entry.clauses) && entry.clauses.length ? clauseList(entry.clauses) : sawList(entry.saw)}</td>
      <td data-label="Matched">${yesNo(entry.matched)}</td>
      <td data-label="Fired">${fired ? html`<span class="badge critical">fired</span>` : html`<span class="muted">no</span>`}</td>
    </tr>`;
  });
  return html`<div class="table-wrap" tabindex="0"><table class="responsive triggers">
    <caption>Policy triggers evaluated, in policy order (the first match fires)</caption>
    <thead><tr><th scope="col">Trigger</th><th scope="col">Condition</th><th scope="col">Values it saw</th><th scope="col">Matched</th><th scope="col">Fired</th></tr></thead>
    <tbody>${rows}</tbody>
  </table></div>`;
}

export function decisionSection(data: JsonObject): Html {
  const decision = data.escalationDecision;
  if (!isObject(decision)) {
    return html`<section aria-labelledby="why"><h2 id="why">Why it escalated</h2><p class="muted">No escalation decision has been made for this ticket yet.</p></section>`;
  }
  const trigger = obj(decision.trigger);
  const firedId = str(trigger.id);
  const preparation = obj(data.escalationPreparation);
  const confidence = num(decision.confidence);
  const heading = decision.escalationRecommended === true ? 'Why it escalated' : 'Why it did not escalate';
  return html`<section aria-labelledby="why">
  <h2 id="why">${heading}</h2>
  <div class="panel">
    ${kv([
      ['Decision', show(decision.decision)],
      ['Escalation recommended', yesNo(decision.escalationRecommended)],
      ['Primary reason', show(decision.primaryReason)],
      ['Decided by', show(decision.decidedBy)],
      ['Trigger that fired', firedId ?? 'none'],
      ['Urgency', show(decision.urgencyLevel)],
      ['Confidence', confidence !== undefined ? String(confidence) : undefined],
      ['Routed to', str(preparation.targetTeamName) ?? str(preparation.targetTeam)],
      ['Fallback applied', decision.fallbackApplied === true ? 'yes: the decision step failed, so a person decides' : undefined],
    ])}
    ${reasons(strings(decision.reasons), 'Reasons', 3)}
    ${reasons(strings(decision.riskFactorsConsidered), 'Risk factors considered', 3)}
  </div>
  ${triggersTable(arr(decision.triggersEvaluated).map(obj), firedId)}
</section>`;
}

function explanationsOf(runs: RunRecord[], stepId: string): string[] {
  const run = [...runs].reverse().find((r) => r.stepId === stepId && r.outcome === 'ok');
  return run?.explanation ?? [];
}

export function analysisSection(data: JsonObject, runs: RunRecord[]): Html {
  const classification = obj(obj(data.support).classification);
  const sentiment = obj(data.sentimentAnalysis);
  const risk = obj(data.escalationRisk);
  const complexity = obj(sentiment.complexityAssessment);
  const hasClassification = Object.keys(classification).length > 0;
  const hasSentiment = Object.keys(sentiment).length > 0;
  return html`<section aria-labelledby="analysis">
  <h2 id="analysis">Classification and sentiment</h2>
  <div class="grid">
    <div class="panel">
      <h3>Classification</h3>
      ${hasClassification
        ? html`${kv([
            ['Category', show(classification.category)],
            ['Priority', show(classification.priority)],
            ['Complexity', show(classification.complexity)],
            ['Issue type', show(classification.issueType)],
            ['Urgency indicators', strings(classification.urgencyIndicators).join(', ') || '—'],
            ['Escalation signals', strings(classification.escalationSignals).join(', ') || '—'],
            ['Resolution likelihood', show(classification.resolutionLikelihood)],
            ['Language', show(classification.language)],
            ['Confidence', show(classification.confidence)],
            ['Reasoner', show(classification.reasoner)],
          ])}
          ${reasons(strings(classification.rationale), 'Rationale')}
          ${reasons(explanationsOf(runs, 'intake_classification'), 'What the step explained')}`
        : html`<p class="muted">Not classified yet.</p>`}
    </div>
    <div class="panel">
      <h3>Sentiment and complexity</h3>
      ${hasSentiment
        ? html`${kv([
            ['Overall sentiment', show(sentiment.overallSentiment)],
            ['Frustration (0–100)', show(sentiment.frustrationLevel)],
            ['Communication style', show(sentiment.communicationStyle)],
            ['Trajectory', show(sentiment.trajectory)],
            ['Repeat issue', yesNo(sentiment.repeatIssue)],
            ['Complexity (overall)', show(complexity.overall)],
            ['Specific issue', show(sentiment.specificIssue)],
            ['Overall risk', show(risk.overall)],
            ['Reasoner', show(sentiment.reasoner)],
          ])}
          ${reasons(strings(sentiment.rationale), 'Rationale')}
          ${reasons(explanationsOf(runs, 'sentiment_complexity_analysis'), 'What the step explained')}`
        : html`<p class="muted">Not analysed yet.</p>`}
    </div>
  </div>
</section>`;
}
