/**
 * Starting the real application on a place, and the few things every scenario asks of it: the store's
 * name, the Agenda backend on the same database, and waiting until every task rests.
 */
import type { AgendaBackend } from 'agenda';
import { startApp, type App } from '../src/app.ts';
import { silentLogger } from '../src/log.ts';
import type { Env } from './places.ts';

export type { App } from '../src/app.ts';

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The app as `triage serve` builds it (the store the configuration selects), quiet, no scheduler. */
export function startBenchApp(env: Env): Promise<App> {
  return startApp({ env, log: silentLogger });
}

/** The database's name as the storage reports it (`sqlite`, `nedb`, `mongodb`). */
export function storeName(app: App): string {
  return app.storage.name;
}

/**
 * Agenda's backend on the app's own database, built and not connected: where `triage serve` keeps
 * follow-up jobs. The bench's apps run no scheduler, so the naive baseline has it to itself.
 */
export function schedulerBackend(app: App): Promise<AgendaBackend> {
  return app.storage.schedulerBackend();
}

/**
 * Resolves once no task is ready or running; call it after every submission has resolved (a submitted
 * task is ready until it rests). Throws after `timeoutMs`.
 */
export async function allRested(app: App, timeoutMs: number, pollMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const busy = await app.store.count({ state: ['ready', 'running'] });
    if (busy === 0) return;
    if (Date.now() > deadline) throw new Error(`not every task rested within ${timeoutMs} ms (${busy} still ready or running)`);
    await sleep(pollMs);
  }
}
