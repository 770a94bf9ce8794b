import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EmbeddedTaskStore } from '../../src/store/nedb/tasks.ts';
import { describeTaskStoreContract } from '../store/contract.ts';
import { at, input, oddData } from '../store/contract-helpers.ts';
import { startedInTempDir } from '../support/temp-store.ts';

async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'triage-store-'));
}

describeTaskStoreContract('embedded (nedb)', () => startedInTempDir('triage-store-', (dir) => new EmbeddedTaskStore(dir)));

describe('EmbeddedTaskStore', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  it('does no work in the constructor and refuses use before start()', async () => {
    const dir = join(await tempDir(), 'not-yet');
    dirs.push(dir);
    const store = new EmbeddedTaskStore(dir);
    await expect(store.get('x')).rejects.toThrow(/start\(\)/);
    await store.start();
    expect(await store.get('x')).toBeNull();
    await store.stop();
  });

  it('evaluates field-form $elemMatch on arrays of documents (not portable to FerretDB 1.x)', async () => {
    const dir = await tempDir();
    dirs.push(dir);
    const store = new EmbeddedTaskStore(dir);
    await store.start();
    await store.create(input({ n: 0, items: [{ sku: 'A', qty: 1 }, { sku: 'B', qty: 3 }] }));
    await store.create(input({ n: 1, items: [{ sku: 'A', qty: 3 }] }, { now: at(1) }));
    const filter = { items: { $elemMatch: { sku: 'A', qty: { $gte: 2 } } } };
    expect((await store.list({ filter })).items.map((t) => t.data.n)).toEqual([1]);
    expect(await store.count({ filter: { items: { $elemMatch: { 'sku': 'B', $or: [{ qty: 3 }] } } } })).toBe(1);
    await store.stop();
  });

  it('keeps data, dedupe and odd keys across stop and start', async () => {
    const dir = await tempDir();
    dirs.push(dir);
    const first = new EmbeddedTaskStore(dir);
    await first.start();
    const { task } = await first.create(input(oddData(), { source: { kind: 'zendesk', externalId: '9' } }));
    const claimed = await first.claim({ owner: 'w', leaseMs: 1000, now: at(1) });
    await first.stop();

    const raw = await readFile(join(dir, 'tasks.db'), 'utf8');
    expect(raw).toContain('a~pb');
    expect(raw).not.toContain('"a.b"');

    const second = new EmbeddedTaskStore(dir);
    await second.start();
    expect(await second.get(task._id)).toEqual(claimed);
    const again = await second.create(input({}, { source: { kind: 'zendesk', externalId: '9' } }));
    expect(again).toMatchObject({ created: false, task: { _id: task._id } });
    await second.stop();
  });
});
