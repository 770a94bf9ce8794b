/**
 * `POST /webhooks/slack/interactions`: Slack interactivity (form-encoded `payload=<json>`), signed with
 * the app's signing secret. The handoff message's Claim button (`claim_human_task`, value = human task
 * id) claims the task for the Slack user who pressed it.
 *
 * Who the claim is recorded as: when a triage user has the presser's Slack id (`slackUserId`), that
 * user's username, and the claim is refused (ephemeral note) if they are disabled or not in the
 * task's team. A Slack user no triage user maps to claims as `slack:<id>` as before, so teams that
 * have not set up users keep working from Slack.
 *
 * Slack only needs a 200 within three seconds. The answer body carries the updated message
 * (`replace_original`) or an ephemeral note, which Slack applies for legacy interactive messages;
 * Block Kit messages are replaced through the payload's `response_url` (see slack-response.ts).
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { escapeSlack, oneLine } from '../../../connectors/render/escape.ts';
import { CLAIM_ACTION_ID } from '../../../connectors/render/slack.ts';
import { errorMessage, InputError } from '../../errors.ts';
import { HumanTaskConflictError, HumanTaskNotFoundError, type HumanTask } from '../../human/types.ts';
import type { RouteContext } from '../app.ts';
import { verifySlack } from '../auth.ts';
import { rawBodyScope } from '../body.ts';
import { webhookRateLimit } from '../rate-limit.ts';
import { zodInputError } from '../errors.ts';
import { allowedResponseUrl, replaceOriginal } from '../slack-response.ts';

const payloadSchema = z.looseObject({
  type: z.string(),
  user: z.looseObject({ id: z.string().min(1), username: z.string().optional(), name: z.string().optional() }),
  actions: z.array(z.looseObject({ action_id: z.string(), value: z.string().optional() })).optional(),
  response_url: z.string().optional(),
  message: z.looseObject({ blocks: z.array(z.looseObject({ type: z.string(), block_id: z.string().optional() })).optional() }).optional(),
});

type Payload = z.infer<typeof payloadSchema>;

/** The id a Slack user claims under; the prefix tells the inbox where the name comes from. */
export function slackUserId(userId: string): string {
  return `slack:${userId}`;
}

/** `<@U123>` for Slack users (Slack shows their name), the escaped id otherwise. */
function who(assignee: string | null): string {
  if (!assignee) return 'nobody';
  const match = /^slack:([A-Z0-9]+)$/i.exec(assignee);
  return match ? `<@${match[1]}>` : escapeSlack(oneLine(assignee, 80));
}

function ephemeral(reply: FastifyReply, text: string): FastifyReply {
  return reply.code(200).send({ response_type: 'ephemeral', replace_original: false, text });
}

/** The original message with its buttons replaced by who claimed it. */
function claimedMessage(payload: Payload, task: HumanTask, userId: string, at: Date): Record<string, unknown> {
  const claimedBy = who(slackUserId(userId));
  const text = `Claimed by ${claimedBy}: ${escapeSlack(oneLine(task.title, 200))}`;
  const original = payload.message?.blocks ?? [];
  const blocks = [
    ...original.filter((block) => block.type !== 'actions'),
    { type: 'context', elements: [{ type: 'mrkdwn', text: `:white_check_mark: Claimed by ${claimedBy} at <!date^${Math.floor(at.getTime() / 1000)}^{date_short_pretty} {time}|now>` }] },
  ];
  return { replace_original: true, text, blocks };
}

function parsePayload(body: unknown, parseJson: (raw: string) => unknown): Payload {
  const raw = typeof body === 'string' ? new URLSearchParams(body).get('payload') : null;
  if (raw === null) throw new InputError('payload: required: Slack sends the interaction as a form field "payload"', ['payload']);
  const parsed = payloadSchema.safeParse(parseJson(raw));
  if (!parsed.success) throw zodInputError(parsed.error, 'payload');
  return parsed.data;
}

export function registerSlackWebhook(server: FastifyInstance, context: RouteContext): void {
  server.register(async (scope) => {
    const parseJson = rawBodyScope(scope, 'application/x-www-form-urlencoded');
    scope.post('/webhooks/slack/interactions', { config: { accepts: 'application/x-www-form-urlencoded', ...webhookRateLimit(context.app.config) } }, async (request, reply) => {
      verifySlack(request, request.rawBody ?? '', context.app.config.SLACK_SIGNING_SECRET, context.now());
      const payload = parsePayload(request.body, (raw) => parseJson(request, raw));
      const action = payload.type === 'block_actions' ? payload.actions?.find((a) => a.action_id === CLAIM_ACTION_ID) : undefined;
      // Other interactions (the View context link button, modals) need only the acknowledgement.
      if (!action) return reply.code(200).send();
      if (!action.value) throw new InputError('payload.actions.value: required: the human task id', ['payload', 'actions', 'value']);
      if (!context.humanTasks) return ephemeral(reply, 'The human task inbox is not running on this server; claim the ticket with `triage human claim`.');
      let userId = slackUserId(payload.user.id);
      const person = context.users ? await context.users.userForSlack(payload.user.id) : null;
      if (person) {
        if (person.disabled) return ephemeral(reply, `Your triage account (${escapeSlack(person.username)}) is disabled; ask an admin to enable it.`);
        const target = await context.humanTasks.get(action.value).catch((error: unknown) => {
          if (error instanceof HumanTaskNotFoundError) return null;
          throw error;
        });
        if (!target) return ephemeral(reply, 'This human task no longer exists.');
        if (person.role !== 'admin' && !person.teams.includes(target.team)) {
          return ephemeral(reply, `You cannot claim this task: it belongs to team ${escapeSlack(target.team)} and your triage account (${escapeSlack(person.username)}) is not in it; ask a lead to assign it.`);
        }
        userId = person.username;
      }
      try {
        const task = await context.humanTasks.claim(action.value, userId);
        context.app.log.info({ humanTaskId: task._id, userId }, 'human task claimed from Slack');
        const updated = claimedMessage(payload, task, payload.user.id, context.now());
        if (payload.response_url && allowedResponseUrl(payload.response_url, context.app.config.SLACK_API_URL)) {
          void replaceOriginal(payload.response_url, updated, context.app.log);
        }
        return reply.code(200).send(updated);
      } catch (error) {
        if (error instanceof HumanTaskConflictError) {
          const current = await context.humanTasks.get(action.value).catch(() => null);
          const holder = current?.assignedTo ? `${who(current.assignedTo)} has already claimed it` : `it is ${current?.status ?? 'no longer open'}`;
          return ephemeral(reply, `You cannot claim this task: ${holder}.`);
        }
        if (error instanceof HumanTaskNotFoundError) return ephemeral(reply, 'This human task no longer exists.');
        context.app.log.error({ err: errorMessage(error) }, 'claim from Slack failed');
        return ephemeral(reply, 'The claim failed on the server; try again in a moment.');
      }
    });
  });
}
