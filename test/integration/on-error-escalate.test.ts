/**
 * `on_error.then: escalate`, observed from the outside: the mail server refuses every connection, so
 * the customer's answer cannot be sent; the ticket must reach a person (a human task, the team told in
 * its Slack channel), and an escalated ticket must still have one handoff task, not two.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { startApp, type App } from '../../src/app.ts';
import type { JsonObject } from '../../src/engine/types.ts';
import { SlackFake } from '../fakes/slack-server.ts';
import { SmtpProxy } from '../fakes/smtp-proxy.ts';
import { SmtpFake } from '../fakes/smtp-server.ts';

const CHANNELS = {
  'customer-success': 'C0CUSTSUC1',
  'eng-escalations': 'C0ENGESC01',
  'support-escalation': 'C0SUPESC01',
  'support-management': 'C0SUPMGT01',
  'customer-support': 'C0CUSTSUP1',
};

async function ticket(name: string): Promise<JsonObject> {
  return JSON.parse(await readFile(new URL(`../../fixtures/tickets/${name}.json`, import.meta.url), 'utf8')) as JsonObject;
}

describe('on_error.then: escalate with the mail server down', () => {
  let dir = '';
  let smtp: SmtpFake;
  let gate: SmtpProxy;
  let slack: SlackFake;
  let app: App | null = null;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'triage-on-error-'));
    smtp = await new SmtpFake().start();
    gate = await new SmtpProxy().start(smtp.listeningPort);
    gate.open = false;
    slack = await new SlackFake({ channels: CHANNELS }).start();
  });

  afterEach(async () => {
    await app?.stop();
    app = null;
    await Promise.all([gate.stop(), smtp.stop(), slack.stop()]);
    await rm(dir, { recursive: true, force: true });
  });

  async function start(onError: JsonObject): Promise<App> {
    const policy = parse(await readFile(new URL('../../triage.policy.yaml', import.meta.url), 'utf8')) as Record<string, unknown>;
    policy.on_error = { ...(policy.on_error as object), retry: 1, backoff_ms: 10, ...onError };
    const file = join(dir, 'policy.yaml');
    await writeFile(file, stringify(policy));
    const smtpUrl = new URL(smtp.url);
    smtpUrl.port = String(gate.port);
    app = await startApp({
      env: {
        TRIAGE_DATA_DIR: dir,
        TRIAGE_POLICY: file,
        TRIAGE_LOG_LEVEL: 'silent',
        SMTP_URL: smtpUrl.toString(),
        EMAIL_FROM: 'Triage <triage@support.example.com>',
        SLACK_BOT_TOKEN: slack.token,
        SLACK_API_URL: slack.apiUrl,
      },
    });
    return app;
  }

  it('opens a human task for the routed team and tells it in its channel when the answer cannot be sent', async () => {
    const running = await start({ then: 'escalate' });
    const { task: created } = await running.engine.submit(await ticket('standard-password-reset'), 'cli');
    const rested = await running.engine.process(created._id);

    expect(rested.meta.flags).toEqual(expect.arrayContaining(['customer_not_notified', 'escalated_on_error']));
    const failedRun = rested.meta.runs.find((run) => run.stepId === 'customer_response' && run.outcome === 'failed');
    expect(failedRun?.explanation.join('\n')).toMatch(/on_error escalate: opened human task \S+ for customer_success/);

    const { items } = await running.humanTasks.service.list({ taskId: created._id });
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ type: 'escalation', team: 'customer_success', status: 'pending' });
    expect(items[0]?.title).toMatch(/^Step customer_response failed for "/);
    // Email is what is down; the team's channel still hears of it.
    const told = slack.messages.filter((m) => m.channel === CHANNELS['customer-success']);
    expect(told).toHaveLength(1);
    expect(JSON.stringify(told[0])).toContain(items[0]?._id);
  }, 60_000);

  it('opens nothing when the policy says then: fail', async () => {
    const running = await start({ then: 'fail' });
    const { task: created } = await running.engine.submit(await ticket('standard-password-reset'), 'cli');
    const rested = await running.engine.process(created._id);
    expect(rested.meta.flags).toContain('customer_not_notified');
    expect(rested.meta.flags).not.toContain('escalated_on_error');
    expect((await running.humanTasks.service.list({ taskId: created._id })).items).toHaveLength(0);
    expect(slack.messages).toHaveLength(0);
  }, 60_000);

  it('gives an escalated ticket its one handoff task, not a second one for the failure', async () => {
    const running = await start({ then: 'escalate' });
    const { task: created } = await running.engine.submit(await ticket('enterprise-critical'), 'cli');
    const rested = await running.engine.process(created._id);
    expect(rested.meta.flags).toContain('escalated_on_error');
    const { items } = await running.humanTasks.service.list({ taskId: created._id });
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ type: 'escalation', team: (rested.data.escalationPreparation as JsonObject).targetTeam });
  }, 60_000);
});
