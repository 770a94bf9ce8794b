/**
 * Request body parsing. Every route keeps the raw body (`request.rawBody`); signed webhooks go
 * further and parse nothing before the signature is checked, so an unsigned caller learns nothing
 * from parse errors and costs us no parsing.
 *
 * The server takes JSON only; Slack interactivity, whose format Slack fixes, takes its form body in
 * its own scope. Any other type is a 415 naming what the route accepts (`config.accepts`).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { InputError } from '../errors.ts';
import { nestedDeeperThan } from '../engine/depth.ts';
import { HttpError } from './errors.ts';

/** No request this server takes nests deeper; tickets themselves are held to 32 levels. */
const MAX_BODY_DEPTH = 64;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The body type the route takes, named by 415 answers; application/json when absent. */
    accepts?: string;
  }
}

type JsonParse = (request: FastifyRequest, raw: string) => unknown;

/**
 * Bodies are decoded as UTF-8 whatever they declare, so a body declaring another charset would be
 * read as something it is not: refuse it (415) instead of storing mojibake.
 */
export function requireUtf8(request: FastifyRequest): void {
  const header = request.headers['content-type'] ?? '';
  const match = /;\s*charset\s*=\s*"?([^";\s]*)"?/i.exec(header);
  if (match && !/^utf-?8$/i.test(match[1] ?? '')) {
    throw new HttpError(415, `unsupported charset "${match[1]}": bodies must be UTF-8 (declare charset=utf-8 or no charset)`);
  }
}

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
    // Every reader after this (validation, storage, JSON.stringify) recurses: refuse absurd nesting here.
    if (nestedDeeperThan(result, MAX_BODY_DEPTH)) throw new InputError(`the body is nested deeper than ${MAX_BODY_DEPTH} levels`, ['body']);
    return result;
  };
}

/** JSON bodies for the whole server, keeping the raw text beside the parsed value. */
export function installBodyParsers(server: FastifyInstance): void {
  const parse = secureJson(server);
  server.removeContentTypeParser('application/json');
  // Nothing here takes plain text; without its parser such bodies get 415 saying what to send.
  server.removeContentTypeParser('text/plain');
  server.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    request.rawBody = body as string;
    try {
      requireUtf8(request);
      done(null, parse(request, body as string));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
}

/**
 * Inside an encapsulated `scope`, bodies of `contentType` (and only those) are kept as raw text
 * (`request.body` and `request.rawBody`); returns the JSON parser the handler calls once the signature
 * is verified.
 */
export function rawBodyScope(scope: FastifyInstance, contentType: string): JsonParse {
  const parse = secureJson(scope);
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser(contentType, { parseAs: 'string' }, (request, body, done) => {
    request.rawBody = body as string;
    try {
      requireUtf8(request);
      done(null, body);
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  return parse;
}
