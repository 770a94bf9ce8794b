/**
 * Effective presence: what a person set, except that a member whose team is closed at that instant
 * (its calendar's hours, holidays and closures) counts as away. Nobody is handed a task the team is
 * not working on; they get it when the team opens, or claim it themselves.
 */
import { teamCalendar } from '../calendar/index.ts';
import type { Team } from '../policy/schema.ts';
import type { Presence, User } from '../users/types.ts';

export interface EffectivePresence {
  presence: Presence;
  /** Why, when it differs from what the person set. */
  because?: string;
}

/** The presence of `user` as a member of `team` at `at`. */
export function effectivePresence(user: Pick<User, 'presence'>, team: Pick<Team, 'calendar' | 'name'>, at: Date): EffectivePresence {
  if (user.presence !== 'available') return { presence: user.presence };
  const calendar = teamCalendar(team);
  if (calendar && !calendar.time.isOpen(at)) return { presence: 'away', because: 'outside team hours' };
  return { presence: 'available' };
}
