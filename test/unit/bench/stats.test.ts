import { describe, expect, it } from 'vitest';
import { medianPairIndex, percentile, perSecond, ratio, summarise } from '../../../bench/stats.ts';

describe('bench statistics', () => {
  it('takes nearest-rank percentiles', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, 50)).toBe(50);
    expect(percentile(sorted, 99)).toBe(99);
    expect(percentile(sorted, 100)).toBe(100);
    expect(percentile(sorted, 0)).toBe(1);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNull();
  });

  it('uses the highest value for p99 of small samples', () => {
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 99)).toBe(10);
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
  });

  it('summarises unsorted values without changing them', () => {
    const values = [30, 10, 20];
    expect(summarise(values)).toEqual({ count: 3, p50: 20, p99: 30, max: 30 });
    expect(values).toEqual([30, 10, 20]);
    expect(summarise([])).toEqual({ count: 0, p50: null, p99: null, max: null });
  });

  it('gives no rate or ratio where one would be meaningless', () => {
    expect(perSecond(50, 2_000)).toBe(25);
    expect(perSecond(5, 0)).toBeNull();
    expect(ratio(10, 40)).toBe(0.25);
    expect(ratio(10, 0)).toBeNull();
    expect(ratio(undefined, 4)).toBeNull();
    expect(ratio(0, 4)).toBe(0);
  });

  it('picks the pair whose pipeline ÷ floor is the median, so the figures shown come from one pair', () => {
    const pairs = [
      { floor: 100, pipeline: 50 },
      { floor: 120, pipeline: 36 },
      { floor: 80, pipeline: 36 },
    ];
    // Ratios 0.5, 0.3, 0.45: the median is the third pair's, though neither of its figures is a median.
    expect(medianPairIndex(pairs)).toBe(2);
    // An even count takes the lower of the two middle ratios.
    expect(medianPairIndex([...pairs, { floor: 100, pipeline: 60 }])).toBe(2);
    expect(medianPairIndex([{ floor: null, pipeline: 40 }, { floor: 100, pipeline: 30 }])).toBe(1);
    expect(medianPairIndex([{ floor: null, pipeline: null }, { floor: null, pipeline: 40 }])).toBe(1);
    expect(medianPairIndex([])).toBe(0);
  });
});
