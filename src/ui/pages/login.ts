import type { FastifyInstance } from 'fastify';
import type { RouteContext } from '../../server/app.ts';

/** Placeholder: the login pages are being built. */
export function registerLoginPages(scope: FastifyInstance, context: RouteContext): void {
  void scope;
  void context;
}
