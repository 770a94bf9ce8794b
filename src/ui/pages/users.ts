import type { FastifyInstance } from 'fastify';
import type { RouteContext } from '../../server/app.ts';

/** Placeholder: the users pages are being built. */
export function registerUserPages(scope: FastifyInstance, context: RouteContext): void {
  void scope;
  void context;
}
