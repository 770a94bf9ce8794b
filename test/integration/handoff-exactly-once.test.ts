/**
 * "One handoff per ticket, never two; nothing lost", observed from the outside: every connector is
 * the real one (nodemailer, @slack/web-api, node-zendesk, @hubspot/api-client) pointed at the local
 * fakes, and every count below is what the fakes received, not what triage recorded about itself.
 * The crash case (a worker killed inside a send) is in handoff-crash.test.ts.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { startApp, type App } from '../../src/app.ts';
import type { JsonObject, Task } from '../../src/engine/types.ts';
import { buildTicketReport } from '../../src/reports/ticket-report.ts';
import type { ScheduledJobData } from '../../src/scheduler/index.ts';
import { createMetrics } from '../../src/server/metrics.ts';
import { startWorker, type RunningWorker } from '../../src/worker.ts';
import { HubspotFake } from '../fakes/hubspot-server.ts';
import { SlackFake, type SlackFakeMessage } from '../fakes/slack-server.ts';
import { SmtpFake, type ReceivedMail } from '../fakes/smtp-server.ts';
import { ZendeskFake } from '../fakes/zendesk-server.ts';
import { SmtpProxy } from '../fakes/smtp-proxy.ts';

const TEAM = 'engineering-escalations@example.com';
const ESCALATION = 'escalation@example.com';
const MANAGEMENT = 'support-managers@example.com';
const CUSTOMER = 'cto@enterprise.com';
const ZENDESK_TICKET = 4242;
const HUBSPOT_CONTACT = '501';
const CHANNELS = { 'eng-escalations': 'C0ENGESC01', 'support-escalation': 'C0SUPESC01', 'support-management': 'C0SUPMGT01' };

interface Fakes {
  smtp: SmtpFake;
  gate: SmtpProxy;
  slack: SlackFake;
  zendesk: ZendeskFake;
  hubspot: HubspotFake;
}

async function startFakes(slackChannels: Record<string, string> = CHANNELS): Promise<Fakes> {
  const smtp = await new SmtpFake().start();
  const gate = await new SmtpProxy().start(smtp.listeningPort);
  const slack = await new SlackFake({ channels: slackChannels }).start();
  const zendesk = await new ZendeskFake({ tickets: [ZENDESK_TICKET] }).start();
  const hubspot = await new HubspotFake({
    contacts: { [HUBSPOT_CONTACT]: CUSTOMER },
    properties: ['email', 'triage_last_ticket', 'triage_last_outcome', 'triage_last_frustration'],
  }).start();
  return { smtp, gate, slack, zendesk, hubspot };
}

/** The example policy with a short on_error backoff, so retries take milliseconds. */
async function writePolicy(dir: string): Promise<string> {
  const policy = parse(await readFile(new URL('../../triage.policy.yaml', import.meta.url), 'utf8')) as Record<string, unknown>;
  policy.on_error = { ...(policy.on_error as object), retry: 2, backoff_ms: 20 };
  const file = join(dir, 'policy.yaml');
  await writeFile(file, stringify(policy));
  return file;
}

function envFor(dir: string, policy: string, fakes: Fakes): Record<string, string> {
  const smtpUrl = new URL(fakes.smtp.url);
  smtpUrl.port = String(fakes.gate.port);
  return {
    TRIAGE_DATA_DIR: dir,
    TRIAGE_POLICY: policy,
    TRIAGE_LOG_LEVEL: 'silent',
    SMTP_URL: smtpUrl.toString(),
    EMAIL_FROM: 'Triage <triage@support.example.com>',
    SLACK_BOT_TOKEN: fakes.slack.token,
    SLACK_API_URL: fakes.slack.apiUrl,
    ZENDESK_API_URL: fakes.zendesk.apiUrl,
    ZENDESK_EMAIL: fakes.zendesk.email,
    ZENDESK_API_TOKEN: fakes.zendesk.apiToken,
    HUBSPOT_ACCESS_TOKEN: fakes.hubspot.token,
    HUBSPOT_API_URL: fakes.hubspot.url,
  };
}

/** The enterprise-critical seed, linked to a Zendesk ticket and a HubSpot contact that exist in the fakes. */
async function seedTicket(): Promise<JsonObject> {
  const seed = JSON.parse(await readFile(new URL('../../fixtures/tickets/enterprise-critical.json', import.meta.url), 'utf8')) as {
    support: { ticket: JsonObject };
  };
  seed.support.ticket.externalId = String(ZENDESK_TICKET);
  seed.support.ticket.hubspotContactId = HUBSPOT_CONTACT;
  return seed as unknown as JsonObject;
}

const obj = (value: unknown): JsonObject => (value && typeof value === 'object' ? (value as JsonObject) : {});
const mailTo = (fakes: Fakes, address: string): ReceivedMail[] => fakes.smtp.received.filter((mail) => mail.to.includes(address));
const inChannel = (fakes: Fakes, id: string): SlackFakeMessage[] => fakes.slack.messages.filter((m) => m.channel === id);
const ticketPuts = (fakes: Fakes) => fakes.zendesk.requests.filter((r) => r.method === 'PUT' && r.path === `/api/v2/tickets/${ZENDESK_TICKET}.json`);
const postCalls = (fakes: Fakes) => fakes.slack.calls('chat.postMessage');

/** What every fake has received so far, as one comparable object. */
function counts(fakes: Fakes) {
  return {
    emails: fakes.smtp.received.length,
    slackMessages: fakes.slack.messages.length,
    slackPosts: postCalls(fakes).length,
    zendeskPuts: ticketPuts(fakes).length,
    zendeskComments: fakes.zendesk.tickets.get(ZENDESK_TICKET)?.comments.length,
    hubspotPatches: fakes.hubspot.requests.filter((r) => r.method === 'PATCH').length,
  };
}

function claimButtonValue(message: SlackFakeMessage | undefined): unknown {
  const actions = (message?.blocks ?? []).find((block) => obj(block).type === 'actions');
  const claim = (obj(actions).elements as JsonObject[] | undefined)?.find((element) => element.action_id === 'claim_human_task');
  return claim?.value;
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('handoff delivery, counted at the fakes', () => {
  let dir = '';
  let fakes: Fakes;
  let app: App | null = null;
  let worker: RunningWorker | null = null;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'triage-handoff-'));
  });

  afterEach(async () => {
    await worker?.stop();
    await app?.stop();
    worker = null;
    app = null;
    await Promise.all([fakes.gate.stop(), fakes.smtp.stop(), fakes.slack.stop(), fakes.zendesk.stop(), fakes.hubspot.stop()]);
    await rm(dir, { recursive: true, force: true });
  });

  it('hands the enterprise-critical ticket off once per channel, and a resubmission sends nothing', async () => {
    fakes = await startFakes();
    const env = envFor(dir, await writePolicy(dir), fakes);
    app = await startApp({ env });
    const { task: created } = await app.engine.submit(await seedTicket());
    const task = await app.engine.process(created._id);

    expect(task.meta.state).toBe('waiting');
    const handoff = obj(task.data.handoffComplete);
    expect(handoff).toMatchObject({ delivered: true, targetTeam: 'engineering', awaitingHuman: true, fallbackProcedure: false });
    const humanTaskId = handoff.humanTaskId;
    expect(humanTaskId).toEqual(expect.any(String));

    // Slack: one message, in the team's channel, whose Claim button names the human task.
    expect(postCalls(fakes)).toHaveLength(1);
    expect(fakes.slack.messages).toHaveLength(1);
    const [message] = inChannel(fakes, CHANNELS['eng-escalations']);
    expect(message).toBeDefined();
    expect(claimButtonValue(message)).toBe(humanTaskId);
    expect(message?.metadata?.event_payload.idempotency_key).toBe(`${task._id}:human_handoff:handoff_slack_engineering`);

    // Email: the team's handoff (cc the escalation address), the management FYI, the customer's reply.
    const teamMail = mailTo(fakes, TEAM);
    expect(teamMail).toHaveLength(1);
    expect(teamMail[0]?.parsed.cc?.map((a) => a.address)).toEqual([ESCALATION]);
    expect(teamMail[0]?.to).toEqual([TEAM, ESCALATION]);
    expect(teamMail[0]?.parsed.subject).toMatch(/TICK-ENT-001|ENT/);
    const fyi = mailTo(fakes, MANAGEMENT);
    expect(fyi).toHaveLength(1);
    expect(fyi[0]?.parsed.subject).toMatch(/^\[FYI Support Management\]/);
    const reply = mailTo(fakes, CUSTOMER);
    expect(reply).toHaveLength(1);
    expect(fakes.smtp.received).toHaveLength(3);
    // Every mail carries the Message-ID derived from its idempotency key.
    const messageIds = new Set(fakes.smtp.received.map((mail) => mail.parsed.messageId));
    expect(messageIds.size).toBe(3);

    // Zendesk: one update that opens the ticket as urgent, adds the tags and a private note.
    expect(ticketPuts(fakes)).toHaveLength(1);
    const ticket = fakes.zendesk.tickets.get(ZENDESK_TICKET);
    expect(ticket?.status).toBe('open');
    expect(ticket?.priority).toBe('urgent');
    expect(ticket?.tags).toEqual(expect.arrayContaining(['web', 'triage_escalated', 'immediate_escalation', 'critical']));
    expect(ticket?.comments).toHaveLength(1);
    expect(ticket?.comments[0]).toMatchObject({ public: false, body: expect.stringMatching(/^Escalated to Engineering on-call/) });

    // HubSpot: the contact's properties, once.
    expect(fakes.hubspot.requests.filter((r) => r.method === 'PATCH')).toHaveLength(1);
    expect(fakes.hubspot.contacts.get(HUBSPOT_CONTACT)?.properties.triage_last_outcome).toBe('engineering');

    // The same ticket again (same id), first in the running process, then after a restart.
    const before = counts(fakes);
    const again = await app.engine.submit(await seedTicket());
    expect(again).toMatchObject({ created: false, task: { _id: task._id } });
    await app.engine.process(task._id);
    await app.stop();
    app = await startApp({ env });
    const afterRestart = await app.engine.submit(await seedTicket());
    expect(afterRestart.created).toBe(false);
    const rested = await app.engine.process(afterRestart.task._id);
    expect(rested.meta.state).toBe('waiting');
    expect(rested.meta.runs.filter((run) => run.stepId === 'human_handoff')).toHaveLength(1);
    expect(counts(fakes)).toEqual(before);
  });

  it('Slack answering 500: the team still gets the email, the escalation channel is tried, and the task says so', async () => {
    fakes = await startFakes();
    app = await startApp({ env: envFor(dir, await writePolicy(dir), fakes) });
    fakes.slack.inject({ status: 500, body: 'upstream connect error', path: 'chat.postMessage' }, 1_000);
    const { task: created } = await app.engine.submit(await seedTicket());
    const task = await app.engine.process(created._id);

    expect(task.meta.state).toBe('waiting');
    expect(task.meta.flags).toContain('handoff_channel_failed');
    expect(task.meta.flags).not.toContain('critical_failure');
    expect(obj(task.data.handoffComplete)).toMatchObject({ delivered: true, fallbackProcedure: true });
    // The team channel first, then the shared escalation channel; neither posted anything.
    const channelsTried = [...new Set(postCalls(fakes).map((r) => obj(r.body).channel))];
    expect(channelsTried).toEqual(['#eng-escalations', '#support-escalation']);
    expect(fakes.slack.messages).toHaveLength(0);
    // The handoff reached the team by email, once, and Zendesk once.
    expect(mailTo(fakes, TEAM)).toHaveLength(1);
    expect(mailTo(fakes, MANAGEMENT)).toHaveLength(1);
    expect(ticketPuts(fakes)).toHaveLength(1);
    // The handoff step ran once: a channel failing is not a reason to resend the others.
    expect(task.meta.runs.filter((run) => run.stepId === 'human_handoff')).toHaveLength(1);
  });

  it('the team channel not found: the handoff goes to the escalation channel instead', async () => {
    const { 'eng-escalations': _missing, ...others } = CHANNELS;
    fakes = await startFakes(others);
    app = await startApp({ env: envFor(dir, await writePolicy(dir), fakes) });
    const { task: created } = await app.engine.submit(await seedTicket());
    const task = await app.engine.process(created._id);

    expect(task.meta.state).toBe('waiting');
    expect(task.meta.flags).toContain('handoff_channel_failed');
    const deliveries = obj(task.data.handoffComplete).deliveries as JsonObject[];
    expect(deliveries.find((d) => d.target === '#eng-escalations')?.error).toMatch(/channel_not_found|not found/i);
    const escalated = inChannel(fakes, CHANNELS['support-escalation']);
    expect(escalated).toHaveLength(1);
    expect(claimButtonValue(escalated[0])).toBe(obj(task.data.handoffComplete).humanTaskId);
    expect(fakes.slack.messages).toHaveLength(1);
    expect(mailTo(fakes, TEAM)).toHaveLength(1);
  });

  it('everything down: critical_failure after the retries; the scheduled retry delivers once per channel and clears it', async () => {
    fakes = await startFakes();
    app = await startApp({ env: envFor(dir, await writePolicy(dir), fakes), scheduler: true, schedulerProcessEvery: 100, slaSweepEvery: 3_600_000 });
    fakes.gate.open = false;
    fakes.slack.inject({ status: 500, body: 'upstream connect error', path: 'chat.postMessage' }, 1_000);
    fakes.zendesk.inject({ status: 500, body: { error: 'InternalError' }, path: '/tickets/' }, 1_000);

    const { task: created } = await app.engine.submit(await seedTicket());
    const failed = await app.engine.process(created._id);

    // The handoff was attempted 1 + retry times, then its fallback flagged the task.
    const handoffRuns = failed.meta.runs.filter((run) => run.stepId === 'human_handoff');
    expect(handoffRuns.map((run) => run.outcome)).toEqual(['retry', 'retry', 'failed']);
    expect(failed.meta.flags).toContain('critical_failure');
    expect(obj(failed.data.handoffComplete)).toMatchObject({ delivered: false, retryScheduledFor: expect.any(String) });
    expect(fakes.smtp.received).toHaveLength(0);
    expect(fakes.slack.messages).toHaveLength(0);
    expect(fakes.zendesk.tickets.get(ZENDESK_TICKET)?.comments).toHaveLength(0);

    // Where operators look: the task list, the ticket report, the metrics.
    const listed = await app.store.list({ limit: 10 });
    expect(listed.items.find((item) => item._id === created._id)?.meta.flags).toContain('critical_failure');
    expect(buildTicketReport(failed.data, failed.meta, new Date()).flags).toContain('critical_failure');
    const metrics = createMetrics({ defaultMetrics: false });
    metrics.observeTask(failed);
    const exposition = await metrics.render();
    expect(exposition).toMatch(/^triage_critical_failures_total 1$/m);
    expect(exposition).toMatch(/^triage_effect_failures_total\{channel="slack"\} [1-9]/m);

    // The retry is a real Agenda job (15 minutes out), created when the task came to rest.
    const retrySchedule = failed.meta.schedules.find((s) => s.job === 'handoff_retry');
    expect(retrySchedule).toBeDefined();
    const scheduler = app.scheduler;
    if (!scheduler) throw new Error('the scheduler should be running');
    const { jobs } = await scheduler.agenda.queryJobs({ name: 'handoff_retry', data: { key: retrySchedule?.key } });
    expect(jobs).toHaveLength(1);
    expect(new Date(jobs[0]?.nextRunAt ?? 0).getTime()).toBeGreaterThan(Date.now() + 10 * 60_000);

    // The services come back; an operator runs the retry now instead of waiting 15 minutes.
    fakes.gate.open = true;
    fakes.slack.reset();
    fakes.zendesk.reset();
    await scheduler.agenda.now('handoff_retry', jobs[0]?.data as ScheduledJobData);
    const running = app;
    worker = startWorker(running, { pollMs: 50 });
    const recovered = await waitFor('the retried handoff to be delivered', async () => {
      const task = await running.store.get(created._id);
      return task && task.meta.state === 'waiting' && obj(task.data.handoffComplete).delivered === true ? task : undefined;
    });

    // Exactly once per channel on the retry.
    expect(inChannel(fakes, CHANNELS['eng-escalations'])).toHaveLength(1);
    expect(fakes.slack.messages).toHaveLength(1);
    expect(claimButtonValue(fakes.slack.messages[0])).toBe(obj(recovered.data.handoffComplete).humanTaskId);
    expect(mailTo(fakes, TEAM)).toHaveLength(1);
    expect(mailTo(fakes, MANAGEMENT)).toHaveLength(1);
    expect(ticketPuts(fakes)).toHaveLength(1);
    expect(fakes.zendesk.tickets.get(ZENDESK_TICKET)?.comments).toHaveLength(1);
    // The customer's reply failed for good before the handoff (and was flagged); the retry is the handoff's only.
    expect(mailTo(fakes, CUSTOMER)).toHaveLength(0);
    expect(recovered.meta.flags).toContain('customer_not_notified');

    // The flag state: the alert is cleared, the history stays.
    expect(recovered.meta.flags).not.toContain('critical_failure');
    expect(recovered.meta.flags).toContain('critical_failure_recovered');
    expect(recovered.data.handoffRetry).toMatchObject({ pending: false, attempt: 1 });
    expect(recovered.meta.runs.filter((run) => run.stepId === 'human_handoff').map((run) => run.outcome)).toEqual(['retry', 'retry', 'failed', 'ok']);
    expect(buildTicketReport(recovered.data, recovered.meta, new Date()).flags).toContain('critical_failure_recovered');

    // The original 15-minute job finds the handoff delivered and does nothing; nothing is sent twice.
    const settled = counts(fakes);
    const late = await scheduler.agenda.now('handoff_retry', jobs[0]?.data as ScheduledJobData);
    await waitFor('the late retry job to finish', async () => {
      const { jobs: done } = await scheduler.agenda.queryJobs({ id: String(late.attrs._id) });
      return done[0]?.state === 'completed' ? true : undefined;
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(counts(fakes)).toEqual(settled);
    expect(((await running.store.get(created._id)) as Task).meta.runs.filter((run) => run.stepId === 'human_handoff')).toHaveLength(4);
  }, 60_000);
});
