import type { FastifyInstance } from 'fastify';
import type { RouteContext } from '../../server/app.ts';

/** Placeholder: the analytics pages are being built. */
export function registerAnalyticsPages(scope: FastifyInstance, context: RouteContext): void {
  void scope;
  void context;
}
