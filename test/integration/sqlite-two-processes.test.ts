/**
 * Two processes on one triage.sqlite, as `triage serve` and a CLI command are: both claim from the
 * same ready tasks, both create the same external ids, one saves while the other reads. Nothing may
 * be lost, duplicated or seen half-written.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteHumanTaskStore } from '../../src/store/sqlite/human-tasks.ts';
import { SqliteTaskStore } from '../../src/store/sqlite/tasks.ts';
import { input } from '../store/contract-helpers.ts';

const src = (path: string): string => pathToFileURL(resolve(import.meta.dirname, '../../src/store/sqlite', path)).href;

// Each child opens the store, says "ready", waits for "go" on stdin (so both really run at once),
// does its part and prints one JSON line.
const CHILD = `
import { createInterface } from 'node:readline';
import { SqliteTaskStore } from '${src('tasks.ts')}';
import { SqliteHumanTaskStore } from '${src('human-tasks.ts')}';
const args = JSON.parse(process.argv[2]);
const tasks = new SqliteTaskStore(args.dir);
const humans = new SqliteHumanTaskStore(args.dir);
await tasks.start();
await humans.start();
const lines = createInterface({ input: process.stdin });
process.stdout.write('ready\\n');
for await (const line of lines) if (line === 'go') break;
let result;
if (args.mode === 'claim') {
  const ids = [];
  for (;;) {
    const task = await tasks.claim({ owner: args.name, leaseMs: 600000, now: new Date() });
    if (!task) break;
    ids.push(task._id);
  }
  result = ids;
} else if (args.mode === 'claim-by-id') {
  // Both processes try every id, so every claim is contended whatever the scheduling.
  const ids = [];
  for (const id of args.ids) {
    const task = await tasks.claim({ owner: args.name, leaseMs: 600000, now: new Date(), taskId: id });
    if (task) ids.push(task._id);
  }
  result = ids;
} else if (args.mode === 'create') {
  result = [];
  for (const externalId of args.externalIds) {
    const { task, created } = await tasks.create({ data: { by: args.name }, source: { kind: 'zendesk', externalId }, now: new Date() });
    const human = await humans.create({ key: externalId + ':handoff', type: 'escalation', priority: 'high', title: args.name, team: 'support', queue: 'q',
      skillTags: [], context: {}, fields: [], dueAt: new Date(), escalationChain: ['support'] }, new Date());
    result.push({ externalId, id: task._id, created, humanId: human.task._id, humanCreated: human.created });
  }
} else if (args.mode === 'save') {
  let saves = 0;
  for (let i = 0; i < args.saves; i++) {
    const task = await tasks.get(args.id);
    await tasks.save({ ...task, data: { n: task.meta.version, blob: 'x'.repeat(2000 + (i % 7) * 500) }, meta: { ...task.meta, runs: [...task.meta.runs, { stepId: 's' + i, attempt: 1, worker: 'w', startedAt: new Date(), finishedAt: new Date(), durationMs: 0, outcome: 'ok', matched: '{}', fieldsWritten: [], explanation: [], inputHash: 'h' + i }] } }, task.meta.version);
    saves++;
  }
  result = saves;
} else if (args.mode === 'read') {
  let reads = 0, last = 0;
  const problems = [];
  while (last < args.until) {
    const task = await tasks.get(args.id);
    reads++;
    const v = task.meta.version;
    if (v < last) problems.push('version went back from ' + last + ' to ' + v);
    if (v > 1 && task.data.n !== v - 1) problems.push('data of version ' + task.data.n + ' with meta version ' + v);
    if (task.meta.runs.length !== v - 1) problems.push(task.meta.runs.length + ' runs at version ' + v);
    last = v;
  }
  result = { reads, problems };
}
process.stdout.write(JSON.stringify(result) + '\\n');
await tasks.stop();
await humans.stop();
lines.close();
`;

interface Child {
  ready: Promise<void>;
  result: Promise<unknown>;
  go(): void;
}

function child(script: string, args: Record<string, unknown>): Child {
  const proc = spawn(process.execPath, ['--import', 'tsx', script, JSON.stringify(args)], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const lines = createInterface({ input: proc.stdout });
  let onReady!: () => void;
  const ready = new Promise<void>((res) => (onReady = res));
  const result = new Promise<unknown>((res, rej) => {
    let value: unknown;
    lines.on('line', (line) => {
      if (line === 'ready') onReady();
      else value = JSON.parse(line);
    });
    proc.on('exit', (code) => (code === 0 ? res(value) : rej(new Error(`child ${String(args.name)} exited ${code}: ${stderr}`))));
  });
  // A child that dies before "ready" must fail the test, not hang it.
  result.catch(() => undefined).then(() => onReady());
  return { ready, result, go: () => proc.stdin.end('go\n') };
}

/** Runs two children at once: both open the database, then both start together. */
async function together<T>(script: string, a: Record<string, unknown>, b: Record<string, unknown>): Promise<[T, T]> {
  const children = [child(script, a), child(script, b)];
  await Promise.all(children.map((c) => c.ready));
  for (const c of children) c.go();
  return (await Promise.all(children.map((c) => c.result))) as [T, T];
}

describe('two processes on one SQLite file', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });
  async function setup(): Promise<{ dir: string; script: string }> {
    const dir = await mkdtemp(join(tmpdir(), 'triage-sqlite-2p-'));
    dirs.push(dir);
    const script = join(dir, 'child.mts');
    await writeFile(script, CHILD);
    return { dir, script };
  }

  it('claims each of 200 ready tasks exactly once', async () => {
    const { dir, script } = await setup();
    const store = new SqliteTaskStore(dir);
    await store.start();
    const created = new Set<string>();
    for (let i = 0; i < 200; i++) created.add((await store.create(input({ i }, { now: new Date(Date.now() - 1000) }))).task._id);
    const [a, b] = await together<string[]>(script, { dir, mode: 'claim', name: 'cli' }, { dir, mode: 'claim', name: 'server' });
    expect(a.length + b.length).toBe(200);
    expect(new Set([...a, ...b])).toEqual(created);
    expect(await store.count({ state: 'running' })).toBe(200);
    // Each task's lease names the process that got it back, and no one else.
    const owners = new Map((await store.list({})).items.map((t) => [t._id, t.meta.lease!.owner]));
    for (const id of a) expect(owners.get(id)).toBe('cli');
    for (const id of b) expect(owners.get(id)).toBe('server');
    await store.stop();
  });

  it('gives each task to one process when both claim the same 200 ids', async () => {
    const { dir, script } = await setup();
    const store = new SqliteTaskStore(dir);
    await store.start();
    const ids: string[] = [];
    for (let i = 0; i < 200; i++) ids.push((await store.create(input({ i }, { now: new Date(Date.now() - 1000) }))).task._id);
    const [a, b] = await together<string[]>(script, { dir, mode: 'claim-by-id', name: 'cli', ids }, { dir, mode: 'claim-by-id', name: 'server', ids });
    expect(a.length + b.length).toBe(200);
    expect(new Set([...a, ...b]).size).toBe(200);
    for (const id of ids) expect((await store.get(id))!.meta.version).toBe(2);
    await store.stop();
  });

  it('creates one task and one human task per external id when both deliver the same ones', async () => {
    const { dir, script } = await setup();
    const externalIds = Array.from({ length: 100 }, (_, i) => `ext-${i}`);
    type Row = { externalId: string; id: string; created: boolean; humanId: string; humanCreated: boolean };
    const [a, b] = await together<Row[]>(script, { dir, mode: 'create', name: 'a', externalIds }, { dir, mode: 'create', name: 'b', externalIds });
    for (let i = 0; i < externalIds.length; i++) {
      expect(a[i]!.id).toBe(b[i]!.id);
      expect(Number(a[i]!.created) + Number(b[i]!.created)).toBe(1);
      expect(a[i]!.humanId).toBe(b[i]!.humanId);
      expect(Number(a[i]!.humanCreated) + Number(b[i]!.humanCreated)).toBe(1);
    }
    const store = new SqliteTaskStore(dir);
    const humans = new SqliteHumanTaskStore(dir);
    await store.start();
    await humans.start();
    expect(await store.count({})).toBe(100);
    expect((await humans.list({ limit: 0 })).total).toBe(100);
    await humans.stop();
    await store.stop();
  });

  it('lets one process read consistent versions while the other saves', async () => {
    const { dir, script } = await setup();
    const store = new SqliteTaskStore(dir);
    await store.start();
    const { task } = await store.create(input({ n: 0 }));
    await store.stop();
    const saves = 300;
    const [saved, read] = await together<unknown>(script, { dir, mode: 'save', name: 'saver', id: task._id, saves }, { dir, mode: 'read', name: 'reader', id: task._id, until: saves + 1 });
    expect(saved).toBe(saves);
    const { reads, problems } = read as { reads: number; problems: string[] };
    expect(problems).toEqual([]);
    expect(reads).toBeGreaterThan(1);
    await store.start();
    const final = (await store.get(task._id))!;
    expect(final.meta.version).toBe(saves + 1);
    expect(final.meta.runs).toHaveLength(saves);
    await store.stop();
  });
});
