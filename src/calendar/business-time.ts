/**
 * Business time over a team's calendar: whether it is open, when it next opens, and arithmetic in
 * business minutes (add, subtract, count between two instants).
 *
 * Open time is built day by day from the weekly hours in the team's zone, minus holidays and the
 * team's own closures, as intervals of real instants. Business minutes are real elapsed minutes
 * inside those intervals, so a clock change never adds or removes an hour: a 60-minute SLA started
 * at 02:30 on the autumn change day is due 60 real minutes later (02:30 again on the wall).
 */
import { DateTime } from 'luxon';
import type { ClosedInterval } from './holidays.ts';
import type { WeeklyHours } from './hours.ts';

const MINUTE = 60_000;
/** A calendar closed this many days in a row is a policy mistake (or a closure typo), not a schedule. */
const MAX_CLOSED_DAYS = 400;

export interface BusinessCalendarSpec {
  zone: string;
  weekly: WeeklyHours;
  /** Holidays by year (from date-holidays), or none. */
  holidays?: ((year: number) => ClosedInterval[]) | undefined;
  /** The team's own closures. */
  closures?: readonly ClosedInterval[];
  /** Named in errors so the message points at the right team. */
  label?: string;
}

type Interval = { start: number; end: number };

/** Thrown when the calendar has no open time to count in (e.g. closures covering a whole year). */
export class CalendarError extends Error {
  override name = 'CalendarError';
}

export class BusinessCalendar {
  readonly zone: string;
  private readonly spec: BusinessCalendarSpec;
  private readonly closures: readonly ClosedInterval[];

  constructor(spec: BusinessCalendarSpec) {
    this.spec = spec;
    this.zone = spec.zone;
    this.closures = [...(spec.closures ?? [])].sort((a, b) => a.start - b.start);
  }

  /** Whether the team is open at `at` (an interval includes its start and excludes its end). */
  isOpen(at: Date): boolean {
    const first = this.forward(at.getTime()).next().value as Interval;
    return first.start === at.getTime();
  }

  /** `at` itself when open, otherwise the next instant the team opens. */
  nextOpening(at: Date): Date {
    return new Date((this.forward(at.getTime()).next().value as Interval).start);
  }

  /**
   * When the open period containing `at` ends (adjacent periods, e.g. an overnight shift, count as
   * one); null when closed. An around-the-clock calendar never ends: the search stops at `horizon`
   * (epoch ms, a year ahead by default) and returns it.
   */
  openUntil(at: Date, horizon = at.getTime() + 366 * 86_400_000): Date | null {
    const t = at.getTime();
    let end: number | null = null;
    for (const interval of this.forward(t)) {
      if (end === null) {
        if (interval.start !== t) return null;
        end = interval.end;
      } else if (interval.start === end) end = interval.end;
      else break;
      if (end >= horizon) return new Date(horizon);
    }
    return end === null ? null : new Date(end);
  }

  /** The holiday or closure that covers `at`, if any (for explanations such as "closed: Good Friday"). */
  closureAt(at: Date): ClosedInterval | null {
    const t = at.getTime();
    const year = DateTime.fromMillis(t, { zone: this.zone }).year;
    const holidays = this.spec.holidays ? [...this.spec.holidays(year - 1), ...this.spec.holidays(year)] : [];
    return [...this.closures, ...holidays].find((c) => c.start <= t && t < c.end) ?? null;
  }

  /** The instant `minutes` business minutes after `at`; exactly at a closing time when the count ends there. */
  addBusinessMinutes(at: Date, minutes: number): Date {
    if (!(minutes >= 0)) throw new RangeError(`business minutes must be 0 or more, got ${minutes}`);
    let left = minutes * MINUTE;
    if (left === 0) return new Date(at);
    for (const { start, end } of this.forward(at.getTime())) {
      if (left <= end - start) return new Date(start + left);
      left -= end - start;
    }
    throw new CalendarError('unreachable');
  }

  /**
   * The latest instant with `minutes` business minutes between it and `at`: the count back from a due
   * time that gives the pre-breach warning time. It never lands in a closed period.
   */
  subtractBusinessMinutes(at: Date, minutes: number): Date {
    if (!(minutes >= 0)) throw new RangeError(`business minutes must be 0 or more, got ${minutes}`);
    let left = minutes * MINUTE;
    if (left === 0) return new Date(at);
    for (const { start, end } of this.backward(at.getTime())) {
      if (left <= end - start) return new Date(end - left);
      left -= end - start;
    }
    throw new CalendarError('unreachable');
  }

  /** Business minutes from `from` to `to` (negative when `to` is earlier). */
  businessMinutesBetween(from: Date, to: Date): number {
    const a = from.getTime();
    const b = to.getTime();
    if (b < a) return -this.businessMinutesBetween(to, from);
    let total = 0;
    for (const { start, end } of this.forward(a)) {
      if (start >= b) break;
      total += Math.min(end, b) - start;
    }
    return total / MINUTE;
  }

  /** Open intervals ending after `from`, in order, the first clipped to start at `from` when open. */
  private *forward(from: number): Generator<Interval, never> {
    let day = DateTime.fromMillis(from, { zone: this.zone }).startOf('day');
    let closedDays = 0;
    for (;;) {
      const intervals = this.openOn(day).filter((i) => i.end > from);
      if (intervals.length === 0 && ++closedDays > MAX_CLOSED_DAYS) throw this.neverOpen(from);
      for (const interval of intervals) {
        closedDays = 0;
        yield { start: Math.max(interval.start, from), end: interval.end };
      }
      day = day.plus({ days: 1 });
    }
  }

  /** Open intervals starting before `from`, latest first, the first clipped to end at `from`. */
  private *backward(from: number): Generator<Interval, never> {
    let day = DateTime.fromMillis(from, { zone: this.zone }).startOf('day');
    let closedDays = 0;
    for (;;) {
      const intervals = this.openOn(day).filter((i) => i.start < from).reverse();
      if (intervals.length === 0 && ++closedDays > MAX_CLOSED_DAYS) throw this.neverOpen(from);
      for (const interval of intervals) {
        closedDays = 0;
        yield { start: interval.start, end: Math.min(interval.end, from) };
      }
      day = day.minus({ days: 1 });
    }
  }

  private neverOpen(from: number): CalendarError {
    const who = this.spec.label ? ` of ${this.spec.label}` : '';
    return new CalendarError(`the calendar${who} has no business hours within ${MAX_CLOSED_DAYS} days of ${new Date(from).toISOString()}; check its hours and closures`);
  }

  /** The day's open intervals (real instants) from the weekly hours, minus holidays and closures. */
  private openOn(day: DateTime): Interval[] {
    const ranges = this.spec.weekly[day.weekday - 1] ?? [];
    if (ranges.length === 0) return [];
    const local = (minutes: number): number =>
      minutes >= 24 * 60
        ? day.plus({ days: 1 }).startOf('day').toMillis()
        : DateTime.fromObject({ year: day.year, month: day.month, day: day.day, hour: Math.floor(minutes / 60), minute: minutes % 60 }, { zone: this.zone }).toMillis();
    let open: Interval[] = ranges.map(([a, b]) => ({ start: local(a), end: local(b) })).filter((i) => i.end > i.start);
    const dayStart = open[0]!.start;
    const dayEnd = open.at(-1)!.end;
    const holidays = this.spec.holidays ? [...this.spec.holidays(day.year - 1), ...this.spec.holidays(day.year)] : [];
    for (const closed of [...this.closures, ...holidays]) {
      if (closed.end <= dayStart || closed.start >= dayEnd) continue;
      open = open.flatMap((i) => {
        if (closed.end <= i.start || closed.start >= i.end) return [i];
        const parts: Interval[] = [];
        if (closed.start > i.start) parts.push({ start: i.start, end: closed.start });
        if (closed.end < i.end) parts.push({ start: closed.end, end: i.end });
        return parts;
      });
    }
    return open;
  }
}
