import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PostalMime from 'postal-mime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConnectors } from '../../connectors/index.ts';
import type { OutboxRequest } from '../../connectors/outbox/index.ts';
import { handoffEmail, handoffSlackMessage } from '../../connectors/render/index.ts';
import type { Connectors, HandoffNotice } from '../../connectors/types.ts';
import { loadConfig } from '../../src/config.ts';
import { HubspotFake } from '../fakes/hubspot-server.ts';
import { SlackFake } from '../fakes/slack-server.ts';
import { SmtpFake } from '../fakes/smtp-server.ts';
import { ZendeskFake } from '../fakes/zendesk-server.ts';

const slack = new SlackFake();
const zendesk = new ZendeskFake();
const hubspot = new HubspotFake();
const smtp = new SmtpFake();
let dataDir: string;

beforeAll(async () => {
  await Promise.all([slack.start(), zendesk.start(), hubspot.start(), smtp.start()]);
  dataDir = await mkdtemp(join(tmpdir(), 'triage-wiring-'));
});
afterAll(async () => {
  await Promise.all([slack.stop(), zendesk.stop(), hubspot.stop(), smtp.stop()]);
  await rm(dataDir, { recursive: true, force: true });
});

const notice: HandoffNotice = {
  taskId: 'task-9',
  ticketId: '42',
  humanTaskId: 'ht-9',
  subject: 'Data export broken',
  urgency: 'urgent',
  priority: 'high',
  decision: 'escalate_to_human',
  reason: 'Integration failure for an enterprise account',
  team: { id: 'billing', name: 'Billing', email: 'billing@acme.test', slackChannel: '#billing' },
  customer: { email: 'jo@example.com', tier: 'enterprise' },
  analysis: { category: 'integration', complexity: 'complex', frustrationLevel: 70, overallRisk: 80, specificIssue: 'export fails' },
  aiNotes: ['first contact'],
  conversation: [],
  recommendedActions: ['Check the export job'],
  communicationGuidance: 'Be specific',
  tags: ['escalated'],
  contextUrl: 'http://127.0.0.1:3000/tasks/task-9',
  contextPackage: { ticket: '42' },
};

async function sendAll(connectors: Connectors) {
  return {
    email: await connectors.email.send({ to: [notice.team.email], ...handoffEmail(notice) }, 'task-9:email'),
    chat: await connectors.chat.post({ channel: '#billing', ...handoffSlackMessage(notice) }, 'task-9:slack'),
    ticket: await connectors.ticketing.update({ externalId: '42', status: 'open', tags: ['escalated'], internalNote: 'note' }, 'task-9:zendesk'),
    crm: await connectors.crm.updateContact({ contactId: '501', properties: { triage_risk: '80' } }, 'task-9:hubspot'),
  };
}

describe('createConnectors', () => {
  it('sends through every real service when configured, and the outbox records the same requests', async () => {
    const config = loadConfig({
      SMTP_URL: smtp.url,
      EMAIL_FROM: 'triage@acme.test',
      SLACK_BOT_TOKEN: slack.token,
      SLACK_API_URL: slack.apiUrl,
      ZENDESK_API_URL: zendesk.apiUrl,
      ZENDESK_EMAIL: zendesk.email,
      ZENDESK_API_TOKEN: zendesk.apiToken,
      HUBSPOT_ACCESS_TOKEN: hubspot.token,
      HUBSPOT_API_URL: hubspot.url,
    });
    const real = await createConnectors(config, { reasoner: {} as never, dataDir, smtp: { ignoreTLS: true } });
    await sendAll(real);
    expect(smtp.received).toHaveLength(1);
    expect(slack.calls('chat.postMessage')).toHaveLength(1);
    expect(zendesk.requests.filter((r) => r.method === 'PUT')).toHaveLength(1);
    expect(hubspot.requests).toHaveLength(1);

    const outbox = await createConnectors(loadConfig({ EMAIL_FROM: 'triage@acme.test' }), { reasoner: {} as never, dataDir });
    const refs = await sendAll(outbox);
    const read = async (ref: string) => JSON.parse(await readFile(join(dataDir, ref), 'utf8')) as OutboxRequest;

    const slackFile = await read(refs.chat.ref);
    const slackWire = slack.calls('chat.postMessage')[0];
    expect(slackFile.path).toBe(slackWire?.path);
    const { unfurl_links: _a, unfurl_media: _b, ...slackSent } = slackWire?.body as Record<string, unknown>;
    const { unfurl_links: _c, unfurl_media: _d, ...slackRecorded } = slackFile.body as Record<string, unknown>;
    expect(slackRecorded).toEqual(slackSent);

    const zendeskFile = await read(refs.ticket.ref);
    const zendeskWire = zendesk.requests.find((r) => r.method === 'PUT');
    expect([zendeskFile.method, zendeskFile.path, zendeskFile.body]).toEqual([zendeskWire?.method, zendeskWire?.path, zendeskWire?.body]);

    const hubspotFile = await read(refs.crm.ref);
    const hubspotWire = hubspot.requests[0];
    expect([hubspotFile.method, hubspotFile.path, hubspotFile.body]).toEqual([hubspotWire?.method, hubspotWire?.path, hubspotWire?.body]);

    const eml = await PostalMime.parse(await readFile(join(dataDir, refs.email.ref)));
    const wire = smtp.received[0]?.parsed;
    expect([eml.subject, eml.messageId, eml.text, eml.html]).toEqual([wire?.subject, wire?.messageId, wire?.text, wire?.html]);
  });
});
