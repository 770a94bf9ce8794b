/**
 * Waiting tasks re-offered in the app: tasks queued while nobody was available go, most urgent first,
 * to a member who sets themselves available (`PUT /api/me/presence`, and the users service the CLI
 * calls), within the strategy and each member's capacity; one more goes to a member as soon as they
 * resolve one.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp } from '../../src/app.ts';
import type { HumanPriority, HumanTask } from '../../src/human/types.ts';
import { silentLogger } from '../../src/log.ts';
import { ASSIGNMENT_DRAIN_JOB } from '../../src/scheduler/jobs/assignment-drain.ts';
import { startServerHarness, type ServerHarness } from './server-harness.ts';
import { addToken, addUser } from './users-helper.ts';

let h: ServerHarness;
const policyDir = mkdtempSync(join(tmpdir(), 'triage-assignment-reoffer-'));

beforeAll(async () => {
  // technical_support has no calendar: open whatever the real time is when this runs.
  const shipped = readFileSync(new URL('../../triage.policy.yaml', import.meta.url), 'utf8');
  const policy = shipped.replace(
    '    queue: technical_support\n',
    '    queue: technical_support\n    members: [{ user: ann, capacity: 2 }, { user: ben, capacity: 1 }]\n    assignment: { strategy: least_loaded }\n',
  );
  expect(policy).not.toBe(shipped);
  const file = join(policyDir, 'triage.policy.yaml');
  writeFileSync(file, policy);
  h = await startServerHarness({ env: { TRIAGE_POLICY: file } });
  await addUser(h.app, { username: 'ann', role: 'agent', teams: ['technical_support'] });
  await addUser(h.app, { username: 'ben', role: 'agent', teams: ['technical_support'] });
  await h.app.users.service.setPresence('ann', 'away');
  await h.app.users.service.setPresence('ben', 'offline');
});
afterAll(async () => {
  await h?.close();
  rmSync(policyDir, { recursive: true, force: true });
});

let tickets = 0;
async function handOff(title: string, priority: HumanPriority): Promise<HumanTask> {
  const { task: pipeline } = await h.app.store.create({ data: { ticket: { subject: title } }, source: { kind: 'cli', externalId: `reoffer-${++tickets}` }, now: new Date() });
  return (await h.human.service.openForHandoff({ taskId: pipeline._id, title, team: 'technical_support', priority })).task;
}
const held = async (id: string) => (await h.human.service.get(id)).assignedTo;

describe('re-offering waiting tasks', () => {
  it('assigns queued tasks when members become available, most urgent first, within capacity, and again when one is resolved', async () => {
    const low = await handOff('Typo on the pricing page', 'low');
    const high = await handOff('API returns 500', 'high');
    const medium1 = await handOff('Webhook delayed', 'medium');
    const medium2 = await handOff('Export slow', 'medium');
    for (const t of [low, high, medium1, medium2]) expect(t.assignedTo).toBeNull();

    // ben, through the API: his one slot takes the most urgent waiting task.
    const ben = await addToken(h.app, 'ben');
    const res = await h.server.inject({ method: 'PUT', url: '/api/me/presence', headers: { ...ben.headers, 'content-type': 'application/json' }, payload: { presence: 'available' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(await held(high._id)).toBe('ben');
    const event = (await h.human.service.get(high._id)).events.at(-1)!;
    expect(event).toMatchObject({ kind: 'assigned', by: 'assignment', detail: expect.stringMatching(/^to ben by least_loaded: .*\(re-offered when ben became available\)$/) });
    expect([await held(medium1._id), await held(medium2._id), await held(low._id)]).toEqual([null, null, null]);

    // ann, as the CLI does it (the users service): ben is at capacity, so both mediums go to her, the low one waits.
    await h.app.users.service.setPresence('ann', 'available');
    expect([await held(medium1._id), await held(medium2._id), await held(low._id)]).toEqual(['ann', 'ann', null]);

    // Setting "available" again changes nothing and assigns nothing twice.
    await h.app.users.service.setPresence('ann', 'available');
    expect(await held(low._id)).toBeNull();

    // ben resolves his task: his slot is free again and the waiting one goes to him.
    await h.human.service.resolve(high._id, { respondedBy: 'ben', decision: 'resolved' });
    expect(await held(low._id)).toBe('ben');
    expect((await h.human.service.get(low._id)).events.filter((e) => e.kind === 'assigned')).toHaveLength(1);
  });
});

describe('the periodic drain as an Agenda job', () => {
  it('is one recurring job, and picks up a presence change made by another process (the CLI)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'triage-assignment-drain-'));
    const app = await startApp({
      env: { TRIAGE_DATA_DIR: dir, TRIAGE_POLICY: join(policyDir, 'triage.policy.yaml'), TRIAGE_LOG_LEVEL: 'silent' },
      log: silentLogger,
      scheduler: true,
      schedulerProcessEvery: 50,
      assignmentDrainEvery: 100,
      scrypt: { N: 1024, r: 8, p: 1 },
    });
    try {
      const jobs = await app.scheduler!.agenda.queryJobs({ name: ASSIGNMENT_DRAIN_JOB });
      expect(jobs.jobs).toHaveLength(1);
      await app.users.service.create({ username: 'cora', role: 'agent', teams: ['technical_support'] });
      await app.users.service.create({ username: 'ann', role: 'agent', teams: ['technical_support'] });
      await app.users.service.setPresence('ann', 'offline');
      const cora = await app.users.store.byUsername('cora');
      await app.users.store.update(cora!._id, { presence: 'offline' });
      const { task: pipeline } = await app.store.create({ data: { ticket: { subject: 'Sync broken' } }, source: { kind: 'cli', externalId: 'drain-1' }, now: new Date() });
      const { task } = await app.humanTasks.service.openForHandoff({ taskId: pipeline._id, title: 'Sync broken', team: 'technical_support', priority: 'high' });
      expect(task.assignedTo).toBeNull();

      // Another process (the CLI) sets ann available: this process's hook never runs, the job's next pass assigns.
      const ann = await app.users.store.byUsername('ann');
      await app.users.store.update(ann!._id, { presence: 'available' });
      const assigned = new Promise<void>((resolve) => {
        const check = async () => {
          if ((await app.humanTasks.service.get(task._id)).assignedTo === 'ann') {
            app.scheduler!.agenda.off(`complete:${ASSIGNMENT_DRAIN_JOB}`, check);
            resolve();
          }
        };
        app.scheduler!.agenda.on(`complete:${ASSIGNMENT_DRAIN_JOB}`, check);
      });
      await assigned;
      expect((await app.humanTasks.service.get(task._id)).events.at(-1)!.detail).toMatch(/\(re-offered by the periodic check\)$/);
    } finally {
      await app.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
