/**
 * Which outside services the configuration turns on. Kept apart from the connectors themselves so that
 * deciding costs no SDK: a channel's SDK is loaded only when its keys are set (connectors/index.ts).
 */
import type { Config } from '../src/config.ts';

/** True when SMTP is configured at all (then it must be configured completely). */
export function smtpConfigured(config: Pick<Config, 'SMTP_URL'>): boolean {
  return config.SMTP_URL !== undefined;
}

/** True when any Slack key is set (then the bot token must be). */
export function slackConfigured(config: Pick<Config, 'SLACK_BOT_TOKEN' | 'SLACK_API_URL'>): boolean {
  return config.SLACK_BOT_TOKEN !== undefined || config.SLACK_API_URL !== undefined;
}

/** True when any Zendesk key is set (then all the required ones must be). */
export function zendeskConfigured(config: Pick<Config, 'ZENDESK_SUBDOMAIN' | 'ZENDESK_API_URL' | 'ZENDESK_EMAIL' | 'ZENDESK_API_TOKEN'>): boolean {
  return [config.ZENDESK_SUBDOMAIN, config.ZENDESK_API_URL, config.ZENDESK_EMAIL, config.ZENDESK_API_TOKEN].some((value) => value !== undefined);
}

/** True when any HubSpot key is set (then the token must be). */
export function hubspotConfigured(config: Pick<Config, 'HUBSPOT_ACCESS_TOKEN' | 'HUBSPOT_API_URL'>): boolean {
  return config.HUBSPOT_ACCESS_TOKEN !== undefined || config.HUBSPOT_API_URL !== undefined;
}
