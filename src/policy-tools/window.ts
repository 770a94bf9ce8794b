/**
 * The time window a replay or a suggestion looks at: `--since 30d` (or a date) up to `--until` (a
 * date; now by default), and the data filter that selects the decisions made inside it.
 */
import type { JsonObject } from '../engine/types.ts';
import { InputError } from '../errors.ts';
import { validateDataFilter } from '../store/filter.ts';

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

/** A decision window; `days` is its length, what per-day load figures divide by. */
export interface Window {
  since: Date;
  until: Date;
  days: number;
}

function parseWhen(text: string, option: string, now: Date): Date {
  const duration = /^(\d+(?:\.\d+)?)([mhdw])$/.exec(text.trim());
  if (duration) return new Date(now.getTime() - Number(duration[1]) * UNIT_MS[duration[2] as keyof typeof UNIT_MS]);
  // Only ISO dates: "03/04/2026" means different days in different places.
  if (/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(text.trim())) {
    const date = new Date(text.trim());
    if (!Number.isNaN(date.getTime())) return date;
  }
  throw new InputError(`${option} "${text}" is neither a duration such as 30d, 12h, 2w nor a date such as 2026-01-31 or 2026-01-31T14:00:00Z`, [option]);
}

/** Parses `--since` (duration back from now, or a date) and `--until` (a date or duration; now by default). */
export function parseWindow(since: string, until: string | undefined, now: Date): Window {
  const from = parseWhen(since, '--since', now);
  const to = until === undefined ? now : parseWhen(until, '--until', now);
  if (from.getTime() >= to.getTime()) throw new InputError(`--since (${from.toISOString()}) must be before --until (${to.toISOString()})`, ['--since']);
  return { since: from, until: to, days: (to.getTime() - from.getTime()) / UNIT_MS.d };
}

/**
 * Parses and validates `--filter` like `task list` does, and combines it with the window: decisions
 * made inside it (`decisionMadeAt` is an ISO string, so string order is time order).
 */
export function decisionFilter(window: Window, filterText?: string): { filter: JsonObject; user: JsonObject | null } {
  let user: JsonObject | null = null;
  if (filterText !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(filterText);
    } catch (error) {
      throw new InputError(`--filter is not valid JSON: ${(error as Error).message}`, ['--filter']);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new InputError('--filter must be a JSON object, e.g. {"support.classification.category":"billing"}', ['--filter']);
    validateDataFilter(parsed);
    user = parsed as JsonObject;
  }
  const inWindow: JsonObject = {
    'escalationDecision.decisionMadeAt': { $gte: window.since.toISOString(), $lte: window.until.toISOString() },
  };
  return { filter: user ? { $and: [inWindow, user] } : inWindow, user };
}
