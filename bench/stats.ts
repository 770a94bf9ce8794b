/**
 * Small statistics for the benchmark: nearest-rank percentiles and a latency summary. Times are in
 * milliseconds; nothing here looks at a clock.
 */

/** Nearest-rank percentile (p in 0..100) of values sorted ascending; null for no values. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  if (p <= 0) return sorted[0]!;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, rank) - 1]!;
}

export interface LatencySummary {
  count: number;
  p50: number | null;
  p99: number | null;
  max: number | null;
}

export function summarise(values: readonly number[]): LatencySummary {
  const sorted = [...values].sort((a, b) => a - b);
  return { count: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1) ?? null };
}

/** Events per second; null when no time passed (a rate of infinity helps nobody). */
export function perSecond(count: number, ms: number): number | null {
  return ms > 0 ? (count * 1000) / ms : null;
}

/** a / b, or null when either is missing or b is 0. */
export function ratio(a: number | null | undefined, b: number | null | undefined): number | null {
  if (a === null || a === undefined || b === null || b === undefined || b === 0) return null;
  return a / b;
}

/** Times `rounds` sequential calls of `fn`, in milliseconds. */
export async function timeRounds(rounds: number, fn: () => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  return times;
}

/**
 * The index of the pair whose pipeline ÷ floor is the median (the lower one of an even count), so the
 * figures shown come from one pair; pairs missing a figure count only when no pair has both (then the
 * first with a pipeline figure, or 0).
 */
export function medianPairIndex(pairs: readonly { floor: number | null; pipeline: number | null }[]): number {
  const rated = pairs.flatMap((pair, index) => {
    const r = ratio(pair.pipeline, pair.floor);
    return r === null ? [] : [{ index, r }];
  });
  if (rated.length === 0) return Math.max(0, pairs.findIndex((pair) => pair.pipeline !== null));
  rated.sort((a, b) => a.r - b.r);
  return rated[Math.floor((rated.length - 1) / 2)]!.index;
}
