/**
 * The period an analytics view covers, from what a person types: `7d`, `24h`, `2w` (back from now),
 * `2026-11-01` (that UTC midnight) or a full ISO timestamp. The page, the CSV and the CLI all parse
 * through here, so `?since=7d` and `--since 7d` mean the same instants.
 */
import { InputError } from '../errors.ts';

export const DEFAULT_SINCE = '7d';
/** Day buckets are drawn and listed one by one; beyond a year the per-day figures stop being readable. */
export const MAX_PERIOD_DAYS = 366;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const UNITS: Record<string, number> = { h: HOUR, d: DAY, w: 7 * DAY };
const RELATIVE = /^(\d{1,4})([hdw])$/;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

export interface Period {
  /** Inclusive. */
  since: Date;
  /** Exclusive. */
  until: Date;
  /** What was asked for, for headings and file names (`7d`, `2026-11-01 .. 2026-11-30`). */
  label: string;
}

/** One instant from `text`, relative to `now`; `what` names the option in the error (`--since`, `since`). */
export function parseInstant(text: string, now: Date, what: string): Date {
  const value = text.trim();
  const relative = RELATIVE.exec(value);
  if (relative) {
    const amount = Number(relative[1]);
    if (amount === 0) throw new InputError(`${what} must be a positive duration such as 7d, 24h or 2w, not ${value}`, [what]);
    return new Date(now.getTime() - amount * UNITS[relative[2]!]!);
  }
  if (DATE_ONLY.test(value) || DATE_TIME.test(value)) {
    const ms = Date.parse(DATE_ONLY.test(value) ? `${value}T00:00:00Z` : value);
    // Date.parse rolls 2026-02-31 over to March; a date that does not round-trip was not a real date.
    if (!Number.isNaN(ms) && (!DATE_ONLY.test(value) || new Date(ms).toISOString().startsWith(value))) return new Date(ms);
  }
  throw new InputError(`${what} must be a duration back from now (24h, 7d, 30d, 2w) or an ISO date (2026-11-01 or 2026-11-01T09:00:00Z); got ${JSON.stringify(value.slice(0, 40))}`, [what]);
}

/**
 * The period from `since` (default 7d) to `until` (default now). Refuses an empty or reversed period
 * and one longer than MAX_PERIOD_DAYS.
 */
export function parsePeriod(input: { since?: string | undefined; until?: string | undefined }, now: Date, names = { since: 'since', until: 'until' }): Period {
  const sinceText = input.since?.trim() || DEFAULT_SINCE;
  const untilText = input.until?.trim() || '';
  const since = parseInstant(sinceText, now, names.since);
  const until = untilText ? parseInstant(untilText, now, names.until) : now;
  if (since.getTime() >= until.getTime()) {
    throw new InputError(`${names.since} (${since.toISOString()}) must be before ${names.until} (${until.toISOString()})`, [names.since]);
  }
  if (until.getTime() - since.getTime() > MAX_PERIOD_DAYS * DAY) {
    throw new InputError(`the period is at most ${MAX_PERIOD_DAYS} days; narrow ${names.since} or ${names.until}`, [names.since]);
  }
  return { since, until, label: untilText ? `${sinceText} .. ${untilText}` : sinceText };
}

/** The UTC days `period` touches, as YYYY-MM-DD, oldest first (partial first and last days included). */
export function daysOf(period: Pick<Period, 'since' | 'until'>): string[] {
  const days: string[] = [];
  const first = Date.UTC(period.since.getUTCFullYear(), period.since.getUTCMonth(), period.since.getUTCDate());
  // `until` is exclusive: a period ending exactly at midnight does not touch the day that starts then.
  for (let t = first; t < period.until.getTime(); t += DAY) days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}
