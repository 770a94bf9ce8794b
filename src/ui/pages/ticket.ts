import type { FastifyInstance } from 'fastify';
import type { RouteContext } from '../../server/app.ts';

/** Placeholder: the ticket pages are being built. */
export function registerTicketPages(scope: FastifyInstance, context: RouteContext): void {
  void scope;
  void context;
}
