/**
 * What both HumanTaskStore implementations share, so they agree on a new task's shape, on which
 * filters are valid and on the inbox order (most urgent first).
 */
import { InputError } from '../errors.ts';
import { checkPaging, newTaskId } from '../store/common.ts';
import {
  HUMAN_PRIORITIES,
  HUMAN_TASK_STATUSES,
  type HumanPriority,
  type HumanTask,
  type HumanTaskFilter,
  type HumanTaskStatus,
  type NewHumanTask,
} from './types.ts';

/** Statuses in which a task still waits for a person. */
export const OPEN_STATUSES: readonly HumanTaskStatus[] = ['pending', 'assigned', 'in_progress'];

export function isOpen(task: Pick<HumanTask, 'status'>): boolean {
  return OPEN_STATUSES.includes(task.status);
}

/**
 * Sort rank of a priority, stored beside the task: neither backend can sort by an enum's meaning,
 * and ranking at read time would mean sorting every match in memory.
 */
export function priorityRank(priority: HumanPriority): number {
  return HUMAN_PRIORITIES.length - 1 - HUMAN_PRIORITIES.indexOf(priority);
}

/** The inbox order as a sort spec both nedb and MongoDB understand. */
export const MOST_URGENT_FIRST = { priorityRank: 1, dueAt: 1, _id: 1 } as const;

function validDate(value: unknown): value is Date {
  return value instanceof Date && !Number.isNaN(value.getTime());
}

/** Checks what a store's `create` was given; the service validates user input before this. */
export function checkNewHumanTask(task: NewHumanTask, now: Date): void {
  if (typeof task.key !== 'string' || task.key === '') throw new InputError('a human task needs a non-empty key', ['key']);
  if (!HUMAN_PRIORITIES.includes(task.priority)) throw new InputError(`priority must be one of ${HUMAN_PRIORITIES.join(', ')}`, ['priority']);
  if (!validDate(task.dueAt)) throw new InputError('dueAt must be a valid Date', ['dueAt']);
  if (!validDate(now)) throw new InputError('now must be a valid Date', ['now']);
  if (!Array.isArray(task.escalationChain) || task.escalationChain.length === 0) {
    throw new InputError('escalationChain must name at least the owning team', ['escalationChain']);
  }
}

/** The task a store's `create` inserts: pending, level 0, version 1, one `created` event. */
export function newHumanTask(input: NewHumanTask, now: Date): HumanTask {
  const at = new Date(now.getTime());
  const task: HumanTask = {
    ...structuredClone(input),
    _id: newTaskId(now.getTime()),
    status: 'pending',
    assignedTo: null,
    assignedToTeam: null,
    level: 0,
    messages: [],
    resolution: null,
    events: [{ at, kind: 'created', detail: `for team ${input.team}` }],
    version: 1,
    createdAt: at,
    updatedAt: at,
    claimedAt: null,
  };
  // An absent optional key must stay absent, not be stored as undefined (MongoDB would write null).
  if (task.taskId === undefined) delete task.taskId;
  return task;
}

export interface CheckedFilter {
  statuses?: HumanTaskStatus[];
  team?: string;
  teams?: string[];
  assignedTo?: string | null;
  priority?: HumanPriority;
  taskId?: string;
  skip: number;
  limit: number | undefined;
}

function optionalString(value: unknown, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') throw new InputError(`${name} must be a non-empty string`, [name]);
  return value;
}

/** Validates a list filter; unknown statuses and priorities name the allowed values. */
export function checkFilter(filter: HumanTaskFilter): CheckedFilter {
  const out: CheckedFilter = checkPaging(filter);
  if (filter.status !== undefined) {
    const statuses = Array.isArray(filter.status) ? filter.status : [filter.status];
    for (const status of statuses) {
      if (!HUMAN_TASK_STATUSES.includes(status)) {
        throw new InputError(`unknown status "${String(status)}"; use one of ${HUMAN_TASK_STATUSES.join(', ')}`, ['status']);
      }
    }
    out.statuses = [...statuses];
  }
  if (filter.priority !== undefined && !HUMAN_PRIORITIES.includes(filter.priority)) {
    throw new InputError(`unknown priority "${String(filter.priority)}"; use one of ${HUMAN_PRIORITIES.join(', ')}`, ['priority']);
  }
  if (filter.priority !== undefined) out.priority = filter.priority;
  if (Array.isArray(filter.team)) {
    out.teams = filter.team.map((team: unknown, i) => {
      if (typeof team !== 'string' || team === '') throw new InputError(`team[${i}] must be a non-empty string`, ['team', String(i)]);
      return team;
    });
  } else {
    const team = optionalString(filter.team, 'team');
    if (team !== undefined) out.team = team;
  }
  if (filter.assignedTo !== undefined) out.assignedTo = filter.assignedTo === null ? null : (optionalString(filter.assignedTo, 'assignedTo') as string);
  const taskId = optionalString(filter.taskId, 'taskId');
  if (taskId !== undefined) out.taskId = taskId;
  return out;
}

/** The query both backends run for a checked filter (plain equality and `$in`: portable everywhere). */
export function filterQuery(filter: CheckedFilter): Record<string, unknown> {
  const query: Record<string, unknown> = {};
  if (filter.statuses) query.status = { $in: filter.statuses };
  if (filter.team !== undefined) query.team = filter.team;
  if (filter.teams !== undefined) query.team = { $in: filter.teams };
  // Stored as null (never absent) when nobody holds the task, so equality works on both backends.
  if (filter.assignedTo !== undefined) query.assignedTo = filter.assignedTo;
  if (filter.priority !== undefined) query.priority = filter.priority;
  if (filter.taskId !== undefined) query.taskId = filter.taskId;
  return query;
}
