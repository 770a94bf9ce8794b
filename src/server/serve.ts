/**
 * Running the server for real: build it, start an in-process worker that reports what it drives to
 * the metrics, listen. Closing must fit in a container's stop grace period (Docker 10 s, Kubernetes
 * 30 s): the worker stops claiming at once and finishes the tasks in hand, while the server stops
 * accepting, drops idle keep-alive connections, and gives in-flight requests TRIAGE_SHUTDOWN_GRACE_MS
 * before destroying what is left. The caller stops the store afterwards.
 */
import type { FastifyInstance } from 'fastify';
import type { App } from '../app.ts';
import type { DriveResult } from '../engine/runner.ts';
import type { Task } from '../engine/types.ts';
import { InputError } from '../errors.ts';
import type { UserService } from '../users/types.ts';
import { startWorker, type RunningWorker, type WorkerOptions } from '../worker.ts';
import { buildServer, type ServerDeps } from './app.ts';
import { createMetrics, type Metrics } from './metrics.ts';

export interface ServeOptions extends Omit<ServerDeps, 'app' | 'metrics'> {
  /** TRIAGE_PORT by default; 0 picks a free port. */
  port?: number;
  /** TRIAGE_HOST by default. */
  host?: string;
  /** Longest idle sleep of the worker; short, since webhooks expect their task to start promptly. */
  pollMs?: number;
  onTaskDriven?: WorkerOptions['onTaskDriven'];
  /** TRIAGE_SHUTDOWN_GRACE_MS by default: how long in-flight requests may run on after close(). */
  shutdownGraceMs?: number;
}

export interface RunningServer {
  server: FastifyInstance;
  worker: RunningWorker;
  metrics: Metrics;
  /** `http://host:port` it listens on. */
  url: string;
  /**
   * Stops the worker (no new claim; the tasks in hand finish) and the server (idle connections close
   * at once, in-flight requests get `shutdownGraceMs`), concurrently. Idempotent.
   */
  close(): Promise<void>;
}

/**
 * The app as the worker should see it: the same everything, but a runner whose drives are reported
 * to `metrics`. The worker only knows `runNext()`, which calls `this.drive()`, so a view inheriting
 * from the runner with `drive` wrapped sees every task the worker drives without changing the runner.
 */
export function observedApp(app: App, observe: (task: Task) => void): App {
  const runner = Object.create(app.runner) as App['runner'];
  runner.drive = async (claimed: Task): Promise<DriveResult> => {
    const result = await app.runner.drive.call(runner, claimed);
    if (result.kind !== 'lost') {
      try {
        observe(result.task);
      } catch (error) {
        app.log.warn({ err: (error as Error).message }, 'metrics: could not observe a task');
      }
    }
    return result;
  };
  return { ...app, runner };
}

/** Starts the in-process worker with metrics. */
export function startObservedWorker(app: App, metrics: Metrics, options: WorkerOptions = {}): RunningWorker {
  return startWorker(observedApp(app, (task) => metrics.observeTask(task)), options);
}

/** Whether `host` only accepts connections from this machine. */
export function isLoopback(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  const v4 = h.startsWith('::ffff:') ? h.slice(7) : h;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

/**
 * Refuses to listen beyond loopback when nothing could authenticate anyone: no admin token and no
 * enabled user would leave the pages unusable and tempt someone to open them up another way.
 */
export async function requireCredentialBeyondLoopback(app: App, host: string, users: UserService | undefined): Promise<void> {
  if (isLoopback(host) || app.config.TRIAGE_API_TOKEN) return;
  if (users && (await users.anyEnabled())) return;
  throw new InputError(
    `refusing to listen on ${host} without any credential configured: set TRIAGE_API_TOKEN or create a user (\`triage user add NAME --role admin\`), or listen on 127.0.0.1`,
    ['TRIAGE_HOST'],
  );
}

export async function serve(app: App, options: ServeOptions = {}): Promise<RunningServer> {
  const {
    port = app.config.TRIAGE_PORT,
    host = app.config.TRIAGE_HOST,
    pollMs = 250,
    onTaskDriven,
    shutdownGraceMs = app.config.TRIAGE_SHUTDOWN_GRACE_MS,
    ...deps
  } = options;
  await requireCredentialBeyondLoopback(app, host, deps.users ?? app.users?.service);
  const metrics = createMetrics();
  const server = buildServer({ ...deps, app, metrics });
  await server.ready();
  const worker = startObservedWorker(app, metrics, { pollMs, ...(onTaskDriven ? { onTaskDriven } : {}) });
  let address: string;
  try {
    address = await server.listen({ port, host });
  } catch (error) {
    await worker.stop();
    await server.close().catch(() => undefined);
    throw error;
  }
  let closing: Promise<void> | undefined;
  return {
    server,
    worker,
    metrics,
    url: address,
    close() {
      closing ??= Promise.all([worker.stop(), closeServer(server, shutdownGraceMs)]).then(() => undefined);
      return closing;
    },
  };
}

/**
 * Closes `server` within `graceMs`. Node's `close()` drops the connections idle at that moment, but a
 * connection whose request finishes later would linger for the keep-alive timeout: responses sent
 * while closing carry `Connection: close` (see buildServer) and a sweep drops whatever goes idle
 * anyway. Past the grace period the remaining connections are destroyed.
 */
export async function closeServer(server: FastifyInstance, graceMs: number): Promise<void> {
  const http = server.server;
  const sweep = setInterval(() => http.closeIdleConnections(), 100);
  const deadline = setTimeout(() => {
    server.log.warn({ graceMs }, 'shutdown grace period over: destroying the connections still open');
    http.closeAllConnections();
  }, graceMs);
  try {
    await server.close();
  } finally {
    clearInterval(sweep);
    clearTimeout(deadline);
  }
}
