/**
 * REST over the human task inbox (API token): list, read, open, claim, assign, resolve. Bodies are
 * validated here (400 naming the field); the service enforces the rules (required form fields,
 * who holds a claim: 409).
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { JsonObject } from '../../engine/types.ts';
import { FIELD_TYPES, HUMAN_PRIORITIES, HUMAN_TASK_STATUSES, HUMAN_TASK_TYPES, type HumanTaskService, type HumanTaskStatus } from '../../human/types.ts';
import type { RouteContext } from '../app.ts';
import { bearerHook } from '../auth.ts';
import { HttpError } from '../errors.ts';
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
  team: name(100).optional(),
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

export const claimBody = z.object({ userId: name(200) });

export const assignBody = z
  .object({ assignedTo: name(200).optional(), assignedToTeam: name(100).optional(), by: name(200).optional() })
  .refine((body) => body.assignedTo !== undefined || body.assignedToTeam !== undefined, { message: 'required: assignedTo or assignedToTeam', path: ['assignedTo'] });

export const resolveBody = z.object({
  respondedBy: name(200),
  decision: name(100),
  fields: jsonObject.optional(),
  notes: z.string().max(10_000, 'too long: at most 10000 characters').optional(),
});

type WithId = { Params: { id: string } };

export function registerHumanTaskRoutes(server: FastifyInstance, context: RouteContext): void {
  const onRequest = bearerHook(() => context.app.config.TRIAGE_API_TOKEN, 'TRIAGE_API_TOKEN');
  const service = (): HumanTaskService => {
    if (!context.humanTasks) throw new HttpError(503, 'the human task inbox is not running on this server');
    return context.humanTasks;
  };

  server.get('/api/human-tasks', { onRequest }, async (request) => {
    const q = parseWith(humanTaskListQuery, request.query, 'query');
    return service().list({
      ...(q.status ? { status: q.status.length === 1 ? q.status[0]! : q.status } : {}),
      ...(q.team ? { team: q.team } : {}),
      ...(q.priority ? { priority: q.priority } : {}),
      ...(q.taskId ? { taskId: q.taskId } : {}),
      limit: q.limit,
      skip: q.skip,
    });
  });

  server.get<WithId>('/api/human-tasks/:id', { onRequest }, async (request) => service().get(request.params.id));

  server.post('/api/human-tasks', { onRequest }, async (request, reply) => {
    const body = parseWith(createHumanTaskBody, request.body, 'body');
    const task = await service().create({ ...body, ...(body.context ? { context: body.context as JsonObject } : {}) });
    return reply.code(201).send(task);
  });

  server.post<WithId>('/api/human-tasks/:id/claim', { onRequest }, async (request) => {
    const { userId } = parseWith(claimBody, request.body, 'body');
    return service().claim(request.params.id, userId);
  });

  server.post<WithId>('/api/human-tasks/:id/assign', { onRequest }, async (request) => {
    const { by, ...to } = parseWith(assignBody, request.body, 'body');
    return service().assign(request.params.id, to, by);
  });

  server.post<WithId>('/api/human-tasks/:id/resolve', { onRequest }, async (request) => {
    const body = parseWith(resolveBody, request.body, 'body');
    return service().resolve(request.params.id, { ...body, ...(body.fields ? { fields: body.fields as JsonObject } : {}) });
  });
}
