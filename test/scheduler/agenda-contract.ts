/**
 * One Agenda behaviour suite for every scheduler backend: what the follow-ups rely on (run now, run
 * later, repeat, unique jobs, exclusive locks across instances, concurrency, retry with backoff,
 * recovery of a dead worker's lock). Short delays only; each test opens fresh storage.
 */
import { Agenda, constant, type AgendaBackend, type Job } from 'agenda';
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectedBackend } from '../../src/scheduler/backend.ts';

/** Fresh, empty job storage; `backend()` gives a backend on it (a new object where the backend allows). */
export interface ContractStorage {
  backend(): AgendaBackend;
  cleanup(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 8_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** Runs the contract against storage from `open`. */
export function describeAgendaContract(label: string, open: () => Promise<ContractStorage | null>): void {
  describe(`Agenda contract: ${label}`, () => {
    let storage: ContractStorage | null = null;
    const agendas: Agenda[] = [];
    const connected: AgendaBackend[] = [];

    async function agenda(options: { name?: string; processEvery?: number; lockLimit?: number } = {}): Promise<Agenda> {
      storage ??= await open();
      if (!storage) throw new Error('no storage');
      const backend = storage.backend();
      await backend.connect();
      connected.push(backend);
      const instance = new Agenda({ backend: new ConnectedBackend(backend), processEvery: options.processEvery ?? 50, name: options.name ?? `agenda-${agendas.length}` });
      agendas.push(instance);
      return instance;
    }

    afterEach(async () => {
      for (const a of agendas.splice(0)) await a.stop();
      for (const b of new Set(connected.splice(0))) await b.disconnect();
      await storage?.cleanup();
      storage = null;
    });

    it('runs a job now, with its data, and records it as completed', async () => {
      const a = await agenda();
      const seen: unknown[] = [];
      a.define('now-job', async (job: Job<{ n: number }>) => {
        seen.push(job.attrs.data);
      });
      await a.start();
      const job = await a.now('now-job', { n: 7 });
      await waitFor(() => seen.length === 1, undefined, 'the job to run');
      await waitFor(async () => (await a.queryJobs({ id: String(job.attrs._id) })).jobs[0]?.state === 'completed', undefined, 'completed state');
      const [stored] = (await a.queryJobs({ name: 'now-job' })).jobs;
      expect(seen).toEqual([{ n: 7 }]);
      expect(stored?.lastFinishedAt).toBeInstanceOf(Date);
      expect(stored?.nextRunAt).toBeNull();
    });

    it('does not run a scheduled job before its time, then runs it once', async () => {
      const a = await agenda();
      const ranAt: number[] = [];
      a.define('later', async () => {
        ranAt.push(Date.now());
      });
      await a.start();
      const due = Date.now() + 400;
      await a.schedule(new Date(due), 'later', { x: 1 });
      await sleep(250);
      expect(ranAt).toEqual([]);
      await waitFor(() => ranAt.length === 1, undefined, 'the scheduled job');
      expect(ranAt[0]).toBeGreaterThanOrEqual(due - 5);
      await sleep(300);
      expect(ranAt).toHaveLength(1);
    });

    it('repeats an every() job, keeping one job document however often it is declared', async () => {
      const a = await agenda();
      let runs = 0;
      a.define('tick', async () => {
        runs++;
      });
      await a.start();
      await a.every(150, 'tick');
      await a.every(150, 'tick');
      await waitFor(() => runs >= 3, undefined, 'three ticks');
      const { total } = await a.queryJobs({ name: 'tick' });
      expect(total).toBe(1);
    });

    it('keeps one job per unique key: insertOnly never changes it, a plain unique save updates it', async () => {
      const a = await agenda();
      a.define('uniq', async () => undefined);
      const when = new Date(Date.now() + 60_000);
      for (const n of [1, 2]) {
        await a.create('uniq', { key: 'k1', n }).schedule(when).unique({ 'data.key': 'k1' }, { insertOnly: true }).save();
      }
      let { jobs } = await a.queryJobs({ name: 'uniq' });
      expect(jobs).toHaveLength(1);
      expect(jobs[0]?.data).toEqual({ key: 'k1', n: 1 });
      await a.create('uniq', { key: 'k1', n: 3 }).schedule(when).unique({ 'data.key': 'k1' }).save();
      await a.create('uniq', { key: 'k2', n: 4 }).schedule(when).unique({ 'data.key': 'k2' }).save();
      ({ jobs } = await a.queryJobs({ name: 'uniq', data: { key: 'k1' } }));
      expect(jobs.map((j) => j.data)).toEqual([{ key: 'k1', n: 3 }]);
      expect((await a.queryJobs({ name: 'uniq' })).total).toBe(2);
    });

    it('never runs the same job twice when two Agenda instances share the backend', async () => {
      const a = await agenda({ name: 'worker-a' });
      const b = await agenda({ name: 'worker-b' });
      const runs = new Map<string, string[]>();
      for (const [instance, name] of [[a, 'worker-a'], [b, 'worker-b']] as const) {
        instance.define('shared', async (job: Job<{ i: number }>) => {
          const id = String(job.attrs.data.i);
          runs.set(id, [...(runs.get(id) ?? []), name]);
          await sleep(10);
        });
      }
      for (let i = 0; i < 20; i++) await a.create('shared', { i }).schedule(new Date()).save();
      await Promise.all([a.start(), b.start()]);
      await waitFor(() => runs.size === 20, 15_000, 'all 20 jobs');
      await sleep(300);
      const twice = [...runs.entries()].filter(([, who]) => who.length > 1);
      expect(twice).toEqual([]);
    });

    it('respects a definition concurrency limit', async () => {
      const a = await agenda();
      let running = 0;
      let peak = 0;
      let done = 0;
      a.define(
        'slow',
        async () => {
          running++;
          peak = Math.max(peak, running);
          await sleep(150);
          running--;
          done++;
        },
        { concurrency: 2 },
      );
      for (let i = 0; i < 6; i++) await a.create('slow', { i }).schedule(new Date()).save();
      await a.start();
      await waitFor(() => done === 6, 10_000, 'six slow jobs');
      expect(peak).toBe(2);
    });

    it('retries a failing job with backoff, then succeeds', async () => {
      const a = await agenda();
      const attempts: number[] = [];
      a.define(
        'flaky',
        async () => {
          attempts.push(Date.now());
          if (attempts.length < 3) throw new Error(`boom ${attempts.length}`);
        },
        { backoff: constant({ delay: 200, maxRetries: 3 }) },
      );
      await a.start();
      const job = await a.now('flaky', {});
      await waitFor(async () => (await a.queryJobs({ id: String(job.attrs._id) })).jobs[0]?.state === 'completed', 10_000, 'flaky to complete');
      expect(attempts).toHaveLength(3);
      expect(attempts[1]! - attempts[0]!).toBeGreaterThanOrEqual(190);
      const [stored] = (await a.queryJobs({ id: String(job.attrs._id) })).jobs;
      expect(stored?.failCount ?? 0).toBe(0);
    });

    it('marks a job failed once its retries are exhausted', async () => {
      const a = await agenda();
      let attempts = 0;
      const exhausted = new Promise<Error>((resolve) => a.on('retry exhausted:doomed', (error) => resolve(error)));
      a.define(
        'doomed',
        async () => {
          attempts++;
          throw new Error('always fails');
        },
        { backoff: constant({ delay: 50, maxRetries: 2 }) },
      );
      await a.start();
      const job = await a.now('doomed', {});
      expect((await exhausted).message).toBe('always fails');
      await waitFor(async () => (await a.queryJobs({ id: String(job.attrs._id) })).jobs[0]?.lockedAt === undefined, undefined, 'the lock release');
      const [stored] = (await a.queryJobs({ id: String(job.attrs._id) })).jobs;
      expect(attempts).toBe(3);
      expect(stored?.state).toBe('failed');
      expect(stored?.failCount).toBe(3);
      expect(stored?.failReason).toBe('always fails');
    });

    it("takes over a job whose worker died holding the lock, once the lock lifetime passed", async () => {
      const a = await agenda();
      const job = await a.create('orphan', { o: 1 }).schedule(new Date()).save();
      // A worker that locked it and died: the lock is taken and never released.
      // Read the clock before locking: on a loaded machine the call can return long after the lock was
      // written, and a clock read afterwards would make a correct takeover look early.
      const lockedAt = Date.now();
      const locked = await a.db.getNextJobToRun('orphan', new Date(), new Date(0), undefined, { lastModifiedBy: 'dead-worker' });
      expect(String(locked?._id)).toBe(String(job.attrs._id));
      let ranAt = 0;
      a.define('orphan', async () => {
        ranAt = Date.now();
      }, { lockLifetime: 400 });
      await a.start();
      await waitFor(() => ranAt > 0, 8_000, 'the orphaned job');
      expect(ranAt - lockedAt).toBeGreaterThanOrEqual(380);
    });

    it('skips disabled jobs until they are enabled, and cancel removes them', async () => {
      const a = await agenda();
      let runs = 0;
      a.define('pausable', async () => {
        runs++;
      });
      await a.create('pausable', {}).schedule(new Date()).save();
      await a.create('other', {}).schedule(new Date(Date.now() + 60_000)).save();
      expect(await a.disable({ name: 'pausable' })).toBe(1);
      await a.start();
      await sleep(300);
      expect(runs).toBe(0);
      expect(await a.enable({ name: 'pausable' })).toBe(1);
      await waitFor(() => runs === 1, undefined, 'the enabled job');
      expect(await a.cancel({})).toBe(0);
      expect(await a.cancel({ name: 'other' })).toBe(1);
      expect((await a.queryJobs({})).total).toBe(1);
    });
  });
}
