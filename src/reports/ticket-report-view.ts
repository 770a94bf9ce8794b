/**
 * What the per-ticket report page and file show: the performance report (`buildTicketReport`) plus
 * what it cannot know when step 8 runs: the human tasks' claim and resolution times, read live.
 */
import { readTaskData } from '../domain/task-data.ts';
import type { Task, TaskMeta, TaskState } from '../engine/types.ts';
import type { HumanTask } from '../human/types.ts';
import { buildTicketReport, type TicketReport } from './ticket-report.ts';

export interface HumanTaskTimes {
  id: string;
  type: string;
  team: string;
  status: string;
  priority: string;
  createdAt: string;
  dueAt: string;
  claimedAt: string | null;
  resolvedAt: string | null;
  decision: string | null;
  slaBreaches: number;
  /** Measured from the human task's creation. */
  toClaimMs: number | null;
  toResolutionMs: number | null;
}

export interface ReportView {
  taskId: string;
  ticketId: string | null;
  /** Customer text: escaped wherever it is shown. */
  subject: string | null;
  category: string | null;
  priority: string | null;
  /** Null when rendered inside step 8, where the engine holds the task `running`. */
  state: TaskState | null;
  createdAt: string;
  report: TicketReport;
  /** From ticket creation: the four milestones the timeline chart draws. */
  milestones: { label: string; ms: number | null }[];
  human: HumanTaskTimes[];
  /** `humanTasks` is empty because the renderer could not read them (step 8), not because there are none. */
  humanUnknown: boolean;
  fallbacks: { stepId: string; reason: string }[];
  /** Teams the ticket went to: who may see the report. */
  teams: string[];
}

type ViewTask = Pick<Task, '_id' | 'data'> & { meta: Pick<TaskMeta, 'runs' | 'usage' | 'effects' | 'flags' | 'createdAt'> & { state?: TaskState; updatedAt?: Date } };

function str(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function iso(value: Date | string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

function since(from: string | null, to: string | null): number | null {
  if (from === null || to === null) return null;
  return Math.max(0, Date.parse(to) - Date.parse(from));
}

export function humanTimes(task: HumanTask): HumanTaskTimes {
  const createdAt = iso(task.createdAt)!;
  const claimEvent = task.events.find((e) => e.kind === 'claimed');
  const claimedAt = iso(claimEvent?.at ?? task.claimedAt);
  const resolvedAt = iso(task.resolution?.resolvedAt);
  return {
    id: task._id,
    type: task.type,
    team: task.team,
    status: task.status,
    priority: task.priority,
    createdAt,
    dueAt: iso(task.dueAt)!,
    claimedAt,
    resolvedAt,
    decision: task.resolution?.decision ?? null,
    slaBreaches: task.events.filter((e) => e.kind === 'sla_breach').length,
    toClaimMs: since(createdAt, claimedAt),
    toResolutionMs: since(createdAt, resolvedAt),
  };
}

/**
 * The view of `task`. `humanTasks` null means "not known here" (step 8). A finished task's report is
 * computed at its last update, so its total time stops growing; `report` reuses one already computed.
 */
export function reportView(task: ViewTask, humanTasks: readonly HumanTask[] | null, now: Date, report?: TicketReport): ReportView {
  const d = readTaskData(task.data);
  const state = task.meta.state ?? null;
  const at = (state === 'done' || state === 'failed') && task.meta.updatedAt ? new Date(task.meta.updatedAt) : now;
  const built = report ?? buildTicketReport(task.data, task.meta, at);
  const createdAt = iso(task.meta.createdAt)!;
  const human = [...(humanTasks ?? [])].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime()).map(humanTimes);
  const firstClaim = human.map((h) => h.claimedAt).find((c) => c !== null) ?? null;
  const resolved = human.map((h) => h.resolvedAt).filter((r): r is string => r !== null).sort().at(-1) ?? null;
  const teams = new Set<string>();
  for (const team of [str(d.escalationPreparation?.targetTeam), str(d.handoffComplete?.targetTeam), ...human.map((h) => h.team)]) if (team) teams.add(team);
  return {
    taskId: task._id,
    ticketId: built.ticketId ?? str(d.support?.ticket?.id),
    subject: str(d.support?.ticket?.subject),
    category: str(d.support?.classification?.category),
    priority: str(d.support?.classification?.priority),
    state,
    createdAt,
    report: built,
    milestones: [
      { label: 'Decision', ms: built.timings.toDecisionMs },
      { label: 'Handoff', ms: built.timings.toHandoffMs },
      { label: 'Claim', ms: since(createdAt, firstClaim) },
      { label: 'Resolution', ms: since(createdAt, resolved) },
    ],
    human,
    humanUnknown: humanTasks === null,
    fallbacks: [
      ...task.meta.runs.filter((r) => r.fallback).map((r) => ({ stepId: r.stepId, reason: r.explanation.at(-1) ?? 'fell back' })),
      ...task.meta.usage.fallbacks.map((f) => ({ stepId: f.stepId, reason: f.reason })),
    ],
    teams: [...teams],
  };
}
