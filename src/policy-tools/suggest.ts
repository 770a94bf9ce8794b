/**
 * `triage policy suggest`: learns from outcomes which triggers escalate needlessly or miss, and
 * proposes one threshold change at a time with its evidence. Decisions are re-made under the base
 * policy (as replay does), so the figures describe the policy as it is now, not the one that was in
 * force when each ticket came in. Only labelled tickets (see outcomes.ts) count as evidence.
 */
import { performance } from 'node:perf_hooks';
import { compileCondition, type CompiledCondition } from '../engine/matcher.ts';
import type { JsonObject } from '../engine/types.ts';
import type { HumanTaskStore } from '../human/types.ts';
import type { CompiledPolicy } from '../policy/compile.ts';
import { valueAt } from '../policy/explain.ts';
import type { TaskStore } from '../store/types.ts';
import { candidateThresholds, COMPARISONS, leversOf, withoutThresholds, withThreshold, type Lever } from './levers.ts';
import { labelOf, loadAnswers, signalsOf, type Evidence, type Label } from './outcomes.ts';
import { decisionInput } from './reconstruct.ts';
import { createDecider } from './redecide.ts';
import { tasksMatching } from './scan.ts';

/** Below this precision (with at least MIN_LABELLED labels) a trigger is flagged. */
export const LOW_PRECISION = 0.5;
export const MIN_LABELLED = 3;

/** A labelled ticket, with what the base policy does with it. */
interface Case {
  taskId: string;
  data: JsonObject;
  label: Label;
  escalated: boolean;
  trigger: string | null;
  /** Triggers whose condition matched, by id. */
  matched: Set<string>;
  /** Whether the reasoner escalates it when no trigger matches. */
  withoutTriggers: boolean;
}

export interface TriggerStats {
  id: string;
  fired: number;
  needed: number;
  unneeded: number;
  /** needed / (needed + unneeded); null without labels. */
  precision: number | null;
  /** Needed tickets nobody escalated that this trigger would catch without its numeric thresholds. */
  misses: number;
  levers: string[];
}

export interface Suggestion {
  trigger: string;
  path: string;
  op: string;
  from: number;
  to: number;
  /** Unneeded escalations this trigger makes now. */
  unneededFired: number;
  avoided: number;
  missed: number;
  caught: number;
  added: number;
  text: string;
  /** Set once the policy file is written. */
  file?: string;
  replay?: string;
}

export interface SuggestReport {
  base: { file: string; version: string };
  window: { since: string; until: string };
  considered: number;
  labelled: { needed: number; unneeded: number; byEvidence: Record<string, number> };
  /** Needed tickets the base policy does not escalate. */
  misses: number;
  triggers: TriggerStats[];
  suggestions: Suggestion[];
  flags: { trigger: string; precision: number; needed: number; unneeded: number; why: string }[];
  maxMissed: number;
  timing: { ms: number };
}

export interface SuggestOptions {
  store: TaskStore;
  humanTasks: HumanTaskStore;
  base: { file: string; policy: CompiledPolicy };
  filter: JsonObject;
  window: { since: Date; until: Date };
  /** A suggestion may lose at most this many needed escalations. */
  maxMissed: number;
  now: () => Date;
}

/** Whether `c` escalates when trigger `id`'s condition is `condition` instead. */
function escalatesWith(c: Case, policy: CompiledPolicy, id: string, condition: CompiledCondition): boolean {
  for (const trigger of policy.triggers) {
    const matches = trigger.id === id ? condition.test(c.data) : c.matched.has(trigger.id);
    if (matches) return true;
  }
  return c.withoutTriggers;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The best threshold for one lever, or null when none beats the current one. */
function bestThreshold(cases: Case[], policy: CompiledPolicy, index: number, lever: Lever, maxMissed: number): Omit<Suggestion, 'text'> | null {
  const trigger = policy.triggers[index]!;
  const seen = cases.flatMap((c) => {
    const v = valueAt(c.data, lever.path);
    return typeof v === 'number' ? [v] : Array.isArray(v) ? v.filter((x): x is number => typeof x === 'number') : [];
  });
  const unneededFired = cases.filter((c) => c.trigger === trigger.id && c.label === 'unneeded').length;
  let best: (Omit<Suggestion, 'text'> & { score: number }) | null = null;
  for (const to of candidateThresholds(lever.op, seen)) {
    if (to === lever.value) continue;
    const condition = compileCondition(withThreshold(trigger.when as JsonObject, lever.location, to), `triggers[${index}].when`);
    let avoided = 0, missed = 0, caught = 0, added = 0;
    for (const c of cases) {
      const now = escalatesWith(c, policy, trigger.id, condition);
      if (now === c.escalated) continue;
      if (c.escalated) c.label === 'unneeded' ? avoided++ : missed++;
      else c.label === 'needed' ? caught++ : added++;
    }
    const score = avoided + caught - missed - added;
    if (missed > maxMissed || added > maxMissed || avoided + caught === 0 || score <= 0) continue;
    const better = !best || score > best.score || (score === best.score && (missed + added < best.missed + best.added || (missed + added === best.missed + best.added && Math.abs(to - lever.value) < Math.abs(best.to - lever.value))));
    if (better) best = { trigger: trigger.id, path: lever.path, op: lever.op, from: lever.value, to, unneededFired, avoided, missed, caught, added, score };
  }
  if (!best) return null;
  const { score: _score, ...rest } = best;
  return rest;
}

/** The sentence a lead reads. */
export function describe(s: Omit<Suggestion, 'text'>): string {
  const op = COMPARISONS[s.op as keyof typeof COMPARISONS];
  const parts: string[] = [];
  if (s.avoided > 0 || s.missed > 0) parts.push(`would have avoided ${s.avoided} of ${plural(s.unneededFired, 'unneeded escalation')} and missed ${s.missed} needed ${s.missed === 1 ? 'one' : 'ones'}`);
  if (s.caught > 0 || s.added > 0) parts.push(`would have caught ${plural(s.caught, 'needed ticket')} nobody escalated, adding ${plural(s.added, 'unneeded escalation')}`);
  return `${s.trigger}: ${s.path} ${op} ${s.from} -> ${s.to} ${parts.join('; ')}`;
}

/** Reads outcomes, scores every trigger and proposes threshold changes. */
export async function runSuggest(options: SuggestOptions): Promise<SuggestReport> {
  const started = performance.now();
  const policy = options.base.policy;
  const answers = await loadAnswers(options.humanTasks);
  const decideBase = createDecider(policy, options.now);
  const decideBare = createDecider({ ...policy, triggers: [] }, options.now);
  const fired = new Map<string, number>();
  const byEvidence = new Map<Evidence, number>();
  const cases: Case[] = [];
  let considered = 0;
  for await (const task of tasksMatching(options.store, options.filter)) {
    const input = decisionInput(task);
    if (!input) continue;
    considered += 1;
    const base = await decideBase(task._id, input.data);
    if (base.trigger) fired.set(base.trigger, (fired.get(base.trigger) ?? 0) + 1);
    const labelled = labelOf(answers.get(task._id), signalsOf(task));
    if (!labelled) continue;
    byEvidence.set(labelled.evidence, (byEvidence.get(labelled.evidence) ?? 0) + 1);
    // Only labelled tickets are kept in memory, with the data the thresholds are tried on.
    const withoutTriggers = base.matched.length === 0 ? base.escalated : (await decideBare(task._id, input.data)).escalated;
    cases.push({ taskId: task._id, data: input.data, label: labelled.label, escalated: base.escalated, trigger: base.trigger, matched: new Set(base.matched), withoutTriggers });
  }

  const triggers: TriggerStats[] = policy.triggers.map((trigger, i) => {
    const mine = cases.filter((c) => c.trigger === trigger.id);
    const needed = mine.filter((c) => c.label === 'needed').length;
    const unneeded = mine.length - needed;
    const levers = leversOf(trigger.when as JsonObject);
    const relaxed = levers.length > 0 ? compileCondition(withoutThresholds(trigger.when as JsonObject), `triggers[${i}].when`) : null;
    const misses = relaxed ? cases.filter((c) => c.label === 'needed' && !c.escalated && relaxed.test(c.data)).length : 0;
    return {
      id: trigger.id,
      fired: fired.get(trigger.id) ?? 0,
      needed,
      unneeded,
      precision: mine.length === 0 ? null : Math.round((needed / mine.length) * 100) / 100,
      misses,
      levers: levers.map((l) => `${l.path} ${COMPARISONS[l.op]} ${l.value}`),
    };
  });

  const suggestions: Suggestion[] = [];
  const flags: SuggestReport['flags'] = [];
  policy.triggers.forEach((trigger, i) => {
    const found = leversOf(trigger.when as JsonObject).map((lever) => bestThreshold(cases, policy, i, lever, options.maxMissed)).filter((s) => s !== null);
    for (const s of found) suggestions.push({ ...s, text: describe(s) });
    const stats = triggers[i]!;
    if (stats.precision !== null && stats.needed + stats.unneeded >= MIN_LABELLED && stats.precision < LOW_PRECISION && found.length === 0) {
      const why = stats.levers.length === 0
        ? 'no numeric threshold to tune: narrow its condition or remove it, then replay'
        : `no threshold of ${stats.levers.join(', ')} does better within ${plural(options.maxMissed, 'missed needed escalation')}`;
      flags.push({ trigger: trigger.id, precision: stats.precision, needed: stats.needed, unneeded: stats.unneeded, why });
    }
  });
  suggestions.sort((a, b) => b.avoided + b.caught - (a.avoided + a.caught));

  return {
    base: { file: options.base.file, version: policy.version },
    window: { since: options.window.since.toISOString(), until: options.window.until.toISOString() },
    considered,
    labelled: {
      needed: cases.filter((c) => c.label === 'needed').length,
      unneeded: cases.filter((c) => c.label === 'unneeded').length,
      byEvidence: Object.fromEntries(byEvidence),
    },
    misses: cases.filter((c) => c.label === 'needed' && !c.escalated).length,
    triggers,
    suggestions,
    flags,
    maxMissed: options.maxMissed,
    timing: { ms: Math.round(performance.now() - started) },
  };
}
