/**
 * Callbacks end to end on the real app: a ticket answered on a Friday night carries a signed link;
 * booking through it (the server, by inject) leads the callback_booking step to book the slot for the
 * assignee and schedule both Agenda jobs; the reminder, run twice, reaches the assignee once (counted
 * at a real SMTP server); forged, expired and taken requests are refused and write nothing; a person's
 * outcome survives the check job. The clock is injected; Agenda jobs are run with `agenda.now`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type App } from '../../src/app.ts';
import type { JsonObject, Task } from '../../src/engine/types.ts';
import { silentLogger } from '../../src/log.ts';
import type { ScheduledJobData } from '../../src/scheduler/index.ts';
import { buildServer } from '../../src/server/app.ts';
import { createMetrics } from '../../src/server/metrics.ts';
import { SmtpFake } from '../fakes/smtp-server.ts';

const API_TOKEN = 'api-token-callbacks-0123456789';
const PUBLIC_URL = 'https://support.example.com';
const ASSIGNEE = 'fay@example.com';
const FRIDAY_NIGHT = Date.parse('2027-03-12T23:00:00Z'); // Friday 23:00 in London: finance is closed
const SLOT = '2027-03-15T10:00:00.000Z'; // Monday 10:00 GMT

const obj = (value: unknown): JsonObject => (value && typeof value === 'object' ? (value as JsonObject) : {});

describe('callbacks', () => {
  let dir = '';
  let smtp: SmtpFake;
  let app: App;
  let server: FastifyInstance;
  let clock = FRIDAY_NIGHT;
  const now = () => new Date(clock);
  let taskId = '';
  let token = '';

  const mailTo = (address: string) => smtp.received.filter((mail) => mail.to.includes(address));
  const task = async (id = taskId) => (await app.store.get(id)) as Task;

  async function ticket(n: number): Promise<Task> {
    const { task: created } = await app.engine.submit({
      support: { ticket: { id: `T-${n}`, customerEmail: `customer${n}@example.com`, channel: 'email', subject: 'Invoice address', description: `Can you change the postal address printed on our invoices to our new office in Leeds? (${n})` } },
    });
    return app.engine.process(created._id);
  }

  /** The token of the callback link in the customer's email. */
  function linkIn(text: string): string {
    const match = /https:\/\/support\.example\.com\/callback\/([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)/.exec(text);
    if (!match) throw new Error(`no callback link in: ${text}`);
    return match[1]!;
  }

  /** Runs an Agenda job now and resolves once Agenda reports it complete. */
  async function runJob(name: string, data: ScheduledJobData): Promise<void> {
    const agenda = app.scheduler!.agenda;
    let started = '';
    const done = new Promise<void>((resolve) => {
      const listener = (job: { attrs: { _id?: unknown } }) => {
        if (String(job.attrs._id) !== started) return;
        agenda.off(`complete:${name}`, listener);
        resolve();
      };
      agenda.on(`complete:${name}`, listener);
    });
    const job = await agenda.now(name, data);
    started = String(job.attrs._id);
    await done;
  }

  async function jobOf(name: string): Promise<ScheduledJobData> {
    const { jobs } = await app.scheduler!.agenda.queryJobs({ name, data: { taskId } });
    expect(jobs).toHaveLength(1);
    return jobs[0]!.data as ScheduledJobData;
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'triage-callbacks-'));
    smtp = await new SmtpFake().start();
    app = await startApp({
      env: { TRIAGE_DATA_DIR: dir, TRIAGE_LOG_LEVEL: 'silent', SMTP_URL: smtp.url, EMAIL_FROM: 'Triage <triage@support.example.com>', TRIAGE_API_TOKEN: API_TOKEN, TRIAGE_PUBLIC_URL: PUBLIC_URL },
      log: silentLogger,
      now,
      scheduler: true,
      schedulerProcessEvery: 100,
      slaSweepEvery: 3_600_000,
      scrypt: { N: 1024, r: 8, p: 1 },
    });
    server = buildServer({ app, humanTasks: app.humanTasks.service, now, metrics: createMetrics({ defaultMetrics: false }) });
  }, 30_000);

  afterAll(async () => {
    await server?.close();
    await app?.stop();
    await smtp?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('a ticket answered outside the team\'s hours gets a signed callback link in its email', async () => {
    const answered = await ticket(1);
    taskId = answered._id;
    const response = obj(answered.data.conversationResponse);
    expect(response.mode).toBe('queued');
    expect(response.callbackOffered).toBe(true);
    const [mail] = mailTo('customer1@example.com');
    expect(mail?.parsed.text).toContain('Prefer a call? Pick a time that suits you: https://support.example.com/callback/');
    token = linkIn(mail!.parsed.text ?? '');
    expect(app.callbackLinks!.verify(token, now()).taskId).toBe(taskId);
  });

  it('the link opens a page of free slots without script, and the same as JSON', async () => {
    const page = await server.inject({ method: 'GET', url: `/callback/${token}` });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-security-policy']).toMatch(/script-src 'self'/);
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.body).toContain(`<input type="radio" name="slot" value="${SLOT}"`);
    expect(page.body).toContain('Billing and Finance');
    expect(page.body).not.toMatch(/<script/);
    // Grouped by day in the team's zone: a fieldset per working day, each slot under its own day.
    expect(page.body).toContain('<html lang="en">');
    const days = [...page.body.matchAll(/<fieldset class="slot-day">\s*<legend>([^<]+)<\/legend>([\s\S]*?)<\/fieldset>/g)];
    expect(days.map((d) => d[1])).toEqual(['Monday, March 15', 'Tuesday, March 16', 'Wednesday, March 17']);
    days.forEach((d, i) => {
      const values = [...d[2]!.matchAll(/name="slot" value="([^"]+)"/g)].map((m) => m[1]!);
      expect(values).toHaveLength(16);
      expect(values.every((v) => v.startsWith(`2027-03-${15 + i}T`))).toBe(true);
    });
    const api = await server.inject({ method: 'GET', url: `/api/callbacks/${token}/slots` });
    expect(api.statusCode).toBe(200);
    const body = api.json();
    expect(body).toMatchObject({ team: 'finance', zone: 'Europe/London', teamHours: true, booked: null });
    expect(body.slots).toHaveLength(48);
    expect(body.slots[2]).toEqual({ start: SLOT, label: expect.stringMatching(/Monday.*10:00/) });
  });

  it('refuses a forged link (one character changed) with 403 and an expired one with 410, writing nothing', async () => {
    const before = await task();
    const at = token.length - 3;
    const forged = token.slice(0, at) + (token[at] === 'A' ? 'B' : 'A') + token.slice(at + 1);
    const forgedPage = await server.inject({ method: 'POST', url: `/callback/${forged}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `slot=${encodeURIComponent(SLOT)}` });
    expect(forgedPage.statusCode).toBe(403);
    expect(forgedPage.body).toContain('This link is not valid');
    const forgedApi = await server.inject({ method: 'POST', url: `/api/callbacks/${forged}`, payload: { slot: SLOT } });
    expect(forgedApi.statusCode).toBe(403);
    expect(forgedApi.json().error).toMatch(/not valid/);

    const expired = app.callbackLinks!.token(taskId, new Date(clock - 8 * 24 * 3_600_000));
    const expiredPage = await server.inject({ method: 'GET', url: `/callback/${expired}` });
    expect(expiredPage.statusCode).toBe(410);
    expect(expiredPage.body).toContain('This link has expired');
    expect((await server.inject({ method: 'POST', url: `/api/callbacks/${expired}`, payload: { slot: SLOT } })).statusCode).toBe(410);

    const after = await task();
    expect(after.meta.version).toBe(before.meta.version);
    expect(after.data.callback).toBeUndefined();
  });

  it('booking through the link books the slot for the assignee and schedules the reminder and the check', async () => {
    const queued = await task();
    const humanTaskId = String(obj(obj(queued.data.conversationResponse).queued).humanTaskId);
    await app.users.service.create({ username: 'fay', name: 'Fay Finance', email: ASSIGNEE, role: 'agent', teams: ['finance'] });
    await app.humanTasks.service.assign(humanTaskId, { assignedTo: 'fay' });

    const booked = await server.inject({ method: 'POST', url: `/callback/${token}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `slot=${encodeURIComponent(SLOT)}` });
    expect(booked.statusCode).toBe(200);
    expect(booked.body).toContain('We have your request for a call');
    expect(obj((await task()).data.callback)).toMatchObject({ status: 'requested', slot: SLOT, team: 'finance' });

    const done = await app.engine.process(taskId);
    const callback = obj(done.data.callback);
    expect(callback).toMatchObject({ status: 'booked', slot: SLOT, team: 'finance', humanTaskId, assignee: { kind: 'user', id: 'fay', email: ASSIGNEE }, outcome: null });
    const schedules = done.meta.schedules.filter((s) => s.job.startsWith('callback_'));
    expect(schedules.map((s) => [s.job, new Date(s.runAt).toISOString()]).sort()).toEqual([
      ['callback_check', '2027-03-15T10:30:00.000Z'],
      ['callback_reminder', '2027-03-15T09:45:00.000Z'],
    ]);
    // Both became Agenda jobs when the task came to rest.
    expect((await jobOf('callback_reminder')).payload).toEqual({ bookingId: callback.bookingId });
    expect((await jobOf('callback_check')).payload).toEqual({ bookingId: callback.bookingId });
    // The customer is told; the booking is on the human task.
    const confirmations = mailTo('customer1@example.com').filter((mail) => /Your call is booked for Monday/.test(mail.parsed.text ?? ''));
    expect(confirmations).toHaveLength(1);
    const human = await app.humanTasks.service.get(humanTaskId);
    expect(human.events.filter((e) => e.kind === 'note' && /Callback booked/.test(String(e.detail)))).toHaveLength(1);
    // The slot page now says it is booked and no longer offers it to anybody.
    const slots = (await server.inject({ method: 'GET', url: `/api/callbacks/${token}/slots` })).json();
    expect(slots.booked).toBe(SLOT);
  });

  it('a slot another ticket holds is refused with 409 and not offered; nothing is written', async () => {
    const other = await ticket(2);
    const otherToken = linkIn(mailTo('customer2@example.com')[0]?.parsed.text ?? '');
    const free = (await server.inject({ method: 'GET', url: `/api/callbacks/${otherToken}/slots` })).json();
    expect(free.slots.map((s: { start: string }) => s.start)).not.toContain(SLOT);
    expect(free.slots).toHaveLength(47);
    const taken = await server.inject({ method: 'POST', url: `/api/callbacks/${otherToken}`, payload: { slot: SLOT } });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error).toMatch(/just been booked/);
    const page = await server.inject({ method: 'POST', url: `/callback/${otherToken}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `slot=${encodeURIComponent(SLOT)}` });
    expect(page.statusCode).toBe(409);
    expect(page.body).toContain('just been booked');
    const after = (await app.store.get(other._id)) as Task;
    expect(after.meta.version).toBe(other.meta.version);
    expect(after.data.callback).toBeUndefined();
  });

  it('the reminder, run twice, reaches the assignee exactly once', async () => {
    const reminder = await jobOf('callback_reminder');
    clock = Date.parse('2027-03-15T09:45:00Z');
    await runJob('callback_reminder', reminder);
    await runJob('callback_reminder', reminder);
    const reminders = mailTo(ASSIGNEE);
    expect(reminders).toHaveLength(1);
    expect(reminders[0]?.parsed.subject).toMatch(/^Callback at Monday.*10:00.*\[T-1\]$/);
    expect(obj(obj((await task()).data.callback).reminder)).toMatchObject({ to: ASSIGNEE, sentAt: '2027-03-15T09:45:00.000Z' });
  });

  it('a German ticket\'s page says lang="de" and writes its days in German', async () => {
    const { task: created } = await app.engine.submit({
      support: { ticket: { id: 'T-de', customerEmail: 'kundin@example.de', channel: 'email', subject: 'Rechnungsadresse ändern', description: 'Guten Tag, können Sie bitte die Adresse auf unseren Rechnungen ändern? Wir sind in ein neues Büro in Leipzig umgezogen. Vielen Dank und freundliche Grüße' } },
    });
    const german = await app.engine.process(created._id);
    expect(obj(obj(german.data.support).classification).language).toBe('de');
    const page = await server.inject({ method: 'GET', url: `/callback/${app.callbackLinks!.token(german._id, now())}` });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-security-policy']).toMatch(/script-src 'self'/);
    expect(page.body).toContain('<html lang="de">');
    const legends = [...page.body.matchAll(/<fieldset class="slot-day">\s*<legend>([^<]+)<\/legend>/g)].map((m) => m[1]);
    expect(legends).toHaveLength(3);
    expect(legends[0]).toMatch(/^(Montag|Dienstag|Mittwoch|Donnerstag|Freitag), \d+\. März$/);
    // The page's words come from replies/de.yaml, so nothing on it is marked as another language.
    expect(page.body).toContain('<h1>Anruf vereinbaren</h1>');
    expect(page.body).toContain('Anruf buchen');
    expect(page.body).not.toContain('Book a call');
    expect(page.body).not.toContain('lang="en"');
  });

  it('a person records the outcome, and the check job leaves it alone', async () => {
    clock = Date.parse('2027-03-15T10:20:00Z');
    const refused = await server.inject({ method: 'POST', url: `/api/tasks/${taskId}/callback`, payload: { happened: true } });
    expect(refused.statusCode).toBe(401);
    const bad = await server.inject({ method: 'POST', url: `/api/tasks/${taskId}/callback`, headers: { authorization: `Bearer ${API_TOKEN}` }, payload: { happened: 'yes' } });
    expect(bad.statusCode).toBe(400);
    const recorded = await server.inject({ method: 'POST', url: `/api/tasks/${taskId}/callback`, headers: { authorization: `Bearer ${API_TOKEN}` }, payload: { happened: true, notes: 'Address changed on the call.' } });
    expect(recorded.statusCode).toBe(200);
    expect(recorded.json().callback).toMatchObject({ outcome: 'happened', outcomeAt: '2027-03-15T10:20:00.000Z', notes: 'Address changed on the call.' });

    clock = Date.parse('2027-03-15T10:30:00Z');
    await runJob('callback_check', await jobOf('callback_check'));
    expect(obj((await task()).data.callback)).toMatchObject({ outcome: 'happened', outcomeAt: '2027-03-15T10:20:00.000Z' });
  });
});
