import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PostalMime from 'postal-mime';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createConnectors } from '../../../connectors/index.ts';
import { fileNameForKey, writeOnce } from '../../../connectors/outbox/files.mjs';
import {
  FileReportSink,
  OutboxChatConnector,
  OutboxCrmConnector,
  OutboxEmailConnector,
  OutboxTicketingConnector,
  type OutboxRequest,
} from '../../../connectors/outbox/index.ts';
import { loadConfig } from '../../../src/config.ts';

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'triage-outbox-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(join(dataDir, dir), { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => entry.name).sort();
}

describe('fileNameForKey', () => {
  it('keeps keys apart that sanitise to the same text and strips path tricks', () => {
    expect(fileNameForKey('a/b')).not.toBe(fileNameForKey('a_b'));
    expect(fileNameForKey('../../etc/passwd')).not.toMatch(/[/\\]|^\./);
    expect(fileNameForKey('x'.repeat(500)).length).toBeLessThan(120);
  });
});

describe('outbox email', () => {
  const message = {
    to: ['billing@example.com'],
    cc: ['lead@example.com'],
    subject: '[URGENT] Ticket T-1: refund',
    text: 'plain body',
    html: '<p>html body</p>',
    attachments: [{ filename: 'context.json', content: '{"a":1}', contentType: 'application/json' }],
  };

  it('writes a genuine .eml that parses back into the message', async () => {
    const delivery = await new OutboxEmailConnector(dataDir, 'triage@acme.test').send(message, 'task-1:handoff:email');
    expect(delivery.ref).toMatch(/^outbox\/email\/task-1_handoff_email-[0-9a-f]+\.eml$/);
    const email = await PostalMime.parse(await readFile(join(dataDir, delivery.ref)));
    expect(email.subject).toBe(message.subject);
    expect(email.from?.address).toBe('triage@acme.test');
    expect(email.to?.map((a) => a.address)).toEqual(['billing@example.com']);
    expect(email.cc?.map((a) => a.address)).toEqual(['lead@example.com']);
    expect(email.text?.trim()).toBe('plain body');
    expect(email.html).toContain('<p>html body</p>');
    expect(email.attachments).toHaveLength(1);
    expect(email.attachments[0]?.filename).toBe('context.json');
    expect(email.messageId).toMatch(/^<triage\.[0-9a-f]+@acme\.test>$/);
  });

  it('writes once per idempotency key', async () => {
    const connector = new OutboxEmailConnector(dataDir);
    const first = await connector.send(message, 'k1');
    const before = await stat(join(dataDir, first.ref));
    const second = await connector.send({ ...message, subject: 'changed' }, 'k1');
    expect(second.ref).toBe(first.ref);
    expect(await filesUnder('outbox/email')).toHaveLength(1);
    expect((await stat(join(dataDir, first.ref))).mtimeMs).toBe(before.mtimeMs);
    const email = await PostalMime.parse(await readFile(join(dataDir, first.ref)));
    expect(email.subject).toBe(message.subject);
    await connector.send(message, 'k2');
    expect(await filesUnder('outbox/email')).toHaveLength(2);
  });

  it('survives concurrent sends with the same key', async () => {
    const connector = new OutboxEmailConnector(dataDir);
    const refs = await Promise.all(Array.from({ length: 8 }, () => connector.send(message, 'race')));
    expect(new Set(refs.map((r) => r.ref)).size).toBe(1);
    expect(await filesUnder('outbox/email')).toHaveLength(1);
  });
});

describe('outbox API calls', () => {
  async function readRequest(ref: string): Promise<OutboxRequest> {
    return JSON.parse(await readFile(join(dataDir, ref), 'utf8')) as OutboxRequest;
  }

  it('records the Slack request with the idempotency key in metadata', async () => {
    const chat = new OutboxChatConnector(dataDir);
    const delivery = await chat.post({ channel: '#billing', text: 'hi', blocks: [{ type: 'section' }] }, 'k-slack');
    const request = await readRequest(delivery.ref);
    expect(request).toMatchObject({ service: 'slack', method: 'POST', path: '/api/chat.postMessage' });
    expect(request.body).toMatchObject({
      channel: '#billing',
      text: 'hi',
      blocks: [{ type: 'section' }],
      metadata: { event_type: 'triage_message', event_payload: { idempotency_key: 'k-slack' } },
    });
    await chat.post({ channel: '#billing', text: 'again' }, 'k-slack');
    expect(await filesUnder('outbox/slack')).toHaveLength(1);
  });

  it('records the Zendesk request: additional tags and a private note', async () => {
    const ticketing = new OutboxTicketingConnector(dataDir);
    const delivery = await ticketing.update(
      { externalId: '42', status: 'open', priority: 'urgent', groupId: 7, tags: ['escalated'], internalNote: 'why' },
      'k-zd',
    );
    const request = await readRequest(delivery.ref);
    expect(request).toMatchObject({ service: 'zendesk', method: 'PUT', path: '/api/v2/tickets/42.json' });
    expect(request.body).toEqual({
      ticket: { status: 'open', priority: 'urgent', group_id: 7, additional_tags: ['escalated'], comment: { body: 'why', public: false } },
    });
  });

  it('records the HubSpot request, by email when the id is an address', async () => {
    const crm = new OutboxCrmConnector(dataDir);
    const byId = await readRequest((await crm.updateContact({ contactId: '501', properties: { tier: 'gold' } }, 'k-h1')).ref);
    expect(byId).toMatchObject({ service: 'hubspot', method: 'PATCH', path: '/crm/v3/objects/contacts/501', body: { properties: { tier: 'gold' } } });
    const byEmail = await readRequest((await crm.updateContact({ contactId: 'a@b.co', properties: {} }, 'k-h2')).ref);
    expect(byEmail.path).toBe('/crm/v3/objects/contacts/a%40b.co?idProperty=email');
  });

  it('writes reports per task, once per key', async () => {
    const sink = new FileReportSink(dataDir);
    const first = await sink.write('task/1', { score: 1 }, 'r1');
    await sink.write('task/1', { score: 2 }, 'r1');
    expect(first.ref).toMatch(/^outbox\/reports\/task_1-[0-9a-f]+\/r1-[0-9a-f]+\.json$/);
    expect(JSON.parse(await readFile(join(dataDir, first.ref), 'utf8'))).toMatchObject({ taskId: 'task/1', report: { score: 1 } });
    expect(await filesUnder('outbox/reports')).toHaveLength(1);
  });
});

describe('createConnectors', () => {
  const reasoner = {} as never;

  it('uses the outbox for every channel without credentials', async () => {
    const connectors = await createConnectors(loadConfig({}), { reasoner, dataDir });
    expect([connectors.email.kind, connectors.chat.kind, connectors.ticketing.kind, connectors.crm.kind]).toEqual([
      'outbox',
      'outbox',
      'outbox',
      'outbox',
    ]);
    expect(connectors.reports.kind).toBe('file');
  });

  it('uses each real service whose credentials are set', async () => {
    const config = loadConfig({
      SMTP_URL: 'smtp://u:p@127.0.0.1:2525',
      EMAIL_FROM: 'triage@acme.test',
      SLACK_BOT_TOKEN: 'xoxb-123',
      ZENDESK_SUBDOMAIN: 'acme',
      ZENDESK_EMAIL: 'agent@acme.test',
      ZENDESK_API_TOKEN: 'zd-token',
      HUBSPOT_ACCESS_TOKEN: 'pat-na1-123',
    });
    const connectors = await createConnectors(config, { reasoner, dataDir });
    expect([connectors.email.kind, connectors.chat.kind, connectors.ticketing.kind, connectors.crm.kind]).toEqual([
      'smtp',
      'slack',
      'zendesk',
      'hubspot',
    ]);
  });

  it('refuses a half-configured channel, naming the missing key', async () => {
    await expect(createConnectors(loadConfig({ SMTP_URL: 'smtp://h:25' }), { reasoner, dataDir })).rejects.toThrow(/EMAIL_FROM/);
    await expect(createConnectors(loadConfig({ ZENDESK_SUBDOMAIN: 'acme' }), { reasoner, dataDir })).rejects.toThrow(/ZENDESK_EMAIL/);
    await expect(createConnectors(loadConfig({ SLACK_BOT_TOKEN: 'nope' }), { reasoner, dataDir })).rejects.toThrow(/SLACK_BOT_TOKEN/);
    await expect(createConnectors(loadConfig({ HUBSPOT_API_URL: 'http://127.0.0.1:1' }), { reasoner, dataDir })).rejects.toThrow(/HUBSPOT_ACCESS_TOKEN/);
  });

  it('never puts a secret in a configuration error', async () => {
    const config = loadConfig({ SMTP_URL: 'ftp://user:hunter22secret@h:25', EMAIL_FROM: 'a@b.c' });
    const refused = await createConnectors(config, { reasoner, dataDir }).then(() => null, (error: unknown) => error as Error);
    expect(refused?.message).toMatch(/SMTP_URL/);
    expect(refused?.message).not.toContain('hunter22secret');
  });
});

describe('writeOnce', () => {
  let dir = '';
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'triage-write-once-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes again after the outbox folder was removed under a running process, and leaves no temporary file', async () => {
    expect(await writeOnce(dir, 'outbox/email/a.eml', 'first')).toBe('outbox/email/a.eml');
    await rm(join(dir, 'outbox'), { recursive: true });
    expect(await writeOnce(dir, 'outbox/email/b.eml', 'second')).toBe('outbox/email/b.eml');
    expect(await readFile(join(dir, 'outbox/email/b.eml'), 'utf8')).toBe('second');
    expect(await readdir(join(dir, 'outbox/email'))).toEqual(['b.eml']);
  });

  it('keeps the first content for a key written twice', async () => {
    await writeOnce(dir, 'outbox/slack/k.json', 'one');
    await writeOnce(dir, 'outbox/slack/k.json', 'two');
    expect(await readFile(join(dir, 'outbox/slack/k.json'), 'utf8')).toBe('one');
    expect(await readdir(join(dir, 'outbox/slack'))).toEqual(['k.json']);
  });
});
