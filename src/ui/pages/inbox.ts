/**
 * The inbox: `GET /ui` (the page) and `GET /ui/inbox/rows` (the table it polls), both filtered by the
 * URL and by what the principal may see. One store query per request, paged in the store, so ten
 * thousand open tasks cost what fifty do to render.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { HumanTask, HumanTaskService } from '../../human/types.ts';
import type { RouteContext } from '../../server/app.ts';
import { HttpError } from '../../server/errors.ts';
import { canAssign, canSeeTeam, csrfToken, pageAuthHook, principalOf, type Principal } from '../../server/principal.ts';
import { layout } from '../layout.ts';
import { inboxPage } from '../views/inbox-page.ts';
import { inboxFilter, parseInboxQuery, type InboxQuery } from '../views/inbox-query.ts';
import { inboxLive, type InboxModel } from '../views/inbox-rows.ts';

export function humanTasksOf(context: RouteContext): HumanTaskService {
  if (!context.humanTasks) throw new HttpError(503, 'the human task inbox is not running on this server');
  return context.humanTasks;
}

/** The display name of a policy team; the id itself for a team the policy no longer has. */
export function teamNamer(context: RouteContext): (id: string) => string {
  return (id) => context.app.policy.source.teams[id]?.name ?? id;
}

/** Policy teams the principal works, as [id, name]. */
export function visibleTeams(context: RouteContext, principal: Principal): [string, string][] {
  return Object.entries(context.app.policy.source.teams)
    .filter(([id]) => canSeeTeam(principal, id))
    .map(([id, team]) => [id, team.name]);
}

/** Who a lead may assign tasks of `teams` to; null without a user directory (the form asks for a username). */
export async function assigneesFor(context: RouteContext, principal: Principal, teams: Iterable<string>): Promise<Map<string, string[]> | null> {
  if (!context.users || !canAssign(principal)) return null;
  const out = new Map<string, string[]>();
  for (const team of new Set(teams)) {
    const users = await context.users.list({ team });
    out.set(team, users.filter((u) => !u.disabled).map((u) => u.username));
  }
  return out;
}

async function inboxModel(request: FastifyRequest, context: RouteContext, query: InboxQuery): Promise<InboxModel> {
  const principal = principalOf(request);
  const filter = inboxFilter(query, principal);
  const { items, total } = filter ? await humanTasksOf(context).list(filter) : { items: [] as HumanTask[], total: 0 };
  return {
    items,
    total,
    query,
    principal,
    csrf: csrfToken(request),
    now: context.now(),
    teamName: teamNamer(context),
    assignees: await assigneesFor(context, principal, items.map((t) => t.team)),
  };
}

function queryOf(context: RouteContext, raw: unknown): InboxQuery {
  return parseInboxQuery(raw, Object.keys(context.app.policy.source.teams));
}

/**
 * Renders the whole inbox page; actions that came from the inbox render it again with their error
 * (and its status) instead of sending the person somewhere else.
 */
export async function sendInbox(
  request: FastifyRequest,
  reply: FastifyReply,
  context: RouteContext,
  options: { query?: InboxQuery; error?: string; status?: number } = {},
): Promise<FastifyReply> {
  const principal = principalOf(request);
  const query = options.query ?? queryOf(context, request.query);
  const model = await inboxModel(request, context, query);
  const people = context.users
    ? (await context.users.list()).filter((u) => !u.disabled && (principal.teams === null || u.teams.some((t) => principal.teams!.includes(t)))).map((u) => u.username)
    : [];
  const flash = (request.query as Record<string, unknown> | undefined)?.flash;
  const body = inboxPage({ ...model, teams: visibleTeams(context, principal), people, flash, ...(options.error ? { error: options.error } : {}) });
  const page = layout({ title: 'Inbox', principal, csrf: model.csrf, current: 'inbox', scripts: ['inbox.js'], body });
  return reply.code(options.status ?? 200).type('text/html; charset=utf-8').send(page.value);
}

/** Parses an inbox path (`/ui?team=...`) a form asked to return to. */
export function inboxQueryFromPath(context: RouteContext, path: string): InboxQuery {
  const search = path.includes('?') ? path.slice(path.indexOf('?') + 1) : '';
  return queryOf(context, Object.fromEntries(new URLSearchParams(search)));
}

export function registerInboxPages(scope: FastifyInstance, context: RouteContext): void {
  const onRequest = pageAuthHook(context);

  scope.get('/ui', { onRequest }, async (request, reply) => sendInbox(request, reply, context));

  scope.get('/ui/inbox/rows', { onRequest }, async (request, reply) => {
    const model = await inboxModel(request, context, queryOf(context, request.query));
    return reply.type('text/html; charset=utf-8').send(inboxLive(model, { oob: true }).value);
  });
}
