import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { messageIdFor } from '../../connectors/email/message.ts';
import { createSmtpEmailConnector } from '../../connectors/email/smtp.ts';
import { handoffEmail } from '../../connectors/render/index.ts';
import type { HandoffNotice } from '../../connectors/types.ts';
import { loadConfig } from '../../src/config.ts';
import { isRetryable, NonRetryableError } from '../../src/errors.ts';
import { SmtpFake } from '../fakes/smtp-server.ts';
import { closedPort, expectNoSecret, failure } from '../support/connector-helpers.ts';

const smtp = new SmtpFake();
beforeAll(async () => {
  await smtp.start();
});
afterAll(async () => {
  await smtp.stop();
});
beforeEach(() => {
  smtp.received.length = 0;
  smtp.authAttempts.length = 0;
});

function connector(overrides: Record<string, string> = {}, timeoutMs = 2_000) {
  const config = loadConfig({ SMTP_URL: smtp.url, EMAIL_FROM: 'Triage <triage@acme.test>', ...overrides });
  return createSmtpEmailConnector(config, { ignoreTLS: true, timeoutMs });
}

const notice: HandoffNotice = {
  taskId: 'task-1',
  ticketId: 'T-1',
  subject: 'Charged twice <script>x</script>',
  urgency: 'immediate',
  priority: 'critical',
  decision: 'escalate_to_human',
  reason: 'Enterprise customer, high risk',
  team: { id: 'billing', name: 'Billing', email: 'billing@acme.test' },
  customer: { email: 'jo@example.com', tier: 'enterprise' },
  analysis: { category: 'billing', complexity: 'complex', frustrationLevel: 80, overallRisk: 90, specificIssue: 'double charge' },
  aiNotes: [],
  conversation: [{ role: 'customer', content: 'Please fix', at: '2025-01-01T00:00:00Z' }],
  recommendedActions: ['Refund'],
  communicationGuidance: 'Apologise',
  tags: [],
  contextUrl: 'http://127.0.0.1:3000/tasks/task-1',
  contextPackage: { ticket: 'T-1' },
};

describe('SMTP connector against smtp-server', () => {
  it('authenticates and delivers the handoff email with a Message-ID derived from the key', async () => {
    const delivery = await connector().send({ to: ['billing@acme.test'], cc: ['lead@acme.test'], ...handoffEmail(notice) }, 'task-1:email');
    expect(smtp.authAttempts).toEqual([{ username: 'triage', ok: true }]);
    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0];
    expect(mail?.from).toBe('triage@acme.test');
    expect(mail?.to).toEqual(['billing@acme.test', 'lead@acme.test']);
    expect(mail?.parsed.subject).toBe('[IMMEDIATE] Ticket T-1: Charged twice <script>x</script>');
    expect(mail?.parsed.html).toContain('&lt;script&gt;x&lt;/script&gt;');
    expect(mail?.parsed.html).not.toContain('<script>');
    expect(mail?.parsed.attachments.map((a) => [a.filename, a.mimeType])).toEqual([['context-T-1.json', 'application/json']]);
    const expectedId = messageIdFor('task-1:email', 'triage@acme.test');
    expect(mail?.parsed.messageId).toBe(expectedId);
    expect(delivery.ref).toBe(expectedId);
  });

  it('gives a retried send the same Message-ID so the receiver can deduplicate', async () => {
    const email = connector();
    await email.send({ to: ['a@acme.test'], subject: 's', text: 't' }, 'same-key');
    await email.send({ to: ['a@acme.test'], subject: 's', text: 't' }, 'same-key');
    await email.send({ to: ['a@acme.test'], subject: 's', text: 't' }, 'other-key');
    const ids = smtp.received.map((m) => m.parsed.messageId);
    expect(ids[0]).toBe(ids[1]);
    expect(ids[2]).not.toBe(ids[0]);
  });

  it('maps rejected credentials (535) to NonRetryableError naming SMTP_URL, without the password', async () => {
    const secret = 'wrong-smtp-secret';
    const error = await failure(connector({ SMTP_URL: smtp.urlWithPassword(secret) }).send({ to: ['a@acme.test'], subject: 's', text: 't' }, 'k'));
    expect(error).toBeInstanceOf(NonRetryableError);
    expect(error.message).toMatch(/SMTP_URL credentials were rejected/);
    expect(error.cause).toBeDefined();
    expectNoSecret(error, secret);
  });

  it('maps a permanent recipient refusal (550) to NonRetryableError', async () => {
    smtp.inject({ stage: 'rcpt', responseCode: 550, message: 'No such user' });
    const error = await failure(connector().send({ to: ['nobody@acme.test'], subject: 's', text: 't' }, 'k'));
    expect(error).toBeInstanceOf(NonRetryableError);
    expect(error.message).toMatch(/refused a sender or recipient.*550/);
  });

  it('maps a temporary refusal (451) to a retryable error', async () => {
    smtp.inject({ stage: 'data', responseCode: 451, message: 'Try again later' });
    const error = await failure(connector().send({ to: ['a@acme.test'], subject: 's', text: 't' }, 'k'));
    expect(isRetryable(error)).toBe(true);
    expect(error.message).toMatch(/deferred.*451/);
  });

  it('maps a server that never greets (timeout) to a retryable error', async () => {
    smtp.inject({ stage: 'connect', delayMs: 1_000 });
    const error = await failure(connector({}, 200).send({ to: ['a@acme.test'], subject: 's', text: 't' }, 'k'));
    expect(isRetryable(error)).toBe(true);
    expect(error.message).toMatch(/SMTP_URL could not be reached \(ETIMEDOUT/);
  });

  it('maps connection refused to a retryable error naming SMTP_URL, without the password', async () => {
    const port = await closedPort();
    const error = await failure(
      connector({ SMTP_URL: `smtp://triage:${smtp.password}@127.0.0.1:${port}` }).send({ to: ['a@acme.test'], subject: 's', text: 't' }, 'k'),
    );
    expect(isRetryable(error)).toBe(true);
    expect(error.message).toMatch(/SMTP_URL could not be reached.*ECONNREFUSED/);
    expectNoSecret(error, smtp.password);
  });

  it('refuses SMTP_URL without EMAIL_FROM or with another scheme', () => {
    expect(() => createSmtpEmailConnector(loadConfig({ SMTP_URL: smtp.url }))).toThrow(/EMAIL_FROM is required/);
    expect(() => createSmtpEmailConnector(loadConfig({ SMTP_URL: 'http://h:25', EMAIL_FROM: 'a@b.c' }))).toThrow(/smtp:\/\/ or smtps:\/\//);
  });
});
