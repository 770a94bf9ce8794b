/**
 * The ticket page (`GET /ui/tasks/:id`, the link every handoff sends) and the human task link
 * (`GET /ui/human-tasks/:id`, the link in team notifications), plus the actions on them
 * (human-task-actions.ts). Agents see tickets of their teams only.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Task } from '../../engine/types.ts';
import type { HumanTask } from '../../human/types.ts';
import type { RouteContext } from '../../server/app.ts';
import { HttpError } from '../../server/errors.ts';
import { canSeeTeam, csrfToken, pageAuthHook, principalOf, type Principal } from '../../server/principal.ts';
import { layout } from '../layout.ts';
import { obj, str } from '../views/format.ts';
import { ticketOf } from '../views/ticket-customer.ts';
import type { FormInput, HumanPanelModel } from '../views/ticket-human.ts';
import { standaloneTaskPage, ticketPage, ticketTitle } from '../views/ticket-page.ts';
import { registerHumanTaskActions } from './human-task-actions.ts';
import { assigneesFor, humanTasksOf, teamNamer } from './inbox.ts';

/** A ticket's human tasks, every status; a ticket has a handful, so one page of 100 is all of them. */
export async function humanTasksOfTicket(context: RouteContext, taskId: string): Promise<HumanTask[]> {
  if (!context.humanTasks) return [];
  return (await context.humanTasks.list({ taskId, limit: 100 })).items;
}

/**
 * Whether `principal` may see the ticket: admins and the system see all; an agent sees it when one of
 * its human tasks, or the team it was routed to, is one of theirs.
 */
export function maySeeTicket(principal: Principal, task: Task, humans: HumanTask[]): boolean {
  if (principal.teams === null) return true;
  if (humans.some((h) => canSeeTeam(principal, h.team))) return true;
  const routed = [str(obj(task.data.escalationPreparation).targetTeam), str(obj(obj(task.data.support).routing).suggestedTeam)];
  return routed.some((team) => team !== undefined && canSeeTeam(principal, team));
}

export interface PageOptions {
  error?: string;
  status?: number;
  input?: FormInput;
}

async function panelModel(request: FastifyRequest, context: RouteContext, tasks: HumanTask[], input: FormInput | undefined): Promise<HumanPanelModel> {
  const principal = principalOf(request);
  return {
    tasks,
    principal,
    csrf: csrfToken(request),
    now: context.now(),
    teamName: teamNamer(context),
    teams: Object.entries(context.app.policy.source.teams).map(([id, team]) => [id, team.name]),
    assignees: await assigneesFor(context, principal, tasks.map((t) => t.team)),
    ...(input ? { input } : {}),
  };
}

function flashOf(request: FastifyRequest): unknown {
  return (request.query as Record<string, unknown> | undefined)?.flash;
}

/** Renders the ticket page, after a failed action with its error (and status) and the person's input. */
export async function sendTicketPage(request: FastifyRequest, reply: FastifyReply, context: RouteContext, taskId: string, options: PageOptions = {}): Promise<FastifyReply> {
  const principal = principalOf(request);
  const task = await context.app.store.get(taskId);
  if (!task) throw new HttpError(404, `no ticket with task id ${taskId}`);
  const humans = await humanTasksOfTicket(context, task._id);
  if (!maySeeTicket(principal, task, humans)) throw new HttpError(403, "this ticket belongs to another team's queue");
  const panel = await panelModel(request, context, humans, options.input);
  const draft = options.input?.action === 'reply' && typeof options.input.body.content === 'string' ? options.input.body.content : undefined;
  const body = ticketPage({
    ...panel,
    task,
    reply: { taskId: task._id, csrf: panel.csrf, replyId: randomUUID(), customerEmail: str(ticketOf(task.data).customerEmail), ...(draft !== undefined ? { draft } : {}) },
    flash: options.error ? undefined : flashOf(request),
    ...(options.error ? { error: options.error } : {}),
  });
  const page = layout({ title: ticketTitle(task), principal, csrf: panel.csrf, current: 'inbox', body });
  return reply.code(options.status ?? 200).type('text/html; charset=utf-8').send(page.value);
}

/** Renders a stand-alone human task's page (one with no ticket). */
export async function sendStandalonePage(request: FastifyRequest, reply: FastifyReply, context: RouteContext, human: HumanTask, options: PageOptions = {}): Promise<FastifyReply> {
  const principal = principalOf(request);
  if (!canSeeTeam(principal, human.team)) throw new HttpError(403, "this task belongs to another team's queue");
  const panel = await panelModel(request, context, [human], options.input);
  const body = standaloneTaskPage({ ...panel, task: human, flash: options.error ? undefined : flashOf(request), ...(options.error ? { error: options.error } : {}) });
  const page = layout({ title: human.title, principal, csrf: panel.csrf, current: 'inbox', body });
  return reply.code(options.status ?? 200).type('text/html; charset=utf-8').send(page.value);
}

export function registerTicketPages(scope: FastifyInstance, context: RouteContext): void {
  const onRequest = pageAuthHook(context);

  scope.get<{ Params: { id: string } }>('/ui/tasks/:id', { onRequest }, async (request, reply) => sendTicketPage(request, reply, context, request.params.id));

  scope.get<{ Params: { id: string } }>('/ui/human-tasks/:id', { onRequest }, async (request, reply) => {
    const human = await humanTasksOf(context).get(request.params.id);
    if (human.taskId) return reply.redirect(`/ui/tasks/${encodeURIComponent(human.taskId)}#human-task`, 303);
    return sendStandalonePage(request, reply, context, human);
  });

  registerHumanTaskActions(scope, context);
}
