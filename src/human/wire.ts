/**
 * The human task inbox over a started app: the service over the storage's human task store and the
 * app's engine, policy and connectors. The storage opens and closes the store.
 */
import type { App } from '../app.ts';
import { createHumanTaskService, type HumanTaskServiceDeps, type HumanTaskServiceImpl } from './service.ts';
import type { HumanTaskStore } from './types.ts';

export interface HumanTasks {
  store: HumanTaskStore;
  service: HumanTaskServiceImpl;
}

export function startHumanTasks(
  app: Pick<App, 'config' | 'engine' | 'policy' | 'connectors' | 'log'>,
  store: HumanTaskStore,
  options: { now?: () => Date; users?: HumanTaskServiceDeps['users'] } = {},
): HumanTasks {
  const service = createHumanTaskService({
    store,
    engine: app.engine,
    policy: app.policy,
    connectors: app.connectors,
    log: app.log,
    publicUrl: app.config.TRIAGE_PUBLIC_URL,
    ...(options.now ? { now: options.now } : {}),
    // Teams with an `assignment` strategy hand new escalation tasks to their members (src/assignment/).
    ...(options.users ? { users: options.users } : {}),
  });
  return { store, service };
}
