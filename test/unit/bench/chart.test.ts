import { describe, expect, it } from 'vitest';
import { compact, escapeXml, linear, logarithmic, niceTicks } from '../../../bench/chart-scale.ts';
import { renderChart } from '../../../bench/chart.ts';
import type { BenchResults, StoreResult } from '../../../bench/results.ts';

describe('chart scales', () => {
  it('rounds the axis top up to 1, 2 or 5 times a power of ten', () => {
    expect(niceTicks(28.8)).toEqual([0, 10, 20, 30]);
    expect(niceTicks(100)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(0.42)).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5]);
    expect(niceTicks(7)).toEqual([0, 2, 4, 6, 8]);
    expect(niceTicks(1234)).toEqual([0, 500, 1000, 1500]);
  });

  it('still draws an axis with no data', () => {
    expect(niceTicks(0)).toEqual([0, 1]);
    expect(niceTicks(Number.NaN)).toEqual([0, 1]);
  });

  it('maps linearly and logarithmically, inverted ranges included', () => {
    const y = linear([0, 50], [300, 100]);
    expect(y(0)).toBe(300);
    expect(y(25)).toBe(200);
    expect(y(50)).toBe(100);
    const x = logarithmic([1_000, 100_000], [0, 200]);
    expect(x(1_000)).toBeCloseTo(0);
    expect(x(10_000)).toBeCloseTo(100);
    expect(x(100_000)).toBeCloseTo(200);
  });

  it('puts a single point in the middle', () => {
    expect(linear([5, 5], [0, 100])(5)).toBe(50);
    expect(logarithmic([1_000, 1_000], [0, 100])(1_000)).toBe(50);
  });

  it('labels compactly and escapes text', () => {
    expect(compact(1_000)).toBe('1k');
    expect(compact(10_000)).toBe('10k');
    expect(compact(1_500)).toBe('1.5k');
    expect(compact(2_000_000)).toBe('2M');
    expect(compact(0.25)).toBe('0.25');
    expect(escapeXml('a<b & "c">')).toBe('a&lt;b &amp; &quot;c&quot;&gt;');
  });
});

describe('chart', () => {
  const throughput = (perSecond: number) => ({ tickets: 100, ms: 1000, perSecond, escalated: 75, failed: 0, handoff: { count: 0, p50: null, p99: null, max: null }, rest: { count: 0, p50: null, p99: null, max: null } });
  const latency = { count: 30, p50: 2, p99: 9, max: 9 };
  const store = (target: string, name: string): StoreResult => ({
    target,
    settings: { tickets: 100, pairs: 1, latencyRate: 20, latencySeconds: 30, growth: [1_000, 10_000] },
    store: name,
    pairs: [{ floor: 60, pipeline: 25 }],
    floor: { tickets: 100, ms: 1000, perSecond: 60, callsPerTicket: {}, timeShare: {}, taskBytes: 1 },
    pipeline: throughput(25),
    naive: throughput(10),
    workerProcesses: [],
    growth: [1_000, 10_000].map((storedTasks) => ({
      storedTasks,
      seedMs: 1,
      startupMs: 1,
      rssStartMiB: 1,
      rssAfterMiB: 1,
      diskBytes: 1,
      pipeline: throughput(20),
      inboxAllTeams: latency,
      inboxOneTeam: latency,
      taskList: latency,
      taskListFiltered: latency,
    })),
    skipped: [],
  });
  const results: BenchResults = {
    startedAt: '2026-01-01T00:00:00.000Z',
    finishedAt: '2026-01-01T00:05:00.000Z',
    environment: { cpus: 2, cpuModel: 'cpu', node: 'v20.20.2', platform: 'linux', totalMemGiB: 8 },
    rounds: 30,
    stores: [store('embedded', 'sqlite'), store('mongodb', 'mongodb')],
    unavailable: [],
  };

  it('is one standalone SVG with a title, axis labels and a bar per figure', () => {
    const svg = renderChart(results);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('<title>triage benchmark 2026-01-01T00:00:00.000Z');
    expect(svg).toContain('stored tasks (log scale)');
    expect(svg).toContain('tickets/s');
    expect(svg.match(/<rect [^>]*><title>/g)).toHaveLength(6);
    expect(svg).toContain('embedded (sqlite)');
    expect(svg).not.toContain('NaN');
  });

  it('says so when no growth point was measured', () => {
    const svg = renderChart({ ...results, stores: results.stores.map((s) => ({ ...s, growth: [] })) });
    expect(svg).toContain('no growth points measured');
    expect(svg).not.toContain('NaN');
  });
});
