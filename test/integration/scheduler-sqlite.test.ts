/**
 * The Agenda contract on the SQLite backend, twice: a backend (and connection) per Agenda instance,
 * as separate processes would have, and one connection shared by every backend, as the app's stores
 * hand it over. Then what only SQLite has to show: locks that hold between real processes, the
 * connection ownership rules, the schema check, and the queries the nedb backend supported.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readlinkSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { Agenda, Job, type JobParameters } from 'agenda';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConnectedBackend } from '../../src/scheduler/backend.ts';
import { AgendaSchemaError, openSharedDatabase, SchedulerNotConnectedError, SqliteAgendaBackend } from '../../src/store/sqlite/agenda/index.ts';
import { statementsFor } from '../../src/store/sqlite/agenda/table.ts';
import { describeAgendaContract } from '../scheduler/agenda-contract.ts';

describeAgendaContract('sqlite (a connection per Agenda instance)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'triage-agenda-sqlite-'));
  const filename = join(dir, 'triage.sqlite');
  return { backend: () => new SqliteAgendaBackend({ filename }), cleanup: () => rm(dir, { recursive: true, force: true }) };
});

describeAgendaContract('sqlite (one shared connection)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'triage-agenda-sqlite-'));
  const db = openSharedDatabase(join(dir, 'triage.sqlite'));
  return {
    backend: () => new SqliteAgendaBackend({ database: () => db }),
    cleanup: async () => {
      // Every backend was disconnected by now: none of them may have closed what it did not open.
      expect(db.open).toBe(true);
      db.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});

let dir: string;
let filename: string;
const backends: SqliteAgendaBackend[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'triage-agenda-sqlite-'));
  filename = join(dir, 'triage.sqlite');
});

afterEach(async () => {
  for (const backend of backends.splice(0)) await backend.disconnect();
  await rm(dir, { recursive: true, force: true });
});

async function connected(options: ConstructorParameters<typeof SqliteAgendaBackend>[0] = { filename }): Promise<SqliteAgendaBackend> {
  const backend = new SqliteAgendaBackend(options);
  backends.push(backend);
  await backend.connect();
  return backend;
}

const job = (name: string, fields: Partial<JobParameters> = {}): JobParameters => ({ name, priority: 0, nextRunAt: new Date(), type: 'normal', data: {}, ...fields });

/** How many descriptors of this process point at `file`: whether a connection is really closed. */
const openHandles = (file: string) =>
  readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`) === file;
    } catch {
      return false;
    }
  }).length;

// A separate Node process: locks every due `race` job it can, declares the same every()/unique() jobs
// as its siblings, and tries to lock the one contested job; all of it after the parent says "go".
const CHILD = `
import { createInterface } from 'node:readline';
import { SqliteAgendaBackend } from ${JSON.stringify(resolve('src/store/sqlite/agenda/index.ts'))};
const [filename, tag, contestedId] = process.argv.slice(1);
const backend = new SqliteAgendaBackend({ filename });
await backend.connect();
const repo = backend.repository;
const lines = createInterface({ input: process.stdin });
const go = new Promise((resolve) => lines.once('line', resolve));
process.stdout.write('ready\\n');
await go;
const base = { priority: 0, data: {}, nextRunAt: new Date(Date.now() + 60000) };
const contested = await repo.getJobById(contestedId);
const locked = [];
let wonContested = false;
for (let i = 0; ; i++) {
  if (i < 20) {
    await repo.saveJob({ ...base, name: 'every-job', type: 'single', repeatInterval: 60000 }, { lastModifiedBy: tag });
    await repo.saveJob({ ...base, name: 'uniq', type: 'normal', data: { key: 'k' }, unique: { 'data.key': 'k' }, uniqueOpts: { insertOnly: true } }, { lastModifiedBy: tag });
  }
  if (i === 5) wonContested = (await repo.lockJob(contested, { lastModifiedBy: tag })) !== undefined;
  const next = await repo.getNextJobToRun('race', new Date(), new Date(Date.now() - 600000), undefined, { lastModifiedBy: tag });
  if (!next) break;
  locked.push(String(next._id));
}
await backend.disconnect();
process.stdout.write(JSON.stringify({ locked, wonContested }) + '\\n');
lines.close();
`;

interface ChildResult {
  locked: string[];
  wonContested: boolean;
}

function startChild(tag: string, contestedId: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', CHILD, filename, tag, contestedId], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const lines = createInterface({ input: child.stdout });
  const ready = new Promise<void>((resolve, reject) => {
    lines.once('line', (line) => (line === 'ready' ? resolve() : reject(new Error(`child ${tag} said ${line}`))));
    child.once('exit', (code) => reject(new Error(`child ${tag} exited (${code}) before it was ready: ${stderr}`)));
  });
  const result = new Promise<ChildResult>((resolve, reject) => {
    let last = '';
    lines.on('line', (line) => (last = line));
    child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(last) as ChildResult) : reject(new Error(`child ${tag} exited with ${code}: ${stderr}`))));
  });
  return { ready, result, go: () => child.stdin.end('go\n') };
}

describe('sqlite agenda backend', () => {
  it('keeps locks exclusive between processes: each due job locked once, one every() job, one unique job', async () => {
    const seed = await connected();
    const repo = seed.repository;
    const due = new Date(Date.now() - 1_000);
    for (let i = 0; i < 300; i++) await repo.saveJob(job('race', { nextRunAt: due, data: { i } }), undefined);
    const contested = await repo.saveJob(job('contested', { nextRunAt: new Date(Date.now() + 60_000) }), undefined);

    const children = ['p1', 'p2', 'p3', 'p4'].map((tag) => startChild(tag, String(contested._id)));
    await Promise.all(children.map((c) => c.ready));
    for (const c of children) c.go();
    const results = await Promise.all(children.map((c) => c.result));

    const locked = results.flatMap((r) => r.locked);
    expect(locked).toHaveLength(300);
    expect(new Set(locked).size).toBe(300);
    // The work was really shared, or the test proved nothing about concurrency.
    expect(results.filter((r) => r.locked.length > 0).length).toBeGreaterThan(1);
    expect(results.filter((r) => r.wonContested)).toHaveLength(1);
    expect((await repo.queryJobs({ name: 'every-job' })).total).toBe(1);
    expect((await repo.queryJobs({ name: 'uniq' })).total).toBe(1);
    const { jobs } = await repo.queryJobs({ name: 'race', sort: { name: 'asc' } });
    expect(jobs.every((j) => j.lockedAt instanceof Date && ['p1', 'p2', 'p3', 'p4'].includes(j.lastModifiedBy ?? ''))).toBe(true);
  }, 60_000);

  it('keeps jobs in the file across a restart, with Dates back as Dates and data as it was', async () => {
    const first = await connected();
    const a = new Agenda({ backend: new ConnectedBackend(first) });
    const when = new Date(Date.now() + 60_000);
    const saved = await a.create('kept', { k: 1, nested: { list: [1, 'two', null], flag: false } }).schedule(when).repeatEvery('5 minutes', { timezone: 'Europe/Paris' }).priority('high').save();
    await first.disconnect();

    const second = await connected();
    const stored = await second.repository.getJobById(String(saved.attrs._id));
    expect(stored?.nextRunAt).toBeInstanceOf(Date);
    expect(stored?.nextRunAt?.getTime()).toBe(saved.attrs.nextRunAt?.getTime());
    expect(stored).toMatchObject({ name: 'kept', priority: 10, type: 'normal', repeatInterval: '5 minutes', repeatTimezone: 'Europe/Paris', data: { k: 1, nested: { list: [1, 'two', null], flag: false } } });
    expect(stored).not.toHaveProperty('lockedAt');
  });

  it('closes only a connection it opened', async () => {
    const owned = await connected();
    expect(owned.ownsConnection).toBe(true);
    expect(openHandles(filename)).toBeGreaterThan(0);
    await owned.disconnect();
    expect(openHandles(filename)).toBe(0);
    await expect(owned.repository.getQueueSize()).rejects.toThrow(SchedulerNotConnectedError);

    const db: Database = openSharedDatabase(filename);
    try {
      const shared = await connected({ database: () => db });
      expect(shared.ownsConnection).toBe(false);
      await shared.repository.saveJob(job('x'), undefined);
      await shared.disconnect();
      expect(db.open).toBe(true);
      expect(db.prepare('SELECT count(*) AS n FROM agenda_jobs').get()).toEqual({ n: 1 });
    } finally {
      db.close();
    }
  });

  it('does nothing before connect(), and refuses tables laid out by a newer triage, leaving no file open', async () => {
    let opened = 0;
    const lazy = new SqliteAgendaBackend({
      database: () => {
        opened++;
        return openSharedDatabase(filename);
      },
    });
    expect(opened).toBe(0);
    await lazy.connect();
    expect(opened).toBe(1);
    const db = lazy.repository.release()!;
    db.prepare(`UPDATE agenda_meta SET value = '2' WHERE key = 'schema_version'`).run();
    db.close();

    const backend = new SqliteAgendaBackend({ filename });
    await expect(backend.connect()).rejects.toThrow(AgendaSchemaError);
    await expect(backend.connect()).rejects.toThrow(/version 2, newer than this triage understands \(1\); upgrade triage/);
    expect(openHandles(filename)).toBe(0);
  });

  it("never clears another process's lock when a job is saved again (every() re-declared, save() of a running job)", async () => {
    const runner = await connected();
    const other = await connected();
    const a = new Agenda({ backend: new ConnectedBackend(runner), name: 'runner' });
    const b = new Agenda({ backend: new ConnectedBackend(other), name: 'starting' });
    await a.every('1 minute', 'sweep');
    const locked = await runner.repository.getNextJobToRun('sweep', new Date(), new Date(0), undefined, { lastModifiedBy: 'runner' });
    expect(locked?.lockedAt).toBeInstanceOf(Date);

    await b.every('1 minute', 'sweep');
    const [seen] = (await b.queryJobs({ name: 'sweep' })).jobs;
    expect(seen?.lockedAt?.getTime()).toBe(locked?.lockedAt?.getTime());
    // User code saving the job it holds: save() leaves the processor's fields out.
    const again = new Job(b, { ...seen!, data: { touched: true } });
    await again.save();
    const stored = await other.repository.getJobById(String(locked?._id));
    expect([stored?.lockedAt?.getTime(), stored?.data]).toEqual([locked?.lockedAt?.getTime(), { touched: true }]);
    expect((await b.queryJobs({ name: 'sweep' })).total).toBe(1);
  });

  it('prepares each statement once per connection, however often the scheduler polls', async () => {
    const db = openSharedDatabase(filename);
    try {
      const a = await connected({ database: () => db });
      const b = await connected({ database: () => db });
      const poll = async (repo: SqliteAgendaBackend['repository']) => {
        await repo.saveJob(job('poll', { nextRunAt: new Date(Date.now() + 60_000) }), undefined);
        await repo.getNextJobToRun('poll', new Date(), new Date(0), undefined, undefined);
        await repo.queryJobs({ name: 'poll', data: { x: 1 } });
      };
      await poll(a.repository);
      const prepared = statementsFor(db).size;
      for (let i = 0; i < 20; i++) await poll(i % 2 ? a.repository : b.repository);
      expect(statementsFor(db).size).toBe(prepared);
    } finally {
      db.close();
    }
  });

  it('debounces unique saves: one job, its run pushed back, the window start kept', async () => {
    const { repository: repo } = await connected();
    const debounced = (n: number) => repo.saveJob(job('digest', { data: { n }, unique: { name: 'digest' }, uniqueOpts: { debounce: { delay: 60_000 } } }), undefined);
    const first = await debounced(1);
    const second = await debounced(2);
    expect(second._id).toBe(first._id);
    expect(second.data).toEqual({ n: 2 });
    expect(second.debounceStartedAt?.getTime()).toBe(first.debounceStartedAt?.getTime());
    expect(second.nextRunAt!.getTime()).toBeGreaterThanOrEqual(first.nextRunAt!.getTime());
    expect(first.nextRunAt!.getTime()).toBeGreaterThan(Date.now() + 50_000);
  });

  it('matches unique() constraints by type and with comparison operators, and refuses the others', async () => {
    const { repository: repo } = await connected();
    const save = (data: Record<string, unknown>, unique: Record<string, unknown>) =>
      repo.saveJob(job('u', { data, unique, uniqueOpts: { insertOnly: true } }), undefined);
    const one = await save({ key: 1 }, { 'data.key': 1 });
    const text = await save({ key: '1' }, { 'data.key': '1' });
    expect(text._id).not.toBe(one._id);
    expect((await save({ key: 1, again: true }, { 'data.key': 1 }))._id).toBe(one._id);
    expect((await save({ key: 7 }, { 'data.key': { $gte: 1, $lt: 2 } }))._id).toBe(one._id);
    expect((await save({ key: 7 }, { $or: [{ 'data.key': 99 }, { 'data.key': { $in: ['1'] } }] }))._id).toBe(text._id);
    expect((await save({ key: 8 }, { 'data.missing': null, 'data.key': { $exists: true, $nin: [1, '1'] } }))._id).not.toBe(one._id);
    expect((await repo.queryJobs({ name: 'u' })).total).toBe(3);

    await expect(save({}, { $where: 'true' })).rejects.toThrow(/operator "\$where" is not allowed/);
    await expect(save({}, { 'data.key': { $regex: 'x' } })).rejects.toThrow(/operator "\$regex" is not allowed/);
    await expect(save({}, { secret: 1 })).rejects.toThrow(/unique\(\) can match job fields .* not "secret"/);
  });

  it('queries like the nedb backend: data, names, search, disabled, state, sorting and pages', async () => {
    const { repository: repo } = await connected();
    const later = new Date(Date.now() + 60_000);
    for (const [i, name] of ['alpha', 'beta', 'gam%ma', 'gamXma'].entries()) {
      await repo.saveJob(job(name, { priority: i, nextRunAt: new Date(later.getTime() + i), data: { n: i, tag: { deep: i % 2 } } }), undefined);
    }
    await repo.saveJob(job('done', { nextRunAt: null, lastRunAt: new Date(), lastFinishedAt: new Date() }), undefined);
    expect(await repo.disableJobs({ name: 'beta' })).toBe(1);
    expect(await repo.disableJobs({ name: 'beta' })).toBe(0);

    const names = async (options: Parameters<typeof repo.queryJobs>[0]) => (await repo.queryJobs(options)).jobs.map((j) => j.name);
    expect(await names({ data: { tag: { deep: 1 } }, sort: { name: 'asc' } })).toEqual(['beta', 'gamXma']);
    expect(await names({ names: ['alpha', 'done'], sort: { name: 'desc' } })).toEqual(['done', 'alpha']);
    expect(await names({ search: 'M%M' })).toEqual(['gam%ma']);
    expect(await names({ includeDisabled: false, sort: { priority: 'desc', name: 'asc' } })).toEqual(['gamXma', 'gam%ma', 'alpha', 'done']);
    expect(await names({ state: 'paused' })).toEqual(['beta']);
    expect(await names({ state: 'completed' })).toEqual(['done']);
    const page = await repo.queryJobs({ sort: { priority: 'asc', name: 'asc' }, skip: 1, limit: 2 });
    expect([page.jobs.map((j) => j.name), page.total]).toEqual([['done', 'beta'], 5]);
    expect(await names({ name: { $ne: 'x' } as unknown as string })).toHaveLength(5);
    expect(await repo.getDistinctJobNames()).toEqual(['alpha', 'beta', 'done', 'gam%ma', 'gamXma']);
    expect(await repo.getQueueSize()).toBe(0);
    const overview = await repo.getJobsOverview();
    expect(overview.find((o) => o.name === 'beta')).toMatchObject({ total: 1, paused: 1, scheduled: 1 });
    expect(await repo.removeJobs({})).toBe(0);
    expect(await repo.removeJobs({ notNames: ['alpha'] })).toBe(4);
    expect(await repo.purgeAllJobs()).toBe(1);
  });
});
