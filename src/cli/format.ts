/**
 * Human-readable renderings of tasks for the terminal. `--json` output never goes through here.
 */
import { readTaskData } from '../domain/task-data.ts';
import type { Task } from '../engine/types.ts';
import type { StepDefinition } from '../engine/step.ts';

export function summary(task: Task): string {
  const d = readTaskData(task.data);
  const c = d.support?.classification;
  const decision = d.escalationDecision;
  const prep = d.escalationPreparation;
  const lines = [
    `task ${task._id}  [${task.meta.state}]  ticket ${d.support?.ticket?.id ?? '-'}: ${d.support?.ticket?.subject ?? '(no subject)'}`,
    `  classified   ${c ? `${c.category}, ${c.priority} priority, ${c.complexity}` : '-'}`,
    `  sentiment    frustration ${d.sentimentAnalysis?.frustrationLevel ?? '-'}/100, overall risk ${d.escalationRisk?.overall ?? '-'}`,
    `  decision     ${decision?.decision ?? '-'}${decision?.trigger?.id ? ` (trigger ${decision.trigger.id})` : decision?.decidedBy ? ` (by ${decision.decidedBy})` : ''}`,
  ];
  if (decision?.primaryReason) lines.push(`  reason       ${decision.primaryReason}`);
  if (prep) lines.push(`  handoff      ${prep.targetTeam}, ${prep.priority} priority, ${prep.urgencyLevel}${d.handoffComplete ? (d.handoffComplete.delivered ? ', delivered' : ', NOT delivered') : ''}`);
  const sent = task.meta.effects.filter((e) => e.status === 'sent');
  if (sent.length) lines.push(`  effects      ${sent.map((e) => `${e.channel} -> ${e.target ?? '?'}`).join('; ')}`);
  if (task.meta.flags.length) lines.push(`  flags        ${task.meta.flags.join(', ')}`);
  if (task.meta.error) lines.push(`  error        ${task.meta.error}`);
  lines.push(`  usage        ${task.meta.usage.calls} model calls, ${task.meta.runs.length} step runs`);
  return lines.join('\n');
}

export function details(task: Task): string {
  const lines = [summary(task), '', 'Step runs (why each decision):'];
  task.meta.runs.forEach((run, i) => {
    lines.push(`  ${String(i + 1).padStart(2)}. ${run.stepId}  ${run.outcome}${run.fallback ? ' (fallback)' : ''}  ${run.durationMs} ms  attempt ${run.attempt}`);
    lines.push(`      matched  ${run.matched}`);
    if (run.fieldsWritten.length) lines.push(`      wrote    ${run.fieldsWritten.join(', ')}`);
    for (const reason of run.explanation) lines.push(`      why      ${reason}`);
    if (run.error) lines.push(`      error    ${run.error}`);
  });
  if (task.meta.schedules.length) {
    lines.push('', 'Scheduled follow-ups:');
    for (const s of task.meta.schedules) lines.push(`  ${s.job} at ${new Date(s.runAt).toISOString()}`);
  }
  if (task.meta.effects.length) {
    lines.push('', 'Effects:');
    for (const e of task.meta.effects) lines.push(`  ${e.status.padEnd(7)} ${e.channel} -> ${e.target ?? '?'}  ${e.ref ?? ''}${e.error ? `  (${e.error})` : ''}`);
  }
  lines.push('', 'Data:', JSON.stringify(task.data, null, 2));
  return lines.join('\n');
}

export function row(task: Task): string {
  const d = readTaskData(task.data);
  return [
    task._id,
    task.meta.state.padEnd(7),
    (d.support?.ticket?.id ?? '-').padEnd(16),
    (d.escalationDecision?.decision ?? '-').padEnd(22),
    (d.escalationPreparation?.targetTeam ?? '-').padEnd(18),
    d.support?.ticket?.subject ?? '',
  ].join('  ');
}

export function stepList(steps: readonly StepDefinition[]): string {
  return steps.map((step, i) => `${i + 1}. ${step.id}\n   ${step.title}\n   when ${JSON.stringify(step.condition)}`).join('\n\n');
}
