/**
 * A measure while the run goes on: each ticket, once it rests, is observed (its row and its task data)
 * and only the counts and the misses are kept, so a run over many thousand tickets holds no task.
 */
import { compileCondition, type CompiledCondition, type Condition } from '../engine/matcher.ts';
import type { Json, JsonObject } from '../engine/types.ts';
import { checkGoal, goalsOf, wantsLow, type GoalResult } from './goals.ts';
import { binaryMetrics, confusionFrom, multiclassMetrics, rateMetrics, type Confusion } from './metrics.ts';
import type { MeasureSpec } from './spec.ts';
import type { Row } from './tickets.ts';

export interface Miss {
  row: number;
  id: string;
  text: string;
  expected: string;
  got: string;
  why: string;
}

export interface MeasureResult {
  id: string;
  title: string;
  kind: MeasureSpec['kind'];
  /** Rows the measure counted. */
  rows: number;
  headline: { metric: string; value: number | null };
  /** Every number a goal can name, e.g. `macro_f1`, `recall.high`. */
  metrics: Record<string, number | null>;
  counts: Record<string, number>;
  confusion?: Confusion;
  goals: GoalResult[];
  /** Null when the measure has no goal. */
  pass: boolean | null;
  misses: { total: number; sample: Miss[] };
}

/** One ticket's part in one measure: the cell, hit or (label, predicted) pair it adds, and its miss if any. */
export interface Verdict {
  cell?: 'tp' | 'fp' | 'fn' | 'tn';
  hit?: boolean;
  pair?: [label: string, predicted: string];
  miss?: Miss;
}

/** What the tally needs to describe a ticket in a miss. */
export interface Ticketed {
  row: Row;
  id: string;
  text: string;
  data: JsonObject;
}

export function valueAt(data: unknown, dotted: string): Json | undefined {
  let at: unknown = data;
  for (const key of dotted.split('.')) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at as Json | undefined;
}

/** The field paths a condition reads (not its operators), in the order written. */
export function conditionPaths(cond: Condition): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(cond)) {
    if (key === '$and' || key === '$or' || key === '$nor') for (const sub of value as Condition[]) out.push(...conditionPaths(sub));
    else if (!key.startsWith('$')) out.push(key);
  }
  return [...new Set(out)];
}

const show = (v: Json | undefined): string => (v === undefined ? '(none)' : typeof v === 'string' ? v : JSON.stringify(v));
const describe = (source: unknown, paths: string[]): string => paths.map((p) => `${p}=${show(valueAt(source, p))}`).join(', ');

/** The reasons a step gave for the fields read: `why` paths, or each field's sibling rationale. */
function whyOf(data: JsonObject, paths: string[]): string {
  const parts: string[] = [];
  for (const p of paths) {
    const v = valueAt(data, p);
    if (v === undefined || v === null) continue;
    parts.push(Array.isArray(v) ? v.map(show).join('; ') : show(v));
  }
  const text = [...new Set(parts)].join(' | ');
  return text.length > 300 ? `${text.slice(0, 299)}…` : text;
}

function defaultWhy(data: JsonObject, paths: string[]): string[] {
  return paths.flatMap((p) => {
    const parent = p.split('.').slice(0, -1).join('.');
    const prefix = parent ? `${parent}.` : '';
    for (const name of ['primaryReason', 'rationale']) if (valueAt(data, `${prefix}${name}`) !== undefined) return [`${prefix}${name}`];
    return [];
  });
}

export class Tally {
  private readonly rowsCond?: CompiledCondition;
  private readonly tests: { positive?: CompiledCondition; predicted?: CompiledCondition; hit?: CompiledCondition } = {};
  private readonly readPaths: string[];
  private readonly counts: Record<string, number> = {};
  private readonly pairs = new Map<string, Map<string, number>>();
  private readonly misses: Miss[] = [];
  private rows = 0;
  /** A rate whose goal asks for a low share (false escalations) misses on its hits. */
  private readonly low: boolean;

  constructor(readonly spec: MeasureSpec) {
    const at = `measure ${spec.id}`;
    this.low = wantsLow(goalsOf(spec)[0]);
    if (spec.rows) this.rowsCond = compileCondition(spec.rows, `${at}.rows`);
    if (spec.kind === 'binary') {
      this.tests.positive = compileCondition(spec.positive, `${at}.positive`);
      this.tests.predicted = compileCondition(spec.predicted, `${at}.predicted`);
      this.readPaths = conditionPaths(spec.predicted);
      Object.assign(this.counts, { tp: 0, fp: 0, fn: 0, tn: 0 });
    } else if (spec.kind === 'rate') {
      this.tests.hit = compileCondition(spec.hit, `${at}.hit`);
      this.readPaths = conditionPaths(spec.hit);
      Object.assign(this.counts, { hits: 0 });
    } else {
      this.readPaths = [spec.predicted.path];
    }
  }

  observe(t: Ticketed): void {
    this.record(this.judge(t));
  }

  /**
   * What one ticket counts for, as plain data (no task kept): null when the measure's `rows` leave the
   * row out. A worker thread judges its tickets and the main thread records the verdicts in row order.
   */
  judge(t: Ticketed): Verdict | null {
    if (this.rowsCond && !this.rowsCond.test(t.row.values)) return null;
    const spec = this.spec;
    let verdict: Verdict;
    let miss: { expected: string; got: string } | null = null;
    if (spec.kind === 'binary') {
      const actual = this.tests.positive!.test(t.row.values);
      const predicted = this.tests.predicted!.test(t.data);
      verdict = { cell: actual ? (predicted ? 'tp' : 'fn') : predicted ? 'fp' : 'tn' };
      if (actual !== predicted) {
        miss = {
          // yes/no, not positive/negative: the classes are often sentiments, and "negative" would read twice.
          expected: `${actual ? 'yes' : 'no'} (${describe(t.row.values, conditionPaths(spec.positive))})`,
          got: `${predicted ? 'yes' : 'no'} (${describe(t.data, this.readPaths)})`,
        };
      }
    } else if (spec.kind === 'rate') {
      const hit = this.tests.hit!.test(t.data);
      verdict = { hit };
      const low = this.low;
      if (hit === low) miss = { expected: low ? 'no hit' : 'hit', got: `${hit ? 'hit' : 'no hit'} (${describe(t.data, this.readPaths)})` };
    } else {
      const raw = show(t.row.values[spec.label.column]);
      const label = spec.label.map?.[raw] ?? raw;
      const rawPredicted = show(valueAt(t.data, spec.predicted.path));
      const predicted = spec.predicted.map?.[rawPredicted] ?? rawPredicted;
      verdict = { pair: [label, predicted] };
      if (label !== predicted) {
        miss = { expected: label === raw ? label : `${label} (${raw})`, got: predicted === rawPredicted ? predicted : `${predicted} (${rawPredicted})` };
      }
    }
    if (miss) {
      const why = whyOf(t.data, spec.why ?? defaultWhy(t.data, this.readPaths));
      verdict.miss = { row: t.row.index, id: t.id, text: t.text, ...miss, why };
    }
    return verdict;
  }

  /** Counts a verdict from `judge` (null: the row is not the measure's). */
  record(verdict: Verdict | null): void {
    if (verdict === null) return;
    this.rows += 1;
    if (verdict.cell) this.counts[verdict.cell]! += 1;
    if (verdict.hit) this.counts.hits! += 1;
    if (verdict.pair) {
      const [label, predicted] = verdict.pair;
      const row = this.pairs.get(label) ?? new Map<string, number>();
      row.set(predicted, (row.get(predicted) ?? 0) + 1);
      this.pairs.set(label, row);
    }
    if (verdict.miss) this.misses.push(verdict.miss);
  }

  result(missLimit: number): MeasureResult {
    const spec = this.spec;
    let metrics: Record<string, number | null>;
    let confusion: Confusion | undefined;
    if (spec.kind === 'binary') metrics = binaryMetrics(this.counts as never).metrics;
    else if (spec.kind === 'rate') metrics = rateMetrics(this.counts.hits!, this.rows);
    else {
      const labelOrder = spec.label.map ? [...new Set(Object.values(spec.label.map))] : [];
      confusion = confusionFrom(this.pairs, labelOrder);
      metrics = multiclassMetrics(confusion).metrics;
    }
    const headlineName = spec.kind === 'binary' ? 'macro_f1' : spec.kind === 'rate' ? 'share' : 'accuracy';
    const goals = goalsOf(spec).map((g) => checkGoal(g, metrics[g.metric] ?? null));
    // Concurrent runs finish tickets out of order; the sample is the first misses in file order.
    const sample = [...this.misses].sort((a, b) => a.row - b.row).slice(0, missLimit);
    return {
      id: spec.id,
      title: spec.title,
      kind: spec.kind,
      rows: this.rows,
      headline: { metric: headlineName, value: metrics[headlineName] ?? null },
      metrics,
      counts: spec.kind === 'multiclass' ? { correct: this.rows - this.misses.length } : { ...this.counts },
      ...(confusion ? { confusion } : {}),
      goals,
      pass: goals.length === 0 ? null : goals.every((g) => g.pass),
      misses: { total: this.misses.length, sample },
    };
  }
}
