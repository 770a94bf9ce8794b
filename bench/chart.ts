/**
 * One SVG, no dependency, readable when opened alone: throughput per store (floor, pipeline, naive,
 * worker processes) as grouped bars, then pipeline throughput and inbox p99 against stored tasks.
 */
import { compact, escapeXml, linear, logarithmic, niceTicks } from './chart-scale.ts';
import type { BenchResults, StoreResult } from './results.ts';
import { storeLabel } from './report.ts';

const PANEL_W = 400;
const PANEL_H = 330;
const MARGIN = { top: 40, right: 16, bottom: 70, left: 58 };
const COLOURS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#9467bd', '#8c564b', '#d62728'];

interface Series {
  name: string;
  points: { x: number; y: number }[];
}

function text(x: number, y: number, content: string, attrs = ''): string {
  return `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" ${attrs}>${escapeXml(content)}</text>`;
}

/** Frame, title, y axis with grid and label; returns the y scale and the plot box. */
function frame(ox: number, title: string, yLabel: string, yMax: number): { parts: string[]; y: (v: number) => number; left: number; right: number; bottom: number } {
  const left = ox + MARGIN.left;
  const right = ox + PANEL_W - MARGIN.right;
  const top = MARGIN.top + 30;
  const bottom = MARGIN.top + PANEL_H - MARGIN.bottom;
  const ticks = niceTicks(yMax);
  const y = linear([0, ticks.at(-1)!], [bottom, top]);
  const parts = [text(ox + PANEL_W / 2, MARGIN.top + 12, title, 'text-anchor="middle" font-weight="bold"')];
  for (const tick of ticks) {
    parts.push(`<line x1="${left}" x2="${right}" y1="${y(tick).toFixed(1)}" y2="${y(tick).toFixed(1)}" stroke="#ddd"/>`);
    parts.push(text(left - 6, y(tick) + 4, compact(tick), 'text-anchor="end" font-size="11"'));
  }
  parts.push(`<line x1="${left}" x2="${left}" y1="${top}" y2="${bottom}" stroke="#333"/>`, `<line x1="${left}" x2="${right}" y1="${bottom}" y2="${bottom}" stroke="#333"/>`);
  const mid = (top + bottom) / 2;
  parts.push(text(ox + 14, mid, yLabel, `text-anchor="middle" font-size="12" transform="rotate(-90 ${ox + 14} ${mid.toFixed(1)})"`));
  return { parts, y, left, right, bottom };
}

/** Swatches and names, one a line; colours start at `offset` in COLOURS. */
function legend(x: number, y: number, names: readonly string[], offset = 0): string[] {
  return names.flatMap((name, i) => [
    `<rect x="${x}" y="${y + i * 16 - 9}" width="10" height="10" fill="${COLOURS[(i + offset) % COLOURS.length]}"/>`,
    text(x + 14, y + i * 16, name, 'font-size="11"'),
  ]);
}

function barPanel(ox: number, stores: readonly StoreResult[]): string[] {
  type Kind = { name: string; value: (s: StoreResult) => number | null | undefined };
  const all: Kind[] = [
    { name: 'floor', value: (s) => s.floor?.perSecond },
    { name: 'pipeline, 1 worker', value: (s) => s.pipeline?.perSecond },
    { name: 'naive, job per step', value: (s) => s.naive?.perSecond },
    { name: '1 worker process', value: (s) => s.workerProcesses.find((w) => w.workers === 1)?.result.perSecond },
    { name: '3 worker processes', value: (s) => s.workerProcesses.find((w) => w.workers === 3)?.result.perSecond },
  ];
  const kinds = all.filter((k) => stores.some((s) => typeof k.value(s) === 'number'));
  const max = Math.max(0, ...stores.flatMap((s) => kinds.map((k) => k.value(s) ?? 0)));
  const { parts, y, left, right, bottom } = frame(ox, 'Throughput by store', 'tickets/s', max);
  const group = (right - left) / Math.max(1, stores.length);
  const bar = Math.min(28, (group * 0.8) / Math.max(1, kinds.length));
  stores.forEach((store, g) => {
    const start = left + g * group + (group - bar * kinds.length) / 2;
    kinds.forEach((kind, k) => {
      const value = kind.value(store);
      if (typeof value !== 'number') return;
      const x = start + k * bar;
      parts.push(`<rect x="${x.toFixed(1)}" y="${y(value).toFixed(1)}" width="${(bar - 2).toFixed(1)}" height="${(bottom - y(value)).toFixed(1)}" fill="${COLOURS[k % COLOURS.length]}"><title>${escapeXml(`${storeLabel(store)}, ${kind.name}: ${value.toFixed(1)} tickets/s`)}</title></rect>`);
      parts.push(text(x + bar / 2 - 1, y(value) - 3, value >= 100 ? value.toFixed(0) : value.toFixed(1), 'text-anchor="middle" font-size="9"'));
    });
    parts.push(text(left + g * group + group / 2, bottom + 16, storeLabel(store), 'text-anchor="middle" font-size="12"'));
  });
  const names = kinds.map((k) => k.name);
  parts.push(...legend(left, bottom + 34, names.slice(0, 3)), ...legend(left + 170, bottom + 34, names.slice(3), 3));
  return parts;
}

function linePanel(ox: number, title: string, yLabel: string, series: readonly Series[]): string[] {
  const xs = series.flatMap((s) => s.points.map((p) => p.x));
  const max = Math.max(0, ...series.flatMap((s) => s.points.map((p) => p.y)));
  const { parts, y, left, right, bottom } = frame(ox, title, yLabel, max);
  if (xs.length === 0) {
    parts.push(text((left + right) / 2, bottom - 60, 'no growth points measured', 'text-anchor="middle" font-size="12" fill="#666"'));
    return parts;
  }
  const domain: [number, number] = [Math.min(...xs), Math.max(...xs)];
  const x = logarithmic(domain, [left + 24, right - 24]);
  for (const tick of [...new Set(xs)].sort((a, b) => a - b)) {
    parts.push(`<line x1="${x(tick).toFixed(1)}" x2="${x(tick).toFixed(1)}" y1="${bottom}" y2="${bottom + 4}" stroke="#333"/>`);
    parts.push(text(x(tick), bottom + 16, compact(tick), 'text-anchor="middle" font-size="11"'));
  }
  parts.push(text((left + right) / 2, bottom + 32, 'stored tasks (log scale)', 'text-anchor="middle" font-size="12"'));
  series.forEach((s, i) => {
    const colour = COLOURS[i % COLOURS.length];
    const path = s.points.map((p, j) => `${j === 0 ? 'M' : 'L'}${x(p.x).toFixed(1)},${y(p.y).toFixed(1)}`).join(' ');
    parts.push(`<path d="${path}" fill="none" stroke="${colour}" stroke-width="2"/>`);
    for (const p of s.points) parts.push(`<circle cx="${x(p.x).toFixed(1)}" cy="${y(p.y).toFixed(1)}" r="3.5" fill="${colour}"><title>${escapeXml(`${s.name}: ${compact(p.x)} tasks, ${p.y.toFixed(1)}`)}</title></circle>`);
  });
  parts.push(...legend(left, bottom + 50, series.map((s) => s.name)));
  return parts;
}

function growthSeries(stores: readonly StoreResult[], value: (g: StoreResult['growth'][number]) => number | null): Series[] {
  return stores
    .map((s) => ({ name: storeLabel(s), points: s.growth.flatMap((g) => (value(g) === null ? [] : [{ x: g.storedTasks, y: value(g)! }])) }))
    .filter((s) => s.points.length > 0);
}

export function renderChart(results: BenchResults): string {
  const width = PANEL_W * 3;
  const height = PANEL_H + MARGIN.top + 20;
  const stores = results.stores;
  const title = `triage benchmark ${results.startedAt} (${results.environment.cpus} CPUs, Node ${results.environment.node})`;
  const body = [
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    text(width / 2, 24, title, 'text-anchor="middle" font-size="16" font-weight="bold"'),
    ...barPanel(0, stores),
    ...linePanel(PANEL_W, 'Pipeline throughput vs stored tasks', 'tickets/s', growthSeries(stores, (g) => g.pipeline.perSecond)),
    ...linePanel(PANEL_W * 2, 'Inbox listing p99 vs stored tasks', 'ms (all teams, first page)', growthSeries(stores, (g) => g.inboxAllTeams.p99)),
  ];
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" role="img" aria-label="${escapeXml(title)}">`,
    `<title>${escapeXml(title)}</title>`,
    ...body,
    '</svg>',
    '',
  ].join('\n');
}
