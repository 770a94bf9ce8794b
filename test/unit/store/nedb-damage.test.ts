/**
 * A damaged embedded data file never loses data silently: damage in the middle stops the start with the
 * lines named and how to recover; a torn last line (a crash while appending) is set aside and reported.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NedbFile } from '../../../src/store/nedb/file.ts';
import { EmbeddedTaskStore } from '../../../src/store/nedb/tasks.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'triage-damage-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const lines = ['{"_id":"a","n":1}', '{"_id":"b","n":2}', '{"_id":"c","n":3}'];
const file = (warnings: string[] = []) =>
  new NedbFile<{ _id: string; n: number }>({ filename: join(dir, 'things.db'), description: 'the thing store', notOpen: 'not open', onWarning: (m) => warnings.push(m) });

describe('damaged embedded data files', () => {
  it('damage in a middle line stops the start, names the line and how to recover, and leaves the file as it was', async () => {
    const damaged = [lines[0], '{"_id":"b","n":2\u0000\u0000', lines[2]].map((l) => `${l}\n`).join('');
    await writeFile(join(dir, 'things.db'), damaged);
    const f = file();
    await expect(f.open()).rejects.toThrow(/the thing store .*things\.db has 1 damaged line\(s\) \(line 2\).*nothing more is lost.*To recover/);
    expect(await readFile(join(dir, 'things.db'), 'utf8')).toBe(damaged);
  });

  it('a torn last line is set aside in a copy and reported; everything before it loads', async () => {
    await writeFile(join(dir, 'things.db'), `${lines.join('\n')}\n{"_id":"a","n":4`);
    const warnings: string[] = [];
    const f = file(warnings);
    await f.open();
    const docs = await f.store.findAsync({});
    expect(docs.map((d) => [d._id, d.n]).sort()).toEqual([['a', 1], ['b', 2], ['c', 3]]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/torn write.*set aside in .*things\.db\.torn-/);
    const copies = (await readdir(dir)).filter((name) => name.startsWith('things.db.torn-'));
    expect(copies).toHaveLength(1);
    expect(await readFile(join(dir, copies[0] as string), 'utf8')).toContain('{"_id":"a","n":4');
    await f.close();
  });

  it('a directory where the file should be is a clear error', async () => {
    await mkdir(join(dir, 'things.db'));
    await expect(file().open()).rejects.toThrow(/is a directory, not a data file: move it aside/);
  });

  it('the task store refuses a damaged tasks file instead of dropping a task', async () => {
    const store = new EmbeddedTaskStore(dir);
    await store.start();
    for (const id of ['T-1', 'T-2', 'T-3']) await store.create({ data: { support: { ticket: { id, description: 'x' } } }, source: { kind: 'inbox', externalId: id }, now: new Date() });
    await store.stop();
    const name = (await readdir(dir)).find((n) => n.endsWith('.db') && n.includes('task')) as string;
    const content = (await readFile(join(dir, name), 'utf8')).split('\n');
    // A few bytes overwritten, as a disk or an editor might: NUL bytes are invalid anywhere in JSON.
    content[1] = `${(content[1] as string).slice(0, 20)}\u0000\u0000\u0000${(content[1] as string).slice(23)}`;
    await writeFile(join(dir, name), content.join('\n'));
    await expect(new EmbeddedTaskStore(dir).start()).rejects.toThrow(/damaged line\(s\) \(line 2\)/);
  });
});
