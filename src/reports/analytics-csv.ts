/**
 * The analytics as CSV: one row per figure, long format, so a spreadsheet pivots it however it likes
 * and new measures never shift columns. Columns: `section,measure,dimension,value,unit`.
 *
 * - section: the top-level key of the analytics JSON (period, tickets, escalations, times, ...)
 * - measure: the key under it (`total`, `byTeam`, `toHandoff`); dimension: the team, trigger, day,
 *   step, score or percentile (`p50`, `p90`, `count`) the value is for, empty for scalars
 * - value: the raw number (ratios 0..1, durations in ms), empty for no value; unit: count, ratio, ms,
 *   score, tokens, iso
 *
 * Cells that a spreadsheet would read as a formula (starting with = + - @, tab or CR) get a leading
 * apostrophe: dimensions such as a decision can come from model output.
 */
import type { Analytics, Count, Percentiles } from './analytics-types.ts';

type Row = [section: string, measure: string, dimension: string, value: number | string | null, unit: string];

export const CSV_HEADER = ['section', 'measure', 'dimension', 'value', 'unit'] as const;

/** One CSV cell: formula-looking text neutralised, then quoted when it holds a separator or quote. */
export function csvCell(value: number | string | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function counts(section: string, measure: string, rows: readonly Count[], unit = 'count'): Row[] {
  return rows.map((r) => [section, measure, r.key, r.count, unit]);
}

function pct(measure: string, p: Percentiles): Row[] {
  return [
    ['times', measure, 'count', p.count, 'count'],
    ['times', measure, 'p50', p.p50Ms, 'ms'],
    ['times', measure, 'p90', p.p90Ms, 'ms'],
  ];
}

export function analyticsRows(a: Analytics): Row[] {
  const scalar = (section: string, values: Record<string, number | null>, unit: (key: string) => string): Row[] =>
    Object.entries(values).map(([k, v]) => [section, k, '', v, unit(k)]);
  return [
    ['period', 'since', '', a.period.since, 'iso'],
    ['period', 'until', '', a.period.until, 'iso'],
    ['period', 'generatedAt', '', a.generatedAt, 'iso'],
    ['tickets', 'total', '', a.tickets.total, 'count'],
    ...counts('tickets', 'perDay', a.tickets.perDay),
    ...counts('tickets', 'byState', a.tickets.byState),
    ...scalar('automation', a.automation, (k) => (k === 'shareWithoutPerson' ? 'ratio' : 'count')),
    ['escalations', 'total', '', a.escalations.total, 'count'],
    ...counts('escalations', 'byDecision', a.escalations.byDecision),
    ...counts('escalations', 'byTeam', a.escalations.byTeam),
    ...counts('escalations', 'byTrigger', a.escalations.byTrigger),
    ...pct('toHandoff', a.times.toHandoff),
    ...pct('toClaim', a.times.toClaim),
    ...pct('toResolution', a.times.toResolution),
    ...scalar('humanTasks', a.humanTasks, () => 'count'),
    ...scalar('sla', a.sla, (k) => (k === 'attainment' ? 'ratio' : 'count')),
    ['satisfaction', 'surveysSent', '', a.satisfaction.surveysSent, 'count'],
    ['satisfaction', 'answered', '', a.satisfaction.answered, 'count'],
    ['satisfaction', 'average', '', a.satisfaction.average, 'score'],
    ['satisfaction', 'satisfiedShare', '', a.satisfaction.satisfiedShare, 'ratio'],
    ...counts('satisfaction', 'byScore', a.satisfaction.byScore),
    ['model', 'calls', '', a.model.calls, 'count'],
    ['model', 'promptTokens', '', a.model.promptTokens, 'tokens'],
    ['model', 'completionTokens', '', a.model.completionTokens, 'tokens'],
    ['model', 'totalTokens', '', a.model.totalTokens, 'tokens'],
    ['model', 'callsPerTicket', '', a.model.callsPerTicket, 'count'],
    ...a.model.byStep.flatMap((s): Row[] => [
      ['model', 'byStep.calls', s.step, s.calls, 'count'],
      ['model', 'byStep.promptTokens', s.step, s.promptTokens, 'tokens'],
      ['model', 'byStep.completionTokens', s.step, s.completionTokens, 'tokens'],
    ]),
    ...scalar('reliability', a.reliability, () => 'count'),
  ];
}

/** The CSV text, CRLF line ends (RFC 4180), header first. */
export function analyticsCsv(a: Analytics): string {
  return [CSV_HEADER as readonly string[], ...analyticsRows(a)].map((row) => row.map((v) => csvCell(v)).join(',')).join('\r\n') + '\r\n';
}
