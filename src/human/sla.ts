/**
 * The SLA sweep over open human tasks, meant to run from a recurring job:
 *
 * - warning: once per escalation level, when `now >= dueAt - warn_before_minutes`, the owning team is
 *   told by email and Slack (event `sla_warning`).
 * - breach (`now >= dueAt`): the task moves to the next team of its chain (level + 1, back to pending,
 *   unassigned, a fresh due date from the SLA), that team is notified (events `sla_breach`, `escalated`).
 * - breach at the end of the chain: the task is NOT expired (nobody would be left to act on the
 *   ticket); it stays open with its last team, an `sla_breach` event flags it, that team is reminded
 *   with the escalation address in copy, and the due date is re-armed by one SLA period so the reminder
 *   repeats once per period rather than on every sweep.
 *
 * Due and warning times follow the owning team's calendar when the priority's SLA clock is `business`
 * (src/calendar/sla-clock.ts): a task moved up the chain gets a due time on the new team's clock.
 * Each warning and breach is also reported to `onEvent` (the /metrics counters listen there).
 *
 * Notifications go out before the marker event is saved, with keys derived from the task's state
 * before the change (`<id>:sla_warning:<level>`, `<id>:escalated:<level>`, `<id>:sla_breach:<level>:<n>`):
 * a send that fails leaves no marker and is retried by the next sweep, and a sweep that runs twice
 * finds the marker (or the same key) and notifies once.
 */
import { slaDueAt, slaHorizon, slaWarnAt } from '../calendar/sla-clock.ts';
import type { Logger } from '../log.ts';
import type { CompiledPolicy } from '../policy/compile.ts';
import type { Notifier, NotifyOutcome } from './notify.ts';
import { isOpen } from './common.ts';
import { VersionConflictError } from '../store/types.ts';
import type { HumanTask, HumanTaskEvent, HumanTaskStore } from './types.ts';

export interface SlaSweepResult {
  /** Open tasks due within the longest warning window (the ones looked at). */
  checked: number;
  warned: string[];
  escalated: string[];
  /** Breached at the end of their chain: still open, flagged and re-notified. */
  breachedAtEnd: string[];
  failed: { id: string; error: string }[];
  /** One per warning or breach this pass saved, for counters. */
  events: SlaEvent[];
}

/** A warning or a breach the SLA pass acted on; `team` is the team that was warned or missed the due time. */
export interface SlaEvent {
  kind: 'warning' | 'breach';
  humanTaskId: string;
  team: string;
  priority: HumanTask['priority'];
  at: Date;
}

/** Something that tells listeners about SLA warnings and breaches (the human task service does). */
export interface SlaEventSource {
  /** Calls `listener` for every warning and breach from now on; returns a function that stops it. */
  onSlaEvent(listener: (event: SlaEvent) => void): () => void;
}

interface SlaDeps {
  store: HumanTaskStore;
  policy: CompiledPolicy;
  notifier: Notifier;
  log: Logger;
  /** Told about each warning and breach once it is saved; a throwing listener is logged, not fatal. */
  onEvent?: (event: SlaEvent) => void;
}

type Step = { kind: 'warned' | 'escalated' | 'breachedAtEnd'; next: HumanTask; team: string; key: string; subject: string; body: string; ccEscalation: boolean };

const END_OF_CHAIN = 'end of escalation chain';

/** What the sweep does to `task` at `now`, or null when nothing is due yet or it was done already. */
function plan(task: HumanTask, now: Date, policy: CompiledPolicy): Step | null {
  const due = task.dueAt.getTime();
  const event = (kind: HumanTaskEvent['kind'], detail: string): HumanTaskEvent => ({ at: now, kind, by: 'sla', detail });
  const base = { ...task, updatedAt: now };
  if (now.getTime() >= due) {
    const nextLevel = task.level + 1;
    const nextTeam = task.escalationChain[nextLevel];
    const missed = event('sla_breach', `level ${task.level} (${task.team}) missed ${task.dueAt.toISOString()}`);
    if (nextTeam !== undefined) {
      const next: HumanTask = {
        ...base,
        level: nextLevel,
        team: nextTeam,
        queue: policy.team(nextTeam).queue,
        status: 'pending',
        assignedTo: null,
        assignedToTeam: null,
        claimedAt: null,
        dueAt: slaDueAt(policy.source, nextTeam, task.priority, now),
        events: [...task.events, missed, event('escalated', `to ${nextTeam} (level ${nextLevel})`)],
      };
      return {
        kind: 'escalated',
        next,
        team: nextTeam,
        key: `${task._id}:escalated:${nextLevel}`,
        subject: `Escalated to you (SLA missed by ${task.team}): ${task.title}`,
        body: `This ${task.priority} ${task.type} task was not resolved by ${task.team} in time and is now yours (level ${nextLevel + 1} of ${task.escalationChain.length}).\n\n${task.title}`,
        ccEscalation: false,
      };
    }
    const reminders = task.events.filter((e) => e.kind === 'sla_breach' && e.detail?.startsWith(END_OF_CHAIN)).length;
    const next: HumanTask = {
      ...base,
      dueAt: slaDueAt(policy.source, task.team, task.priority, now),
      events: [...task.events, event('sla_breach', `${END_OF_CHAIN}: ${task.team} missed ${task.dueAt.toISOString()}`)],
    };
    return {
      kind: 'breachedAtEnd',
      next,
      team: task.team,
      key: `${task._id}:sla_breach:${task.level}:${reminders + 1}`,
      subject: `SLA breached, nobody left to escalate to: ${task.title}`,
      body: `This ${task.priority} ${task.type} task is past its due date and ${task.team} is the last team of its escalation chain. It stays open until someone resolves it.\n\n${task.title}`,
      ccEscalation: true,
    };
  }
  if (now.getTime() < slaWarnAt(policy.source, task.team, task.priority, task.dueAt).getTime()) return null;
  const marker = `level ${task.level}:`;
  if (task.events.some((e) => e.kind === 'sla_warning' && e.detail?.startsWith(marker))) return null;
  return {
    kind: 'warned',
    next: { ...base, events: [...task.events, event('sla_warning', `${marker} due ${task.dueAt.toISOString()}`)] },
    team: task.team,
    key: `${task._id}:sla_warning:${task.level}`,
    subject: `Due ${task.dueAt.toISOString()}: ${task.title}`,
    body: `This ${task.priority} ${task.type} task is due at ${task.dueAt.toISOString()}; after that it escalates${task.escalationChain[task.level + 1] ? ` to ${task.escalationChain[task.level + 1]}` : ''}.\n\n${task.title}`,
    ccEscalation: false,
  };
}

function describeFailure(outcome: NotifyOutcome): string {
  return `no channel delivered: ${outcome.failed.map((f) => `${f.channel}: ${f.error}`).join('; ')}`;
}

/** Runs one sweep at `now`; one task's failure is reported and does not stop the others. */
export async function sweepSla(deps: SlaDeps, now: Date): Promise<SlaSweepResult> {
  // On a business clock a warning can fire long before (wall-clock) the due time, e.g. on Friday for
  // Monday morning: the horizon is computed on each team's clock. dueBefore is strict; the extra
  // millisecond includes a task whose warning starts exactly now.
  const candidates = await deps.store.dueBefore(new Date(slaHorizon(deps.policy.source, now).getTime() + 1));
  const result: SlaSweepResult = { checked: candidates.length, warned: [], escalated: [], breachedAtEnd: [], failed: [], events: [] };
  for (const candidate of candidates) {
    try {
      const done = await sweepOne(deps, candidate._id, now);
      if (!done) continue;
      result[done.kind].push(candidate._id);
      const slaEvent: SlaEvent = { kind: done.kind === 'warned' ? 'warning' : 'breach', humanTaskId: candidate._id, team: done.team, priority: done.priority, at: now };
      result.events.push(slaEvent);
      try {
        deps.onEvent?.(slaEvent);
      } catch (error) {
        deps.log.warn({ humanTaskId: candidate._id, err: error instanceof Error ? error.message : String(error) }, 'an SLA event listener failed');
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      deps.log.warn({ humanTaskId: candidate._id, err: message }, 'SLA sweep could not handle a human task; the next sweep retries');
      result.failed.push({ id: candidate._id, error: message });
    }
  }
  return result;
}

/** What one task's pass did: the step, the team it concerned (warned, or the one that missed) and the priority. */
async function sweepOne(deps: SlaDeps, id: string, now: Date): Promise<{ kind: Step['kind']; team: string; priority: HumanTask['priority'] } | null> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const task = await deps.store.get(id);
    if (!task || !isOpen(task)) return null;
    const step = plan(task, now, deps.policy);
    if (!step) return null;
    const outcome = await deps.notifier.notifyTeam(step.team, step.next, { subject: step.subject, body: step.body }, step.key, ['email', 'chat'], {
      ccEscalation: step.ccEscalation,
    });
    for (const failure of outcome.failed) deps.log.warn({ humanTaskId: id, channel: failure.channel, err: failure.error }, 'SLA notification failed');
    if (outcome.delivered.length === 0) throw new Error(describeFailure(outcome));
    try {
      await deps.store.save(step.next, task.version);
      deps.log.info({ humanTaskId: id, kind: step.kind, team: step.team }, 'human task SLA');
      return { kind: step.kind, team: task.team, priority: task.priority };
    } catch (error) {
      // Someone changed the task meanwhile (claimed, resolved, another sweep): look again.
      if (!(error instanceof VersionConflictError)) throw error;
    }
  }
  throw new Error(`human task ${id} kept changing during the SLA sweep`);
}
