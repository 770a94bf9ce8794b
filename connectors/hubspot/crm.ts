/**
 * Contact updates over HubSpot's CRM API with `@hubspot/api-client`. Configured by HUBSPOT_ACCESS_TOKEN
 * (a private app token) and, for a proxy or a test server, HUBSPOT_API_URL.
 */
import { Client } from '@hubspot/api-client';
import { ConfigError, type Config } from '../../src/config.ts';
import type { ContactUpdate, CrmConnector, Delivery } from '../types.ts';
import { mapHubspotError } from './errors.ts';
import { hubspotContactBody, hubspotIdProperty } from './payload.ts';

type HubspotConfig = Pick<Config, 'HUBSPOT_ACCESS_TOKEN' | 'HUBSPOT_API_URL'>;

/** Tuning for tests; production uses the defaults. */
export interface HubspotOptions {
  /** Per-call timeout in ms (the SDK has none). */
  timeoutMs?: number;
}

class TimeoutError extends Error {
  override name = 'TimeoutError';
}

/** Updates contact properties; `ref` is `hubspot:<contact id>`. */
export class HubspotCrmConnector implements CrmConnector {
  readonly kind = 'hubspot';

  constructor(
    private readonly client: Client,
    private readonly config: HubspotConfig,
    private readonly timeoutMs: number,
  ) {}

  async updateContact(update: ContactUpdate, _idempotencyKey: string): Promise<Delivery> {
    // Setting the same properties twice leaves the same contact, so a retried update is harmless.
    const call = this.client.crm.contacts.basicApi.update(
      update.contactId,
      hubspotContactBody(update),
      hubspotIdProperty(update.contactId),
    );
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new TimeoutError(`no answer within ${this.timeoutMs} ms`)), this.timeoutMs);
    });
    try {
      const contact = await Promise.race([call, timeout]);
      return { ref: `hubspot:${contact?.id ?? update.contactId}` };
    } catch (error) {
      throw mapHubspotError(error, update.contactId, this.config);
    } finally {
      clearTimeout(timer);
      // A timed-out call may still reject later; nobody is listening by then.
      call.catch(() => {});
    }
  }
}

/** Validates HUBSPOT_ACCESS_TOKEN and HUBSPOT_API_URL and builds the connector without calling HubSpot. */
export function createHubspotCrmConnector(config: HubspotConfig, options: HubspotOptions = {}): HubspotCrmConnector {
  if (!config.HUBSPOT_ACCESS_TOKEN) {
    throw new ConfigError('HUBSPOT_ACCESS_TOKEN is required to use HubSpot (a private app access token)');
  }
  const basePath = config.HUBSPOT_API_URL?.replace(/\/+$/, '');
  const client = new Client({
    accessToken: config.HUBSPOT_ACCESS_TOKEN,
    ...(basePath ? { basePath } : {}),
    // The SDK's retries sleep inside the call (10 s per 429) and log to the console; the engine's
    // backoff and RetryAfterError handle retries instead.
    numberOfApiCallRetries: 0,
  });
  return new HubspotCrmConnector(client, { ...config, HUBSPOT_API_URL: basePath }, options.timeoutMs ?? 15_000);
}
