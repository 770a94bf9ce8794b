import type { FastifyInstance } from 'fastify';
import type { RouteContext } from '../../server/app.ts';

/** Placeholder: the report pages are being built. */
export function registerReportPages(scope: FastifyInstance, context: RouteContext): void {
  void scope;
  void context;
}
