/**
 * Charts as inline SVG drawn on the server: they need no script (the pages' CSP allows none inline),
 * and the same markup works in the self-contained report file opened from disk. Colours are SVG
 * presentation attributes (allowed under `style-src 'self'`); every label goes through `html`, so
 * team names, trigger ids and step ids are escaped like any other text.
 *
 * A chart is a picture for sighted readers: callers put its numbers in a table next to it, and the
 * SVG carries a title naming that table.
 */
import { html, type Html } from '../ui/html.ts';

/** Series colours with at least 3:1 contrast on white (WCAG non-text contrast). */
export const SERIES_COLOURS = ['#0b57d0', '#b3261e', '#13652e', '#7a4a00'] as const;

export interface BarItem {
  label: string;
  /** One value per series; null draws no bar. */
  values: (number | null)[];
  /** Text after each bar; the raw value when absent. */
  display?: (string | null)[];
}

export interface ChartOptions {
  /** Unique on the page; the SVG's title gets `<id>-title`. */
  id: string;
  /** Read by screen readers; say where the numbers are ("the table below"). */
  title: string;
  series?: string[];
}

const WIDTH = 640;
const LABEL_W = 210;
const VALUE_W = 80;
const ROW_H = 22;
const BAR_H = 14;

function short(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

function legend(series: readonly string[], y: number): Html {
  if (series.length < 2) return html``;
  return html`<g class="legend">${series.map((name, i) => html`<rect x="${LABEL_W + i * 140}" y="${y}" width="12" height="12" fill="${SERIES_COLOURS[i % SERIES_COLOURS.length]!}"></rect><text x="${LABEL_W + i * 140 + 18}" y="${y + 11}" font-size="12" fill="#1b1d21">${short(name, 18)}</text>`)}</g>`;
}

/** Horizontal bars, one row per item and one bar per series: for teams, triggers, steps, percentiles. */
export function barChart(items: readonly BarItem[], options: ChartOptions): Html {
  const series = options.series ?? [''];
  const max = Math.max(0, ...items.flatMap((i) => i.values.map((v) => v ?? 0)));
  const plot = WIDTH - LABEL_W - VALUE_W;
  const rowH = Math.max(ROW_H, series.length * (BAR_H + 2) + 6);
  const top = series.length > 1 ? 24 : 4;
  const height = top + Math.max(1, items.length) * rowH + 4;
  const rows = items.map((item, r) => {
    const y = top + r * rowH;
    const bars = item.values.map((value, s) => {
      const by = y + 3 + s * (BAR_H + 2);
      // No bar, but the reason ("not yet") where the bar would be, so the picture does not read as zero.
      if (value === null) return item.display?.[s] ? html`<text x="${LABEL_W + 4}" y="${by + BAR_H - 3}" font-size="11" fill="#4f5560">${item.display[s]}</text>` : html``;
      const w = max > 0 ? round((value / max) * plot) : 0;
      const text = item.display?.[s] ?? String(value);
      return html`<rect class="bar" x="${LABEL_W}" y="${by}" width="${Math.max(w, value > 0 ? 1 : 0)}" height="${BAR_H}" fill="${SERIES_COLOURS[s % SERIES_COLOURS.length]!}"><title>${item.label}${series[s] ? `, ${series[s]}` : ''}: ${text}</title></rect><text x="${LABEL_W + w + 4}" y="${by + BAR_H - 3}" font-size="11" fill="#1b1d21">${text}</text>`;
    });
    return html`<g><text x="${LABEL_W - 6}" y="${y + rowH / 2 + 4}" text-anchor="end" font-size="11" fill="#1b1d21">${short(item.label, 32)}<title>${item.label}</title></text>${bars}</g>`;
  });
  const empty = items.length === 0 ? html`<text x="${WIDTH / 2}" y="${top + 14}" text-anchor="middle" font-size="12" fill="#4f5560">no data in this period</text>` : '';
  return html`<svg class="chart-svg" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-labelledby="${options.id}-title" width="${WIDTH}" height="${height}"><title id="${options.id}-title">${options.title}</title>${legend(series, 4)}${rows}${empty}</svg>`;
}

/** Vertical columns over time (tickets per day): at most ~12 axis labels however many days. */
export function columnChart(items: readonly { label: string; value: number }[], options: ChartOptions): Html {
  const height = 200;
  const left = 36;
  const bottom = 28;
  const plotH = height - bottom - 10;
  const plotW = WIDTH - left - 8;
  const max = Math.max(1, ...items.map((i) => i.value));
  const slot = items.length > 0 ? plotW / items.length : plotW;
  const barW = Math.max(1, round(slot * 0.7));
  const every = Math.max(1, Math.ceil(items.length / 12));
  const ticks = [0, Math.ceil(max / 2), max].filter((v, i, all) => all.indexOf(v) === i);
  const y = (v: number) => round(10 + plotH - (v / max) * plotH);
  return html`<svg class="chart-svg" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-labelledby="${options.id}-title" width="${WIDTH}" height="${height}"><title id="${options.id}-title">${options.title}</title>
${ticks.map((t) => html`<line x1="${left}" x2="${WIDTH - 8}" y1="${y(t)}" y2="${y(t)}" stroke="#d5d8de"></line><text x="${left - 4}" y="${y(t) + 4}" text-anchor="end" font-size="11" fill="#4f5560">${t}</text>`)}
${items.map((item, i) => {
  const x = round(left + i * slot + (slot - barW) / 2);
  const label = i % every === 0 ? html`<text x="${round(x + barW / 2)}" y="${height - 10}" text-anchor="middle" font-size="10" fill="#4f5560">${item.label.slice(5)}</text>` : '';
  return html`<rect class="bar" x="${x}" y="${y(item.value)}" width="${barW}" height="${round((item.value / max) * plotH)}" fill="${SERIES_COLOURS[0]}"><title>${item.label}: ${item.value}</title></rect>${label}`;
})}</svg>`;
}

/** A 0..1 gauge as a single bar (confidence, shares), with the percentage printed after it. */
export function meter(value: number | null, options: ChartOptions): Html {
  const plot = WIDTH - LABEL_W - VALUE_W;
  const w = value === null ? 0 : round(Math.min(1, Math.max(0, value)) * plot);
  const text = value === null ? 'no value' : `${Math.round(value * 100)}%`;
  return html`<svg class="chart-svg meter" viewBox="0 0 ${WIDTH} 24" role="img" aria-labelledby="${options.id}-title" width="${WIDTH}" height="24"><title id="${options.id}-title">${options.title}: ${text}</title><text x="${LABEL_W - 6}" y="16" text-anchor="end" font-size="12" fill="#1b1d21">${short(options.title, 28)}</text><rect x="${LABEL_W}" y="5" width="${plot}" height="${BAR_H}" fill="#eef0f3"></rect><rect class="bar" x="${LABEL_W}" y="5" width="${w}" height="${BAR_H}" fill="${SERIES_COLOURS[0]}"></rect><text x="${LABEL_W + plot + 6}" y="16" font-size="11" fill="#1b1d21">${text}</text></svg>`;
}
