/**
 * REST over pipeline tasks: list with a data filter, read one, and take a customer reply. The admin
 * token and admins see every task; other people see the tasks escalated to one of their teams.
 *
 * A reply during a handoff belongs to the person handling it, so it goes to the open human task and
 * the bot stays quiet; otherwise it is written with a `customerReply` marker the pipeline reacts to.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Json, JsonObject, Task, TaskState } from '../../engine/types.ts';
import { InputError } from '../../errors.ts';
import { MAX_DESCRIPTION_CHARS } from '../../intake/ticket.ts';
import { validateDataFilter } from '../../store/filter.ts';
import type { RouteContext } from '../app.ts';
import { HttpError, zodInputError } from '../errors.ts';
import { apiAuthHook, principalOf, requireCsrf, type Principal } from '../principal.ts';

export { TASK_STATES } from '../../domain/vocabulary.ts';
import { TASK_STATES } from '../../domain/vocabulary.ts';
export const MAX_PAGE = 500;

export const taskListQuery = z.object({
  state: z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (!value) return undefined;
      const states = value.split(',').map((s) => s.trim());
      const bad = states.find((s) => !(TASK_STATES as readonly string[]).includes(s));
      if (bad !== undefined) {
        ctx.addIssue({ code: 'custom', message: `unknown state "${bad}"; one or more (comma-separated) of ${TASK_STATES.join(', ')}` });
        return z.NEVER;
      }
      return states as TaskState[];
    }),
  filter: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(50),
  skip: z.coerce.number().int().min(0).default(0),
});

export const messageBody = z.object({
  content: z.string().trim().min(1, 'must not be empty').max(MAX_DESCRIPTION_CHARS, `too long: at most ${MAX_DESCRIPTION_CHARS} characters`),
});

/** Parses `filter` from the query string; errors name `filter` and the operator's path inside it. */
export function parseFilter(text: string | undefined): JsonObject | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  let filter: unknown;
  try {
    filter = JSON.parse(text);
  } catch (error) {
    throw new InputError(`filter: not valid JSON (${(error as Error).message}); pass a MongoDB-style query over data, e.g. {"support.ticket.channel":"email"}`, ['filter']);
  }
  try {
    validateDataFilter(filter);
  } catch (error) {
    if (error instanceof InputError) throw new InputError(`filter: ${error.message}`, ['filter', ...error.path], { cause: error });
    throw error;
  }
  return filter as JsonObject;
}

export function parseWith<T extends z.ZodType>(schema: T, value: unknown, prefix: string): z.infer<T> {
  const parsed = schema.safeParse(value ?? {});
  if (!parsed.success) throw zodInputError(parsed.error, prefix);
  return parsed.data;
}

/** Where a pipeline task's team is recorded: the escalation decision, then the completed handoff. */
export const TEAM_FIELDS = ['escalationPreparation.targetTeam', 'handoffComplete.targetTeam'] as const;

/** The teams a pipeline task was escalated to (usually one). */
export function taskTeams(task: Task): string[] {
  const data = task.data as Record<string, { targetTeam?: unknown } | undefined>;
  const teams = [data.escalationPreparation?.targetTeam, data.handoffComplete?.targetTeam].filter((t): t is string => typeof t === 'string');
  return [...new Set(teams)];
}

/** The data filter restricting a list to `teams` (plain `$or`/`$in`: both stores run it as is). */
export function teamsFilter(teams: readonly string[]): JsonObject {
  return { $or: TEAM_FIELDS.map((field) => ({ [field]: { $in: [...teams] } })) };
}

async function getTask(context: RouteContext, id: string, principal: Principal): Promise<Task> {
  const task = await context.app.store.get(id);
  if (!task) throw new HttpError(404, `no task with id ${id}`);
  if (principal.teams === null || taskTeams(task).some((team) => principal.teams!.includes(team))) return task;
  // A task's human task may have been reassigned to another team since the handoff: that team works it too.
  const human = context.humanTasks ? await context.humanTasks.list({ taskId: task._id, limit: 100 }) : { items: [] };
  if (human.items.some((h) => principal.teams!.includes(h.team))) return task;
  throw new HttpError(403, `task ${id} was not escalated to any of your teams (${principal.teams.join(', ') || 'none'})`);
}

export function registerTaskRoutes(server: FastifyInstance, context: RouteContext): void {
  const onRequest = apiAuthHook(context);

  server.get('/api/tasks', { onRequest }, async (request) => {
    const principal = principalOf(request);
    const query = parseWith(taskListQuery, request.query, 'query');
    const given = parseFilter(query.filter);
    const scope = principal.teams === null ? undefined : teamsFilter(principal.teams);
    const filter = scope && given ? { $and: [given, scope] } : (scope ?? given);
    return context.app.store.list({ ...(query.state ? { state: query.state } : {}), ...(filter ? { filter } : {}), limit: query.limit, skip: query.skip });
  });

  server.get<{ Params: { id: string } }>('/api/tasks/:id', { onRequest }, async (request) => getTask(context, request.params.id, principalOf(request)));

  server.post<{ Params: { id: string } }>('/api/tasks/:id/messages', { onRequest, preHandler: requireCsrf }, async (request, reply) => {
    const { content } = parseWith(messageBody, request.body, 'body');
    const task = await getTask(context, request.params.id, principalOf(request));
    const receivedAt = context.now().toISOString();
    const entry: JsonObject = { role: 'customer', content, timestamp: receivedAt };
    // Built from the data as stored at each write attempt: simultaneous replies all land in the history.
    const appended = (data: Readonly<JsonObject>): JsonObject => {
      const agent = (data.escalationAgent ?? {}) as JsonObject;
      const history = Array.isArray(agent.conversationHistory) ? agent.conversationHistory : [];
      return { escalationAgent: { conversationHistory: [...history, entry] as Json[] } };
    };

    const open = context.humanTasks ? await context.humanTasks.openFor(task._id) : null;
    if (open && context.humanTasks) {
      // No marker: the steps must not re-analyse while a person owns the conversation.
      await context.app.engine.addData(task._id, appended);
      await context.humanTasks.addMessage(open._id, content);
      return reply.code(202).send({ taskId: task._id, routedTo: 'human', humanTaskId: open._id });
    }
    await context.app.engine.addData(task._id, (data: Readonly<JsonObject>) => {
      const previous = data.customerReply as JsonObject | undefined;
      const count = typeof previous?.count === 'number' ? previous.count + 1 : 1;
      return { ...appended(data), customerReply: { content, receivedAt, count, handledAt: null } };
    });
    return reply.code(202).send({ taskId: task._id, routedTo: 'pipeline' });
  });
}
