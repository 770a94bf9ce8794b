/**
 * `triage policy replay`: re-decides the stored tickets under a base policy and a new one, with the
 * offline heuristic reasoner (deterministic, so every difference comes from the policies), and counts
 * what would change. A dry run: the store is only read, nothing is sent, scheduled or written.
 */
import { performance } from 'node:perf_hooks';
import type { JsonObject } from '../engine/types.ts';
import type { CompiledPolicy } from '../policy/compile.ts';
import type { TaskStore } from '../store/types.ts';
import { decisionInput, type DecisionInput } from './reconstruct.ts';
import { createDecider, type Redecision } from './redecide.ts';
import { tasksMatching } from './scan.ts';
import { upstreamWarnings } from './upstream.ts';
import type { Window } from './window.ts';

export const REPLAY_NOTE =
  'dry run: nothing was written, sent or scheduled; both policies decided with the offline heuristic reasoner (deterministic), so every difference comes from the policy';

/** A count of tickets that went from one value to another. */
export interface Transition {
  from: string;
  to: string;
  count: number;
}

export interface ReplayExample {
  taskId: string;
  subject: string;
  from: { decision: string; trigger: string | null; team: string | null; priority: string | null };
  to: { decision: string; trigger: string | null; team: string | null; priority: string | null };
}

export interface DriftExample {
  taskId: string;
  subject: string;
  recorded: { decision: string; trigger: string | null; decidedBy: string; policyVersion: string | null };
  base: { decision: string; trigger: string | null };
  causes: string[];
}

/** Everything `policy replay --json` prints. */
export interface ReplayReport {
  note: string;
  base: { file: string; version: string };
  policy: { file: string; version: string };
  window: { since: string; until: string; days: number };
  filter: JsonObject | null;
  considered: number;
  escalations: { base: number; new: number };
  teams: { changed: number; transitions: Transition[] };
  priorities: { changed: number; transitions: Transition[] };
  /** Decision changes as `decision [trigger]` from -> to; a different trigger counts as a change. */
  decisions: { changed: number; transitions: Transition[] };
  /** How often each trigger fired; `(reasoner)` counts open cases the reasoner escalated. */
  triggers: { id: string; base: number; new: number }[];
  /** Escalations per day by team over the window. */
  loadPerDay: { team: string; base: number; new: number }[];
  examples: ReplayExample[];
  /** Tickets whose recorded decision is not what the base policy decides today, and why it may differ. */
  drift: { count: number; causes: Record<string, number>; examples: DriftExample[] };
  reconstruction: { valuesRestored: number; ticketsRestored: number; reassessedAfterDecision: number };
  warnings: string[];
  timing: { ms: number; ticketsPerSecond: number };
}

export interface ReplayOptions {
  store: TaskStore;
  base: { file: string; policy: CompiledPolicy };
  next: { file: string; policy: CompiledPolicy };
  window: Window;
  filter: JsonObject;
  userFilter: JsonObject | null;
  examples: number;
  now: () => Date;
  /** Called per ticket, for a progress line on long replays. */
  onTicket?: (done: number) => void;
}

const NONE = '(none)';
const REASONER = '(reasoner)';

function bump(map: Map<string, number>, key: string, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

function transitions(map: Map<string, number>): Transition[] {
  return [...map.entries()]
    .map(([key, count]) => {
      const [from = '', to = ''] = key.split('\u0000');
      return { from, to, count };
    })
    .sort((a, b) => b.count - a.count || a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
}

function firedBy(outcome: Redecision): string | null {
  if (outcome.trigger) return outcome.trigger;
  return outcome.escalated ? REASONER : null;
}

/** A decision with what made it, e.g. `management_escalation [relationship_risk]`. */
function label(outcome: Redecision): string {
  const by = firedBy(outcome);
  return by ? `${outcome.decision} [${by}]` : outcome.decision;
}

/** Why a recorded decision may differ from today's base decision. */
function driftCauses(input: DecisionInput, baseVersion: string): string[] {
  const causes: string[] = [];
  const r = input.recorded;
  if (r.policyVersion !== baseVersion) causes.push(r.policyVersion ? 'other_policy_version' : 'no_policy_version_recorded');
  if (r.decidedBy !== 'policy' && r.decidedBy !== 'heuristic') causes.push(`decided_by_${r.decidedBy}`);
  if (r.afterReply) causes.push('decided_after_customer_reply');
  if (input.reassessed) causes.push('reassessed_after_decision');
  if (causes.length === 0) causes.push('unexplained');
  return causes;
}

/** Replays the decisions in the window under both policies. */
export async function runReplay(options: ReplayOptions): Promise<ReplayReport> {
  const started = performance.now();
  const decideBase = createDecider(options.base.policy, options.now);
  const decideNew = createDecider(options.next.policy, options.now);
  const decisions = new Map<string, number>();
  const teams = new Map<string, number>();
  const priorities = new Map<string, number>();
  const firedBase = new Map<string, number>();
  const firedNew = new Map<string, number>();
  const loadBase = new Map<string, number>();
  const loadNew = new Map<string, number>();
  const driftCount = new Map<string, number>();
  const examples: ReplayExample[] = [];
  const driftExamples: DriftExample[] = [];
  let considered = 0;
  let escalationsBase = 0;
  let escalationsNew = 0;
  let decisionsChanged = 0;
  let teamsChanged = 0;
  let prioritiesChanged = 0;
  let drifted = 0;
  let valuesRestored = 0;
  let ticketsRestored = 0;
  let reassessed = 0;

  for await (const task of tasksMatching(options.store, options.filter)) {
    const input = decisionInput(task);
    if (!input) continue;
    considered += 1;
    valuesRestored += input.restored;
    if (input.restored > 0) ticketsRestored += 1;
    if (input.reassessed) reassessed += 1;
    const base = await decideBase(task._id, input.data);
    const next = await decideNew(task._id, input.data);

    for (const [outcome, fired, load] of [[base, firedBase, loadBase], [next, firedNew, loadNew]] as const) {
      const by = firedBy(outcome);
      if (by) bump(fired, by);
      if (outcome.escalated) bump(load, outcome.team ?? NONE);
    }
    if (base.escalated) escalationsBase += 1;
    if (next.escalated) escalationsNew += 1;
    const decisionChanged = label(base) !== label(next);
    if (decisionChanged) {
      decisionsChanged += 1;
      bump(decisions, `${label(base)}\u0000${label(next)}`);
    }
    if (base.team !== next.team) {
      teamsChanged += 1;
      bump(teams, `${base.team ?? NONE}\u0000${next.team ?? NONE}`);
    }
    if (base.priority !== next.priority) {
      prioritiesChanged += 1;
      bump(priorities, `${base.priority ?? NONE}\u0000${next.priority ?? NONE}`);
    }
    if ((decisionChanged || base.team !== next.team || base.priority !== next.priority) && examples.length < options.examples) {
      examples.push({
        taskId: task._id,
        subject: input.subject,
        from: { decision: base.decision, trigger: firedBy(base), team: base.team, priority: base.priority },
        to: { decision: next.decision, trigger: firedBy(next), team: next.team, priority: next.priority },
      });
    }
    if (input.recorded.decision !== base.decision || (input.recorded.trigger ?? null) !== base.trigger) {
      drifted += 1;
      const causes = driftCauses(input, options.base.policy.version);
      for (const cause of causes) bump(driftCount, cause);
      if (driftExamples.length < options.examples) {
        const r = input.recorded;
        driftExamples.push({ taskId: task._id, subject: input.subject, recorded: { decision: r.decision, trigger: r.trigger, decidedBy: r.decidedBy, policyVersion: r.policyVersion }, base: { decision: base.decision, trigger: firedBy(base) }, causes });
      }
    }
    options.onTicket?.(considered);
  }

  const days = options.window.days;
  const round = (n: number) => Math.round(n * 100) / 100;
  const triggerIds = [...new Set([...options.base.policy.triggers.map((t) => t.id), ...options.next.policy.triggers.map((t) => t.id), REASONER])];
  const teamIds = [...new Set([...loadBase.keys(), ...loadNew.keys()])].sort();
  const ms = performance.now() - started;
  return {
    note: REPLAY_NOTE,
    base: { file: options.base.file, version: options.base.policy.version },
    policy: { file: options.next.file, version: options.next.policy.version },
    window: { since: options.window.since.toISOString(), until: options.window.until.toISOString(), days: round(days) },
    filter: options.userFilter,
    considered,
    escalations: { base: escalationsBase, new: escalationsNew },
    decisions: { changed: decisionsChanged, transitions: transitions(decisions) },
    teams: { changed: teamsChanged, transitions: transitions(teams) },
    priorities: { changed: prioritiesChanged, transitions: transitions(priorities) },
    triggers: triggerIds.map((id) => ({ id, base: firedBase.get(id) ?? 0, new: firedNew.get(id) ?? 0 })),
    loadPerDay: teamIds.map((team) => ({ team, base: round((loadBase.get(team) ?? 0) / days), new: round((loadNew.get(team) ?? 0) / days) })),
    examples,
    drift: { count: drifted, causes: Object.fromEntries([...driftCount.entries()].sort((a, b) => b[1] - a[1])), examples: driftExamples },
    reconstruction: { valuesRestored, ticketsRestored, reassessedAfterDecision: reassessed },
    warnings: upstreamWarnings(options.base.policy, options.next.policy),
    timing: { ms: Math.round(ms), ticketsPerSecond: considered === 0 ? 0 : Math.round((considered / ms) * 1000) },
  };
}
