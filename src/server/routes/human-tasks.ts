/**
 * REST over the human task inbox: list, read, open, claim, assign, resolve. Bodies are validated here
 * (400 naming the field) and so is who may do what (403): people see and work their teams' tasks,
 * leads and admins also assign, and a person acts as themselves; the admin token (automation) sees
 * everything and names the person in the body. The service enforces the rest (required form fields,
 * who holds a claim: 409).
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { JsonObject } from '../../engine/types.ts';
import { InputError } from '../../errors.ts';
import { FIELD_TYPES, HUMAN_PRIORITIES, HUMAN_TASK_STATUSES, HUMAN_TASK_TYPES, type HumanTask, type HumanTaskService, type HumanTaskStatus } from '../../human/types.ts';
import { UserNotFoundError } from '../../users/types.ts';
import type { RouteContext } from '../app.ts';
import { HttpError } from '../errors.ts';
import { apiAuthHook, canAssign, canSeeTeam, isAdmin, principalOf, requireCsrf, type Principal } from '../principal.ts';
import { MAX_PAGE, parseWith } from './tasks.ts';

const name = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `too long: at most ${max} characters`);
const jsonObject = z.record(z.string(), z.json());

export const humanTaskListQuery = z.object({
  status: z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (!value) return undefined;
      const statuses = value.split(',').map((s) => s.trim());
      const bad = statuses.find((s) => !(HUMAN_TASK_STATUSES as readonly string[]).includes(s));
      if (bad !== undefined) {
        ctx.addIssue({ code: 'custom', message: `unknown status "${bad}"; one or more (comma-separated) of ${HUMAN_TASK_STATUSES.join(', ')}` });
        return z.NEVER;
      }
      return statuses as HumanTaskStatus[];
    }),
  /** One team, or several comma-separated. */
  team: name(1000)
    .optional()
    .transform((value) => (value ? [...new Set(value.split(',').map((t) => t.trim()).filter(Boolean))] : undefined)),
  priority: z.enum(HUMAN_PRIORITIES).optional(),
  taskId: name(100).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(50),
  skip: z.coerce.number().int().min(0).default(0),
});

export const formFieldSchema = z.object({
  name: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, 'letters, digits and _ (starting with a letter), at most 64'),
  label: name(200),
  type: z.enum(FIELD_TYPES),
  required: z.boolean().default(false),
  options: z.array(name(200)).min(1).max(100).optional(),
});

export const createHumanTaskBody = z.object({
  type: z.enum(HUMAN_TASK_TYPES),
  title: name(300),
  team: name(100),
  priority: z.enum(HUMAN_PRIORITIES),
  fields: z
    .array(formFieldSchema)
    .max(50)
    .optional()
    .superRefine((fields, ctx) => {
      fields?.forEach((field, i) => {
        if (field.type === 'select' && !field.options) ctx.addIssue({ code: 'custom', path: [i, 'options'], message: 'required for a select field' });
      });
    }),
  context: jsonObject.optional(),
  dueInMinutes: z.number().int().positive().max(60 * 24 * 365).optional(),
  taskId: name(100).optional(),
});

/** `userId` is required with the admin token; a person claims as themselves and may leave it out. */
export const claimBody = z.object({ userId: name(200).optional() });

export const assignBody = z
  .object({ assignedTo: name(200).optional(), assignedToTeam: name(100).optional(), by: name(200).optional() })
  .refine((body) => body.assignedTo !== undefined || body.assignedToTeam !== undefined, { message: 'required: assignedTo or assignedToTeam', path: ['assignedTo'] });

/** `respondedBy` is required with the admin token; a person resolves as themselves and may leave it out. */
export const resolveBody = z.object({
  respondedBy: name(200).optional(),
  decision: name(100),
  fields: jsonObject.optional(),
  notes: z.string().max(10_000, 'too long: at most 10000 characters').optional(),
});

type WithId = { Params: { id: string } };

function teamsText(principal: Principal): string {
  return principal.teams && principal.teams.length > 0 ? principal.teams.join(', ') : 'none';
}

/** 403 unless the principal works `team`. */
export function requireTeam(principal: Principal, team: string, what: string): void {
  if (!canSeeTeam(principal, team)) throw new HttpError(403, `${what} belongs to team ${team}, which is not one of yours (your teams: ${teamsText(principal)}); ask an admin to add you to it`);
}

/**
 * Who an action is recorded as: a person is themselves (naming someone else is 403 unless they are
 * an admin); the admin token acts for nobody in particular, so the body must name the person.
 */
export function actingAs(principal: Principal, given: string | undefined, field: 'userId' | 'respondedBy'): string {
  if (principal.kind === 'system') {
    if (given === undefined) throw new InputError(`body.${field}: required with the admin token: name the person who acts`, ['body', field]);
    return given;
  }
  if (given === undefined || given.trim().toLowerCase() === principal.username) return principal.username;
  if (isAdmin(principal)) return given;
  throw new HttpError(403, `you act as ${principal.username}: leave out body.${field} or set it to your own username; only an admin acts for someone else`);
}

export function registerHumanTaskRoutes(server: FastifyInstance, context: RouteContext): void {
  const onRequest = apiAuthHook(context);
  const preHandler = requireCsrf;
  const service = (): HumanTaskService => {
    if (!context.humanTasks) throw new HttpError(503, 'the human task inbox is not running on this server');
    return context.humanTasks;
  };
  const visible = async (principal: Principal, id: string): Promise<HumanTask> => {
    const task = await service().get(id);
    requireTeam(principal, task.team, `human task ${task._id}`);
    return task;
  };

  /** A person named as assignee must exist, be enabled and work the task's team (admins work every team). */
  const checkAssignee = async (username: string, team: string): Promise<string> => {
    if (!context.users) return username;
    const user = await context.users.get(username).catch((error: unknown) => {
      if (error instanceof UserNotFoundError) throw new InputError(`body.assignedTo: no user "${username}"; see GET /api/users or \`triage user list\``, ['body', 'assignedTo']);
      throw error;
    });
    if (user.disabled) throw new InputError(`body.assignedTo: user "${user.username}" is disabled`, ['body', 'assignedTo']);
    if (user.role !== 'admin' && !user.teams.includes(team)) {
      throw new InputError(`body.assignedTo: user "${user.username}" is not in team ${team} (their teams: ${user.teams.join(', ') || 'none'})`, ['body', 'assignedTo']);
    }
    return user.username;
  };

  server.get('/api/human-tasks', { onRequest }, async (request) => {
    const principal = principalOf(request);
    const q = parseWith(humanTaskListQuery, request.query, 'query');
    for (const team of q.team ?? []) requireTeam(principal, team, 'the team filter');
    const filter = {
      ...(q.status ? { status: q.status.length === 1 ? q.status[0]! : q.status } : {}),
      ...(q.priority ? { priority: q.priority } : {}),
      ...(q.taskId ? { taskId: q.taskId } : {}),
    };
    // A person's inbox spans their teams; the store takes the list (an empty one matches nothing).
    const teams = q.team ?? principal.teams;
    return service().list({ ...filter, ...(teams === null ? {} : { team: teams.length === 1 ? teams[0]! : [...teams] }), limit: q.limit, skip: q.skip });
  });

  server.get<WithId>('/api/human-tasks/:id', { onRequest }, async (request) => visible(principalOf(request), request.params.id));

  server.post('/api/human-tasks', { onRequest, preHandler }, async (request, reply) => {
    const body = parseWith(createHumanTaskBody, request.body, 'body');
    requireTeam(principalOf(request), body.team, 'a task for this team');
    const task = await service().create({ ...body, ...(body.context ? { context: body.context as JsonObject } : {}) });
    return reply.code(201).send(task);
  });

  server.post<WithId>('/api/human-tasks/:id/claim', { onRequest, preHandler }, async (request) => {
    const principal = principalOf(request);
    const { userId } = parseWith(claimBody, request.body, 'body');
    const who = actingAs(principal, userId, 'userId');
    await visible(principal, request.params.id);
    return service().claim(request.params.id, who);
  });

  server.post<WithId>('/api/human-tasks/:id/assign', { onRequest, preHandler }, async (request) => {
    const principal = principalOf(request);
    const { by, ...to } = parseWith(assignBody, request.body, 'body');
    if (!canAssign(principal)) throw new HttpError(403, `only leads and admins assign tasks; you are ${principal.username} (${principal.role}): ask a lead of the team`);
    const task = await visible(principal, request.params.id);
    if (principal.kind === 'system') return service().assign(request.params.id, to, by);
    const target = to.assignedTo !== undefined ? { assignedTo: await checkAssignee(to.assignedTo, task.team) } : to;
    return service().assign(request.params.id, target, principal.username);
  });

  server.post<WithId>('/api/human-tasks/:id/resolve', { onRequest, preHandler }, async (request) => {
    const principal = principalOf(request);
    const { respondedBy, ...body } = parseWith(resolveBody, request.body, 'body');
    const who = actingAs(principal, respondedBy, 'respondedBy');
    await visible(principal, request.params.id);
    return service().resolve(request.params.id, { ...body, respondedBy: who, ...(body.fields ? { fields: body.fields as JsonObject } : {}) });
  });
}
