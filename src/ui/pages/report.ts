/**
 * `GET /ui/tasks/:id/report`: a ticket's performance report, computed live from the stored task (so
 * runs after step 8, such as the human resolution, are in it) with the human tasks' claim and
 * resolution times; `GET /ui/tasks/:id/report.html`: the same as one self-contained file to keep or
 * send (what the report effect writes, but current).
 *
 * Who sees it: a principal scoped to teams sees the report of a ticket that went to one of them (the
 * routed team or the team that holds its human task now, after SLA escalation); other tickets are 403.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { HumanTask } from '../../human/types.ts';
import { reportView, type ReportView } from '../../reports/ticket-report-view.ts';
import { renderReportBody, renderReportDocument } from '../../reports/ticket-report-page.ts';
import type { RouteContext } from '../../server/app.ts';
import { HttpError } from '../../server/errors.ts';
import { canSeeTeam, csrfToken, pageAuthHook, principalOf } from '../../server/principal.ts';
import { layout } from '../layout.ts';

async function humanTasksOf(context: RouteContext, taskId: string): Promise<HumanTask[] | null> {
  if (!context.humanTasks) return null;
  const items: HumanTask[] = [];
  for (let skip = 0; ; skip += 100) {
    const page = await context.humanTasks.list({ taskId, limit: 100, skip });
    items.push(...page.items);
    if (page.items.length < 100) return items;
  }
}

async function viewFor(request: FastifyRequest<{ Params: { id: string } }>, context: RouteContext): Promise<ReportView> {
  const id = request.params.id;
  const task = typeof id === 'string' && id.length <= 64 ? await context.app.store.get(id) : null;
  if (!task) throw new HttpError(404, `no task with id ${String(id).slice(0, 64)}`);
  const view = reportView(task, await humanTasksOf(context, task._id), context.now());
  const principal = principalOf(request);
  if (principal.teams !== null && !view.teams.some((team) => canSeeTeam(principal, team))) {
    throw new HttpError(403, 'this ticket belongs to another team; ask a lead if you need its report');
  }
  return view;
}

export function registerReportPages(scope: FastifyInstance, context: RouteContext): void {
  const onRequest = pageAuthHook(context);

  scope.get<{ Params: { id: string } }>('/ui/tasks/:id/report', { onRequest }, async (request, reply) => {
    const view = await viewFor(request, context);
    const page = layout({
      title: `Report ${view.ticketId ?? view.taskId}`,
      principal: principalOf(request),
      csrf: csrfToken(request),
      body: renderReportBody(view, { links: true }),
    });
    return reply.type('text/html; charset=utf-8').send(page.value);
  });

  scope.get<{ Params: { id: string } }>('/ui/tasks/:id/report.html', { onRequest }, async (request, reply) => {
    const view = await viewFor(request, context);
    const name = `triage-report-${view.taskId.replace(/[^A-Za-z0-9_-]/g, '_')}.html`;
    return reply
      .type('text/html; charset=utf-8')
      .header('content-disposition', `attachment; filename="${name}"`)
      .send(renderReportDocument(view));
  });
}
