/**
 * SLA times on the owning team's clock: when a human task is due, when its pre-breach warning fires,
 * and how far ahead the SLA pass must look for tasks whose warning may already be due.
 *
 * A priority's `clock` is `business` (count only the team's business hours) or `always`; a team
 * without a calendar counts around the clock whatever the clock says.
 */
import type { Policy } from '../policy/schema.ts';
import { teamCalendar, type TeamCalendar } from './index.ts';

const MINUTE = 60_000;
type Priority = keyof Policy['sla'];

/** The slice of a policy this module reads (a CompiledPolicy's `source` fits). */
export type SlaPolicy = Pick<Policy, 'sla' | 'teams'>;

/** The calendar business-clock SLAs of `team` count in, or null when they count around the clock. */
function businessCalendar(policy: SlaPolicy, team: string, priority: Priority): TeamCalendar | null {
  if (policy.sla[priority].clock !== 'business') return null;
  const config = policy.teams[team];
  return config ? teamCalendar(config) : null;
}

/** `minutes` of the SLA clock after `from`: business minutes in the team's calendar, or wall-clock minutes. */
export function slaAdd(policy: SlaPolicy, team: string, priority: Priority, from: Date, minutes: number): Date {
  const calendar = businessCalendar(policy, team, priority);
  return calendar ? calendar.time.addBusinessMinutes(from, minutes) : new Date(from.getTime() + minutes * MINUTE);
}

/** When a task of `team` at `priority`, opened or moved to the team at `from`, is due. */
export function slaDueAt(policy: SlaPolicy, team: string, priority: Priority, from: Date): Date {
  return slaAdd(policy, team, priority, from, policy.sla[priority].resolve_minutes);
}

/**
 * When the pre-breach warning of a task due at `dueAt` fires: `warn_before_minutes` of the SLA clock
 * before it, counted back (the latest instant that leaves that much business time).
 */
export function slaWarnAt(policy: SlaPolicy, team: string, priority: Priority, dueAt: Date): Date {
  const minutes = policy.sla[priority].warn_before_minutes;
  const calendar = businessCalendar(policy, team, priority);
  return calendar ? calendar.time.subtractBusinessMinutes(dueAt, minutes) : new Date(dueAt.getTime() - minutes * MINUTE);
}

/**
 * The latest due time whose warning can have fired by `now`, over every team and priority: the SLA
 * pass loads the open tasks due before it. A warning at `w` business minutes before the due time is
 * due once at most `w` business minutes are left, so the horizon is `now + w` on the team's clock,
 * carried over any closed period that follows (a task due at the next opening has no more left).
 */
export function slaHorizon(policy: SlaPolicy, now: Date): Date {
  let latest = now.getTime();
  for (const team of Object.keys(policy.teams)) {
    for (const priority of Object.keys(policy.sla) as Priority[]) {
      const calendar = businessCalendar(policy, team, priority);
      const warn = policy.sla[priority].warn_before_minutes;
      const horizon = calendar ? calendar.time.nextOpening(calendar.time.addBusinessMinutes(now, warn)).getTime() : now.getTime() + warn * MINUTE;
      latest = Math.max(latest, horizon);
    }
  }
  return new Date(latest);
}
