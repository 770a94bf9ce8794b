/**
 * The plain-text rendering of an eval report for the terminal. `--json` prints the report object itself.
 */
import path from 'node:path';
import type { GoalResult } from './goals.ts';
import type { EvalReport } from './run.ts';
import type { MeasureResult } from './tally.ts';

const num = (v: number | null | undefined, digits = 3): string => (v === null || v === undefined ? '-' : v.toFixed(digits));
const pad = (s: string, n: number): string => s.padEnd(n);
const lpad = (s: string, n: number): string => s.padStart(n);

function goalLine(g: GoalResult): string {
  return `  ${pad(g.metric, 16)} ${lpad(num(g.value), 7)}   goal ${pad(g.text, 8)} ${g.pass ? 'ok' : 'MISS'}`;
}

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => `    ${cells.map((c, i) => (i === 0 ? pad(c, widths[i]!) : lpad(c, widths[i]!))).join('  ')}`.trimEnd();
  return [line(header), ...rows.map(line)];
}

function body(m: MeasureResult): string[] {
  const lines: string[] = [];
  const headlineGoal = m.goals.find((g) => g.metric === m.headline.metric);
  if (!headlineGoal) lines.push(`  ${pad(m.headline.metric, 16)} ${lpad(num(m.headline.value), 7)}`);
  for (const g of m.goals) lines.push(goalLine(g));
  if (m.kind === 'binary') {
    const c = m.counts;
    lines.push(`  TP ${c.tp}  FP ${c.fp}  FN ${c.fn}  TN ${c.tn}   accuracy ${num(m.metrics.accuracy)}`);
    lines.push(...table(['class', 'precision', 'recall', 'f1'], ['positive', 'negative'].map((k) => [k, num(m.metrics[`precision.${k}`]), num(m.metrics[`recall.${k}`]), num(m.metrics[`f1.${k}`])])));
  } else if (m.kind === 'rate') {
    lines.push(`  ${m.counts.hits} of ${m.rows} rows hit`);
  } else if (m.confusion) {
    const { classes, matrix } = m.confusion;
    lines.push(`  ${m.counts.correct} of ${m.rows} right   macro-F1 ${num(m.metrics.macro_f1)}`);
    lines.push(...table(['class', 'precision', 'recall', 'f1'], classes.map((k) => [k, num(m.metrics[`precision.${k}`]), num(m.metrics[`recall.${k}`]), num(m.metrics[`f1.${k}`])])));
    lines.push('  confusion (rows: expected, columns: got)');
    // Predicted classes no row is labelled with are columns only: their rows would be all zeros.
    const labelled = classes.map((k, i) => ({ k, row: matrix[i]! })).filter(({ row }) => row.some((n) => n > 0));
    lines.push(...table(['', ...classes], labelled.map(({ k, row }) => [k, ...row.map(String)])));
  }
  if (m.misses.total > 0) {
    lines.push(`  misses: ${m.misses.total}${m.misses.sample.length < m.misses.total ? ` (first ${m.misses.sample.length})` : ''}`);
    for (const miss of m.misses.sample) {
      lines.push(`    row ${miss.row}  "${miss.text}"`);
      lines.push(`      expected ${miss.expected}`);
      lines.push(`      got      ${miss.got}`);
      if (miss.why) lines.push(`      why      ${miss.why}`);
    }
  }
  return lines;
}

export function renderReport(r: EvalReport): string {
  const perTicket = r.reasoner.msPerTicket;
  const lines = [
    `triage eval ${path.relative(process.cwd(), r.spec) || r.spec}${r.title ? `: ${r.title}` : ''}`,
    `  ${r.tickets} tickets from ${path.basename(r.data)} (${r.rows.inFile} rows in the file) in ${r.seconds.toFixed(1)} s: ${r.ticketsPerSecond.toFixed(0)} tickets/s, concurrency ${r.reasoner.concurrency}${r.reasoner.workers > 1 ? ` in each of ${r.reasoner.workers} workers` : ''}`,
    `  reasoner ${r.reasoner.name}: ${num(perTicket.median, 2)} ms/ticket median, ${num(perTicket.p95, 2)} ms p95, ${num(r.reasoner.callsPerTicket, 1)} calls/ticket`,
    `  model: ${num(r.model.callsPerTicket, 2)} calls/ticket, ${num(r.model.tokensPerTicket, 0)} tokens/ticket, ${r.model.fallbacks} fallbacks`,
    `  tasks: ${Object.entries(r.states).map(([state, count]) => `${count} ${state}`).join(', ')}`,
  ];
  for (const f of r.failures) lines.push(`  failed: row ${f.row}: ${f.error}`);
  for (const m of r.measures) {
    const mark = m.pass === null ? '' : m.pass ? '  [ok]' : '  [MISS]';
    lines.push('', `${m.id}: ${m.title} (${m.kind}, ${m.rows} rows)${mark}`, ...body(m));
  }
  const goals = r.measures.flatMap((m) => m.goals);
  if (goals.length > 0) lines.push('', `goals: ${goals.filter((g) => g.pass).length} of ${goals.length} met`);
  return `${lines.join('\n')}\n`;
}
