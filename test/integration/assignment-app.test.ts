/**
 * Assignment wired into the app: with a policy whose team assigns automatically, the inbox the app
 * starts hands a new escalation task to a member (the users come from the app's own store), and the
 * REST API shows the task held by them with the reason on its events.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startServerHarness, type ServerHarness } from './server-harness.ts';
import { addUser } from './users-helper.ts';

let h: ServerHarness;
const policyDir = mkdtempSync(join(tmpdir(), 'triage-assignment-app-'));

beforeAll(async () => {
  // technical_support has no calendar, so it is open whatever the real time is when this runs.
  const shipped = readFileSync(new URL('../../triage.policy.yaml', import.meta.url), 'utf8');
  const policy = shipped.replace('    queue: technical_support\n', '    queue: technical_support\n    members: [ann, ben]\n    assignment: { strategy: round_robin }\n');
  expect(policy).not.toBe(shipped);
  const file = join(policyDir, 'triage.policy.yaml');
  writeFileSync(file, policy);
  h = await startServerHarness({ env: { TRIAGE_POLICY: file } });
  await addUser(h.app, { username: 'ann', role: 'agent', teams: ['technical_support'], email: 'ann@example.com' });
  await addUser(h.app, { username: 'ben', role: 'agent', teams: ['technical_support'] });
  await h.app.users.service.setPresence('ann', 'away');
});
afterAll(async () => {
  await h?.close();
  rmSync(policyDir, { recursive: true, force: true });
});

describe('assignment in the app', () => {
  it('hands a new escalation task to an available member and explains it', async () => {
    const { task: pipeline } = await h.app.store.create({ data: { ticket: { subject: 'API errors' } }, source: { kind: 'cli' }, now: new Date() });
    const { task } = await h.human.service.openForHandoff({ taskId: pipeline._id, title: 'API errors', team: 'technical_support', priority: 'high' });
    expect(task.assignedTo).toBe('ben');
    const res = await h.server.inject({ method: 'GET', url: `/api/human-tasks/${task._id}`, headers: api });
    expect(res.statusCode, res.body).toBe(200);
    const shown = res.json() as { assignedTo: string; status: string; events: { kind: string; by?: string; detail?: string }[] };
    expect(shown).toMatchObject({ assignedTo: 'ben', status: 'assigned' });
    expect(shown.events.find((e) => e.kind === 'assigned')).toMatchObject({ by: 'assignment', detail: expect.stringMatching(/^to ben by round_robin: next in turn/) });
  });
});
