/**
 * Moving the scheduler from nedb to SQLite: jobs made by the real nedb backend, through Agenda (run,
 * failed, repeating, locked, disabled, unique), come out of the SQLite backend field for field; the
 * nedb file is left as it was; a damaged file is refused before anything is written.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agenda, type JobParameters } from 'agenda';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConnectedBackend } from '../../../src/scheduler/backend.ts';
import { NedbBackend } from '../../../src/store/nedb/agenda/index.ts';
import { importNedbJobs, JobImportError, openSharedDatabase, SqliteAgendaBackend } from '../../../src/store/sqlite/agenda/index.ts';

let dir: string;
let db: Database;
const jobsFile = () => join(dir, 'jobs.db');
const countRows = () => (db.prepare('SELECT count(*) AS n FROM agenda_jobs').get() as { n: number }).n;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'triage-jobs-import-'));
  db = openSharedDatabase(join(dir, 'triage.sqlite'));
});

afterEach(async () => {
  db.close();
  await rm(dir, { recursive: true, force: true });
});

/** Jobs in every shape the follow-ups leave behind, made by Agenda on the nedb backend; returns them as nedb gives them back. */
async function makeNedbJobs(): Promise<JobParameters[]> {
  const nedb = new NedbBackend({ dataDir: dir });
  await nedb.connect();
  const a = new Agenda({ backend: new ConnectedBackend(nedb), processEvery: 50, name: 'old-worker' });
  try {
    // touch() is how a running job records progress (save() leaves processor fields alone).
    a.define('ran', async (job) => {
      await job.touch(40);
    });
    a.define('broken', async () => {
      throw new Error('smtp refused');
    });
    const finished = (name: string) => new Promise<void>((resolve) => a.once(`complete:${name}`, () => resolve()));
    const ran = finished('ran');
    const broken = finished('broken');
    await a.start();
    await a.now('ran', { taskId: 't1', key: 't1:resolution-check', runAt: '2025-01-01T00:00:00.000Z', payload: { n: 1 } });
    await a.now('broken', { taskId: 't2' });
    await Promise.all([ran, broken]);

    // Declared, never processed here (no definitions): they keep their schedules.
    await a.every('5 minutes', 'tick', { t: 1 }, { timezone: 'Europe/Paris' });
    await a.every(60_000, 'tock');
    const later = new Date(Date.now() + 3_600_000);
    await a.create('survey', { taskId: 't3', nested: { list: [1, 'two', null], flag: false } }).schedule(later).priority('high').save();
    expect(await a.disable({ name: 'survey' })).toBe(1);
    const windowed = a.create('windowed', { key: 'w' }).schedule(later).unique({ 'data.key': 'w' }, { insertOnly: true });
    Object.assign(windowed.attrs, { startDate: new Date(Date.now() - 86_400_000), endDate: new Date(Date.now() + 86_400_000), skipDays: [0, 6], repeatAt: '3:30pm' });
    await windowed.save();
    // A worker that took this job and died: its lock and its name stay on the job.
    await a.create('orphan', { o: 1 }).schedule(new Date()).save();
    expect(await a.db.getNextJobToRun('orphan', new Date(), new Date(0), undefined, { lastModifiedBy: 'dead-worker' })).toBeDefined();

    const { jobs } = await a.queryJobs({});
    return jobs.map(({ state: _state, ...job }) => job);
  } finally {
    await a.stop();
    await nedb.disconnect();
  }
}

describe('importNedbJobs', () => {
  it('imports every job field for field, with ids, Dates and locks, and leaves the nedb file as it was', async () => {
    const expected = await makeNedbJobs();
    const fields = new Set(expected.flatMap((job) => Object.keys(job)));
    // The jobs above must exercise every optional field, or "field for field" proves little.
    for (const field of ['lockedAt', 'lastRunAt', 'lastFinishedAt', 'failedAt', 'failCount', 'failReason', 'repeatInterval', 'repeatTimezone', 'repeatAt', 'disabled', 'progress', 'startDate', 'endDate', 'skipDays', 'lastModifiedBy']) {
      expect(fields, field).toContain(field);
    }
    const before = await readFile(jobsFile(), 'utf8');

    expect(await importNedbJobs(db, jobsFile())).toBe(expected.length);

    const backend = new SqliteAgendaBackend({ database: () => db });
    await backend.connect();
    try {
      for (const job of expected) {
        const imported = await backend.repository.getJobById(String(job._id));
        expect(imported, job.name).toStrictEqual(job);
      }
      // Imported one-per-name jobs still are: every() on the new backend updates, never adds.
      const b = new Agenda({ backend: new ConnectedBackend(backend) });
      await b.every(60_000, 'tock');
      expect((await b.queryJobs({ name: 'tock' })).total).toBe(1);
      expect((await b.queryJobs({})).total).toBe(expected.length);
    } finally {
      await backend.disconnect();
    }
    expect(await readFile(jobsFile(), 'utf8')).toBe(before);
  });

  it('can run again after an interrupted or repeated import: jobs already there are skipped', async () => {
    const expected = await makeNedbJobs();
    expect(await importNedbJobs(db, jobsFile())).toBe(expected.length);
    expect(await importNedbJobs(db, jobsFile())).toBe(0);
    expect(countRows()).toBe(expected.length);
  });

  it('refuses a damaged file before writing anything, naming the lines', async () => {
    await makeNedbJobs();
    const lines = (await readFile(jobsFile(), 'utf8')).split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThan(3);
    lines[1] = lines[1]!.slice(0, 20) + '\u0000\u0000';
    await writeFile(jobsFile(), lines.map((l) => `${l}\n`).join(''));

    const error = await importNedbJobs(db, jobsFile()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JobImportError);
    expect((error as Error).message).toMatch(/jobs\.db: line 2 is not a JSON document, so the file is damaged; nothing was imported\. Repair or delete/);
    expect(db.prepare(`SELECT name FROM sqlite_master WHERE name = 'agenda_jobs'`).get()).toBeUndefined();
  });

  it('refuses a job it cannot keep (no name, a date that is not one), importing none of the others', async () => {
    const good = { _id: 'good', name: 'ok', priority: 0, nextRunAt: { $$date: Date.now() }, type: 'normal', data: {} };
    await writeFile(jobsFile(), [good, { ...good, _id: 'nameless', name: '' }].map((d) => `${JSON.stringify(d)}\n`).join(''));
    await expect(importNedbJobs(db, jobsFile())).rejects.toThrow(/job nameless in the nedb jobs file has no name; nothing was imported/);

    await writeFile(jobsFile(), [good, { ...good, _id: 'when', lockedAt: 'yesterday' }].map((d) => `${JSON.stringify(d)}\n`).join(''));
    await expect(importNedbJobs(db, jobsFile())).rejects.toThrow(/job when .* has a lockedAt that is not a valid date/);
    expect(db.prepare(`SELECT name FROM sqlite_master WHERE name = 'agenda_jobs'`).get()).toBeUndefined();
  });

  it('says clearly when there is no file to import', async () => {
    await expect(importNedbJobs(db, join(dir, 'missing.db'))).rejects.toThrow(/cannot import the scheduler's jobs from .*missing\.db: it does not exist/);
    await expect(importNedbJobs(db, dir)).rejects.toThrow(/it is a directory/);
  });
});
