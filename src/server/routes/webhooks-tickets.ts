/**
 * `POST /webhooks/tickets`: the generic inbox. The body is the spec's ticket object, bare or as
 * `{ support: { ticket } }`. The task is only stored here; the in-process worker runs it, so a slow
 * step never holds a webhook sender's connection open.
 */
import type { FastifyInstance } from 'fastify';
import type { SourceKind } from '../../engine/types.ts';
import type { RouteContext } from '../app.ts';
import { bearerHook } from '../auth.ts';
import { webhookRateLimit } from '../rate-limit.ts';

/** The 202 answer of every ticket webhook. */
export interface AcceptedTicket {
  taskId: string;
  /** False when this ticket id was delivered before: the existing task is answered, nothing new is stored. */
  created: boolean;
}

/** Submits through the engine (validation and deduplication live there) and counts the delivery. */
export async function acceptTicket(context: RouteContext, body: unknown, via: SourceKind): Promise<AcceptedTicket> {
  const { task, created } = await context.app.engine.submit(body, via);
  context.metrics.ticketReceived(via, created);
  context.app.log.info({ taskId: task._id, via, created }, created ? 'ticket accepted' : 'repeated ticket delivery');
  return { taskId: task._id, created };
}

export function registerTicketWebhook(server: FastifyInstance, context: RouteContext): void {
  const onRequest = bearerHook(() => context.app.config.TRIAGE_WEBHOOK_TOKEN, 'TRIAGE_WEBHOOK_TOKEN');
  server.post('/webhooks/tickets', { onRequest, config: webhookRateLimit(context.app.config) }, async (request, reply) => {
    const accepted = await acceptTicket(context, request.body, 'inbox');
    return reply.code(202).send(accepted);
  });
}
