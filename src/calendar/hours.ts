/**
 * Weekly business hours as a support lead writes them (`mon-fri: 09:00-17:00`, `sat: closed`,
 * `mon-thu: [09:00-12:30, 13:30-17:00]`, or `always`), parsed into minute ranges per weekday.
 *
 * Ranges are wall-clock times in the team's zone. An overnight range (`fri: 22:00-06:00`) is kept:
 * it runs from Friday 22:00 to Saturday 06:00, so it is split into Friday 22:00-24:00 and Saturday
 * 00:00-06:00. Parsing is pure; the schema reports its errors and the calendar uses its result.
 */

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Minutes after local midnight: `[start, end)`, 0 <= start < end <= 1440. */
export type MinuteRange = readonly [number, number];

/** Index 0 = Monday (luxon's weekday 1), each day's ranges sorted and merged. */
export type WeeklyHours = readonly (readonly MinuteRange[])[];

/** What `hours:` accepts: the word `always` (or `24/7`), or weekday keys to ranges. */
export type HoursInput = string | Record<string, string | string[]>;

const DAY_MINUTES = 24 * 60;

/** Thrown with a message that says what to write instead; the schema turns it into a policy problem. */
export class HoursError extends Error {
  override name = 'HoursError';
}

/** `mon`, `mon-fri`, `sat-sun`, `mon,wed,fri` or `daily` to weekday indexes (0 = Monday). */
export function parseDays(key: string): number[] {
  const text = key.trim().toLowerCase();
  if (text === 'daily' || text === 'every day') return [0, 1, 2, 3, 4, 5, 6];
  if (text === 'weekdays') return [0, 1, 2, 3, 4];
  if (text === 'weekend') return [5, 6];
  const days: number[] = [];
  for (const part of text.split(',').map((p) => p.trim())) {
    const range = /^([a-z]{3})\s*-\s*([a-z]{3})$/.exec(part);
    const from = WEEKDAYS.indexOf((range ? range[1] : part) as Weekday);
    const to = range ? WEEKDAYS.indexOf(range[2] as Weekday) : from;
    if (from < 0 || to < 0) {
      throw new HoursError(`"${key}" is not a day or range of days; write mon, tue, wed, thu, fri, sat, sun, a range such as mon-fri, a list such as mon,wed,fri, or daily`);
    }
    // A range may wrap the week: fri-mon is Friday, Saturday, Sunday and Monday.
    for (let d = from; ; d = (d + 1) % 7) {
      days.push(d);
      if (d === to) break;
    }
  }
  return days;
}

function clockMinutes(text: string, context: string, allow24: boolean): number {
  const match = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  const hours = match ? Number(match[1]) : NaN;
  const minutes = match ? Number(match[2]) : NaN;
  const total = hours * 60 + minutes;
  if (!match || minutes > 59 || hours > 24 || (hours === 24 && minutes > 0) || (total === DAY_MINUTES && !allow24)) {
    throw new HoursError(`"${text}" in ${context} is not a time of day; write HH:MM from 00:00 to 24:00, e.g. 09:00-17:30`);
  }
  return total;
}

/** `09:00-17:00` to one or two ranges (two when it runs past midnight), as `[day offset, range]`. */
function parseRange(text: string, context: string): [number, MinuteRange][] {
  const parts = text.split('-');
  if (parts.length !== 2) throw new HoursError(`"${text}" in ${context} is not a range; write START-END such as 09:00-17:00, or "closed"`);
  const start = clockMinutes(parts[0]!, context, false);
  const end = clockMinutes(parts[1]!, context, true);
  if (start === end) throw new HoursError(`"${text}" in ${context} is empty; for a whole day write 00:00-24:00`);
  if (end > start) return [[0, [start, end]]];
  // Overnight: the part after midnight belongs to the next day.
  return end === 0 ? [[0, [start, DAY_MINUTES]]] : [[0, [start, DAY_MINUTES]], [1, [0, end]]];
}

function merge(ranges: MinuteRange[]): MinuteRange[] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [start, end] of sorted) {
    const last = out.at(-1);
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else out.push([start, end]);
  }
  return out;
}

/** Parses `hours:`; throws HoursError naming the key and the fix. */
export function parseHours(input: HoursInput): WeeklyHours {
  if (typeof input === 'string') {
    const word = input.trim().toLowerCase();
    if (word === 'always' || word === '24/7') return WEEKDAYS.map(() => [[0, DAY_MINUTES]] as MinuteRange[]);
    throw new HoursError(`"${input}" is not a schedule; write "always" (around the clock) or weekdays with ranges, e.g. { mon-fri: "09:00-17:00" }`);
  }
  const days: MinuteRange[][] = WEEKDAYS.map(() => []);
  const writtenBy = new Map<number, string>();
  for (const [key, value] of Object.entries(input)) {
    for (const day of parseDays(key)) {
      const earlier = writtenBy.get(day);
      if (earlier !== undefined) throw new HoursError(`${WEEKDAYS[day]} is given twice ("${earlier}" and "${key}"); give each day once`);
      writtenBy.set(day, key);
    }
    const values = Array.isArray(value) ? value : [value];
    if (values.length === 1 && typeof values[0] === 'string' && values[0].trim().toLowerCase() === 'closed') continue;
    for (const text of values) {
      if (typeof text !== 'string') throw new HoursError(`hours for "${key}" must be text such as "09:00-17:00"`);
      for (const day of parseDays(key)) {
        for (const [offset, range] of parseRange(text, `"${key}"`)) days[(day + offset) % 7]!.push(range);
      }
    }
  }
  const weekly = days.map(merge);
  if (weekly.every((d) => d.length === 0)) throw new HoursError('no day has business hours; give at least one, e.g. { mon-fri: "09:00-17:00" }, or write "always"');
  return weekly;
}

/** Whether the week is open around the clock (then business time equals wall-clock time, holidays aside). */
export function isAlways(weekly: WeeklyHours): boolean {
  return weekly.every((d) => d.length === 1 && d[0]![0] === 0 && d[0]![1] === DAY_MINUTES);
}
