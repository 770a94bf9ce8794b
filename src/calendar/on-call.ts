/**
 * An on-call rotation: members in order, one shift each of a fixed period, handed over at a weekday
 * and time in the team's zone, from a start date; overrides ({member, from, until}) take precedence
 * (the last one listed wins where two overlap).
 *
 * Hand-overs are computed in local time (`plus({ weeks: 1 })` on the zone's wall clock), so a Monday
 * 09:00 hand-over stays at 09:00 on both sides of a clock change.
 */
import { DateTime, type DurationLikeObject } from 'luxon';
import { localInstant } from './local-time.ts';
import { WEEKDAYS, type Weekday } from './hours.ts';

/** The rotation as written in the policy (see src/policy/calendar-schema.ts). */
export interface RotationSpec {
  members: readonly string[];
  /** `1 week`, `2 weeks`, `1 day`, `12 hours`. */
  every: string;
  /** `mon 09:00`, or `09:00` for a daily or hourly rotation. */
  hand_over: string;
  /** `YYYY-MM-DD` (or with a time): the first member's shift starts at the first hand-over from then. */
  starting: string;
  overrides: readonly { member: string; from: string; until: string; reason?: string | undefined }[];
}

export interface OnCall {
  /** Who is on call; null before the rotation starts. */
  member: string | null;
  /** Whether an override put them there. */
  source: 'rotation' | 'override' | 'not_started';
  /** The override's reason, when one was given. */
  reason?: string;
  /** When someone else takes over; null when it is nobody else for the foreseeable future (one member, no override ahead). */
  until: Date | null;
  /** Who takes over at `until`. */
  next: string | null;
}

const PERIOD = /^(\d+)\s*(hour|day|week)s?$/i;
const HAND_OVER = /^(?:([a-z]{3})\s+)?(\d{2}):(\d{2})$/i;

/** Why `every` is not a rotation period, or null. */
export function checkPeriod(every: string): string | null {
  const match = PERIOD.exec(every.trim());
  if (!match || Number(match[1]) < 1) return `"${every}" is not a period; write e.g. "1 week", "2 weeks", "1 day" or "12 hours"`;
  return null;
}

/** Why `hand_over` is not a hand-over time, or null. */
export function checkHandOver(text: string): string | null {
  const match = HAND_OVER.exec(text.trim());
  if (!match || Number(match[2]) > 23 || Number(match[3]) > 59 || (match[1] && !WEEKDAYS.includes(match[1].toLowerCase() as Weekday))) {
    return `"${text}" is not a hand-over time; write a weekday and a time such as "mon 09:00", or a time such as "09:00" for a daily rotation`;
  }
  return null;
}

function period(every: string): { step: DurationLikeObject; approxMs: number } {
  const [, count, unit] = PERIOD.exec(every.trim())!;
  const n = Number(count);
  const key = `${unit!.toLowerCase()}s` as 'hours' | 'days' | 'weeks';
  const unitMs = { hours: 3_600_000, days: 86_400_000, weeks: 604_800_000 }[key];
  return { step: { [key]: n }, approxMs: n * unitMs };
}

export class Rotation {
  private readonly first: DateTime;
  private readonly step: DurationLikeObject;
  private readonly approxMs: number;
  private readonly overrides: { member: string; from: number; until: number; reason?: string | undefined }[];

  constructor(
    private readonly spec: RotationSpec,
    readonly zone: string,
  ) {
    ({ step: this.step, approxMs: this.approxMs } = period(spec.every));
    const [, day, hh, mm] = HAND_OVER.exec(spec.hand_over.trim())!;
    const start = DateTime.fromJSDate(localInstant(spec.starting, zone), { zone });
    const weekday = day ? WEEKDAYS.indexOf(day.toLowerCase() as Weekday) + 1 : null;
    // The first hand-over at or after the start date (within a week and a day, whatever the weekday).
    let first: DateTime | undefined;
    for (let i = 0; i <= 8 && !first; i++) {
      const date = start.startOf('day').plus({ days: i });
      const candidate = DateTime.fromObject({ year: date.year, month: date.month, day: date.day, hour: Number(hh), minute: Number(mm) }, { zone });
      if (candidate >= start && (weekday === null || candidate.weekday === weekday)) first = candidate;
    }
    this.first = first!;
    this.overrides = spec.overrides.map((o) => ({
      member: o.member,
      from: localInstant(o.from, zone).getTime(),
      until: localInstant(o.until, zone, { end: true }).getTime(),
      reason: o.reason,
    }));
  }

  /** The first hand-over: when the first member's first shift starts. */
  get starts(): Date {
    return this.first.toJSDate();
  }

  /** The start of shift `k` (0 = the first). */
  private handOver(k: number): number {
    const scaled = Object.fromEntries(Object.entries(this.step).map(([unit, n]) => [unit, (n as number) * k]));
    return this.first.plus(scaled).toMillis();
  }

  /** The index of the shift running at `t` (negative before the start). */
  private shiftIndex(t: number): number {
    let k = Math.floor((t - this.first.toMillis()) / this.approxMs);
    while (this.handOver(k + 1) <= t) k++;
    while (this.handOver(k) > t) k--;
    return k;
  }

  /** Who the rotation alone (without overrides) puts on call at `t`. */
  private scheduled(t: number): string | null {
    const k = this.shiftIndex(t);
    if (k < 0) return null;
    const n = this.spec.members.length;
    return this.spec.members[k % n] ?? null;
  }

  private overrideAt(t: number) {
    for (let i = this.overrides.length - 1; i >= 0; i--) {
      const o = this.overrides[i]!;
      if (o.from <= t && t < o.until) return o;
    }
    return undefined;
  }

  private whoAt(t: number): string | null {
    return this.overrideAt(t)?.member ?? this.scheduled(t);
  }

  /** Who is on call at `at`, since an override or the rotation, and until when. */
  at(at: Date): OnCall {
    const t = at.getTime();
    const override = this.overrideAt(t);
    const member = override?.member ?? this.scheduled(t);
    // The person changes only at a hand-over or at an override's edge: look at those, in order,
    // over one full turn of the rotation (after that it repeats, unless an override lies ahead).
    const k = Math.max(this.shiftIndex(t), -1);
    const horizon = this.handOver(k + this.spec.members.length + 1);
    const edges = new Set<number>();
    for (let j = k + 1; this.handOver(j) <= horizon; j++) edges.add(this.handOver(j));
    for (const o of this.overrides) {
      if (o.from > t) edges.add(o.from);
      if (o.until > t) edges.add(o.until);
    }
    let until: number | null = null;
    for (const edge of [...edges].sort((a, b) => a - b)) {
      if (this.whoAt(edge) !== member) {
        until = edge;
        break;
      }
    }
    const base = { member, until: until === null ? null : new Date(until), next: until === null ? null : this.whoAt(until) };
    if (override) return { ...base, source: 'override', ...(override.reason ? { reason: override.reason } : {}) };
    return { ...base, source: member === null ? 'not_started' : 'rotation' };
  }
}
