/**
 * Callbacks. Public, authenticated by the signed link itself: the customer's page
 * (`GET|POST /callback/:token`, an HTML form without script) and the same as JSON for API clients
 * (`GET /api/callbacks/:token/slots`, `POST /api/callbacks/:token {slot}`). A forged link is 403, an
 * expired one 410, a slot someone else holds 409; none of them writes anything. Behind the API token:
 * `POST /api/tasks/:id/callback {happened, notes?}` records whether the call took place.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { openLink, recordOutcome, requestSlot } from '../../callbacks/service.ts';
import { formatSlot } from '../../callbacks/slots.ts';
import { errorMessage, InputError } from '../../errors.ts';
import { MAX_NOTE_CHARS } from '../../human/types.ts';
import { bookedPage, callbackErrorPage, pageLanguage, pageWords, slotPage } from '../../ui/pages/callback.ts';
import type { RouteContext } from '../app.ts';
import { requireUtf8 } from '../body.ts';
import { HttpError } from '../errors.ts';
import { apiAuthHook, principalOf, requireCsrf } from '../principal.ts';
import { CONTENT_SECURITY_POLICY, parseForm } from './ui.ts';
import { parseWith, taskTeams } from './tasks.ts';

type TokenParams = { Params: { token: string } };

const outcomeBody = z.object({
  happened: z.boolean({ error: 'true when the call took place, false when it did not' }),
  notes: z.string().trim().max(MAX_NOTE_CHARS, `too long: at most ${MAX_NOTE_CHARS} characters`).optional(),
});

function statusOf(error: unknown): number {
  if (error instanceof HttpError) return error.statusCode;
  if (error instanceof InputError) return 400;
  return 500;
}

/** HTML answers carry the pages' headers; the token is in the URL, so no Referer leaves the page. */
function sendHtml(reply: FastifyReply, status: number, body: string): FastifyReply {
  return reply
    .code(status)
    .headers({
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
    })
    .type('text/html; charset=utf-8')
    .send(body);
}

export function registerCallbackRoutes(server: FastifyInstance, context: RouteContext): void {
  const { app } = context;

  // The customer's page, with its own form parser.
  server.register(async (scope) => {
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (request, body, done) => {
      try {
        requireUtf8(request);
        done(null, parseForm(body as string));
      } catch (error) {
        done(error as Error, undefined);
      }
    });
    scope.setErrorHandler((error, request: FastifyRequest, reply) => {
      const status = statusOf(error);
      if (status >= 500) request.log.error({ err: errorMessage(error) }, 'callback page failed');
      return sendHtml(reply, status, callbackErrorPage(status, status >= 500 ? 'Something went wrong on our side; please try again later.' : errorMessage(error)));
    });

    // The page's words in the ticket's language where the replies have them (the same catalog as the emails).
    const wordsFor = (language: string) => pageWords(app.policy.replies.resolve(language));

    scope.get<TokenParams>('/callback/:token', async (request, reply) => {
      const opened = await openLink(app, request.params.token, context.now());
      const language = pageLanguage(opened.task.data);
      return sendHtml(reply, 200, slotPage(opened.offer, `/callback/${request.params.token}`, { booked: opened.booked, language, words: wordsFor(language) }));
    });

    scope.post<TokenParams>('/callback/:token', async (request, reply) => {
      const form = (request.body ?? {}) as Record<string, unknown>;
      const now = context.now();
      try {
        const { slot, offer, task } = await requestSlot(app, request.params.token, form.slot, now);
        const language = pageLanguage(task.data);
        return sendHtml(reply, 200, bookedPage(slot, offer, language, wordsFor(language)));
      } catch (error) {
        // A taken or stale slot: show the form again with what is still free.
        const status = statusOf(error);
        if (status !== 409 && status !== 400) throw error;
        const opened = await openLink(app, request.params.token, now);
        const language = pageLanguage(opened.task.data);
        return sendHtml(reply, status, slotPage(opened.offer, `/callback/${request.params.token}`, { error: errorMessage(error), booked: opened.booked, language, words: wordsFor(language) }));
      }
    });
  });

  server.get<TokenParams>('/api/callbacks/:token/slots', async (request) => {
    const { offer, booked } = await openLink(app, request.params.token, context.now());
    return {
      team: offer.team,
      teamName: offer.teamName,
      zone: offer.zone,
      teamHours: offer.teamHours,
      booked: booked?.toISOString() ?? null,
      slots: offer.slots.map((slot) => ({ start: slot.toISOString(), label: formatSlot(slot, offer.zone) })),
    };
  });

  server.post<TokenParams>('/api/callbacks/:token', async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const { task, slot } = await requestSlot(app, request.params.token, body.slot, context.now());
    return reply.code(202).send({ taskId: task._id, status: 'requested', slot: slot.toISOString() });
  });

  server.post<{ Params: { id: string } }>('/api/tasks/:id/callback', { onRequest: apiAuthHook(context), preHandler: requireCsrf }, async (request) => {
    const input = parseWith(outcomeBody, request.body, 'body');
    const principal = principalOf(request);
    const task = await app.store.get(request.params.id);
    if (!task) throw new HttpError(404, `no task with id ${request.params.id}`);
    const team = (task.data.callback as { team?: unknown } | undefined)?.team;
    const teams = [...taskTeams(task), ...(typeof team === 'string' ? [team] : [])];
    if (principal.teams !== null && !teams.some((t) => principal.teams!.includes(t))) {
      throw new HttpError(403, `task ${task._id} belongs to none of your teams (${principal.teams.join(', ') || 'none'})`);
    }
    const updated = await recordOutcome(app, task, input, principal.username, context.now());
    return { taskId: updated._id, callback: updated.data.callback };
  });
}
