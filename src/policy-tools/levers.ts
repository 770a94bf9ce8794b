/**
 * The numeric levers of a trigger: each `$gte`/`$gt`/`$lte`/`$lt` comparison of a data path with a
 * number in its `when`, where it sits in the condition (so the same spot can be changed in the YAML),
 * and the thresholds worth trying for it given the values the stored tickets had.
 */
import type { Json, JsonObject } from '../engine/types.ts';

export const COMPARISONS = { $gte: '>=', $gt: '>', $lte: '<=', $lt: '<' } as const;
export type Comparison = keyof typeof COMPARISONS;

export interface Lever {
  /** The data path compared, e.g. `sentimentAnalysis.frustrationLevel`. */
  path: string;
  op: Comparison;
  value: number;
  /** Keys from the trigger's `when` down to the number, e.g. `['$or', 1, 'support.customer.accountValue', '$gte']`. */
  location: (string | number)[];
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every numeric comparison in a condition, in the order written. */
export function leversOf(when: JsonObject): Lever[] {
  const levers: Lever[] = [];
  const visit = (node: JsonObject, at: (string | number)[]) => {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$and' || key === '$or' || key === '$nor') {
        if (Array.isArray(value)) value.forEach((sub, i) => isObject(sub) && visit(sub, [...at, key, i]));
      } else if (!key.startsWith('$') && isObject(value)) {
        for (const [op, operand] of Object.entries(value)) {
          if (op in COMPARISONS && typeof operand === 'number') levers.push({ path: key, op: op as Comparison, value: operand, location: [...at, key, op] });
        }
      }
    }
  };
  visit(when, []);
  return levers;
}

/** A copy of `when` with the number at `location` replaced. */
export function withThreshold(when: JsonObject, location: (string | number)[], value: number): JsonObject {
  const copy = structuredClone(when);
  let node: Json = copy;
  for (const key of location.slice(0, -1)) node = (node as Record<string | number, Json>)[key] as Json;
  (node as JsonObject)[String(location.at(-1))] = value;
  return copy;
}

/**
 * `when` with every numeric comparison removed: what the trigger would catch if no threshold held it
 * back. Its matches among tickets nobody escalated are the misses a threshold is responsible for.
 */
export function withoutThresholds(when: JsonObject): JsonObject {
  const strip = (node: JsonObject): JsonObject => {
    const out: JsonObject = {};
    for (const [key, value] of Object.entries(node)) {
      if ((key === '$and' || key === '$or' || key === '$nor') && Array.isArray(value)) {
        out[key] = value.map((sub) => (isObject(sub) ? strip(sub) : sub));
      } else if (!key.startsWith('$') && isObject(value) && Object.keys(value).some((op) => op in COMPARISONS && typeof value[op] === 'number')) {
        const rest = Object.fromEntries(Object.entries(value).filter(([op, operand]) => !(op in COMPARISONS && typeof operand === 'number')));
        // Still a number: the comparison is what is relaxed, not the field's presence.
        out[key] = Object.keys(rest).length > 0 ? rest : { $type: 'number' };
      } else out[key] = value;
    }
    return out;
  };
  return strip(when);
}

/** The roundest number in an interval (multiples of 100, 50, 10, 5, 1, then finer), or its closed end. */
function roundestIn(lo: number, loClosed: boolean, hi: number, hiClosed: boolean): number {
  const inside = (x: number) => (loClosed ? x >= lo : x > lo) && (hiClosed ? x <= hi : x < hi);
  for (const step of [1000, 100, 50, 10, 5, 1, 0.5, 0.1, 0.01]) {
    const first = Math.ceil(lo / step) * step;
    for (const x of [first, first + step]) if (inside(x)) return Number(x.toFixed(2));
  }
  return hiClosed ? hi : lo;
}

/**
 * One threshold per distinct outcome: for `>=`, any t in (v[k-1], v[k]] lets the same tickets through,
 * so one (round) value per gap between the values seen, plus one beyond each end.
 */
export function candidateThresholds(op: Comparison, seen: number[]): number[] {
  const values = [...new Set(seen.filter(Number.isFinite))].sort((a, b) => a - b);
  if (values.length === 0) return [];
  const points = [values[0]! - 10, ...values, values.at(-1)! + 10];
  const candidates: number[] = [];
  for (let k = 1; k < points.length; k++) {
    const lo = points[k - 1]!;
    const hi = points[k]!;
    // >= and < split between "up to v[k-1]" and "from v[k]": the interval is (lo, hi]; > and <= the other way.
    candidates.push(op === '$gte' || op === '$lt' ? roundestIn(lo, false, hi, true) : roundestIn(lo, true, hi, false));
  }
  return [...new Set(candidates)];
}
