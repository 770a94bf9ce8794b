/**
 * Operations: `/healthz` for load balancers and orchestrators (no auth, no details that help an
 * attacker), `/metrics` for Prometheus (the API token unless TRIAGE_METRICS_PUBLIC=1).
 */
import type { FastifyInstance } from 'fastify';
import { errorMessage } from '../../errors.ts';
import type { RouteContext } from '../app.ts';
import { requireBearer } from '../auth.ts';

/** What `/healthz` asks the scheduler. */
export interface SchedulerHealth {
  healthy(): boolean;
}

const STORE_TIMEOUT_MS = 2_000;

async function checkStore(context: RouteContext): Promise<{ ok: boolean; kind: string; error?: string }> {
  const { store } = context.app;
  const kind = context.app.storage.name;
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${STORE_TIMEOUT_MS} ms`)), STORE_TIMEOUT_MS);
    });
    // A bounded read: it touches the database without scanning tasks.
    await Promise.race([store.nextRunAfter(), timeout]);
    return { ok: true, kind };
  } catch (error) {
    context.app.log.warn({ err: errorMessage(error) }, 'health check: store unavailable');
    return { ok: false, kind, error: 'unavailable' };
  } finally {
    clearTimeout(timer);
  }
}

export function registerHealthRoutes(server: FastifyInstance, context: RouteContext, scheduler?: SchedulerHealth): void {
  // Never rate limited: a load balancer probing often must not mark a healthy server down.
  server.get('/healthz', { config: { rateLimit: false } }, async (_request, reply) => {
    const store = await checkStore(context);
    let schedulerOk: boolean | null = null;
    if (scheduler) {
      try {
        schedulerOk = scheduler.healthy();
      } catch {
        schedulerOk = false;
      }
    }
    const ok = store.ok && schedulerOk !== false;
    return reply.code(ok ? 200 : 503).send({
      status: ok ? 'ok' : 'unhealthy',
      store,
      scheduler: scheduler ? { ok: schedulerOk } : { ok: null, detail: 'not running in this process' },
    });
  });

  server.get('/metrics', async (request, reply) => {
    if (!context.app.config.TRIAGE_METRICS_PUBLIC) requireBearer(request, context.app.config.TRIAGE_API_TOKEN, 'TRIAGE_API_TOKEN');
    const text = await context.metrics.render();
    return reply.type(context.metrics.contentType).send(text);
  });
}
