/**
 * Assignment on handoff: a new escalation task of a team with `assignment: { strategy }` is offered to
 * a member who is available (src/assignment/presence.ts) and below their capacity, chosen by the
 * strategy (choose.ts). Nobody available: a critical task pages the team's on-call person (page.ts);
 * anything else waits in the queue, as it did before assignment existed.
 *
 * The state lives in the stores, not in memory: loads are counted from the human task store, and the
 * round-robin turn is each member's `lastAssigned[team]`, taken with a compare-and-set
 * (`UserStore.takeTurn`), so a restarted process continues the rotation and two processes assigning
 * at once do not hand out the same turn twice. (Two processes can still both count a member one
 * below capacity at the same instant; capacity is a fairness limit, not a lock.)
 */
import type { Connectors } from '../../connectors/types.ts';
import { OPEN_STATUSES, isOpen } from '../human/common.ts';
import type { HumanTask, HumanTaskStore } from '../human/types.ts';
import { silentLogger, type Logger } from '../log.ts';
import type { CompiledPolicy } from '../policy/compile.ts';
import type { UserStore } from '../users/store.ts';
import type { User } from '../users/types.ts';
import { choose, type Candidate } from './choose.ts';
import { pageOnCall } from './page.ts';
import { effectivePresence } from './presence.ts';

export { effectivePresence } from './presence.ts';
export { choose, type Candidate, type Choice } from './choose.ts';

export interface AssignerDeps {
  users: Pick<UserStore, 'byUsername' | 'takeTurn'>;
  tasks: Pick<HumanTaskStore, 'list'>;
  policy: CompiledPolicy;
  connectors: Pick<Connectors, 'email' | 'chat'>;
  log?: Logger;
  publicUrl?: string;
}

/** What the human task service does for the assigner, through its own version-checked paths. */
export interface AssignmentActions {
  /** Assigns the task to `username` if nobody holds it yet, recording `detail`; returns the task after. */
  assign(task: HumanTask, username: string, detail: string): Promise<HumanTask>;
  /** Records a `paged` event unless the task has one already. */
  recordPage(task: HumanTask, detail: string): Promise<HumanTask>;
}

export type AssignmentOutcome =
  | { kind: 'assigned'; to: string; task: HumanTask }
  | { kind: 'paged'; to: string; task: HumanTask }
  | { kind: 'waiting'; why: string }
  | { kind: 'off' };

/** Passes over a member; the reasons go into the "nobody available" explanation. */
type Skip = { username: string; why: string };

/** Attempts at taking a turn before giving up to another process that keeps taking them. */
const TURN_ATTEMPTS = 5;

export interface Assigner {
  /**
   * Offers `task` (a just-opened escalation task) to a member, or pages on-call for a critical one
   * nobody can take. Never throws for a person's data (a missing account, an unreachable pager): the
   * task then waits in the queue, which is where it would be without assignment.
   */
  offer(task: HumanTask, at: Date, actions: AssignmentActions): Promise<AssignmentOutcome>;
}

export function createAssigner(deps: AssignerDeps): Assigner {
  const log = deps.log ?? silentLogger;

  async function openLoad(username: string): Promise<number> {
    return (await deps.tasks.list({ assignedTo: username, status: [...OPEN_STATUSES], limit: 0 })).total;
  }

  /** Members who could take a task of `teamId` now, and why the others cannot. */
  async function candidates(teamId: string, at: Date): Promise<{ ready: (Candidate & { user: User })[]; skipped: Skip[] }> {
    const team = deps.policy.team(teamId);
    const ready: (Candidate & { user: User })[] = [];
    const skipped: Skip[] = [];
    for (const [order, member] of team.members.entries()) {
      const user = await deps.users.byUsername(member.user);
      if (!user) {
        log.warn({ team: teamId, member: member.user }, 'assignment: team member has no user account; skipped (add one with `triage user add`)');
        skipped.push({ username: member.user, why: 'no user account' });
        continue;
      }
      if (user.disabled) {
        skipped.push({ username: user.username, why: 'disabled' });
        continue;
      }
      // Someone who cannot see the team's inbox cannot work a task of it.
      if (user.role !== 'admin' && !user.teams.includes(teamId)) {
        log.warn({ team: teamId, member: user.username }, `assignment: member's account is not in team ${teamId}; skipped (triage user ... --team ${teamId})`);
        skipped.push({ username: user.username, why: `account not in team ${teamId}` });
        continue;
      }
      const presence = effectivePresence(user, team, at);
      if (presence.presence !== 'available') {
        skipped.push({ username: user.username, why: presence.because ?? presence.presence });
        continue;
      }
      const load = await openLoad(user.username);
      if (load >= member.capacity) {
        skipped.push({ username: user.username, why: `at capacity (${load} of ${member.capacity})` });
        continue;
      }
      ready.push({ username: user.username, order, skills: member.skills, capacity: member.capacity, load, lastAssigned: user.lastAssigned[teamId] ?? null, user });
    }
    return { ready, skipped };
  }

  const nobody = (skipped: Skip[]) => (skipped.length > 0 ? `nobody available: ${skipped.map((s) => `${s.username} ${s.why}`).join(', ')}` : 'the team lists no members');

  return {
    async offer(task, at, actions) {
      const team = deps.policy.team(task.team);
      if (!team.assignment || task.type !== 'escalation' || !isOpen(task) || task.assignedTo !== null) return { kind: 'off' };
      const strategy = team.assignment.strategy;
      let skipped: Skip[] = [];
      for (let attempt = 0; attempt < TURN_ATTEMPTS; attempt++) {
        const found = await candidates(task.team, at);
        skipped = found.skipped;
        const choice = choose(strategy, found.ready, task.skillTags);
        if (!choice) break;
        const chosen = found.ready.find((c) => c.username === choice.candidate.username)!;
        // Lost the turn to another process: read the members again and choose anew.
        if (!(await deps.users.takeTurn(chosen.user._id, task.team, at, chosen.lastAssigned))) continue;
        const after = await actions.assign(task, chosen.username, `to ${chosen.username} by ${strategy}: ${choice.why}`);
        if (after.assignedTo === chosen.username) {
          await tellAssignee(chosen.user, after);
          log.info({ humanTaskId: task._id, team: task.team, strategy, to: chosen.username }, 'human task assigned automatically');
          return { kind: 'assigned', to: chosen.username, task: after };
        }
        return { kind: 'waiting', why: `someone else took the task first (${after.assignedTo ?? 'nobody'})` };
      }
      const why = nobody(skipped);
      if (task.priority !== 'critical') return { kind: 'waiting', why };
      if (task.events.some((e) => e.kind === 'paged')) return { kind: 'waiting', why: `${why}; on-call already paged` };
      const page = await pageOnCall({ connectors: deps.connectors, findUser: (u) => deps.users.byUsername(u), ...(deps.publicUrl ? { publicUrl: deps.publicUrl } : {}) }, task, team, at, why);
      if (!page.paged) {
        log.warn({ humanTaskId: task._id, team: task.team }, `critical task waits in the queue: ${page.detail}`);
        return { kind: 'waiting', why: page.detail };
      }
      return { kind: 'paged', to: page.paged, task: await actions.recordPage(task, page.detail) };
    },
  };

  async function tellAssignee(user: User, task: HumanTask): Promise<void> {
    if (!user.email) return;
    const link = deps.publicUrl ? `\nOpen: ${deps.publicUrl.replace(/\/$/, '')}/ui/human-tasks/${encodeURIComponent(task._id)}` : '';
    try {
      await deps.connectors.email.send(
        {
          to: [user.email],
          subject: `[triage] Assigned to you (${task.priority}): ${task.title.replace(/\s+/g, ' ').slice(0, 160)}`,
          text: `${task.title}\n\nThis ${task.type} task of ${deps.policy.team(task.team).name} was assigned to you.\nHuman task: ${task._id}, due ${task.dueAt.toISOString()}${link}\n`,
          headers: { 'X-Triage-Human-Task': task._id },
        },
        `${task._id}:assigned-to:${user.username}`,
      );
    } catch (error) {
      log.warn({ humanTaskId: task._id, user: user.username, err: (error as Error).message }, 'could not email the person a task was assigned to');
    }
  }
}
