/**
 * A worker killed inside the handoff, then another one finishing it: the pipeline runs in a child
 * process (`triage task new`) with every connector pointed at the local fakes; a fake stalls one
 * send, the child is SIGKILLed while it waits, the fake is released, and a new worker (in this
 * process, with its clock past the dead worker's lease) drives the task to rest.
 *
 * What the services received is the truth here. SMTP has no way to ask "did you get this?", so the
 * email in flight may arrive twice, with the same Message-ID; Slack is asked through the message
 * metadata and gets one message; anything recorded as sent before the kill is not sent again.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { startApp, type App } from '../../src/app.ts';
import type { JsonObject, Task } from '../../src/engine/types.ts';
import { HubspotFake } from '../fakes/hubspot-server.ts';
import { SlackFake } from '../fakes/slack-server.ts';
import { SmtpFake, type ReceivedMail } from '../fakes/smtp-server.ts';
import { ZendeskFake } from '../fakes/zendesk-server.ts';
import { SmtpProxy } from '../fakes/smtp-proxy.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TEAM = 'engineering-escalations@example.com';
const MANAGEMENT = 'support-managers@example.com';
const CUSTOMER = 'cto@enterprise.com';
const ZENDESK_TICKET = 4242;
const CHANNELS = { 'eng-escalations': 'C0ENGESC01', 'support-escalation': 'C0SUPESC01' };
/** How long a fake holds the stalled send: long enough to kill the child inside it. */
const STALL_MS = 3_000;
/** The recovering worker's clock runs this far ahead, past the dead worker's 60 s lease. */
const PAST_THE_LEASE_MS = 5 * 60_000;

interface Fakes {
  tap: SmtpProxy;
  smtp: SmtpFake;
  slack: SlackFake;
  zendesk: ZendeskFake;
  hubspot: HubspotFake;
}

async function writePolicy(dir: string, teamChannel?: string): Promise<string> {
  const policy = parse(await readFile(join(ROOT, 'triage.policy.yaml'), 'utf8')) as { teams: Record<string, Record<string, unknown>> } & Record<string, unknown>;
  policy.on_error = { ...(policy.on_error as object), retry: 2, backoff_ms: 20 };
  if (teamChannel && policy.teams.engineering) policy.teams.engineering.slack_channel = teamChannel;
  const file = join(dir, 'policy.yaml');
  await writeFile(file, stringify(policy));
  return file;
}

function envFor(dir: string, policy: string, fakes: Fakes): Record<string, string> {
  return {
    TRIAGE_DATA_DIR: dir,
    TRIAGE_POLICY: policy,
    TRIAGE_LOG_LEVEL: 'silent',
    SMTP_URL: fakes.smtp.url.replace(`:${fakes.smtp.listeningPort}`, `:${fakes.tap.port}`),
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

async function writeTicket(dir: string): Promise<string> {
  const seed = JSON.parse(await readFile(join(ROOT, 'fixtures/tickets/enterprise-critical.json'), 'utf8')) as { support: { ticket: JsonObject } };
  seed.support.ticket.externalId = String(ZENDESK_TICKET);
  seed.support.ticket.hubspotContactId = '501';
  const file = join(dir, 'ticket.json');
  await writeFile(file, JSON.stringify(seed));
  return file;
}

const mailTo = (fakes: Fakes, address: string): ReceivedMail[] => fakes.smtp.received.filter((mail) => mail.to.includes(address));
const ticketPuts = (fakes: Fakes) => fakes.zendesk.requests.filter((r) => r.method === 'PUT' && r.path === `/api/v2/tickets/${ZENDESK_TICKET}.json`);
const claimButtonValues = (fakes: Fakes): unknown[] =>
  fakes.slack.messages.map((message) => {
    const actions = (message.blocks ?? []).find((block) => (block as JsonObject).type === 'actions') as JsonObject | undefined;
    return (actions?.elements as JsonObject[] | undefined)?.find((element) => element.action_id === 'claim_human_task')?.value;
  });
const header = (mail: ReceivedMail | undefined, name: string) => mail?.parsed.headers.find((h) => h.key === name.toLowerCase())?.value;

async function waitUntil(what: string, check: () => boolean, timeoutMs = 45_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('a worker killed mid-handoff', () => {
  let dir = '';
  let fakes: Fakes;
  let child: ChildProcess | null = null;
  let app: App | null = null;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'triage-handoff-crash-'));
    const smtp = await new SmtpFake().start();
    fakes = {
      tap: await new SmtpProxy().start(smtp.listeningPort),
      smtp,
      slack: await new SlackFake({ channels: CHANNELS }).start(),
      zendesk: await new ZendeskFake({ tickets: [ZENDESK_TICKET] }).start(),
      hubspot: await new HubspotFake({
        contacts: { '501': CUSTOMER },
        properties: ['email', 'triage_last_ticket', 'triage_last_outcome', 'triage_last_frustration'],
      }).start(),
    };
  });

  afterEach(async () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    child = null;
    await app?.stop();
    app = null;
    await Promise.all([fakes.tap.stop(), fakes.smtp.stop(), fakes.slack.stop(), fakes.zendesk.stop(), fakes.hubspot.stop()]);
    await rm(dir, { recursive: true, force: true });
  });

  /** Starts `triage task new -f ticket --json` in a child process; resolves with a way to kill it. */
  async function startChild(teamChannel?: string): Promise<{ env: Record<string, string>; killed: Promise<void>; stderr: () => string }> {
    const env = envFor(dir, await writePolicy(dir, teamChannel), fakes);
    const proc = spawn(process.execPath, [join(ROOT, 'bin/triage.js'), 'task', 'new', '-f', await writeTicket(dir), '--json'], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    let stderr = '';
    proc.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    proc.stdout?.resume();
    const killed = new Promise<void>((resolve, reject) => {
      proc.once('exit', (code, signal) =>
        signal === 'SIGKILL' ? resolve() : reject(new Error(`the child was to be killed mid-send but exited (${code ?? signal}): ${stderr}`)),
      );
    });
    // An unexpected early exit fails the test instead of leaving it waiting.
    killed.catch(() => undefined);
    return { env, killed, stderr: () => stderr };
  }

  /** A new worker whose clock is past the dead worker's lease drives the task to rest. */
  async function recover(env: Record<string, string>): Promise<Task> {
    app = await startApp({ env, now: () => new Date(Date.now() + PAST_THE_LEASE_MS) });
    const { items } = await app.store.list({ limit: 10 });
    expect(items).toHaveLength(1);
    const stuck = items[0] as Task;
    // The dead worker left the task leased and running, with the stalled effect pending.
    expect(stuck.meta.state).toBe('running');
    expect(stuck.meta.runs.some((run) => run.stepId === 'human_handoff')).toBe(false);
    return app.engine.process(stuck._id);
  }

  async function expectOneHandoff(task: Task): Promise<void> {
    expect(task.meta.state).toBe('waiting');
    const handoffs = task.meta.runs.filter((run) => run.stepId === 'human_handoff');
    expect(handoffs.map((run) => run.outcome)).toEqual(['ok']);
    expect(task.data.handoffComplete).toMatchObject({ delivered: true, awaitingHuman: true });
    expect(task.meta.effects.every((effect) => effect.status === 'sent')).toBe(true);
    // The human task opened by the dead worker is the one the handoff names; there is one.
    const humanTasks = await app?.humanTasks.service.list({ taskId: task._id });
    expect(humanTasks?.total).toBe(1);
    expect((task.data.handoffComplete as JsonObject).humanTaskId).toBe(humanTasks?.items[0]?._id);
  }

  it('killed inside the team email: that email may arrive twice with one Message-ID; everything else once', async () => {
    // The customer's reply (step 4) passes; the team's handoff email (the handoff's first send) stalls in DATA.
    fakes.smtp.inject({ stage: 'data' });
    fakes.smtp.inject({ stage: 'data', delayMs: STALL_MS });
    const { env, killed } = await startChild();
    // The second message's DATA has gone by: the child is waiting on the server inside the team email.
    await waitUntil('the team email to be inside DATA', () => fakes.tap.dataSent >= 2);
    expect(fakes.slack.calls('chat.postMessage')).toHaveLength(0);
    child?.kill('SIGKILL');
    await killed;
    // Release: the stalled session completes on the server side, as a relay that accepted the mail would.
    await waitUntil('the stalled email to land', () => mailTo(fakes, TEAM).length === 1);

    const task = await recover(env);
    await expectOneHandoff(task);
    const teamMail = mailTo(fakes, TEAM);
    expect(teamMail).toHaveLength(2);
    expect(teamMail[0]?.parsed.messageId).toBe(teamMail[1]?.parsed.messageId);
    expect(header(teamMail[0], 'X-Triage-Idempotency-Key')).toBe(`${task._id}:human_handoff:handoff_email_engineering`);
    expect(header(teamMail[1], 'X-Triage-Idempotency-Key')).toBe(header(teamMail[0], 'X-Triage-Idempotency-Key'));
    // Sent and recorded before the kill: not sent again.
    expect(mailTo(fakes, CUSTOMER)).toHaveLength(1);
    // Not reached before the kill: sent once by the worker that took over.
    expect(fakes.slack.messages).toHaveLength(1);
    expect(fakes.slack.messages[0]?.channel).toBe(CHANNELS['eng-escalations']);
    expect(ticketPuts(fakes)).toHaveLength(1);
    expect(fakes.zendesk.tickets.get(ZENDESK_TICKET)?.comments).toHaveLength(1);
    expect(mailTo(fakes, MANAGEMENT)).toHaveLength(1);
  }, 90_000);

  it('killed after Slack accepted the message: the new worker finds it by its metadata and posts nothing', async () => {
    // The policy names the team channel by id, so history can be searched after a restart.
    fakes.slack.inject({ delayMs: STALL_MS, path: 'chat.postMessage' });
    const { env, killed } = await startChild(CHANNELS['eng-escalations']);
    await waitUntil('the Slack post to arrive', () => fakes.slack.calls('chat.postMessage').length >= 1);
    child?.kill('SIGKILL');
    await killed;
    // Slack finishes the post the dead worker never heard back about.
    await waitUntil('Slack to store the message', () => fakes.slack.messages.length === 1);

    const task = await recover(env);
    await expectOneHandoff(task);
    expect(fakes.slack.calls('chat.postMessage')).toHaveLength(1);
    expect(fakes.slack.messages).toHaveLength(1);
    const posted = fakes.slack.messages[0];
    expect(posted?.metadata?.event_payload.idempotency_key).toBe(`${task._id}:human_handoff:handoff_slack_engineering`);
    // The effect's ref is the message Slack already had.
    const effect = task.meta.effects.find((e) => e.key.endsWith(':handoff_slack_engineering'));
    expect(effect?.ref).toBe(`slack:${CHANNELS['eng-escalations']}:${posted?.ts}`);
    // The email went out before the kill and was recorded: once. The rest once, after the restart.
    expect(mailTo(fakes, TEAM)).toHaveLength(1);
    expect(mailTo(fakes, CUSTOMER)).toHaveLength(1);
    expect(mailTo(fakes, MANAGEMENT)).toHaveLength(1);
    expect(ticketPuts(fakes)).toHaveLength(1);
  }, 90_000);

  it('the Slack channel given by name: after a restart the post cannot be looked up, so it repeats with the same key', async () => {
    // Slack accepts the post to "#eng-escalations" but the worker dies before hearing back; Zendesk is
    // never reached by it. The new process has not learned the channel's id, and history takes ids only.
    fakes.slack.inject({ delayMs: STALL_MS, path: 'chat.postMessage' });
    const { env, killed } = await startChild();
    await waitUntil('the Slack post to arrive', () => fakes.slack.calls('chat.postMessage').length >= 1);
    child?.kill('SIGKILL');
    await killed;
    await waitUntil('Slack to store the message', () => fakes.slack.messages.length === 1);

    const task = await recover(env);
    await expectOneHandoff(task);
    // At-least-once: two messages, both carrying the same idempotency key, so they can be told apart
    // from two handoffs (and an operator can delete one). Name the channel by id to get one.
    expect(fakes.slack.calls('conversations.history')).toHaveLength(0);
    expect(fakes.slack.messages).toHaveLength(2);
    const keys = new Set(fakes.slack.messages.map((m) => m.metadata?.event_payload.idempotency_key));
    expect([...keys]).toEqual([`${task._id}:human_handoff:handoff_slack_engineering`]);
    expect(claimButtonValues(fakes)).toEqual([(task.data.handoffComplete as JsonObject).humanTaskId, (task.data.handoffComplete as JsonObject).humanTaskId]);
    expect(mailTo(fakes, TEAM)).toHaveLength(1);
    expect(ticketPuts(fakes)).toHaveLength(1);
  }, 90_000);

  it('killed inside the Zendesk update: status, priority and tags are the same after the repeat; the private note repeats', async () => {
    fakes.zendesk.inject({ delayMs: STALL_MS, path: '/tickets/' });
    const { env, killed } = await startChild();
    await waitUntil('the Zendesk update to arrive', () => ticketPuts(fakes).length >= 1);
    child?.kill('SIGKILL');
    await killed;
    await waitUntil('Zendesk to apply the update', () => fakes.zendesk.tickets.get(ZENDESK_TICKET)?.comments.length === 1);
    const afterFirst = structuredClone(fakes.zendesk.tickets.get(ZENDESK_TICKET));

    const task = await recover(env);
    await expectOneHandoff(task);
    expect(ticketPuts(fakes)).toHaveLength(2);
    const ticket = fakes.zendesk.tickets.get(ZENDESK_TICKET);
    expect({ status: ticket?.status, priority: ticket?.priority, tags: ticket?.tags }).toEqual({
      status: afterFirst?.status,
      priority: afterFirst?.priority,
      tags: afterFirst?.tags,
    });
    expect(ticket?.comments).toHaveLength(2);
    expect(ticket?.comments[1]).toEqual(ticket?.comments[0]);
    // Sent and recorded before the kill: once.
    expect(fakes.slack.messages).toHaveLength(1);
    expect(mailTo(fakes, TEAM)).toHaveLength(1);
    expect(mailTo(fakes, MANAGEMENT)).toHaveLength(1);
  }, 90_000);

  it('killed inside the last send (the management FYI): the Zendesk update and Slack message that completed are not repeated', async () => {
    // Customer reply and team email pass; the FYI, after Slack and Zendesk, stalls.
    fakes.smtp.inject({ stage: 'data' });
    fakes.smtp.inject({ stage: 'data' });
    fakes.smtp.inject({ stage: 'data', delayMs: STALL_MS });
    const { env, killed } = await startChild();
    await waitUntil('the FYI email to be inside DATA', () => fakes.tap.dataSent >= 3);
    expect(ticketPuts(fakes)).toHaveLength(1);
    child?.kill('SIGKILL');
    await killed;
    await waitUntil('the stalled email to land', () => mailTo(fakes, MANAGEMENT).length === 1);

    const task = await recover(env);
    await expectOneHandoff(task);
    expect(ticketPuts(fakes)).toHaveLength(1);
    expect(fakes.zendesk.tickets.get(ZENDESK_TICKET)?.comments).toHaveLength(1);
    expect(fakes.slack.calls('chat.postMessage')).toHaveLength(1);
    expect(fakes.slack.messages).toHaveLength(1);
    expect(mailTo(fakes, TEAM)).toHaveLength(1);
    expect(mailTo(fakes, CUSTOMER)).toHaveLength(1);
    const fyi = mailTo(fakes, MANAGEMENT);
    expect(fyi).toHaveLength(2);
    expect(fyi[0]?.parsed.messageId).toBe(fyi[1]?.parsed.messageId);
  }, 90_000);
});
