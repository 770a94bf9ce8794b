/**
 * What a person does from the workspace, as plain form POSTs (they work without JavaScript): claim,
 * assign, resolve and note a human task, and reply to a ticket's customer. Each checks the CSRF token
 * first and the principal's teams next, then asks the service, which enforces the rules.
 *
 * Success redirects (303) back with a confirmation named by key. A refusal the person can act on (a
 * claim someone else won: 409, a missing required field: 400) renders the page they came from again
 * with the message in an alert region, the answer's status and what they had typed; htmx requests
 * get the scope's error fragment instead.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { JsonObject } from '../../engine/types.ts';
import { errorMessage, InputError } from '../../errors.ts';
import { HumanTaskConflictError, HumanTaskNotFoundError, MAX_NOTE_CHARS, type HumanTask } from '../../human/types.ts';
import type { RouteContext } from '../../server/app.ts';
import { HttpError } from '../../server/errors.ts';
import { canAssign, canSeeTeam, pageAuthHook, principalOf, requireCsrf } from '../../server/principal.ts';
import { inboxQueryFromPath, humanTasksOf, sendInbox } from './inbox.ts';
import { safeInboxReturn } from '../views/inbox-query.ts';
import { decisionOptions, type FormInput } from '../views/ticket-human.ts';
import { sendAgentReply } from './agent-reply.ts';
import { humanTasksOfTicket, maySeeTicket, sendStandalonePage, sendTicketPage } from './ticket.ts';

type WithId = { Params: { id: string } };

/** Where a person returns to: the inbox they acted from, the ticket, or a stand-alone task's page. */
type Back = { kind: 'inbox'; path: string } | { kind: 'ticket'; taskId: string; anchor: string } | { kind: 'standalone'; humanTaskId: string };

/** The status of an error the person should see on the page, or null for one the scope handles. */
export function userErrorStatus(error: unknown): number | null {
  if (error instanceof HttpError) return error.statusCode;
  if (error instanceof InputError) return 400;
  if (error instanceof HumanTaskConflictError) return 409;
  if (error instanceof HumanTaskNotFoundError) return 404;
  return null;
}

function formBody(request: FastifyRequest): Record<string, unknown> {
  const body = request.body;
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}

/** One value of a form field; a field sent twice is refused rather than guessed at. */
function field(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new InputError(`${name} was sent more than once`, [name]);
  return value;
}

function successUrl(back: Back, flash: string): string {
  if (back.kind === 'inbox') return `${back.path}${back.path.includes('?') ? '&' : '?'}flash=${flash}`;
  if (back.kind === 'standalone') return `/ui/human-tasks/${encodeURIComponent(back.humanTaskId)}?flash=${flash}`;
  return `/ui/tasks/${encodeURIComponent(back.taskId)}?flash=${flash}#${back.anchor}`;
}

function backFor(human: HumanTask, body: Record<string, unknown>, anchor = 'human-task'): Back {
  const inbox = safeInboxReturn(body.next);
  if (inbox) return { kind: 'inbox', path: inbox };
  return human.taskId ? { kind: 'ticket', taskId: human.taskId, anchor } : { kind: 'standalone', humanTaskId: human._id };
}

/**
 * Turns the resolve form into typed answers: numbers as numbers, a checkbox as true/false (unchecked
 * is an answer: "no"), empty inputs left out so the service names a missing required field. A
 * checkbox named like the decision is left to the decision, which sets that flag itself.
 */
export function resolveAnswers(human: HumanTask, body: Record<string, unknown>, decision: string): JsonObject {
  const answers: JsonObject = {};
  for (const f of human.fields) {
    const raw = field(body, `field_${f.name}`);
    if (f.type === 'boolean') {
      if (f.name !== decision) answers[f.name] = raw === 'true' || raw === 'on';
      continue;
    }
    if (raw === undefined || raw.trim() === '') continue;
    if (f.type === 'number') {
      const n = Number(raw.trim());
      if (!Number.isFinite(n)) throw new InputError(`field "${f.name}" (${f.label}) must be a number`, ['fields', f.name]);
      answers[f.name] = n;
    } else {
      answers[f.name] = f.type === 'text' || f.type === 'textarea' ? raw : raw.trim();
    }
  }
  return answers;
}

export function registerHumanTaskActions(scope: FastifyInstance, context: RouteContext): void {
  const onRequest = pageAuthHook(context);

  async function visibleHumanTask(request: FastifyRequest<WithId>): Promise<HumanTask> {
    const human = await humanTasksOf(context).get(request.params.id);
    if (!canSeeTeam(principalOf(request), human.team)) throw new HttpError(403, "this task belongs to another team's queue; you cannot act on it");
    return human;
  }

  /** Runs `action`; redirects back on success, renders the page again with the refusal otherwise. */
  async function perform(request: FastifyRequest, reply: FastifyReply, back: Back, input: FormInput, action: () => Promise<string>): Promise<FastifyReply> {
    try {
      const flash = await action();
      return reply.redirect(successUrl(back, flash), 303);
    } catch (error) {
      const status = userErrorStatus(error);
      if (status === null || request.headers['hx-request'] === 'true') throw error;
      const options = { error: errorMessage(error), status, input };
      if (back.kind === 'inbox') return sendInbox(request, reply, context, { ...options, query: inboxQueryFromPath(context, back.path) });
      if (back.kind === 'ticket') return sendTicketPage(request, reply, context, back.taskId, options);
      return sendStandalonePage(request, reply, context, await humanTasksOf(context).get(back.humanTaskId), options);
    }
  }

  scope.post<WithId>('/ui/human-tasks/:id/claim', { onRequest }, async (request, reply) => {
    requireCsrf(request);
    const human = await visibleHumanTask(request);
    const body = formBody(request);
    return perform(request, reply, backFor(human, body), { action: 'claim', humanTaskId: human._id, body }, async () => {
      await humanTasksOf(context).claim(human._id, principalOf(request).username);
      return 'claimed';
    });
  });

  scope.post<WithId>('/ui/human-tasks/:id/assign', { onRequest }, async (request, reply) => {
    requireCsrf(request);
    const principal = principalOf(request);
    if (!canAssign(principal)) throw new HttpError(403, 'only leads and admins assign tasks');
    const human = await visibleHumanTask(request);
    const body = formBody(request);
    return perform(request, reply, backFor(human, body), { action: 'assign', humanTaskId: human._id, body }, async () => {
      const person = field(body, 'assignedTo')?.trim();
      const team = field(body, 'assignedToTeam')?.trim();
      await humanTasksOf(context).assign(human._id, { ...(person ? { assignedTo: person } : {}), ...(team ? { assignedToTeam: team } : {}) }, principal.username);
      return 'assigned';
    });
  });

  scope.post<WithId>('/ui/human-tasks/:id/resolve', { onRequest }, async (request, reply) => {
    requireCsrf(request);
    const human = await visibleHumanTask(request);
    const body = formBody(request);
    return perform(request, reply, backFor(human, body), { action: 'resolve', humanTaskId: human._id, body }, async () => {
      const decision = field(body, 'decision') ?? '';
      const offered = decisionOptions(human).map(([value]) => value);
      if (!offered.includes(decision)) throw new InputError(`choose a decision: ${offered.join(', ')}`, ['decision']);
      const notes = field(body, 'notes')?.trim();
      if (notes !== undefined && notes.length > 10_000) throw new InputError('notes: too long, at most 10000 characters', ['notes']);
      await humanTasksOf(context).resolve(human._id, {
        respondedBy: principalOf(request).username,
        decision,
        fields: resolveAnswers(human, body, decision),
        ...(notes ? { notes } : {}),
      });
      return 'resolved';
    });
  });

  scope.post<WithId>('/ui/human-tasks/:id/notes', { onRequest }, async (request, reply) => {
    requireCsrf(request);
    const human = await visibleHumanTask(request);
    const body = formBody(request);
    return perform(request, reply, backFor(human, body, 'notes'), { action: 'note', humanTaskId: human._id, body }, async () => {
      const text = field(body, 'text') ?? '';
      if (text.trim() === '') throw new InputError('write the note first', ['text']);
      if (text.length > MAX_NOTE_CHARS) throw new InputError(`the note is too long: at most ${MAX_NOTE_CHARS} characters`, ['text']);
      await humanTasksOf(context).addNote(human._id, principalOf(request).username, text);
      return 'noted';
    });
  });

  scope.post<WithId>('/ui/tasks/:id/reply', { onRequest }, async (request, reply) => {
    requireCsrf(request);
    const principal = principalOf(request);
    const task = await context.app.store.get(request.params.id);
    if (!task) throw new HttpError(404, `no ticket with task id ${request.params.id}`);
    if (!maySeeTicket(principal, task, await humanTasksOfTicket(context, task._id))) throw new HttpError(403, "this ticket belongs to another team's queue");
    const body = formBody(request);
    const back: Back = { kind: 'ticket', taskId: task._id, anchor: 'conversation' };
    return perform(request, reply, back, { action: 'reply', body }, async () => {
      const outcome = await sendAgentReply(context, task._id, { replyId: field(body, 'replyId'), content: field(body, 'content'), author: principal.username });
      return outcome === 'sent' ? 'replied' : 'reply_duplicate';
    });
  });
}
