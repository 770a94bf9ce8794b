/**
 * `POST /webhooks/zendesk`: a Zendesk webhook, signed with the webhook's signing secret. Zendesk lets
 * the admin write the JSON body of a trigger webhook, so the mapping accepts the usual shapes:
 *
 * - trigger webhooks: `{ "ticket": { "id", "subject", "description", "latest_comment",
 *   "requester": { "email", "name", "id" }, "priority", "tags", "status", "via" } }`, with the
 *   flat placeholder names (`requester_email`, `ticket_id`) accepted too;
 * - event webhooks: `{ "type": "zen:event-type:ticket.created", "detail": { "id", "subject",
 *   "description", "priority", "tags", "requester_id" } }`.
 *
 * The Zendesk ticket id becomes `externalId`, so a redelivered webhook finds the task it created.
 */
import type { FastifyInstance } from 'fastify';
import { InputError } from '../../errors.ts';
import type { RouteContext } from '../app.ts';
import { verifyZendesk } from '../auth.ts';
import { rawBodyScope } from '../body.ts';
import { webhookRateLimit } from '../rate-limit.ts';
import { acceptTicket } from './webhooks-tickets.ts';

type Obj = Record<string, unknown>;

const isObj = (value: unknown): value is Obj => typeof value === 'object' && value !== null && !Array.isArray(value);

function str(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** `latest_comment` is a string in placeholders (`{{ticket.latest_comment}}`) and an object in the API. */
function commentText(value: unknown): string | undefined {
  if (isObj(value)) return str(value.plain_body) ?? str(value.body) ?? str(value.value);
  return str(value);
}

function tagList(value: unknown): string[] | undefined {
  // `{{ticket.tags}}` renders as one space-separated string.
  if (typeof value === 'string') return value.split(/[\s,]+/).filter(Boolean);
  if (Array.isArray(value)) return value.filter((tag): tag is string => typeof tag === 'string');
  return undefined;
}

/**
 * Maps a Zendesk webhook body to a ticket for `engine.submit(..., 'zendesk')`. Throws an InputError
 * naming the path when there is no ticket id; the ticket validation names everything else.
 */
export function zendeskTicket(body: unknown): Obj {
  if (!isObj(body)) throw new InputError('a Zendesk webhook body must be a JSON object with a "ticket" (or "detail") object', ['body']);
  const key = isObj(body.ticket) ? 'ticket' : isObj(body.detail) ? 'detail' : null;
  const source: Obj = key ? (body[key] as Obj) : body;
  const requester = isObj(source.requester) ? source.requester : {};
  const id = str(source.id) ?? str(body.ticket_id) ?? str(source.ticket_id);
  if (!id) throw new InputError(`${key ?? 'ticket'}.id: required: the Zendesk ticket id`, [key ?? 'ticket', 'id']);
  const ticket: Obj = {
    id: `zendesk-${id}`,
    externalId: id,
    subject: str(source.subject) ?? str(source.title),
    description: str(source.description) ?? commentText(source.latest_comment) ?? commentText(source.comment),
    customerEmail: str(requester.email) ?? str(source.requester_email),
    customerId: str(requester.id) ?? str(source.requester_id),
    channel: 'zendesk',
    priority: str(source.priority)?.toLowerCase(),
    tags: tagList(source.tags),
    zendesk: { status: str(source.status)?.toLowerCase(), via: str(isObj(source.via) ? source.via.channel : source.via), requesterName: str(requester.name), event: str(body.type) },
  };
  return JSON.parse(JSON.stringify(ticket)) as Obj;
}

export function registerZendeskWebhook(server: FastifyInstance, context: RouteContext): void {
  server.register(async (scope) => {
    // Only JSON, kept raw: nothing parses the body until its signature is verified over those bytes.
    const parseJson = rawBodyScope(scope, 'application/json');
    scope.post('/webhooks/zendesk', { config: webhookRateLimit(context.app.config) }, async (request, reply) => {
      const raw = request.rawBody ?? '';
      verifyZendesk(request, raw, context.app.config.ZENDESK_WEBHOOK_SECRET, context.now());
      const accepted = await acceptTicket(context, zendeskTicket(parseJson(request, raw)), 'zendesk');
      return reply.code(202).send(accepted);
    });
  });
}
