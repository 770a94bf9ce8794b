/**
 * Wires the connectors from configuration: each channel uses its real service when its credentials
 * are set and the outbox otherwise, so a new user sees every effect as a file and a configured
 * channel never silently falls back. A channel that is only partly configured is a start-up error.
 */
import type { Config } from '../src/config.ts';
import { hubspotConfigured, slackConfigured, smtpConfigured, zendeskConfigured } from './configured.ts';
import type { SmtpOptions } from './email/smtp.ts';
import type { HubspotOptions } from './hubspot/crm.ts';
import type { Reasoner } from './llm/types.ts';
import {
  FileReportSink,
  OutboxChatConnector,
  OutboxCrmConnector,
  OutboxEmailConnector,
  OutboxTicketingConnector,
} from './outbox/index.ts';
import { directWriter, type OutboxWriter } from './outbox/writer.ts';
import type { SlackOptions } from './slack/chat.ts';
import type { Connectors } from './types.ts';
import type { ZendeskOptions } from './zendesk/ticketing.ts';

export interface CreateConnectorsOptions {
  reasoner: Reasoner;
  /** Folder for the outbox and reports; `config.TRIAGE_DATA_DIR` by default. */
  dataDir?: string;
  /**
   * What makes the outbox's files (every channel without credentials, and the reports); writing on
   * the calling thread by default. The caller that passes one owns it (closes it when done).
   */
  outbox?: OutboxWriter;
  /** Per-service tuning (timeouts, retries); tests use it, production leaves it out. */
  smtp?: SmtpOptions;
  slack?: SlackOptions;
  zendesk?: ZendeskOptions;
  hubspot?: HubspotOptions;
}

/**
 * Builds every connector without touching the network. Throws a `ConfigError` naming the key when a
 * channel's settings are incomplete or malformed. A service's SDK is loaded only when its keys are
 * set: a default start (every channel to the outbox) loads none of them.
 */
export async function createConnectors(config: Config, options: CreateConnectorsOptions): Promise<Connectors> {
  const dataDir = options.dataDir ?? config.TRIAGE_DATA_DIR;
  const outbox = options.outbox ?? directWriter(dataDir);
  const [email, chat, ticketing, crm] = await Promise.all([
    smtpConfigured(config)
      ? import('./email/smtp.ts').then(({ createSmtpEmailConnector }) => createSmtpEmailConnector(config, options.smtp))
      : new OutboxEmailConnector(outbox, config.EMAIL_FROM),
    slackConfigured(config)
      ? import('./slack/chat.ts').then(({ createSlackChatConnector }) => createSlackChatConnector(config, options.slack))
      : new OutboxChatConnector(outbox),
    zendeskConfigured(config)
      ? import('./zendesk/ticketing.ts').then(({ createZendeskTicketingConnector }) => createZendeskTicketingConnector(config, options.zendesk))
      : new OutboxTicketingConnector(outbox),
    hubspotConfigured(config)
      ? import('./hubspot/crm.ts').then(({ createHubspotCrmConnector }) => createHubspotCrmConnector(config, options.hubspot))
      : new OutboxCrmConnector(outbox),
  ]);
  return { reasoner: options.reasoner, email, chat, ticketing, crm, reports: new FileReportSink(outbox) };
}

/** One line per channel saying where its effects go, for start-up logs and `triage serve`. */
export function describeConnectors(connectors: Connectors, dataDir: string): string[] {
  const where = (kind: string, service: string) => (kind === 'outbox' ? `outbox (${dataDir}/outbox)` : service);
  return [
    `email: ${where(connectors.email.kind, 'SMTP')}`,
    `chat: ${where(connectors.chat.kind, 'Slack')}`,
    `ticketing: ${where(connectors.ticketing.kind, 'Zendesk')}`,
    `crm: ${where(connectors.crm.kind, 'HubSpot')}`,
    `reports: ${dataDir}/outbox/reports`,
  ];
}

export type { Connectors } from './types.ts';
