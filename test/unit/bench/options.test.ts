import { describe, expect, it } from 'vitest';
import { parseCounts, parseOptions } from '../../../bench/options.ts';

const now = new Date('2026-01-02T03:04:05.678Z');

describe('bench options', () => {
  it('defaults to both stores, 100 tickets, 20/s for 30 s and 1k, 10k stored tasks in a timestamped folder', () => {
    const options = parseOptions([], {}, now, '/repo');
    const full = { tickets: 100, pairs: 3, latencyRate: 20, latencySeconds: 30, growth: [1_000, 10_000] };
    expect(options).toMatchObject({ stores: ['embedded', 'mongodb'], rounds: 30, embedded: full, mongodb: full });
    expect(options.out).toBe('/repo/bench-results/2026-01-02T03-04-05.678Z');
  });

  it('gives FerretDB small batches, a short latency run and no growth points unless told otherwise', () => {
    expect(parseOptions([], {}, now, '/').ferretdb).toEqual({ tickets: 10, pairs: 1, latencyRate: 20, latencySeconds: 2, growth: [] });
    expect(parseOptions([], { BENCH_MONGODB_TICKETS: '50', BENCH_MONGODB_SECONDS: '30', BENCH_MONGODB_GROWTH: '1000,10000' }, now, '/').ferretdb).toEqual({
      tickets: 50,
      pairs: 1,
      latencyRate: 20,
      latencySeconds: 30,
      growth: [1_000, 10_000],
    });
  });

  it('reads --out, --stores and BENCH_* variables', () => {
    const options = parseOptions(['--out', 'x', '--stores=embedded'], { BENCH_GROWTH: '1k, 100000', BENCH_MONGODB_GROWTH: '500', BENCH_TICKETS: '40', BENCH_PAIRS: '5' }, now, '/repo');
    expect(options).toMatchObject({ out: '/repo/x', stores: ['embedded'], embedded: { tickets: 40, pairs: 5, growth: [1_000, 100_000] }, mongodb: { tickets: 40, pairs: 5, growth: [500] } });
    expect(options.ferretdb.pairs).toBe(1);
  });

  it('names the bad setting', () => {
    expect(() => parseCounts('1000,lots', 'BENCH_GROWTH')).toThrow(/BENCH_GROWTH must be a comma-separated list/);
    expect(() => parseOptions(['--stores', 'postgres'], {}, now, '/')).toThrow(/--stores takes embedded and\/or mongodb/);
    expect(() => parseOptions(['--fast'], {}, now, '/')).toThrow(/unknown argument --fast/);
    expect(() => parseOptions([], { BENCH_RATE: '0' }, now, '/')).toThrow(/BENCH_RATE must be a positive number/);
    expect(() => parseOptions([], { BENCH_PAIRS: 'some' }, now, '/')).toThrow(/BENCH_PAIRS must be a positive number/);
  });
});
