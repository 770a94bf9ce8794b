/**
 * Request body parsing. Every route keeps the raw body (`request.rawBody`); signed webhooks go
 * further and parse nothing before the signature is checked, so an unsigned caller learns nothing
 * from parse errors and costs us no parsing.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { InputError } from '../errors.ts';

type JsonParse = (request: FastifyRequest, raw: string) => unknown;

function secureJson(server: FastifyInstance): JsonParse {
  // Fastify's parser (secure-json-parse) refuses `__proto__` and `constructor.prototype` keys.
  const parser = server.getDefaultJsonParser('error', 'error');
  return (request, raw) => {
    let result: unknown;
    let failure: Error | null = null;
    // The default parser calls back synchronously.
    parser(request, raw, (error, parsed) => {
      failure = error;
      result = parsed;
    });
    if (failure) throw new InputError(`the body is not valid JSON: ${(failure as Error).message}`, ['body']);
    return result;
  };
}

/** JSON and form bodies for the whole server, keeping the raw text beside the parsed value. */
export function installBodyParsers(server: FastifyInstance): void {
  const parse = secureJson(server);
  server.removeContentTypeParser('application/json');
  // Nothing here takes plain text; without its parser such bodies get 415 saying what to send.
  server.removeContentTypeParser('text/plain');
  server.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    request.rawBody = body as string;
    try {
      done(null, parse(request, body as string));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  server.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (request, body, done) => {
    request.rawBody = body as string;
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
}

/**
 * Inside an encapsulated `scope`, bodies of `contentType` are kept as raw text only (`request.body`
 * and `request.rawBody`); returns the JSON parser the handler calls once the signature is verified.
 */
export function rawBodyScope(scope: FastifyInstance, contentType: string): JsonParse {
  const parse = secureJson(scope);
  if (scope.hasContentTypeParser(contentType)) scope.removeContentTypeParser(contentType);
  scope.addContentTypeParser(contentType, { parseAs: 'string' }, (request, body, done) => {
    request.rawBody = body as string;
    done(null, body);
  });
  return parse;
}
