/**
 * Reads a team's queue for the queue-aware promise (queue-estimate.ts): how many unheld tasks are
 * ahead, which members can take one, and how long the team's recent tasks took. Count queries
 * (`limit: 0`) wherever a number is enough; documents are read only for the handling time (the last
 * HANDLING_SAMPLE_SIZE completed tasks of the priority).
 */
import { effectivePresence } from '../assignment/presence.ts';
import { OPEN_STATUSES } from '../human/common.ts';
import { HUMAN_PRIORITIES, type HumanPriority, type HumanTask, type HumanTaskStore } from '../human/types.ts';
import type { Policy } from '../policy/schema.ts';
import type { UserStore } from '../users/store.ts';
import { teamCalendar } from './index.ts';
import { HANDLING_SAMPLE_SIZE, type QueueSnapshot } from './queue-estimate.ts';

const MINUTE = 60_000;

export interface QueueSnapshotDeps {
  tasks: Pick<HumanTaskStore, 'list' | 'get'>;
  users: Pick<UserStore, 'byUsername'>;
  policy: Pick<Policy, 'teams'>;
}

/** Priorities as urgent as `priority` or more (critical first). */
export function asUrgentOrMore(priority: HumanPriority): HumanPriority[] {
  return HUMAN_PRIORITIES.slice(HUMAN_PRIORITIES.indexOf(priority));
}

const time = (value: Date | string | null | undefined): number | null => {
  if (value === null || value === undefined) return null;
  const ms = new Date(value).getTime();
  return Number.isNaN(ms) ? null : ms;
};

/**
 * Minutes a completed task took its person: from when the one who resolved it took it (the last
 * claim, start or assignment to a person before the resolution) to the resolution. Null when it
 * cannot be told (no resolution, never held by a person).
 */
export function handlingMinutesOf(task: Pick<HumanTask, 'resolution' | 'events' | 'claimedAt'>): number | null {
  const end = time(task.resolution?.resolvedAt);
  if (end === null) return null;
  let begin: number | null = null;
  for (const event of task.events) {
    const at = time(event.at);
    if (at === null || at > end) continue;
    const tookIt = event.kind === 'claimed' || event.kind === 'started' || (event.kind === 'assigned' && !(event.detail ?? '').startsWith('to team'));
    if (tookIt && (begin === null || at >= begin)) begin = at;
  }
  begin ??= time(task.claimedAt);
  return begin === null || begin > end ? null : (end - begin) / MINUTE;
}

/** The team's queue at `at` for a ticket of `priority`; `exclude` is this ticket's own human task, if it has one. */
export async function readQueueSnapshot(deps: QueueSnapshotDeps, teamId: string, priority: HumanPriority, at: Date, exclude?: string | null): Promise<QueueSnapshot> {
  const team = deps.policy.teams[teamId];
  if (!team) throw new Error(`unknown team "${teamId}"`);
  const calendar = teamCalendar(team);
  const open = calendar ? calendar.time.isOpen(at) : true;

  let ahead = 0;
  for (const p of asUrgentOrMore(priority)) ahead += (await deps.tasks.list({ team: teamId, status: 'pending', priority: p, limit: 0 })).total;
  if (exclude) {
    // The ticket's own review task, opened just before the reply, is not ahead of itself.
    const own = await deps.tasks.get(exclude);
    if (own && own.team === teamId && own.status === 'pending' && asUrgentOrMore(priority).includes(own.priority)) ahead = Math.max(0, ahead - 1);
  }

  let available = 0;
  let present = 0;
  for (const member of team.members) {
    const user = await deps.users.byUsername(member.user);
    // The same people assignment would pass over (src/assignment/index.ts) do not work the queue.
    if (!user || user.disabled || (user.role !== 'admin' && !user.teams.includes(teamId))) continue;
    // While the team is closed everyone counts as away; who set themselves available will be in at opening.
    const presence = open ? effectivePresence(user, team, at).presence : user.presence;
    if (presence !== 'available') continue;
    present += 1;
    const load = (await deps.tasks.list({ assignedTo: user.username, status: [...OPEN_STATUSES], limit: 0 })).total;
    if (load < member.capacity) available += 1;
  }

  // A priority's tasks are listed by due date, which follows their creation: the tail is the latest.
  const completed = (await deps.tasks.list({ team: teamId, status: 'completed', priority, limit: 0 })).total;
  const recent = completed === 0 ? [] : (await deps.tasks.list({ team: teamId, status: 'completed', priority, skip: Math.max(0, completed - HANDLING_SAMPLE_SIZE), limit: HANDLING_SAMPLE_SIZE })).items;
  const handled = recent.map(handlingMinutesOf).filter((m): m is number => m !== null);

  return { ahead, members: team.members.length, available, present, open, handled };
}
