/**
 * One worker driving several tasks at once (TRIAGE_WORKER_CONCURRENCY): as many tasks in flight as
 * asked and never more, never one task twice, and a stop that takes no new task but finishes the
 * ones in hand. The customer reply (sent by every ticket) is held at a gate to see who is in flight;
 * the real outbox connector does the sending once the gate opens.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startApp, type App } from '../../src/app.ts';
import { silentLogger } from '../../src/log.ts';
import { startWorker } from '../../src/worker.ts';

const TICKETS = 5;

/** Holds customer replies until opened, and keeps who was in flight. */
class Gate {
  /** Task ids whose reply is being sent now. */
  readonly active = new Set<string>();
  maxActive = 0;
  /** Every task id that reached the gate, in order, repeats included. */
  readonly arrivals: string[] = [];
  private readonly held: (() => void)[] = [];
  private watchers: { n: number; resolve: () => void }[] = [];

  /** `holding: false` lets every reply through as it arrives. */
  constructor(private holding = true) {}

  /** Resolves when `n` replies are held at once. */
  waiting(n: number): Promise<void> {
    return new Promise((resolve) => (this.held.length >= n ? resolve() : this.watchers.push({ n, resolve })));
  }

  /** Lets every held reply through, and every later one at once. */
  open(): void {
    this.holding = false;
    for (const release of this.held.splice(0)) release();
  }

  async pass(taskId: string): Promise<void> {
    this.arrivals.push(taskId);
    this.active.add(taskId);
    this.maxActive = Math.max(this.maxActive, this.active.size);
    if (this.holding) {
      await new Promise<void>((release) => {
        this.held.push(release);
        const ready = this.watchers.filter((w) => this.held.length >= w.n);
        this.watchers = this.watchers.filter((w) => this.held.length < w.n);
        for (const w of ready) w.resolve();
      });
    }
    this.active.delete(taskId);
  }
}

let app: App | undefined;
let dir: string | undefined;
afterEach(async () => {
  await app?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
  app = undefined;
  dir = undefined;
});

async function appWithGate(g: Gate, env: Record<string, string> = {}): Promise<App> {
  dir = await mkdtemp(join(tmpdir(), 'triage-concurrency-'));
  return startApp({
    env: { TRIAGE_DATA_DIR: dir, TRIAGE_LOG_LEVEL: 'silent', ...env },
    log: silentLogger,
    connectors: (defaults) => ({
      ...defaults,
      email: {
        kind: defaults.email.kind,
        async send(message, key) {
          if (key.includes('customer_reply')) await g.pass(key.split(':')[0]!);
          return defaults.email.send(message, key);
        },
      },
    }),
  });
}

async function submit(target: App): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < TICKETS; i++) {
    const { task } = await target.engine.submit({ support: { ticket: { id: `CONC-${i}`, subject: 'Export fails', description: 'The nightly export stopped after the update.', customerEmail: `c${i}@example.com` } } }, 'api');
    ids.push(task._id);
  }
  return ids;
}

/** Resolves once the worker has driven `n` tasks (its own count, advanced after each drive). */
function drove(n: number): { onTaskDriven: () => void; done: Promise<void> } {
  let count = 0;
  let resolve!: () => void;
  const done = new Promise<void>((r) => (resolve = r));
  return {
    onTaskDriven: () => {
      if (++count >= n) resolve();
    },
    done,
  };
}

describe('worker concurrency', () => {
  it('drives as many tasks at once as asked, never more, and each once', async () => {
    const g = new Gate();
    app = await appWithGate(g);
    const ids = await submit(app);
    const counted = drove(TICKETS);
    const worker = startWorker(app, { pollMs: 20, concurrency: 3, onTaskDriven: counted.onTaskDriven });
    await g.waiting(3);
    expect(g.active.size).toBe(3);
    expect(new Set(g.arrivals).size).toBe(3);
    g.open();
    await counted.done;
    await worker.stop();
    expect(g.maxActive).toBe(3);
    expect([...g.arrivals].sort()).toEqual([...ids].sort());
    for (const id of ids) expect((await app.store.get(id))?.meta.state).toMatch(/^(waiting|done)$/);
  });

  it('drives one task at a time with concurrency 1', async () => {
    const g = new Gate(false);
    app = await appWithGate(g);
    await submit(app);
    const counted = drove(TICKETS);
    const worker = startWorker(app, { pollMs: 20, concurrency: 1, onTaskDriven: counted.onTaskDriven });
    await counted.done;
    await worker.stop();
    expect(g.arrivals).toHaveLength(TICKETS);
    expect(g.maxActive).toBe(1);
  });

  it('takes the concurrency from TRIAGE_WORKER_CONCURRENCY by default', async () => {
    const g = new Gate();
    app = await appWithGate(g);
    expect(app.config.TRIAGE_WORKER_CONCURRENCY).toBe(4);
    await submit(app);
    const worker = startWorker(app, { pollMs: 20 });
    await g.waiting(4);
    expect(g.active.size).toBe(4);
    g.open();
    await worker.stop();
  });

  it('on stop, finishes the tasks in hand and claims no new one', async () => {
    const g = new Gate();
    app = await appWithGate(g);
    const ids = await submit(app);
    const worker = startWorker(app, { pollMs: 20, concurrency: 2 });
    await g.waiting(2);
    const stopping = worker.stop();
    expect(worker.processed()).toBe(0);
    // The two tasks held at the gate are finished, not dropped: stop resolves after them.
    g.open();
    await stopping;
    expect(worker.processed()).toBe(2);
    const states = await Promise.all(ids.map(async (id) => (await app!.store.get(id))?.meta.state));
    expect(states.filter((s) => s === 'ready')).toHaveLength(TICKETS - 2);
    expect(states.filter((s) => s === 'running')).toHaveLength(0);
  });

  it('moves the outbox to its thread when it drives several tasks, unless TRIAGE_OUTBOX_THREAD is off', async () => {
    app = await appWithGate(new Gate(false));
    expect(app.outbox.offloading()).toBe(false);
    const one = startWorker(app, { pollMs: 5, concurrency: 1 });
    await one.stop();
    // One task at a time would only wait for every round trip.
    expect(app.outbox.offloading()).toBe(false);
    const several = startWorker(app, { pollMs: 5, concurrency: 2 });
    await several.stop();
    expect(app.outbox.offloading()).toBe(true);
    await app.stop();
    await rm(dir!, { recursive: true, force: true });

    app = await appWithGate(new Gate(false), { TRIAGE_OUTBOX_THREAD: 'false' });
    const off = startWorker(app, { pollMs: 5 });
    await off.stop();
    expect(app.outbox.offloading()).toBe(false);
  });
});
