import type { FastifyInstance } from 'fastify';
import type { RouteContext } from '../../server/app.ts';

/** Placeholder: the inbox pages are being built. */
export function registerInboxPages(scope: FastifyInstance, context: RouteContext): void {
  void scope;
  void context;
}
