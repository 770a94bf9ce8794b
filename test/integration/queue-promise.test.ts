/**
 * The queue-aware promise on the real app: finance (London, Mon-Fri 09:00-17:00) lists three members,
 * of whom only ana is in. A payment dispute escalated at 10:00 on a Monday is promised "within an
 * hour" (follow_up_minutes.urgent: 60) while the queue is empty, with no callback link; with six
 * unheld tasks ahead it is promised the queue's time (6 x 30 minutes: "within 3 hours") and offered a
 * callback. A customer's later message that promises a time offers the link under the same rule, once
 * per ticket. The clock is injected.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type App } from '../../src/app.ts';
import type { JsonObject, Task } from '../../src/engine/types.ts';
import { silentLogger } from '../../src/log.ts';
import { addUser } from './users-helper.ts';

const MONDAY_10 = Date.parse('2027-03-15T10:00:00Z'); // Monday 10:00 in London (GMT)
const LINK = /Prefer a call\? Pick a time that suits you: https:\/\/support\.example\.com\/callback\//;
const obj = (value: unknown): Record<string, any> => (value && typeof value === 'object' ? (value as Record<string, any>) : {});

describe('the promise counts the queue', () => {
  let dir = '';
  const policyDir = mkdtempSync(join(tmpdir(), 'triage-queue-promise-policy-'));
  let app: App;
  let clock = MONDAY_10;
  let n = 0;
  let quiet = '';

  async function dispute(): Promise<Task> {
    n += 1;
    const { task } = await app.engine.submit({
      support: { ticket: { id: `Q-${n}`, customerEmail: `customer${n}@example.com`, channel: 'email', subject: 'Charged twice', description: `You charged our card twice for the March invoice, so I have opened a chargeback with my bank. (${n})` } },
    });
    return app.engine.process(task._id);
  }

  async function queueAhead(count: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) ids.push((await app.humanTasks.service.create({ type: 'review', title: `waiting ${i}`, team: 'finance', priority: 'high' }))._id);
    return ids;
  }

  beforeAll(async () => {
    const shipped = readFileSync(new URL('../../triage.policy.yaml', import.meta.url), 'utf8');
    const policy = shipped.replace('    queue: finance\n', '    queue: finance\n    members: [ana, ben, chloe]\n    assignment: { strategy: least_loaded }\n');
    expect(policy).not.toBe(shipped);
    const file = join(policyDir, 'triage.policy.yaml');
    writeFileSync(file, policy);
    dir = await mkdtemp(join(tmpdir(), 'triage-queue-promise-'));
    app = await startApp({
      env: { TRIAGE_DATA_DIR: dir, TRIAGE_LOG_LEVEL: 'silent', TRIAGE_POLICY: file, TRIAGE_PUBLIC_URL: 'https://support.example.com' },
      log: silentLogger,
      now: () => new Date(clock),
      scrypt: { N: 1024, r: 8, p: 1 },
    });
    for (const username of ['ana', 'ben', 'chloe']) await addUser(app, { username, role: 'agent', teams: ['finance'], email: `${username}@example.com` });
    await app.users.service.setPresence('ben', 'away');
    await app.users.service.setPresence('chloe', 'offline');
  }, 30_000);

  afterAll(async () => {
    await app?.stop();
    await rm(dir, { recursive: true, force: true });
    rmSync(policyDir, { recursive: true, force: true });
  });

  it('an empty queue in hours: the SLA promise, no callback link', async () => {
    const task = await dispute();
    quiet = task._id;
    const r = obj(task.data.conversationResponse);
    expect(obj(task.data.escalationPreparation)).toMatchObject({ targetTeam: 'finance', priority: 'high', urgencyLevel: 'urgent' });
    expect(r.responseMessage).toContain('They will get back to you within an hour.');
    expect(r.responseMessage).not.toMatch(LINK);
    expect(r.callbackOffered).toBeUndefined();
    expect(r.promise).toMatchObject({ governedBy: 'sla', at: '2027-03-15T11:00:00.000Z', said: 'within an hour', queue: { ahead: 0, available: 1, members: 3, waitMinutes: 0, handlingFrom: 'default', handlingMinutes: 30 } });
    const run = task.meta.runs.find((x) => x.stepId === 'customer_response');
    expect(run?.explanation).toContain(r.promise.explanation);
    expect(r.promise.explanation).toMatch(/^0 tickets ahead, 1 of 3 members available, ~30 min each \(policy default; 0 recent tasks measured\)/);
  });

  it('six unheld tasks ahead of one person: the later time, and a callback link', async () => {
    await queueAhead(6);
    const task = await dispute();
    const r = obj(task.data.conversationResponse);
    expect(r.responseMessage).toContain('They will get back to you within 3 hours.');
    expect(r.responseMessage).toMatch(LINK);
    expect(r.callbackOffered).toBe(true);
    expect(r.promise).toMatchObject({ governedBy: 'queue', at: '2027-03-15T13:00:00.000Z', slaAt: '2027-03-15T11:00:00.000Z', queue: { ahead: 6, available: 1, waitMinutes: 180 } });
    const run = task.meta.runs.find((x) => x.stepId === 'customer_response');
    expect(run?.explanation.join('\n')).toMatch(/6 tickets ahead, 1 of 3 members available, ~30 min each .*: by Monday, March 15 at 01:00 PM GMT, later than the SLA promise/);
    expect(run?.explanation.join('\n')).toMatch(/wait \(180 min\) is over callbacks.offer_when_wait_over_minutes \(120\): the reply offers a callback link/);
  });

  it('a later message that promises a time offers the link under the same rule, once per ticket', async () => {
    // The first ticket was answered while the queue was empty; its person is done with it, the queue
    // is long now (the previous test), and the customer writes again.
    const first = { _id: quiet };
    const held = await app.humanTasks.service.openFor(first._id);
    await app.humanTasks.service.resolve(held!._id, { respondedBy: held!.assignedTo ?? 'ana', decision: 'resolved' });
    const write = async (content: string) => {
      await app.engine.addData(first._id, (data: Readonly<JsonObject>) => {
        const count = typeof obj(data.customerReply).count === 'number' ? obj(data.customerReply).count + 1 : 1;
        return { customerReply: { content, receivedAt: new Date(clock).toISOString(), count, handledAt: null } };
      });
      return app.engine.process(first._id);
    };
    const after = await write('The chargeback is still open and I need someone to call me about it.');
    const reply = obj(after.data.customerReply);
    expect(reply.handledAt).not.toBeNull();
    expect(reply.promise).toMatchObject({ governedBy: 'queue' });
    expect(reply.callbackOffered).toBe(true);
    const history = obj(after.data.escalationAgent).conversationHistory as Record<string, any>[];
    expect(history.at(-1)).toMatchObject({ role: 'agent', callbackOffered: true, content: expect.stringMatching(LINK) });

    // Once per ticket: the next answer promises a time again, without a second link.
    const open = await app.humanTasks.service.openFor(first._id);
    if (open) await app.humanTasks.service.resolve(open._id, { respondedBy: open.assignedTo ?? 'ana', decision: 'resolved' });
    const again = await write('Any news on the chargeback?');
    expect(obj(again.data.customerReply)).toMatchObject({ callbackOffered: false, promise: { governedBy: 'queue' } });
    expect((obj(again.data.escalationAgent).conversationHistory as Record<string, any>[]).at(-1)?.content).not.toMatch(LINK);
  });
});
