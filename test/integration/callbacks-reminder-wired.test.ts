/**
 * The callback reminder as the running scheduler sends it: a real Agenda job on the app's own
 * scheduler, with the inbox the app hands to jobs. The call is booked while Fay has the ticket and it
 * is reassigned to Gus before the reminder: Gus is reminded, Fay is not.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startApp, type App } from '../../src/app.ts';
import { requestSlot } from '../../src/callbacks/service.ts';
import type { JsonObject } from '../../src/engine/types.ts';
import { silentLogger } from '../../src/log.ts';
import { SmtpFake } from '../fakes/smtp-server.ts';

const obj = (v: unknown): JsonObject => (v && typeof v === 'object' ? (v as JsonObject) : {});

let dir = '';
let smtp: SmtpFake;
let app: App;
// Friday 23:00 UTC: finance (London hours) is closed, so the ticket waits in its queue with a callback offer.
let clock = Date.parse('2027-03-12T23:00:00Z');
const now = () => new Date(clock);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'triage-reminder-'));
  smtp = await new SmtpFake().start();
  app = await startApp({
    env: { TRIAGE_DATA_DIR: dir, TRIAGE_LOG_LEVEL: 'silent', SMTP_URL: smtp.url, EMAIL_FROM: 'Triage <triage@example.com>', TRIAGE_PUBLIC_URL: 'https://support.example.com' },
    log: silentLogger,
    now,
    scheduler: true,
    schedulerProcessEvery: 100,
    slaSweepEvery: 3_600_000,
    assignmentDrainEvery: 3_600_000,
    scrypt: { N: 1024, r: 8, p: 1 },
  });
}, 30_000);

afterAll(async () => {
  await app?.stop();
  await smtp?.stop();
  await rm(dir, { recursive: true, force: true });
});

it('the scheduled reminder reaches whoever has the ticket when it is sent', async () => {
  const { task } = await app.engine.submit({
    support: { ticket: { id: 'W-1', customerEmail: 'c@example.com', channel: 'email', subject: 'Invoice address', description: 'Can you change the postal address printed on our invoices to our new office in Leeds?' } },
  });
  const rested = await app.engine.process(task._id);
  const humanTaskId = String(obj(obj(rested.data.conversationResponse).queued).humanTaskId);
  expect(humanTaskId).not.toBe('undefined');
  await app.users.service.create({ username: 'fay', name: 'Fay', email: 'fay@example.com', role: 'agent', teams: ['finance'] });
  await app.users.service.create({ username: 'gus', name: 'Gus', email: 'gus@example.com', role: 'agent', teams: ['finance'] });
  await app.humanTasks.service.assign(humanTaskId, { assignedTo: 'fay' }, 'test');
  await requestSlot(app, app.callbackLinks!.token(task._id, now()), '2027-03-15T10:00:00.000Z', now());
  const booked = await app.engine.process(task._id);
  expect(obj(obj(booked.data.callback).assignee).id).toBe('fay');
  await app.humanTasks.service.assign(humanTaskId, { assignedTo: 'gus' }, 'test');

  const agenda = app.scheduler!.agenda;
  const { jobs } = await agenda.queryJobs({ name: 'callback_reminder', data: { taskId: task._id } });
  expect(jobs).toHaveLength(1);
  clock = Date.parse('2027-03-15T09:45:00Z');
  const finished = new Promise<void>((resolve) => agenda.once('complete:callback_reminder', () => resolve()));
  await agenda.now('callback_reminder', jobs[0]!.data);
  await finished;

  expect(smtp.received.filter((m) => m.to.includes('gus@example.com'))).toHaveLength(1);
  expect(smtp.received.filter((m) => m.to.includes('fay@example.com'))).toHaveLength(0);
  expect(obj(obj((await app.store.get(task._id))!.data.callback).reminder).to).toBe('gus@example.com');
}, 30_000);
