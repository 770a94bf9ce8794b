/**
 * Scales and ticks for the hand-written SVG charts (pure functions, unit-tested).
 */

/** Ticks from 0 to a round top >= max, stepping by 1, 2 or 5 times a power of ten, about `target` of them. */
export function niceTicks(max: number, target = 5): number[] {
  if (!Number.isFinite(max) || max <= 0) return [0, 1];
  const raw = max / target;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw)!;
  const top = Math.ceil(max / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let i = 0; i * step <= top + step / 2; i++) ticks.push(Number((i * step).toPrecision(12)));
  return ticks;
}

/** Maps [d0, d1] linearly onto [r0, r1]; a degenerate domain maps to the middle of the range. */
export function linear(domain: readonly [number, number], range: readonly [number, number]): (value: number) => number {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  if (d1 === d0) return () => (r0 + r1) / 2;
  return (value) => r0 + ((value - d0) / (d1 - d0)) * (r1 - r0);
}

/** Maps [d0, d1] (both > 0) logarithmically onto [r0, r1]; a degenerate domain maps to the middle. */
export function logarithmic(domain: readonly [number, number], range: readonly [number, number]): (value: number) => number {
  const scale = linear([Math.log10(Math.max(domain[0], 1e-12)), Math.log10(Math.max(domain[1], 1e-12))], range);
  return (value) => scale(Math.log10(Math.max(value, 1e-12)));
}

/** 1500 -> 1.5k, 10000 -> 10k, 2000000 -> 2M, 0.25 -> 0.25. */
export function compact(value: number): string {
  const abs = Math.abs(value);
  const trim = (n: number) => String(Number(n.toPrecision(3)));
  if (abs >= 1e6) return `${trim(value / 1e6)}M`;
  if (abs >= 1e3) return `${trim(value / 1e3)}k`;
  return trim(value);
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
