/**
 * The Agenda contract on the project's nedb backend, plus what only the file backend has to show:
 * jobs survive a restart of the process's backend.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agenda } from 'agenda';
import { describe, expect, it } from 'vitest';
import { ConnectedBackend } from '../../src/scheduler/backend.ts';
import { NedbBackend } from '../../src/store/nedb/agenda/index.ts';
import { describeAgendaContract } from '../scheduler/agenda-contract.ts';

describeAgendaContract('nedb (embedded)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'triage-agenda-'));
  // nedb is single-process: every Agenda instance must share the one backend object.
  const backend = new NedbBackend({ dataDir: dir });
  return { backend: () => backend, cleanup: () => rm(dir, { recursive: true, force: true }) };
});

describe('nedb backend', () => {
  it('keeps scheduled jobs in <dataDir>/jobs.db across a restart', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'triage-agenda-'));
    try {
      const first = new NedbBackend({ dataDir: dir });
      await first.connect();
      const a = new Agenda({ backend: new ConnectedBackend(first) });
      await a.create('kept', { k: 1 }).schedule(new Date(Date.now() + 60_000)).save();
      await first.disconnect();
      expect(first.filename).toBe(join(dir, 'jobs.db'));

      const second = new NedbBackend({ dataDir: dir });
      await second.connect();
      const b = new Agenda({ backend: new ConnectedBackend(second) });
      const { jobs } = await b.queryJobs({ name: 'kept' });
      expect(jobs.map((j) => [j.data, j.state])).toEqual([[{ k: 1 }, 'scheduled']]);
      await second.disconnect();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses a unique() constraint with an operator that runs code', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'triage-agenda-'));
    const backend = new NedbBackend({ dataDir: dir });
    try {
      await backend.connect();
      const a = new Agenda({ backend: new ConnectedBackend(backend) });
      await expect(a.create('x', {}).unique({ $where: 'true' }).save()).rejects.toThrow(/\$where.*not allowed/);
    } finally {
      await backend.disconnect();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
