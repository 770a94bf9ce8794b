/**
 * A team's situation at an instant: open or closed (and why, and until when), and who is on call.
 * What `triage oncall` prints; later, what assignment and paging can ask.
 */
import { DateTime } from 'luxon';
import type { Team } from '../policy/schema.ts';
import { teamCalendar } from './index.ts';
import type { OnCall } from './on-call.ts';

export interface TeamStatus {
  team: string;
  name: string;
  /** Null for a team without a calendar (it counts around the clock and has no rotation). */
  timezone: string | null;
  /** `at` on the team's wall clock (ISO with offset), or in UTC without a calendar. */
  localTime: string;
  open: boolean;
  /** While open: when it closes (null: open with no end in sight, e.g. around the clock). */
  openUntil: Date | null;
  /** While closed: when it next opens. */
  opensAt: Date | null;
  /** While closed by a holiday or closure: its name. */
  closedFor: string | null;
  /** Null when the team has no rotation. */
  onCall: OnCall | null;
}

/** Looking this far ahead for a closing time is enough to call a team "around the clock". */
const ALWAYS_HORIZON_DAYS = 14;

export function teamStatus(id: string, team: Team, at: Date): TeamStatus {
  const calendar = teamCalendar(team);
  if (!calendar) {
    return { team: id, name: team.name, timezone: null, localTime: DateTime.fromJSDate(at, { zone: 'UTC' }).toISO()!, open: true, openUntil: null, opensAt: null, closedFor: null, onCall: null };
  }
  const open = calendar.time.isOpen(at);
  let openUntil: Date | null = null;
  if (open) {
    // An around-the-clock calendar has no closing time: stop looking after two weeks.
    const horizon = at.getTime() + ALWAYS_HORIZON_DAYS * 86_400_000;
    const until = calendar.time.openUntil(at, horizon);
    openUntil = until && until.getTime() < horizon ? until : null;
  }
  return {
    team: id,
    name: team.name,
    timezone: calendar.zone,
    localTime: DateTime.fromJSDate(at, { zone: calendar.zone }).toISO({ suppressMilliseconds: true })!,
    open,
    openUntil,
    opensAt: open ? null : calendar.time.nextOpening(at),
    closedFor: open ? null : (calendar.time.closureAt(at)?.name ?? null),
    onCall: calendar.onCall ? calendar.onCall.at(at) : null,
  };
}

