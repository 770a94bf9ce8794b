/**
 * The arithmetic of the measures, on counts alone, so it can be checked against hand-computed values.
 * Zero-division convention (as scikit-learn's default): a precision, recall or F1 whose denominator is
 * zero is 0; a share or accuracy over no rows is null (nothing was measured, and a goal on it misses).
 */

export interface BinaryCounts {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

export interface ClassScores {
  precision: number;
  recall: number;
  f1: number;
  /** Rows whose label is this class. */
  support: number;
}

const ratio = (n: number, d: number): number => (d === 0 ? 0 : n / d);
const f1 = (p: number, r: number): number => (p + r === 0 ? 0 : (2 * p * r) / (p + r));

export function classScores(hit: number, predicted: number, actual: number): ClassScores {
  const precision = ratio(hit, predicted);
  const recall = ratio(hit, actual);
  return { precision, recall, f1: f1(precision, recall), support: actual };
}

/** Numbers keyed as goals name them: `macro_f1`, `accuracy`, `precision.positive`, `f1.negative`, ... */
export function binaryMetrics(c: BinaryCounts): { classes: { positive: ClassScores; negative: ClassScores }; metrics: Record<string, number | null> } {
  const total = c.tp + c.fp + c.fn + c.tn;
  // The negative class's "true positives" are the true negatives, and so on.
  const positive = classScores(c.tp, c.tp + c.fp, c.tp + c.fn);
  const negative = classScores(c.tn, c.tn + c.fn, c.tn + c.fp);
  const metrics: Record<string, number | null> = {
    macro_f1: total === 0 ? null : (positive.f1 + negative.f1) / 2,
    accuracy: total === 0 ? null : (c.tp + c.tn) / total,
  };
  for (const [name, s] of Object.entries({ positive, negative })) {
    metrics[`precision.${name}`] = s.precision;
    metrics[`recall.${name}`] = s.recall;
    metrics[`f1.${name}`] = s.f1;
  }
  return { classes: { positive, negative }, metrics };
}

export function rateMetrics(hits: number, rows: number): Record<string, number | null> {
  return { share: rows === 0 ? null : hits / rows };
}

/** A confusion matrix: `matrix[i][j]` counts rows labelled `classes[i]` and predicted `classes[j]`. */
export interface Confusion {
  classes: string[];
  matrix: number[][];
}

/** Builds the matrix from (label, predicted) pair counts; classes are the labels first, then predictions. */
export function confusionFrom(pairs: Map<string, Map<string, number>>, labelOrder: string[] = []): Confusion {
  const classes: string[] = [];
  const add = (c: string) => {
    if (!classes.includes(c)) classes.push(c);
  };
  labelOrder.forEach(add);
  [...pairs.keys()].sort().forEach(add);
  [...pairs.values()].flatMap((row) => [...row.keys()]).sort().forEach(add);
  const matrix = classes.map((label) => classes.map((predicted) => pairs.get(label)?.get(predicted) ?? 0));
  return { classes, matrix };
}

/**
 * Accuracy, macro-F1 (over every class that occurs as a label or a prediction, as scikit-learn does)
 * and per-class scores.
 */
export function multiclassMetrics(conf: Confusion): { perClass: Record<string, ClassScores>; metrics: Record<string, number | null> } {
  const n = conf.classes.length;
  let total = 0;
  let correct = 0;
  const perClass: Record<string, ClassScores> = {};
  const metrics: Record<string, number | null> = {};
  for (let i = 0; i < n; i++) {
    const actual = conf.matrix[i]!.reduce((a, b) => a + b, 0);
    const predicted = conf.matrix.reduce((a, row) => a + row[i]!, 0);
    const hit = conf.matrix[i]![i]!;
    total += actual;
    correct += hit;
    const name = conf.classes[i]!;
    const scores = classScores(hit, predicted, actual);
    perClass[name] = scores;
    metrics[`precision.${name}`] = scores.precision;
    metrics[`recall.${name}`] = scores.recall;
    metrics[`f1.${name}`] = scores.f1;
  }
  const f1s = Object.values(perClass).map((s) => s.f1);
  return {
    perClass,
    metrics: {
      accuracy: total === 0 ? null : correct / total,
      macro_f1: f1s.length === 0 ? null : f1s.reduce((a, b) => a + b, 0) / f1s.length,
      ...metrics,
    },
  };
}

/** The value at quantile `q` (0..1) of `values`, nearest-rank; null for no values. */
export function quantile(values: number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1]!;
}
