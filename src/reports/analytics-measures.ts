/**
 * The analytics figures as a pure function of the tickets in a period and their human tasks: no store,
 * no clock of its own, so the definitions can be tested on hand-built documents.
 */
import type { Task } from '../engine/types.ts';
import type { HumanTask } from '../human/types.ts';
import { daysOf, type Period } from './analytics-period.ts';
import type { Analytics, Count, Percentiles } from './analytics-types.ts';

interface DataView {
  escalationDecision?: { decision?: unknown; escalationRecommended?: unknown; trigger?: { id?: unknown } | null };
  escalationPreparation?: { targetTeam?: unknown };
  handoffComplete?: { targetTeam?: unknown; handedOffAt?: unknown; delivered?: unknown };
  outcomeTracking?: { satisfactionSurvey?: { sentAt?: unknown; score?: unknown } };
}

const OPEN = new Set(['pending', 'assigned', 'in_progress']);
export const NO_TRIGGER = '(no trigger)';
export const UNKNOWN_TEAM = '(unknown team)';

/** Nearest-rank percentile: the smallest sample with at least p% of samples at or below it. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}

export function percentiles(samples: readonly number[]): Percentiles {
  const sorted = [...samples].sort((a, b) => a - b);
  return { count: sorted.length, p50Ms: percentile(sorted, 50), p90Ms: percentile(sorted, 90) };
}

function ratio(part: number, whole: number, digits = 4): number | null {
  if (whole === 0) return null;
  const f = 10 ** digits;
  return Math.round((part / whole) * f) / f;
}

/** Largest first, then by key, so the order is stable between runs and between page and CLI. */
function counts(map: Map<string, number>): Count[] {
  return [...map.entries()].map(([key, count]) => ({ key, count })).sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

function bump(map: Map<string, number>, key: string, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function ms(value: unknown): number | null {
  if (value instanceof Date) return value.getTime();
  if (typeof value !== 'string') return null;
  const t = Date.parse(value);
  return Number.isNaN(t) ? null : t;
}

/** A non-negative duration between two instants, or null when either is missing. */
function between(from: number | null, to: number | null): number | null {
  return from === null || to === null ? null : Math.max(0, to - from);
}

function firstClaim(task: HumanTask): number | null {
  const claimed = task.events.find((e) => e.kind === 'claimed');
  return claimed ? ms(claimed.at) : ms(task.claimedAt);
}

/**
 * Computes every figure. `tasks` must already be the cohort (created in the period); `humanTasks`
 * maps a pipeline task id to its human tasks; `now` decides what is overdue.
 */
export function computeAnalytics(tasks: readonly Task[], humanTasks: ReadonlyMap<string, readonly HumanTask[]>, period: Period, now: Date): Analytics {
  const perDay = new Map<string, number>(daysOf(period).map((d) => [d, 0]));
  const byState = new Map<string, number>();
  const byDecision = new Map<string, number>();
  const byTeam = new Map<string, number>();
  const byTrigger = new Map<string, number>();
  const byStep = new Map<string, { calls: number; promptTokens: number; completionTokens: number }>();
  const scores = new Map<string, number>(['1', '2', '3', '4', '5'].map((s) => [s, 0]));
  const toHandoff: number[] = [];
  const toClaim: number[] = [];
  const toResolution: number[] = [];
  const a = {
    withoutPerson: 0, withPerson: 0, failedUnattended: 0, escalated: 0,
    humanTotal: 0, open: 0, completed: 0, closedOther: 0,
    met: 0, measured: 0, breaches: 0, breachedTasks: 0, overdueOpen: 0, warnings: 0,
    surveysSent: 0, answered: 0, scoreSum: 0, satisfied: 0,
    calls: 0, promptTokens: 0, completionTokens: 0,
    modelFallbacks: 0, fallbackRuns: 0, ticketsWithFallback: 0, failedTickets: 0, failedRuns: 0, retriedRuns: 0, failedEffects: 0, ticketsWithFailure: 0,
  };
  const nowMs = now.getTime();

  for (const task of tasks) {
    const d = task.data as DataView;
    const created = ms(task.meta.createdAt)!;
    const day = new Date(created).toISOString().slice(0, 10);
    if (perDay.has(day)) bump(perDay, day);
    bump(byState, task.meta.state);

    const humans = humanTasks.get(task._id) ?? [];
    const escalated = d.escalationDecision?.escalationRecommended === true;
    if (humans.length > 0 || escalated) a.withPerson += 1;
    else if (task.meta.state === 'failed') a.failedUnattended += 1;
    else a.withoutPerson += 1;

    const decision = str(d.escalationDecision?.decision);
    if (decision) bump(byDecision, decision);
    if (escalated) {
      a.escalated += 1;
      bump(byTeam, str(d.escalationPreparation?.targetTeam) ?? str(d.handoffComplete?.targetTeam) ?? UNKNOWN_TEAM);
      bump(byTrigger, str(d.escalationDecision?.trigger?.id) ?? NO_TRIGGER);
    }
    if (d.handoffComplete?.delivered === true) {
      const t = between(created, ms(d.handoffComplete.handedOffAt));
      if (t !== null) toHandoff.push(t);
    }

    for (const h of humans) {
      a.humanTotal += 1;
      const hCreated = ms(h.createdAt);
      const claim = between(hCreated, firstClaim(h));
      if (claim !== null) toClaim.push(claim);
      const resolvedAt = h.resolution ? ms(h.resolution.resolvedAt) : null;
      const resolution = between(hCreated, resolvedAt);
      if (resolution !== null) toResolution.push(resolution);
      const due = ms(h.dueAt)!;
      const breachEvents = h.events.filter((e) => e.kind === 'sla_breach').length;
      a.breaches += breachEvents;
      a.warnings += h.events.filter((e) => e.kind === 'sla_warning').length;
      const open = OPEN.has(h.status);
      const overdue = open && nowMs > due;
      if (open) a.open += 1;
      else if (h.status === 'completed') a.completed += 1;
      else a.closedOther += 1;
      if (overdue) a.overdueOpen += 1;
      if (breachEvents > 0 || overdue) a.breachedTasks += 1;
      if (h.status === 'completed' || h.status === 'expired' || overdue) {
        a.measured += 1;
        if (h.status === 'completed' && resolvedAt !== null && resolvedAt <= due && breachEvents === 0) a.met += 1;
      }
    }

    const survey = d.outcomeTracking?.satisfactionSurvey;
    if (survey && str(survey.sentAt)) a.surveysSent += 1;
    const score = survey?.score;
    if (typeof score === 'number' && Number.isInteger(score) && score >= 1 && score <= 5) {
      a.answered += 1;
      a.scoreSum += score;
      if (score >= 4) a.satisfied += 1;
      bump(scores, String(score));
    }

    const usage = task.meta.usage;
    a.calls += usage.calls;
    a.promptTokens += usage.promptTokens;
    a.completionTokens += usage.completionTokens;
    for (const [step, u] of Object.entries(usage.byStep ?? {})) {
      const s = byStep.get(step) ?? { calls: 0, promptTokens: 0, completionTokens: 0 };
      s.calls += u.calls;
      s.promptTokens += u.promptTokens;
      s.completionTokens += u.completionTokens;
      byStep.set(step, s);
    }

    const modelFallbacks = usage.fallbacks?.length ?? 0;
    const fallbackRuns = task.meta.runs.filter((r) => r.fallback === true).length;
    a.modelFallbacks += modelFallbacks;
    a.fallbackRuns += fallbackRuns;
    if (modelFallbacks + fallbackRuns > 0) a.ticketsWithFallback += 1;
    const failedRuns = task.meta.runs.filter((r) => r.outcome === 'failed').length;
    const failedEffects = task.meta.effects.filter((e) => e.status === 'failed').length;
    const failedState = task.meta.state === 'failed' ? 1 : 0;
    a.failedTickets += failedState;
    a.failedRuns += failedRuns;
    a.retriedRuns += task.meta.runs.filter((r) => r.outcome === 'retry').length;
    a.failedEffects += failedEffects;
    if (failedState + failedRuns + failedEffects > 0) a.ticketsWithFailure += 1;
  }

  const total = tasks.length;
  return {
    period: { since: period.since.toISOString(), until: period.until.toISOString(), label: period.label },
    generatedAt: now.toISOString(),
    tickets: { total, perDay: [...perDay.entries()].map(([key, count]) => ({ key, count })), byState: counts(byState) },
    automation: { withoutPerson: a.withoutPerson, withPerson: a.withPerson, failedUnattended: a.failedUnattended, shareWithoutPerson: ratio(a.withoutPerson, total) },
    escalations: { total: a.escalated, byDecision: counts(byDecision), byTeam: counts(byTeam), byTrigger: counts(byTrigger) },
    times: { toHandoff: percentiles(toHandoff), toClaim: percentiles(toClaim), toResolution: percentiles(toResolution) },
    humanTasks: { total: a.humanTotal, open: a.open, completed: a.completed, closedOther: a.closedOther },
    sla: { met: a.met, measured: a.measured, attainment: ratio(a.met, a.measured), breaches: a.breaches, breachedTasks: a.breachedTasks, overdueOpen: a.overdueOpen, warnings: a.warnings },
    satisfaction: {
      surveysSent: a.surveysSent,
      answered: a.answered,
      average: ratio(a.scoreSum, a.answered, 2),
      satisfiedShare: ratio(a.satisfied, a.answered),
      byScore: [...scores.entries()].map(([key, count]) => ({ key, count })),
    },
    model: {
      calls: a.calls,
      promptTokens: a.promptTokens,
      completionTokens: a.completionTokens,
      totalTokens: a.promptTokens + a.completionTokens,
      callsPerTicket: ratio(a.calls, total, 2),
      byStep: [...byStep.entries()].map(([step, u]) => ({ step, ...u })).sort((x, y) => y.calls - x.calls || (x.step < y.step ? -1 : 1)),
    },
    reliability: {
      modelFallbacks: a.modelFallbacks,
      fallbackRuns: a.fallbackRuns,
      ticketsWithFallback: a.ticketsWithFallback,
      failedTickets: a.failedTickets,
      failedRuns: a.failedRuns,
      retriedRuns: a.retriedRuns,
      failedEffects: a.failedEffects,
      ticketsWithFailure: a.ticketsWithFailure,
    },
  };
}
