/**
 * Assignment on handoff: a new escalation task of a team with `assignment: { strategy }` is offered to
 * a member who is available (src/assignment/presence.ts) and below their capacity, chosen by the
 * strategy (choose.ts). Nobody available: a critical task pages the team's on-call person (page.ts);
 * anything else waits in the queue, as it did before assignment existed.
 *
 * The state lives in the stores, not in memory: loads are counted from the human task store, and the
 * round-robin turn is each member's `lastAssigned[team]`, taken with a compare-and-set
 * (`UserStore.takeTurn`), so a restarted process continues the rotation and two processes assigning
 * at once do not hand out the same turn twice.
 *
 * Capacity is a lock, not only a check: the chosen member's assignment lock (`UserStore.lockAssignment`,
 * a compare-and-set with an expiry) is held while their open tasks are counted again and the task is
 * assigned, so two processes (server and worker on one SQLite file, workers on MongoDB) cannot both
 * give away a member's last free slot. A lock rather than "assign, re-count, give back": giving back
 * needs an order both processes agree on, and neither store numbers writes, while clocks differ
 * between machines; with the lock the loser simply sees the member at capacity. The lock is held for
 * milliseconds and expires on its own (LOCK_MS) if its process dies. Claims by hand do not take it:
 * a person who claims beyond their capacity means to.
 *
 * `drain` re-offers a team's waiting escalation tasks (most urgent first) when something may have
 * made room: a member became available, someone's task closed or moved, the team's hours began.
 */
import type { Connectors } from '../../connectors/types.ts';
import { OPEN_STATUSES, isOpen } from '../human/common.ts';
import type { HumanTask, HumanTaskStore } from '../human/types.ts';
import { silentLogger, type Logger } from '../log.ts';
import type { CompiledPolicy } from '../policy/compile.ts';
import type { UserStore } from '../users/store.ts';
import type { User } from '../users/types.ts';
import { randomUUID } from 'node:crypto';
import { choose, type Candidate } from './choose.ts';
import { pageOnCall } from './page.ts';
import { effectivePresence } from './presence.ts';

export { effectivePresence } from './presence.ts';
export { choose, type Candidate, type Choice } from './choose.ts';

export interface AssignerDeps {
  users: Pick<UserStore, 'byUsername' | 'takeTurn' | 'lockAssignment' | 'unlockAssignment'>;
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
  /** `taken`: someone else took the task meanwhile (not "nobody available"). */
  | { kind: 'waiting'; why: string; taken?: boolean }
  | { kind: 'off' };

/** Passes over a member; the reasons go into the "nobody available" explanation. */
type Skip = { username: string; why: string };

/** Attempts at taking a turn before giving up to another process that keeps taking them. */
const TURN_ATTEMPTS = 5;
/** How long a member's assignment lock lasts if its holder never gives it back (a crashed process). */
const LOCK_MS = 30_000;
/** Tasks one drain looks at; more wait for the next drain (a team rarely has room for this many at once). */
const DRAIN_LIMIT = 200;

export interface OfferOptions {
  /** Why the task is offered again, appended to the assignment's detail: "when ann became available". */
  because?: string;
}

export interface DrainResult {
  team: string;
  /** Waiting escalation tasks looked at. */
  waiting: number;
  assigned: { humanTaskId: string; to: string }[];
  paged: { humanTaskId: string; to: string }[];
}

export interface Assigner {
  /**
   * Offers `task` (a just-opened escalation task) to a member, or pages on-call for a critical one
   * nobody can take. Never throws for a person's data (a missing account, an unreachable pager): the
   * task then waits in the queue, which is where it would be without assignment.
   */
  offer(task: HumanTask, at: Date, actions: AssignmentActions, options?: OfferOptions): Promise<AssignmentOutcome>;
  /**
   * Offers the team's waiting escalation tasks (open, held by nobody), most urgent first, one at a
   * time through `offer`, until nobody can take one; critical ones nobody can take page on-call, once
   * per task as `offer` does. Safe to run twice; a team without a strategy is left alone.
   */
  drain(team: string, at: Date, actions: AssignmentActions, options?: OfferOptions): Promise<DrainResult>;
}

/**
 * People who handed the task back to the queue (`assign` to a team by them while they held it): a
 * re-offer does not give it straight back to them.
 */
export function gaveBack(task: HumanTask): string[] {
  const people = new Set<string>();
  let holder: string | null = null;
  for (const e of task.events) {
    if (e.kind === 'claimed' && e.by) holder = e.by;
    if (e.kind !== 'assigned' || !e.detail) continue;
    if (e.detail.startsWith('to team ')) {
      if (holder && e.by === holder) people.add(holder);
      holder = null;
    } else {
      const to = /^to (\S+)/.exec(e.detail)?.[1];
      if (to) holder = to;
    }
  }
  return [...people];
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
    offer: (task, at, actions, options = {}) => offer(task, at, actions, options),

    async drain(teamId, at, actions, options = {}) {
      const result: DrainResult = { team: teamId, waiting: 0, assigned: [], paged: [] };
      if (!deps.policy.team(teamId).assignment) return result;
      const { items } = await deps.tasks.list({ team: teamId, status: [...OPEN_STATUSES], assignedTo: null, limit: DRAIN_LIMIT });
      const waiting = items.filter((t) => t.type === 'escalation');
      result.waiting = waiting.length;
      for (const task of waiting) {
        const outcome = await offer(task, at, actions, options);
        if (outcome.kind === 'assigned') result.assigned.push({ humanTaskId: task._id, to: outcome.to });
        else if (outcome.kind === 'paged') result.paged.push({ humanTaskId: task._id, to: outcome.to });
        // Nobody could take it, so nobody can take a less urgent one; critical ones (first in the
        // order) still go through `offer` for their one page.
        else if (outcome.kind === 'waiting' && !outcome.taken && task.priority !== 'critical') break;
      }
      if (result.assigned.length + result.paged.length > 0) log.info({ team: teamId, assigned: result.assigned.length, paged: result.paged.length, because: options.because }, 'waiting tasks re-offered');
      return result;
    },
  };

  async function offer(task: HumanTask, at: Date, actions: AssignmentActions, options: OfferOptions): Promise<AssignmentOutcome> {
    const team = deps.policy.team(task.team);
    if (!team.assignment || task.type !== 'escalation' || !isOpen(task) || task.assignedTo !== null) return { kind: 'off' };
    const strategy = team.assignment.strategy;
    const excluded = gaveBack(task);
    const because = options.because ? ` (re-offered ${options.because})` : '';
    let skipped: Skip[] = [];
    let busy = false;
    for (let attempt = 0; attempt < TURN_ATTEMPTS; attempt++) {
      // Another process held the member we chose: give it the few milliseconds it needs.
      if (busy) await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20));
      busy = false;
      const found = await candidates(task.team, at);
      skipped = [...found.skipped, ...excluded.filter((u) => found.ready.some((c) => c.username === u)).map((username) => ({ username, why: 'gave this task back' }))];
      const ready = found.ready.filter((c) => !excluded.includes(c.username));
      const choice = choose(strategy, ready, task.skillTags);
      if (!choice) break;
      const chosen = ready.find((c) => c.username === choice.candidate.username)!;
      const owner = `${task._id}:${randomUUID()}`;
      // The wall clock, not `at`: how long a lock may outlive its holder is about real elapsed time.
      const wall = Date.now();
      if (!(await deps.users.lockAssignment(chosen.user._id, owner, new Date(wall), new Date(wall + LOCK_MS)))) {
        busy = true;
        continue;
      }
      let after: HumanTask;
      try {
        // Counted again under the lock: what another process assigned a moment ago is seen now.
        const load = await openLoad(chosen.username);
        if (load >= chosen.capacity) continue;
        // Lost the turn to another process: read the members again and choose anew.
        if (!(await deps.users.takeTurn(chosen.user._id, task.team, at, chosen.lastAssigned))) continue;
        after = await actions.assign(task, chosen.username, `to ${chosen.username} by ${strategy}: ${choice.why}${because}`);
      } finally {
        await deps.users.unlockAssignment(chosen.user._id, owner).catch((error: unknown) => log.warn({ member: chosen.username, err: (error as Error).message }, 'assignment: could not give back the assignment lock; it expires on its own'));
      }
      if (after.assignedTo !== chosen.username) return { kind: 'waiting', why: `someone else took the task first (${after.assignedTo ?? 'nobody'})`, taken: true };
      // Told after the lock is given back: a slow mail server holds up nobody else's assignment.
      await tellAssignee(chosen.user, after);
      log.info({ humanTaskId: task._id, team: task.team, strategy, to: chosen.username, because: options.because }, 'human task assigned automatically');
      return { kind: 'assigned', to: chosen.username, task: after };
    }
    const why = nobody(skipped);
    // Someone may have room but was being assigned elsewhere: the next drain offers it again, and
    // on-call is not woken for a member who is at their desk.
    if (busy) return { kind: 'waiting', why: `${why}; a member was being assigned a task by another process` };
    if (task.priority !== 'critical') return { kind: 'waiting', why };
    if (task.events.some((e) => e.kind === 'paged')) return { kind: 'waiting', why: `${why}; on-call already paged` };
    const page = await pageOnCall({ connectors: deps.connectors, findUser: (u) => deps.users.byUsername(u), ...(deps.publicUrl ? { publicUrl: deps.publicUrl } : {}) }, task, team, at, why);
    if (!page.paged) {
      log.warn({ humanTaskId: task._id, team: task.team }, `critical task waits in the queue: ${page.detail}`);
      return { kind: 'waiting', why: page.detail };
    }
    return { kind: 'paged', to: page.paged, task: await actions.recordPage(task, page.detail) };
  }

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
