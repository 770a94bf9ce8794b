import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EmbeddedHumanTaskStore } from '../../src/store/nedb/human-tasks.ts';
import { describeHumanTaskStoreContract, newInput, T0 } from '../human/contract.ts';
import { startedInTempDir } from '../support/temp-store.ts';

describeHumanTaskStoreContract('embedded (nedb)', () => startedInTempDir('triage-human-', (dir) => new EmbeddedHumanTaskStore(dir)));

describe('EmbeddedHumanTaskStore', () => {
  it('refuses use before start() and keeps tasks and key dedupe across a restart, in human_tasks.db', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'triage-human-'));
    try {
      const first = new EmbeddedHumanTaskStore(dir);
      await expect(first.get('x')).rejects.toThrow(/start\(\)/);
      await first.start();
      const { task } = await first.create(newInput({ key: 'P1:handoff', context: { 'x.y': 1 } }), T0);
      await first.stop();
      const raw = await readFile(join(dir, 'human_tasks.db'), 'utf8');
      expect(raw).toContain('x~py');

      const second = new EmbeddedHumanTaskStore(dir);
      await second.start();
      expect(await second.get(task._id)).toEqual(task);
      expect(await second.create(newInput({ key: 'P1:handoff' }), T0)).toMatchObject({ created: false, task: { _id: task._id } });
      await second.stop();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
