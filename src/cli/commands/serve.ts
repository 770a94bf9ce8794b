/**
 * `triage serve`: the HTTP server and an in-process worker over one app. SIGTERM/SIGINT go through
 * `RunningServer.close()`: no new requests or claims, idle connections dropped, in-flight requests given
 * TRIAGE_SHUTDOWN_GRACE_MS, the tasks in hand finished; then the store stops and the process exits 0.
 */
import type { Command } from 'commander';
import type { App } from '../../app.ts';
import { InputError } from '../../errors.ts';
import { serve, type ServeOptions } from '../../server/serve.ts';
import { withApp } from '../run.ts';

/** What the wiring adds beside the app (human task inbox, scheduler), and how to stop it. */
export interface ServeExtras extends Pick<ServeOptions, 'humanTasks' | 'users' | 'scheduler' | 'onTaskDriven'> {
  /** Called after the server and the worker stopped, before the store stops. */
  stop?(): Promise<void>;
}

export interface ServeCommandOptions {
  /** Starts what the server needs beyond the app; called once the app is started. */
  extras?: (app: App) => Promise<ServeExtras>;
}

function parsePort(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new InputError(`--port must be an integer from 0 to 65535, not "${text}"`, ['port']);
  return port;
}

export function registerServeCommand(program: Command, options: ServeCommandOptions = {}): void {
  program
    .command('serve')
    .description('serve webhooks, the REST API, /healthz and /metrics, with an in-process worker')
    .option('--port <n>', 'port to listen on (TRIAGE_PORT, 3000); 0 picks a free one')
    .option('--host <host>', 'address to listen on (TRIAGE_HOST, 127.0.0.1)')
    .action((opts: { port?: string; host?: string }) =>
      withApp(async (app) => {
        const port = parsePort(opts.port);
        const stopSignal = new Promise<string>((resolve) => {
          process.once('SIGTERM', () => resolve('SIGTERM'));
          process.once('SIGINT', () => resolve('SIGINT'));
        });
        const { stop: stopExtras, ...extras } = (await options.extras?.(app)) ?? {};
        try {
          const running = await serve(app, { ...extras, ...(port !== undefined ? { port } : {}), ...(opts.host ? { host: opts.host } : {}) });
          // The one line on stdout: scripts (and tests) read the address from it, useful with --port 0.
          process.stdout.write(`triage listening on ${running.url}\n`);
          app.log.info({ url: running.url, store: app.storage.name, worker: app.runner.workerId }, 'server started');
          const signal = await stopSignal;
          app.log.info({ signal }, 'stopping: no new requests, finishing the tasks in hand');
          await running.close();
          app.log.info({ processed: running.worker.processed() }, 'server stopped');
        } finally {
          await stopExtras?.();
        }
      }, { scheduler: true }),
    );
}
