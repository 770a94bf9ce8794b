/**
 * Callback slots are exclusive: two customers asking for one slot of one team at the same instant
 * end with exactly one booking. The requests are interleaved deterministically by holding each at
 * the store's `reserve` (so both have passed the route's check of booked slots) and letting them go
 * in a chosen order; on the SQLite store (also with a second app on the same file, as a worker would
 * be) and on the mongodb store (FerretDB). A rebooked, cancelled or abandoned booking frees its
 * slot; the reminder goes to whoever has the ticket when it is sent. Injected clock, no sleeps.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type App } from '../../src/app.ts';
import { requestSlot } from '../../src/callbacks/service.ts';
import { slotKey } from '../../src/callbacks/slots.ts';
import type { JsonObject, Task } from '../../src/engine/types.ts';
import { silentLogger } from '../../src/log.ts';
import { callbackReminder, type ReminderInbox } from '../../src/scheduler/jobs/callback-reminder.ts';
import type { JobContext } from '../../src/scheduler/jobs/types.ts';
import { buildServer } from '../../src/server/app.ts';
import { createMetrics } from '../../src/server/metrics.ts';
import type { Reservation, TaskStore } from '../../src/store/types.ts';
import { UserNotFoundError } from '../../src/users/types.ts';
import { SmtpFake } from '../fakes/smtp-server.ts';
import { dropDatabase, mongoForTests, uniqueDbName } from '../support/mongo.ts';

const API_TOKEN = 'api-token-callbacks-race-0123456789';
const FRIDAY_NIGHT = Date.parse('2027-03-12T23:00:00Z'); // finance (London) is closed: a link is offered
const LINK_SECRET = 'a-link-secret-of-at-least-32-characters-for-tests';
/** Monday 15 March 2027, `hh:mm` UTC (= London time in March). */
const monday = (hhmm: string): string => `2027-03-15T${hhmm}:00.000Z`;

const obj = (value: unknown): JsonObject => (value && typeof value === 'object' ? (value as JsonObject) : {});
const callbackOf = (task: Task | null): JsonObject => obj(task?.data.callback);

/**
 * Holds the first `reserve` of each holder until the test lets it go, so requests can be lined up:
 * `arrived(n)` resolves once n holders wait there, `go(holder)` lets one through and resolves with
 * what its reserve returned. Later calls (a retry after an abandoned reservation) pass straight on.
 */
function gateReserve(store: TaskStore) {
  const original = store.reserve.bind(store);
  const waiting = new Map<string, () => void>();
  const results = new Map<string, Promise<Reservation>>();
  const seen = new Set<string>();
  let onArrive: () => void = () => undefined;
  store.reserve = (key, holder, now) => {
    if (seen.has(holder)) return original(key, holder, now);
    seen.add(holder);
    const result = new Promise<void>((resolve) => {
      waiting.set(holder, resolve);
      onArrive();
    }).then(() => original(key, holder, now));
    results.set(holder, result);
    return result;
  };
  return {
    async arrived(n: number): Promise<void> {
      while (waiting.size < n) await new Promise<void>((resolve) => (onArrive = resolve));
    },
    go(holder: string): Promise<Reservation> {
      const release = waiting.get(holder);
      if (!release) throw new Error(`no reserve of ${holder} is waiting`);
      waiting.delete(holder);
      release();
      return results.get(holder)!;
    },
    restore(): void {
      store.reserve = original;
    },
  };
}

interface Backend {
  name: string;
  /** Environment of the app under test, or a reason to skip. */
  env(dir: string): Promise<Record<string, string> | { skip: string }>;
  cleanup(): Promise<void>;
}

const mongo = await mongoForTests();
let mongoDb = '';
const backends: Backend[] = [
  { name: 'sqlite', env: async () => ({}), cleanup: async () => undefined },
  {
    name: 'mongodb',
    env: async (): Promise<Record<string, string> | { skip: string }> => {
      if (!mongo.uri) return { skip: mongo.reason ?? 'no MongoDB-compatible server' };
      mongoDb = uniqueDbName(import.meta.url);
      // With MONGODB_URI callbacks need an explicit secret (the same in every process).
      return { MONGODB_URI: mongo.uri.replace(/^(mongodb:\/\/[^/?]*)\/?[^?]*/, `$1/${mongoDb}`), TRIAGE_LINK_SECRET: LINK_SECRET };
    },
    cleanup: async () => {
      if (mongo.uri && mongoDb) await dropDatabase(mongo.uri, mongoDb);
    },
  },
];

describe.each(backends)('callback slots on the $name store', (backend) => {
  let dir = '';
  let smtp: SmtpFake;
  let app: App;
  let server: FastifyInstance;
  let clock = FRIDAY_NIGHT;
  const now = () => new Date(clock);
  let skip = '';
  let n = 0;

  const mailTo = (address: string) => smtp.received.filter((mail) => mail.to.includes(address));
  const confirmationsTo = (address: string) => mailTo(address).filter((mail) => /Your call is booked/.test(mail.parsed.text ?? ''));

  async function start(env: Record<string, string>): Promise<App> {
    return startApp({
      env: { TRIAGE_DATA_DIR: dir, TRIAGE_LOG_LEVEL: 'silent', SMTP_URL: smtp.url, EMAIL_FROM: 'Triage <triage@support.example.com>', TRIAGE_API_TOKEN: API_TOKEN, TRIAGE_PUBLIC_URL: 'https://support.example.com', ...env },
      log: silentLogger,
      now,
      scheduler: false,
      scrypt: { N: 1024, r: 8, p: 1 },
    });
  }

  /** A billing ticket answered on Friday night (queued to finance, a callback link offered). */
  async function ticket(): Promise<{ id: string; token: string; email: string; humanTaskId: string }> {
    n += 1;
    const email = `race-customer${n}@example.com`;
    const { task } = await app.engine.submit({
      support: { ticket: { id: `R-${n}`, customerEmail: email, channel: 'email', subject: 'Invoice address', description: `Can you change the postal address printed on our invoices to our new office in Leeds? (${n})` } },
    });
    const done = await app.engine.process(task._id);
    expect(obj(done.data.conversationResponse).callbackOffered).toBe(true);
    const humanTaskId = String(obj(obj(done.data.conversationResponse).queued).humanTaskId);
    return { id: task._id, token: app.callbackLinks!.token(task._id, now()), email, humanTaskId };
  }

  const post = (token: string, slot: string) => server.inject({ method: 'POST', url: `/api/callbacks/${token}`, payload: { slot } });
  const task = async (id: string) => (await app.store.get(id)) as Task;

  /** Every task holding `slot` of finance as booked. */
  async function bookedOn(slot: string): Promise<string[]> {
    const { items } = await app.store.list({ filter: { 'callback.team': 'finance', 'callback.status': 'booked', 'callback.slot': slot }, limit: 50 });
    return items.map((t) => t._id);
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'triage-callbacks-race-'));
    smtp = await new SmtpFake().start();
    const env = await backend.env(dir);
    if ('skip' in env) {
      skip = String(env.skip);
      return;
    }
    app = await start(env);
    server = buildServer({ app, humanTasks: app.humanTasks.service, now, metrics: createMetrics({ defaultMetrics: false }) });
    await app.users.service.create({ username: 'fay', name: 'Fay Finance', email: 'fay@example.com', role: 'agent', teams: ['finance'] });
    await app.users.service.create({ username: 'gus', name: 'Gus Finance', email: 'gus@example.com', role: 'agent', teams: ['finance'] });
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    await app?.stop();
    await backend.cleanup();
    await smtp?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('both requests past the route\'s check, the first to reserve wins: one 202 and booked, the other 409 and untouched', async (context) => {
    if (skip) return context.skip(skip);
    const slot = monday('10:00');
    for (const order of ['first wins', 'second wins'] as const) {
      const a = await ticket();
      const b = await ticket();
      const [winner, loser] = order === 'first wins' ? [a, b] : [b, a];
      const loserBefore = await task(loser.id);
      const gate = gateReserve(app.store);
      try {
        const requests = { [a.id]: post(a.token, slot), [b.id]: post(b.token, slot) };
        await gate.arrived(2);
        // Both have passed the check of booked slots; neither has written anything.
        expect(callbackOf(await task(a.id))).toEqual({});
        expect(callbackOf(await task(b.id))).toEqual({});
        // (In the second round the winner's reserve first finds the first round's cancelled winner,
        // whose reservation is abandoned: it releases it and takes the slot.)
        await gate.go(winner.id);
        const won = await requests[winner.id]!;
        expect(won.statusCode).toBe(202);
        expect((await gate.go(loser.id)).holder).toBe(winner.id);
        const lost = await requests[loser.id]!;
        expect(lost.statusCode).toBe(409);
        expect(lost.json().error).toMatch(/just been booked by someone else; pick another/);
      } finally {
        gate.restore();
      }
      // Only the winner's step runs; the loser has nothing to book.
      expect(callbackOf(await app.engine.process(winner.id))).toMatchObject({ status: 'booked', slot });
      const loserAfter = await app.engine.process(loser.id);
      expect(loserAfter.data.callback).toBeUndefined();
      expect(loserAfter.meta.version).toBe(loserBefore.meta.version);
      expect(await bookedOn(slot)).toEqual([winner.id]);
      expect(confirmationsTo(winner.email)).toHaveLength(1);
      expect(confirmationsTo(loser.email)).toHaveLength(0);
      // Cancel the winner's booking so the next round races for the same slot again.
      await app.engine.addData(winner.id, { callback: { status: 'rejected', rejectedAt: now().toISOString(), reason: 'cancelled by the test' } });
    }
  });

  it('the loser is refused while the winner has reserved but not yet written its request', async (context) => {
    if (skip) return context.skip(skip);
    const slot = monday('10:30');
    const a = await ticket();
    const b = await ticket();
    const gate = gateReserve(app.store);
    // Holds the winner between its reservation and its write.
    const addData = app.engine.addData.bind(app.engine);
    let write: () => void = () => undefined;
    const writeHeld = new Promise<void>((resolve) => (write = resolve));
    let writing: () => void = () => undefined;
    const writeReached = new Promise<void>((resolve) => (writing = resolve));
    app.engine.addData = async (taskId, patch) => {
      if (taskId === a.id) {
        writing();
        await writeHeld;
      }
      return addData(taskId, patch);
    };
    try {
      const first = post(a.token, slot);
      const second = post(b.token, slot);
      await gate.arrived(2);
      expect((await gate.go(a.id)).holder).toBe(a.id);
      await writeReached;
      expect(callbackOf(await task(a.id))).toEqual({});
      expect((await gate.go(b.id)).holder).toBe(a.id);
      expect((await second).statusCode).toBe(409);
      write();
      expect((await first).statusCode).toBe(202);
    } finally {
      gate.restore();
      app.engine.addData = addData;
    }
    expect(callbackOf(await task(a.id))).toMatchObject({ status: 'requested', slot });
    expect((await task(b.id)).data.callback).toBeUndefined();
    // And a request after the winner's step has booked it: refused by the check of booked slots.
    await app.engine.process(a.id);
    const late = await ticket();
    expect((await post(late.token, slot)).statusCode).toBe(409);
    expect(await bookedOn(slot)).toEqual([a.id]);
  });

  it('a rebooked, a cancelled and an abandoned booking free their slot for another customer', async (context) => {
    if (skip) return context.skip(skip);
    const [s1, s2, s3] = [monday('11:00'), monday('11:30'), monday('12:00')];
    const a = await ticket();
    const b = await ticket();
    const c = await ticket();
    expect((await post(a.token, s1)).statusCode).toBe(202);
    await app.engine.process(a.id);
    expect((await post(b.token, s1)).statusCode).toBe(409);
    // Rebooked: a moves to s2, and s1 is free at once.
    expect((await post(a.token, s2)).statusCode).toBe(202);
    expect((await post(b.token, s1)).statusCode).toBe(202);
    await app.engine.process(a.id);
    await app.engine.process(b.id);
    expect(await bookedOn(s1)).toEqual([b.id]);
    expect(await bookedOn(s2)).toEqual([a.id]);

    // Cancelled (or rejected by the booking step): the slot is free again.
    expect((await post(c.token, s2)).statusCode).toBe(409);
    await app.engine.addData(a.id, { callback: { status: 'rejected', rejectedAt: now().toISOString(), reason: 'the customer cancelled' } });
    expect((await post(c.token, s2)).statusCode).toBe(202);
    await app.engine.process(c.id);
    expect(await bookedOn(s2)).toEqual([c.id]);

    // Abandoned: a process died between taking the reservation and writing the request. The slot
    // stays held for PENDING_RESERVATION_MS, then anyone may take it.
    const d = await ticket();
    const e = await ticket();
    expect((await app.store.reserve(slotKey('finance', new Date(s3)), d.id, now())).holder).toBe(d.id);
    expect((await post(e.token, s3)).statusCode).toBe(409);
    clock += 10 * 60_000;
    expect((await post(e.token, s3)).statusCode).toBe(202);
    await app.engine.process(e.id);
    expect(await bookedOn(s3)).toEqual([e.id]);
    clock = FRIDAY_NIGHT;
  });

  it('server and worker on one SQLite file: requests through both apps for one slot book it once', async (context) => {
    if (skip) return context.skip(skip);
    if (backend.name !== 'sqlite') return context.skip('the two-process case is the SQLite file\'s; the mongodb store runs the same reserve contract');
    const slot = monday('13:00');
    const other = await start({});
    const a = await ticket();
    const b = await ticket();
    const gates = [gateReserve(app.store), gateReserve(other.store)];
    try {
      const viaServer = requestSlot(app, a.token, slot, now()).then(() => 'requested', (error: { statusCode?: number }) => error.statusCode);
      const viaWorker = requestSlot(other, b.token, slot, now()).then(() => 'requested', (error: { statusCode?: number }) => error.statusCode);
      await gates[0]!.arrived(1);
      await gates[1]!.arrived(1);
      await gates[1]!.go(b.id);
      await gates[0]!.go(a.id);
      expect([await viaServer, await viaWorker]).toEqual([409, 'requested']);
    } finally {
      gates.forEach((gate) => gate.restore());
      await other.stop();
    }
    await app.engine.process(a.id);
    await app.engine.process(b.id);
    expect(await bookedOn(slot)).toEqual([b.id]);
  });

  it('the reminder goes to whoever has the ticket when it is sent, once per booking', async (context) => {
    if (skip) return context.skip(skip);
    const slot = monday('14:00');
    const a = await ticket();
    await app.humanTasks.service.assign(a.humanTaskId, { assignedTo: 'fay' }, 'test');
    expect((await post(a.token, slot)).statusCode).toBe(202);
    const booked = callbackOf(await app.engine.process(a.id));
    expect(booked).toMatchObject({ status: 'booked', assignee: { kind: 'user', id: 'fay', email: 'fay@example.com' } });
    // Reassigned after the booking: Gus makes the call.
    await app.humanTasks.service.assign(a.humanTaskId, { assignedTo: 'gus' }, 'test');

    const inbox: ReminderInbox = {
      openFor: (taskId) => app.humanTasks.service.openFor(taskId),
      person: async (who) => {
        try {
          const user = await app.users.service.get(who);
          return { id: user.username, name: user.name, email: user.email };
        } catch (error) {
          if (error instanceof UserNotFoundError) return null;
          throw error;
        }
      },
    };
    clock = Date.parse(slot) - 15 * 60_000;
    const job = { taskId: a.id, key: `${a.id}:callback_reminder`, runAt: now().toISOString(), stepId: 'callback_booking', payload: { bookingId: String(booked.bookingId) } };
    /** What the scheduler does: run the job on the task as it is now, then add its patch. */
    const runReminder = async () => {
      const ctx: JobContext = { task: await task(a.id), job, connectors: app.connectors, policy: app.policy, log: silentLogger, now: now(), assignees: inbox };
      const patch = await callbackReminder.run(ctx);
      if (patch) await app.engine.addData(a.id, patch);
    };
    await runReminder();
    await runReminder();
    expect(mailTo('gus@example.com').filter((mail) => /^Callback at/.test(mail.parsed.subject ?? ''))).toHaveLength(1);
    expect(mailTo('fay@example.com').filter((mail) => /^Callback at/.test(mail.parsed.subject ?? ''))).toHaveLength(0);
    expect(obj(callbackOf(await task(a.id)).reminder)).toMatchObject({ to: 'gus@example.com', bookingId: booked.bookingId });

    // A ticket handed to another team before its call: that team is reminded.
    const b = await ticket();
    expect((await post(b.token, monday('14:30'))).statusCode).toBe(202);
    clock = FRIDAY_NIGHT;
    const bBooked = callbackOf(await app.engine.process(b.id));
    await app.humanTasks.service.assign(b.humanTaskId, { assignedToTeam: 'technical_support' }, 'test');
    clock = Date.parse(monday('14:15'));
    const ctx: JobContext = {
      task: await task(b.id),
      job: { ...job, taskId: b.id, key: `${b.id}:callback_reminder`, payload: { bookingId: String(bBooked.bookingId) } },
      connectors: app.connectors,
      policy: app.policy,
      log: silentLogger,
      now: now(),
      assignees: inbox,
    };
    expect(obj(obj(await callbackReminder.run(ctx)).callback).reminder).toMatchObject({ to: 'tech-support@example.com' });
    clock = FRIDAY_NIGHT;
  });
});
