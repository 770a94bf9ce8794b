/**
 * Goals: a comparison on one of a measure's numbers, e.g. `">= 0.8"` on the headline or
 * `recall.high: ">= 0.6"`. Each kind of measure names its numbers; the spec is checked against them
 * so a misspelt goal is an error, not a goal that silently never applies.
 */
import type { MeasureSpec } from './spec.ts';

export const GOAL_PATTERN = /^\s*(>=|<=|>|<)\s*(\d+(?:\.\d+)?|\.\d+)\s*(%?)\s*$/;

export type GoalOp = '>=' | '<=' | '>' | '<';

export interface Goal {
  /** The number the goal is on, e.g. `macro_f1`, `recall.high`. */
  metric: string;
  op: GoalOp;
  target: number;
  text: string;
}

export interface GoalResult extends Goal {
  /** Null when the number is undefined (no rows were measured): the goal is then missed. */
  value: number | null;
  pass: boolean;
}

export function parseGoal(metric: string, text: string): Goal {
  const match = GOAL_PATTERN.exec(text);
  if (!match) throw new Error(`goal "${text}" is not a comparison such as ">= 0.8"`);
  const target = Number(match[2]) / (match[3] === '%' ? 100 : 1);
  return { metric, op: match[1] as GoalOp, target, text: text.trim() };
}

export function checkGoal(goal: Goal, value: number | null): GoalResult {
  if (value === null) return { ...goal, value, pass: false };
  const pass = goal.op === '>=' ? value >= goal.target : goal.op === '<=' ? value <= goal.target : goal.op === '>' ? value > goal.target : value < goal.target;
  return { ...goal, value, pass };
}

/** A goal asking for a low number (`<= 0.05`): its misses are the hits, not the non-hits. */
export function wantsLow(goal: Goal | undefined): boolean {
  return goal !== undefined && (goal.op === '<=' || goal.op === '<');
}

const HEADLINE = { binary: 'macro_f1', rate: 'share', multiclass: 'accuracy' } as const;
const PER_CLASS = ['precision', 'recall', 'f1'];

/** The headline's name, and a check of a goal name that returns what is wrong with it (or null). */
export function metricNamesFor(m: MeasureSpec): { headline: string; check(name: string): string | null } {
  const headline = HEADLINE[m.kind];
  const labelClasses = m.kind === 'multiclass' && m.label.map ? new Set(Object.values(m.label.map)) : null;
  const classes = m.kind === 'binary' ? new Set(['positive', 'negative']) : labelClasses;
  const plain = m.kind === 'binary' ? ['macro_f1', 'accuracy'] : m.kind === 'rate' ? ['share'] : ['accuracy', 'macro_f1'];
  const hint = m.kind === 'rate' ? 'share' : `${plain.join(', ')} or precision|recall|f1.<class>`;
  return {
    headline,
    check(name) {
      if (plain.includes(name)) return null;
      const [metric, ...rest] = name.split('.');
      const cls = rest.join('.');
      if (m.kind === 'rate' || !PER_CLASS.includes(metric ?? '') || cls === '') return `unknown number "${name}"; a ${m.kind} measure has ${hint}`;
      if (classes && !classes.has(cls)) return `unknown class "${cls}"; the classes are ${[...classes].join(', ')}`;
      return null;
    },
  };
}

/** Every goal of a measure, the headline's first. */
export function goalsOf(m: MeasureSpec): Goal[] {
  const { headline } = metricNamesFor(m);
  const goals: Goal[] = [];
  if (m.goal !== undefined) goals.push(parseGoal(headline, m.goal));
  for (const [metric, text] of Object.entries(m.goals ?? {})) goals.push(parseGoal(metric, text));
  return goals.sort((a, b) => Number(b.metric === headline) - Number(a.metric === headline));
}
