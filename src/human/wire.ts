/**
 * Starts the human task inbox on top of a started app: the store its configuration selects (sharing
 * the task store's database in mongodb mode) and the service over the app's engine, policy and
 * connectors. The caller stops it before stopping the app.
 */
import type { App } from '../app.ts';
import { createHumanTaskStore } from './index.ts';
import { createHumanTaskService, type HumanTaskServiceImpl } from './service.ts';
import type { HumanTaskStore } from './types.ts';

export interface HumanTasks {
  store: HumanTaskStore;
  service: HumanTaskServiceImpl;
  stop(): Promise<void>;
}

export async function startHumanTasks(app: Pick<App, 'config' | 'store' | 'engine' | 'policy' | 'connectors' | 'log'>, options: { now?: () => Date } = {}): Promise<HumanTasks> {
  const store = await createHumanTaskStore(app.config, app.store);
  await store.start();
  const service = createHumanTaskService({
    store,
    engine: app.engine,
    policy: app.policy,
    connectors: app.connectors,
    log: app.log,
    publicUrl: app.config.TRIAGE_PUBLIC_URL,
    ...(options.now ? { now: options.now } : {}),
  });
  return { store, service, stop: () => store.stop() };
}
