/**
 * The text a lead reads for `policy replay` and `policy suggest` (`--json` prints the reports as they are).
 */
import type { ReplayReport, Transition } from './replay.ts';
import type { SuggestReport } from './suggest.ts';

function transitionLines(list: Transition[]): string[] {
  return list.map((t) => `    ${String(t.count).padStart(5)}  ${t.from} -> ${t.to}`);
}

function signed(n: number): string {
  return n > 0 ? `+${n}` : String(n);
}

/** The replay report as text. */
export function formatReplay(r: ReplayReport): string {
  const lines = [
    `replay of ${r.considered} decided ticket(s) from ${r.window.since} to ${r.window.until} (${r.window.days} days)${r.filter ? ` matching ${JSON.stringify(r.filter)}` : ''}`,
    `  base:   ${r.base.file} (version ${r.base.version})`,
    `  policy: ${r.policy.file} (version ${r.policy.version})`,
    `  ${r.note}`,
    '',
    `escalations: ${r.escalations.base} -> ${r.escalations.new} (${signed(r.escalations.new - r.escalations.base)})`,
    `decisions changed: ${r.decisions.changed}`,
    ...transitionLines(r.decisions.transitions),
    `teams changed: ${r.teams.changed}`,
    ...transitionLines(r.teams.transitions),
    `priorities changed: ${r.priorities.changed}`,
    ...transitionLines(r.priorities.transitions),
    '',
    'trigger fires (base -> new):',
    ...r.triggers.filter((t) => t.base > 0 || t.new > 0 || t.base !== t.new).map((t) => `    ${t.id.padEnd(30)} ${String(t.base).padStart(5)} -> ${String(t.new).padStart(5)}${t.base !== t.new ? `  (${signed(t.new - t.base)})` : ''}`),
    'escalations per day by team (base -> new):',
    ...r.loadPerDay.map((l) => `    ${l.team.padEnd(30)} ${l.base.toFixed(2).padStart(7)} -> ${l.new.toFixed(2).padStart(7)}`),
  ];
  if (r.examples.length > 0) {
    lines.push('', 'examples:');
    for (const e of r.examples) {
      lines.push(`    ${e.taskId}  ${JSON.stringify(e.subject.slice(0, 70))}`);
      lines.push(`      ${e.from.decision}${e.from.trigger ? ` [${e.from.trigger}]` : ''} ${e.from.team ?? ''} ${e.from.priority ?? ''} -> ${e.to.decision}${e.to.trigger ? ` [${e.to.trigger}]` : ''} ${e.to.team ?? ''} ${e.to.priority ?? ''}`.trimEnd());
    }
  }
  lines.push('', `drift: ${r.drift.count} ticket(s) were decided differently from what the base policy decides now${r.drift.count ? ` (${Object.entries(r.drift.causes).map(([k, v]) => `${k} ${v}`).join(', ')})` : ''}`);
  for (const d of r.drift.examples) {
    lines.push(`    ${d.taskId}  recorded ${d.recorded.decision}${d.recorded.trigger ? ` [${d.recorded.trigger}]` : ''} by ${d.recorded.decidedBy} (version ${d.recorded.policyVersion ?? 'none'}); base now ${d.base.decision}${d.base.trigger ? ` [${d.base.trigger}]` : ''}`);
  }
  const rec = r.reconstruction;
  if (rec.ticketsRestored > 0 || rec.reassessedAfterDecision > 0) {
    lines.push(`reconstruction: ${rec.valuesRestored} value(s) on ${rec.ticketsRestored} ticket(s) restored from the decision record; ${rec.reassessedAfterDecision} ticket(s) were re-assessed after their decision`);
  }
  for (const warning of r.warnings) lines.push(`warning: ${warning}`);
  lines.push(`timing: ${r.timing.ms} ms (${r.timing.ticketsPerSecond} tickets/s, both policies)`);
  return lines.join('\n');
}

/** The suggestion report as text. */
export function formatSuggest(r: SuggestReport): string {
  const evidence = Object.entries(r.labelled.byEvidence).map(([k, v]) => `${k} ${v}`).join(', ');
  const lines = [
    `learned from ${r.considered} decided ticket(s) from ${r.window.since} to ${r.window.until} under ${r.base.file} (version ${r.base.version})`,
    `labelled: ${r.labelled.needed} needed, ${r.labelled.unneeded} unneeded${evidence ? ` (${evidence})` : ''}; ${r.misses} needed ticket(s) are not escalated by the base policy`,
    '',
    `${'trigger'.padEnd(30)} ${'fired'.padStart(6)} ${'needed'.padStart(7)} ${'unneeded'.padStart(9)} ${'precision'.padStart(10)} ${'misses'.padStart(7)}  levers`,
    ...r.triggers.map((t) => `${t.id.padEnd(30)} ${String(t.fired).padStart(6)} ${String(t.needed).padStart(7)} ${String(t.unneeded).padStart(9)} ${(t.precision === null ? '-' : t.precision.toFixed(2)).padStart(10)} ${String(t.misses).padStart(7)}  ${t.levers.join('; ')}`),
    '',
  ];
  if (r.suggestions.length === 0) lines.push(`no threshold change is supported by the outcomes (at most ${r.maxMissed} missed needed escalation(s) allowed; --max-missed changes that)`);
  else lines.push('suggestions:');
  for (const s of r.suggestions) {
    lines.push(`  ${s.text}`);
    if (s.file) lines.push(`    written to ${s.file}`, `    try it: ${s.replay}`);
  }
  for (const f of r.flags) lines.push(`flag: ${f.trigger} has precision ${f.precision.toFixed(2)} (${f.needed} needed, ${f.unneeded} unneeded): ${f.why}`);
  lines.push(`timing: ${r.timing.ms} ms`);
  return lines.join('\n');
}
