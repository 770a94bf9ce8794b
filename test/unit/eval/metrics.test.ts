import { describe, expect, it } from 'vitest';
import { checkGoal, parseGoal } from '../../../src/eval/goals.ts';
import { binaryMetrics, confusionFrom, multiclassMetrics, quantile, rateMetrics } from '../../../src/eval/metrics.ts';

describe('binary measure arithmetic', () => {
  it('computes precision, recall and F1 of both classes and macro-F1 from the four counts', () => {
    // Worked by hand: P+ = 40/50, R+ = 40/60, P- = 30/50, R- = 30/40.
    const { metrics, classes } = binaryMetrics({ tp: 40, fp: 10, fn: 20, tn: 30 });
    expect(metrics['precision.positive']).toBeCloseTo(0.8, 10);
    expect(metrics['recall.positive']).toBeCloseTo(2 / 3, 10);
    expect(metrics['f1.positive']).toBeCloseTo(8 / 11, 10);
    expect(metrics['precision.negative']).toBeCloseTo(0.6, 10);
    expect(metrics['recall.negative']).toBeCloseTo(0.75, 10);
    expect(metrics['f1.negative']).toBeCloseTo(2 / 3, 10);
    expect(metrics.macro_f1).toBeCloseTo((8 / 11 + 2 / 3) / 2, 10);
    expect(metrics.accuracy).toBeCloseTo(0.7, 10);
    expect(classes.positive.support).toBe(60);
    expect(classes.negative.support).toBe(40);
  });

  it('counts a class never predicted as precision 0, not NaN, and nothing measured as null', () => {
    const { metrics } = binaryMetrics({ tp: 0, fp: 0, fn: 5, tn: 5 });
    expect(metrics['precision.positive']).toBe(0);
    expect(metrics['f1.positive']).toBe(0);
    expect(metrics['recall.negative']).toBe(1);
    expect(metrics['precision.negative']).toBe(0.5);
    expect(metrics.macro_f1).toBeCloseTo((0 + 2 / 3) / 2, 10);
    expect(binaryMetrics({ tp: 0, fp: 0, fn: 0, tn: 0 }).metrics.macro_f1).toBeNull();
  });

  it('gives a perfect split macro-F1 1', () => {
    expect(binaryMetrics({ tp: 3, fp: 0, fn: 0, tn: 7 }).metrics.macro_f1).toBe(1);
  });
});

describe('rate and multiclass arithmetic', () => {
  it('shares hits over rows; no rows is null', () => {
    expect(rateMetrics(3, 12).share).toBe(0.25);
    expect(rateMetrics(0, 0).share).toBeNull();
  });

  it('builds the confusion matrix in label order and scores each class', () => {
    const pairs = new Map([
      ['high', new Map([['high', 2], ['medium', 2]])],
      ['medium', new Map([['medium', 3], ['low', 1]])],
      ['low', new Map([['low', 2]])],
    ]);
    const conf = confusionFrom(pairs, ['low', 'medium', 'high']);
    expect(conf.classes).toEqual(['low', 'medium', 'high']);
    expect(conf.matrix).toEqual([[2, 0, 0], [1, 3, 0], [0, 2, 2]]);
    const { metrics, perClass } = multiclassMetrics(conf);
    expect(metrics.accuracy).toBeCloseTo(7 / 10, 10);
    expect(metrics['recall.high']).toBe(0.5);
    expect(metrics['precision.high']).toBe(1);
    expect(metrics['precision.medium']).toBeCloseTo(3 / 5, 10);
    expect(metrics['recall.low']).toBe(1);
    expect(perClass.low!.precision).toBeCloseTo(2 / 3, 10);
    const f1 = (p: number, r: number) => (2 * p * r) / (p + r);
    expect(metrics.macro_f1).toBeCloseTo((f1(2 / 3, 1) + f1(3 / 5, 3 / 4) + f1(1, 1 / 2)) / 3, 10);
  });

  it('adds predicted classes that are no label as columns (they count against macro-F1)', () => {
    const conf = confusionFrom(new Map([['a', new Map([['a', 1], ['(none)', 1]])]]));
    expect(conf.classes).toEqual(['a', '(none)']);
    const { metrics } = multiclassMetrics(conf);
    expect(metrics.accuracy).toBe(0.5);
    expect(metrics['f1.(none)']).toBe(0);
  });

  it('takes nearest-rank quantiles', () => {
    expect(quantile([5, 1, 3, 2, 4], 0.5)).toBe(3);
    expect(quantile(Array.from({ length: 100 }, (_, i) => i + 1), 0.95)).toBe(95);
    expect(quantile([], 0.5)).toBeNull();
  });
});

describe('goals', () => {
  it('parses comparisons, percentages included, and checks them', () => {
    expect(parseGoal('share', '>= 80%')).toMatchObject({ op: '>=', target: 0.8 });
    expect(checkGoal(parseGoal('share', '<= 0.05'), 0.05).pass).toBe(true);
    expect(checkGoal(parseGoal('share', '< 0.05'), 0.05).pass).toBe(false);
    expect(checkGoal(parseGoal('macro_f1', '>= .8'), 0.79).pass).toBe(false);
    expect(checkGoal(parseGoal('share', '>= 0'), null)).toMatchObject({ pass: false, value: null });
    expect(() => parseGoal('x', 'at least 0.8')).toThrow(/comparison/);
  });
});
