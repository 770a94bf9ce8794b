/**
 * One mapping from errors to HTTP answers for every route. Answers are `{ error, path? }`: a message
 * that says what was wrong and where, never a stack trace; unexpected errors are logged and answered
 * with a generic 500.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodError } from 'zod';
import { redact, type Config } from '../config.ts';
import { errorMessage, InputError } from '../errors.ts';
import { HumanTaskConflictError, HumanTaskNotFoundError } from '../human/types.ts';

/** An error that already knows its HTTP status (auth failures, unknown ids, refused signatures). */
export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly statusCode: number,
    message: string,
    readonly headers: Record<string, string> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The body of every error answer. */
export interface ErrorBody {
  error: string;
  /** Where the problem is, dotted (`support.ticket.description`, `filter.$where`, `body.userId`). */
  path?: string;
}

/** Turns a zod failure into an InputError naming the first field, under `prefix` (`body`, `query`). */
export function zodInputError(error: ZodError, prefix: string): InputError {
  const problems = error.issues.map((issue) => {
    const path = [prefix, ...issue.path.map(String)];
    const message = issue.code === 'invalid_type' && issue.input === undefined ? 'required' : issue.message;
    return { path, text: `${path.join('.')}: ${message}` };
  });
  return new InputError(problems.map((p) => p.text).join('; '), problems[0]?.path ?? [prefix], { cause: error });
}

function answer(reply: FastifyReply, status: number, body: ErrorBody, headers: Record<string, string> = {}): FastifyReply {
  return reply.code(status).headers(headers).type('application/json; charset=utf-8').send(body);
}

/** Installs the error and not-found handlers on `server`. */
export function installErrorHandlers(server: FastifyInstance, config: Config, bodyLimit: number): void {
  server.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) =>
    answer(reply, 404, { error: `no route ${request.method} ${request.url.split('?')[0]}; see /openapi.json` }),
  );

  server.setErrorHandler((error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof InputError) {
      return answer(reply, 400, { error: redact(error.message, config), ...(error.path.length ? { path: error.path.join('.') } : {}) });
    }
    if (error instanceof HttpError) {
      // A refused caller gets no second try on the same connection: it cannot hold sockets open by
      // sending request after request (or a body that is never read) on one connection.
      const close: Record<string, string> = error.statusCode === 401 || error.statusCode === 403 ? { connection: 'close' } : {};
      return answer(reply, error.statusCode, { error: error.message }, { ...error.headers, ...close });
    }
    if (error instanceof HumanTaskNotFoundError) return answer(reply, 404, { error: error.message });
    if (error instanceof HumanTaskConflictError) return answer(reply, 409, { error: error.message });
    const code = (error as FastifyError).code;
    if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return answer(reply, 413, { error: `the request body is larger than the limit of ${bodyLimit} bytes` });
    }
    if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      const accepts = request.routeOptions.config?.accepts ?? 'application/json';
      return answer(reply, 415, { error: `unsupported Content-Type ${JSON.stringify(request.headers['content-type'] ?? '')}; this route takes ${accepts} (UTF-8)` });
    }
    const status = (error as FastifyError).statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      // Fastify's own client errors (bad header, empty body...) carry messages meant for the caller.
      return answer(reply, status, { error: redact(error.message, config) });
    }
    request.log.error({ err: redact(errorMessage(error), config), stack: redact(error.stack ?? '', config) }, 'request failed');
    return answer(reply, 500, { error: 'internal error; the server log has the details' });
  });
}
