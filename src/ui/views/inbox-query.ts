/**
 * The inbox's filters live in the URL (`/ui?team=finance&priority=high&assignee=me&page=2`) so a view
 * can be bookmarked and shared. This reads them, checks them against what the principal may see, and
 * turns them into a store filter that pages in the database rather than in memory.
 */
import { InputError } from '../../errors.ts';
import { OPEN_STATUSES } from '../../human/common.ts';
import { HUMAN_PRIORITIES, type HumanPriority, type HumanTaskFilter, type HumanTaskStatus } from '../../human/types.ts';
import type { Principal } from '../../server/principal.ts';
import { HttpError } from '../../server/errors.ts';

export const PAGE_SIZE = 50;

export interface InboxQuery {
  team?: string;
  status?: HumanTaskStatus;
  priority?: HumanPriority;
  /** `me`, `unassigned`, or a username. */
  assignee?: string;
  /** 1-based. */
  page: number;
}

const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,199}$/;

function single(query: Record<string, unknown>, name: string): string | undefined {
  const value = query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new InputError(`${name} may be given once`, [name]);
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** Reads the filters; an unknown value is a 400 naming the parameter and what it accepts. */
export function parseInboxQuery(raw: unknown, teams: readonly string[]): InboxQuery {
  const query = (raw ?? {}) as Record<string, unknown>;
  const out: InboxQuery = { page: 1 };
  const team = single(query, 'team');
  if (team !== undefined) {
    if (!teams.includes(team)) throw new InputError(`team: unknown team "${team}"; teams: ${teams.join(', ')}`, ['team']);
    out.team = team;
  }
  const status = single(query, 'status');
  if (status !== undefined) {
    if (!OPEN_STATUSES.includes(status as HumanTaskStatus)) throw new InputError(`status: the inbox shows open tasks; use one of ${OPEN_STATUSES.join(', ')}`, ['status']);
    out.status = status as HumanTaskStatus;
  }
  const priority = single(query, 'priority');
  if (priority !== undefined) {
    if (!HUMAN_PRIORITIES.includes(priority as HumanPriority)) throw new InputError(`priority: use one of ${HUMAN_PRIORITIES.join(', ')}`, ['priority']);
    out.priority = priority as HumanPriority;
  }
  const assignee = single(query, 'assignee');
  if (assignee !== undefined) {
    if (!USERNAME.test(assignee)) throw new InputError('assignee: use me, unassigned or a username', ['assignee']);
    out.assignee = assignee;
  }
  const page = single(query, 'page');
  if (page !== undefined) {
    const n = Number(page);
    if (!Number.isInteger(n) || n < 1 || n > 100_000) throw new InputError('page: a whole number from 1', ['page']);
    out.page = n;
  }
  return out;
}

/** The query string of `query` with `changes` applied (page 1 unless given): links keep the filters. */
export function inboxSearch(query: InboxQuery, changes: Partial<InboxQuery> = {}): string {
  const next = { ...query, page: 1, ...changes };
  const params = new URLSearchParams();
  if (next.team) params.set('team', next.team);
  if (next.status) params.set('status', next.status);
  if (next.priority) params.set('priority', next.priority);
  if (next.assignee) params.set('assignee', next.assignee);
  if (next.page > 1) params.set('page', String(next.page));
  const text = params.toString();
  return text ? `?${text}` : '';
}

/**
 * The store filter for `query` as `principal` sees it, or null when it can match nothing (an agent
 * with no teams). An agent asking for another team's inbox is refused rather than shown it empty.
 */
export function inboxFilter(query: InboxQuery, principal: Principal): HumanTaskFilter | null {
  const filter: HumanTaskFilter = { status: query.status ?? [...OPEN_STATUSES], limit: PAGE_SIZE, skip: (query.page - 1) * PAGE_SIZE };
  if (query.team !== undefined) {
    if (principal.teams !== null && !principal.teams.includes(query.team)) throw new HttpError(403, `you do not work team ${query.team}'s tasks`);
    filter.team = query.team;
  } else if (principal.teams !== null) {
    if (principal.teams.length === 0) return null;
    filter.team = [...principal.teams];
  }
  if (query.priority) filter.priority = query.priority;
  if (query.assignee === 'me') filter.assignedTo = principal.username;
  else if (query.assignee === 'unassigned') filter.assignedTo = null;
  else if (query.assignee !== undefined) filter.assignedTo = query.assignee;
  return filter;
}

/** The inbox path a form may ask to return to: only `/ui` with a query, never another origin. */
export function safeInboxReturn(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  return /^\/ui(\?[^#\s\\]*)?$/.test(value) ? value : null;
}
