/**
 * A real nedb data directory, written by the nedb stores, migrated into SQLite: every record must
 * come back field for field, the nedb files must be kept (moved aside), a second start must not
 * migrate again, and a damaged file must refuse with nothing changed.
 */
import { copyFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { Task } from '../../src/engine/types.ts';
import type { HumanTask } from '../../src/human/types.ts';
import { NedbBackend } from '../../src/store/nedb/agenda/index.ts';
import { EmbeddedHumanTaskStore } from '../../src/store/nedb/human-tasks.ts';
import { EmbeddedTaskStore } from '../../src/store/nedb/tasks.ts';
import { EmbeddedUserStore } from '../../src/store/nedb/users.ts';
import { createSqliteStorage, DATABASE_FILE, migrateNedbDataDir, NedbMigrationError } from '../../src/store/sqlite/index.ts';
import { SqliteAgendaBackend } from '../../src/store/sqlite/agenda/index.ts';
import type { SessionRecord } from '../../src/users/store.ts';
import type { User } from '../../src/users/types.ts';
import { at, input, oddData } from '../store/contract-helpers.ts';
import { newInput } from '../human/contract.ts';
import { newUser } from './users-contract.ts';

interface Expected {
  tasks: Task[];
  humanTasks: HumanTask[];
  users: User[];
  sessions: SessionRecord[];
  jobIds: string[];
}

/** Fills `dir` through the nedb stores as triage did, and returns what they hold. */
async function buildNedbDir(dir: string): Promise<Expected> {
  const tasks = new EmbeddedTaskStore(dir);
  const humans = new EmbeddedHumanTaskStore(dir);
  const users = new EmbeddedUserStore(dir);
  const jobs = new NedbBackend({ dataDir: dir });
  await tasks.start();
  await humans.start();
  await users.start();
  await jobs.connect();

  for (let i = 0; i < 12; i++) {
    const { task } = await tasks.create(input(i === 0 ? oddData() : { n: i, subject: `ticket ${i}` }, { source: { kind: 'inbox', externalId: i % 2 ? `m-${i}` : undefined as never }, now: at(i) }));
    if (i % 3 === 0) continue;
    const claimed = (await tasks.claim({ owner: 'w1', leaseMs: 30_000, now: at(100), taskId: task._id }))!;
    const runs = Array.from({ length: i }, (_, r) => ({
      stepId: `step-${r}`, attempt: 1, worker: 'w1', startedAt: at(100 + r), finishedAt: at(101 + r), durationMs: 1000,
      outcome: 'ok' as const, matched: '{"n":{"$exists":true}}', fieldsWritten: [`support.f${r}`], explanation: ['because'], inputHash: `h${r}`,
    }));
    await tasks.save({
      ...claimed,
      data: { ...claimed.data, support: { 'class.ified': true } },
      meta: {
        ...claimed.meta, state: i % 2 ? 'waiting' : 'done', lease: null, runs, runAfter: i === 4 ? at(999) : null, flags: ['f'],
        effects: [{ key: `k.${i}`, channel: 'email', stepId: 'handoff', status: 'sent', ref: 'outbox/1.eml', createdAt: at(110), updatedAt: at(111) }],
        schedules: [{ job: 'survey', runAt: at(86_400), payload: { '$odd.key': i }, stepId: 'followup', key: `s.${i}` }],
        usage: { calls: 2, promptTokens: 10, completionTokens: 5, byStep: { 'step.x': { calls: 2, promptTokens: 10, completionTokens: 5 } }, fallbacks: [{ stepId: 's', reason: 'r', at: at(105) }] },
        updatedAt: at(120),
      },
    }, claimed.meta.version);
  }

  for (let i = 0; i < 5; i++) {
    const { task } = await humans.create(newInput({ key: `T${i}:handoff`, taskId: `T${i}`, context: { 'a.b': i, $x: [[1]] }, priority: i % 2 ? 'high' : 'low' }), at(i));
    if (i < 2) continue;
    const claimed = await humans.save({ ...task, status: 'assigned', assignedTo: 'ann', claimedAt: at(50), events: [...task.events, { at: at(50), kind: 'claimed', by: 'ann' }] }, task.version);
    if (i === 4) {
      await humans.save({
        ...claimed, status: 'completed', messages: [{ at: at(60), content: 'still broken' }],
        resolution: { respondedBy: 'ann', decision: 'resolved', fields: { 'x.y': 1 }, notes: 'done', resolvedAt: at(70) },
        events: [...claimed.events, { at: at(60), kind: 'note', by: 'ann', detail: 'internal' }, { at: at(70), kind: 'resolved', by: 'ann' }],
      }, claimed.version);
    }
  }

  const ann = newUser({ username: 'ann', email: 'ann@example.com', slackUserId: 'U0ANN', tokens: [{ id: 'tok1', label: 'ci', hash: 'ff'.repeat(32), createdAt: at(1), lastUsedAt: null }] });
  await users.insert(ann);
  await users.markTokenUsed(ann._id, 'tok1', at(9));
  await users.insert(newUser({ username: 'bob', disabled: true }));
  for (const id of ['s1', 's2']) {
    await users.createSession({ _id: id.repeat(32), userId: ann._id, csrf: `csrf-${id}`, createdAt: at(1), lastSeenAt: at(2), expiresAt: at(3600) });
  }

  const job = await jobs.repository.saveJob({ name: 'survey', type: 'normal', priority: 0, nextRunAt: at(86_400), data: { taskId: 'T1' } } as never, undefined);

  const expected: Expected = {
    tasks: (await tasks.list({})).items,
    humanTasks: (await humans.list({})).items,
    users: await users.list(),
    sessions: (await Promise.all(['s1', 's2'].map((id) => users.getSession(id.repeat(32))))) as SessionRecord[],
    jobIds: [String((job as { _id: unknown })._id)],
  };
  // Keep the appended history (updates, not yet compacted) that a live data directory has.
  await copyFile(join(dir, 'tasks.db'), join(dir, 'tasks.db.history'));
  await tasks.stop();
  await humans.stop();
  await users.stop();
  await jobs.disconnect();
  await copyFile(join(dir, 'tasks.db.history'), join(dir, 'tasks.db'));
  await rm(join(dir, 'tasks.db.history'));
  return expected;
}

const NEDB_NAMES = ['tasks.db', 'human_tasks.db', 'users.db', 'sessions.db', 'jobs.db'];

describe('migrating a nedb data directory into SQLite', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });
  const tempDir = async (): Promise<string> => {
    const dir = await mkdtemp(join(tmpdir(), 'triage-migrate-'));
    dirs.push(dir);
    return dir;
  };

  it('imports every record at start-up, field for field, and keeps the nedb files aside', async () => {
    const dir = await tempDir();
    const expected = await buildNedbDir(dir);
    const history = await readFile(join(dir, 'tasks.db'), 'utf8');
    expect(history.trim().split('\n').length).toBeGreaterThan(expected.tasks.length);

    const messages: string[] = [];
    const log = { info: (_o: unknown, m: string) => messages.push(m), warn: (_o: unknown, m: string) => messages.push(m), error: () => {}, debug: () => {}, child: () => log };
    const storage = createSqliteStorage({ dataDir: dir, log: log as never });
    await storage.start();
    try {
      expect(messages.join('\n')).toMatch(/migrated the nedb data directory/);
      const tasks = await storage.tasks.list({});
      expect(tasks.total).toBe(expected.tasks.length);
      for (const task of expected.tasks) expect(await storage.tasks.get(task._id)).toEqual(task);
      expect(tasks.items).toEqual(expected.tasks);
      expect((await storage.tasks.get(expected.tasks.at(-1)!._id))!.data).toEqual(oddData());
      // Dedupe carries over: the same delivery again finds the migrated task.
      const again = await storage.tasks.create(input({}, { source: { kind: 'inbox', externalId: 'm-1' } }));
      expect(again.created).toBe(false);
      expect(await storage.tasks.nextRunAfter()).toBeNull();

      expect((await storage.humanTasks.list({})).items).toEqual(expected.humanTasks);
      for (const task of expected.humanTasks) expect(await storage.humanTasks.get(task._id)).toEqual(task);
      expect(await storage.humanTasks.create(newInput({ key: 'T3:handoff' }), at(0))).toMatchObject({ created: false });

      expect(await storage.users.list()).toEqual(expected.users);
      expect((await storage.users.byTokenId('tok1'))!.tokens[0]!.lastUsedAt).toEqual(at(9));
      for (const session of expected.sessions) expect(await storage.users.getSession(session._id)).toEqual(session);

      const backend = (await storage.schedulerBackend()) as SqliteAgendaBackend;
      await backend.connect();
      expect(await backend.repository.getJobById(expected.jobIds[0]!)).toMatchObject({ name: 'survey', data: { taskId: 'T1' }, nextRunAt: at(86_400) });
      await backend.disconnect();
    } finally {
      await storage.stop();
    }

    const entries = await readdir(dir);
    for (const name of NEDB_NAMES) expect(entries).not.toContain(name);
    const aside = entries.filter((e) => e.startsWith('nedb-migrated-'));
    expect(aside).toHaveLength(1);
    expect((await readdir(join(dir, aside[0]!))).sort()).toEqual([...NEDB_NAMES].sort());
    expect(await readFile(join(dir, aside[0]!, 'tasks.db'), 'utf8')).toBe(history);

    // A second start finds nothing to migrate and changes nothing.
    const second = createSqliteStorage({ dataDir: dir });
    await second.start();
    expect(await second.tasks.count({})).toBe(expected.tasks.length + 0);
    await second.stop();
    expect((await readdir(dir)).filter((e) => e.startsWith('nedb-migrated-'))).toHaveLength(1);
  });

  it('does not migrate into a database that already holds data, and says so', async () => {
    const dir = await tempDir();
    const storage = createSqliteStorage({ dataDir: dir });
    await storage.start();
    await storage.tasks.create(input({ fresh: true }));
    await storage.stop();
    await buildNedbDir(dir);
    const result = await migrateNedbDataDir(dir);
    expect(result).toMatchObject({ migrated: false, reason: expect.stringMatching(/already holds data/) });
    expect((await readdir(dir)).filter((e) => NEDB_NAMES.includes(e))).toHaveLength(5);
  });

  it.each([
    ['human_tasks.db', 'a damaged line in the middle', NedbMigrationError, /damaged line/],
    ['jobs.db', 'a damaged jobs file, read last', Error, /damaged|not a JSON document/],
  ])('refuses %s with %s, changing nothing', async (file, _what, type, message) => {
    const dir = await tempDir();
    await buildNedbDir(dir);
    const lines = (await readFile(join(dir, file), 'utf8')).split('\n');
    lines.splice(1, 0, '{"_id":"broken", "status": "pend');
    await writeFile(join(dir, file), lines.join('\n'));
    const before = await Promise.all(NEDB_NAMES.map((name) => readFile(join(dir, name), 'utf8')));

    const error = await migrateNedbDataDir(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(type);
    expect((error as Error).message).toMatch(message);
    expect(await Promise.all(NEDB_NAMES.map((name) => readFile(join(dir, name), 'utf8')))).toEqual(before);
    expect((await readdir(dir)).some((e) => e.startsWith('nedb-migrated-'))).toBe(false);
    const raw = new Database(join(dir, DATABASE_FILE), { readonly: true });
    for (const table of ['tasks', 'task_data', 'task_runs', 'human_tasks', 'users', 'sessions']) {
      expect(raw.prepare(`SELECT count(*) FROM ${table}`).pluck().get()).toBe(0);
    }
    const jobsTable = raw.prepare("SELECT name FROM sqlite_master WHERE name = 'agenda_jobs'").get();
    if (jobsTable) expect(raw.prepare('SELECT count(*) FROM agenda_jobs').pluck().get()).toBe(0);
    raw.close();

    // Starting the storage refuses the same way.
    const storage = createSqliteStorage({ dataDir: dir });
    await expect(storage.start()).rejects.toThrow(message);
  });
});
