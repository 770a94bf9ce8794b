/**
 * Ticket updates over Zendesk's Support API with `node-zendesk`. Configured by ZENDESK_EMAIL,
 * ZENDESK_API_TOKEN and either ZENDESK_SUBDOMAIN or ZENDESK_API_URL (a proxy or a test server).
 */
import zendesk from 'node-zendesk';
import { ConfigError, type Config } from '../../src/config.ts';
import { NonRetryableError } from '../../src/errors.ts';
import type { Delivery, TicketingConnector, TicketUpdate } from '../types.ts';
import { mapZendeskNetworkError, mapZendeskStatus } from './errors.ts';
import { zendeskTicketBody } from './payload.ts';

type ZendeskConfig = Pick<Config, 'ZENDESK_SUBDOMAIN' | 'ZENDESK_API_URL' | 'ZENDESK_EMAIL' | 'ZENDESK_API_TOKEN'>;

/** Tuning for tests; production uses the defaults. */
export interface ZendeskOptions {
  /** Per-request timeout in ms. */
  timeoutMs?: number;
}

type ZendeskClient = ReturnType<typeof zendesk.createClient>;
interface RawResponse {
  status: number;
  headers: { get(name: string): string | null };
}

/** Updates tickets with `PUT /api/v2/tickets/{id}.json`; `ref` is `zendesk:<ticket id>`. */
export class ZendeskTicketingConnector implements TicketingConnector {
  readonly kind = 'zendesk';

  constructor(
    private readonly client: ZendeskClient,
    private readonly baseUrl: string,
    private readonly config: ZendeskConfig,
  ) {}

  async update(update: TicketUpdate, _idempotencyKey: string): Promise<Delivery> {
    const ticketId = update.externalId;
    if (!/^\d+$/.test(ticketId)) {
      throw new NonRetryableError(`Zendesk ticket ids are numbers; "${ticketId.slice(0, 40)}" is not one`);
    }
    let outcome: { response: RawResponse; result: unknown };
    try {
      // The SDK's declared payload type omits additional_tags, which its endpoint accepts.
      const body = zendeskTicketBody(update) as unknown as Parameters<ZendeskClient['tickets']['update']>[1];
      outcome = (await this.client.tickets.update(Number(ticketId), body)) as unknown as typeof outcome;
    } catch (error) {
      const status = (error as { statusCode?: unknown }).statusCode;
      if (typeof status === 'number') {
        const body = (error as { result?: unknown }).result;
        throw mapZendeskStatus(status, { ticketId, body, cause: error }, this.config);
      }
      throw mapZendeskNetworkError(error, this.baseUrl, this.config);
    }
    const { response, result } = outcome;
    if (response.status >= 400 || result instanceof Error) {
      throw mapZendeskStatus(
        response.status,
        { ticketId, retryAfter: response.headers.get('retry-after'), body: result, cause: result },
        this.config,
      );
    }
    return { ref: `zendesk:${ticketId}` };
  }
}

/** The API base URL: ZENDESK_API_URL as given, else the account's own host. */
function endpointFor(config: ZendeskConfig): string {
  if (config.ZENDESK_API_URL) return config.ZENDESK_API_URL.replace(/\/+$/, '');
  const subdomain = config.ZENDESK_SUBDOMAIN ?? '';
  if (!/^[a-z0-9][a-z0-9-]*$/i.test(subdomain)) {
    throw new ConfigError(`ZENDESK_SUBDOMAIN must be the account name only (e.g. "acme" for acme.zendesk.com), got "${subdomain}"`);
  }
  return `https://${subdomain}.zendesk.com/api/v2`;
}

/** Validates the Zendesk keys and builds the connector without calling Zendesk. */
export function createZendeskTicketingConnector(config: ZendeskConfig, options: ZendeskOptions = {}): ZendeskTicketingConnector {
  if (!config.ZENDESK_SUBDOMAIN && !config.ZENDESK_API_URL) {
    throw new ConfigError('ZENDESK_SUBDOMAIN (or ZENDESK_API_URL) is required to use Zendesk');
  }
  if (!config.ZENDESK_EMAIL) throw new ConfigError('ZENDESK_EMAIL is required to use Zendesk (the agent the API token belongs to)');
  if (!config.ZENDESK_API_TOKEN) throw new ConfigError('ZENDESK_API_TOKEN is required to use Zendesk');
  const endpointUri = endpointFor(config);
  const timeoutMs = options.timeoutMs ?? 15_000;
  const client = zendesk.createClient({
    username: config.ZENDESK_EMAIL,
    token: config.ZENDESK_API_TOKEN,
    endpointUri,
    // Without it the SDK flattens failures into messages and drops the status code.
    throwOriginalException: true,
    debug: false,
    // The SDK's own transport has no timeout; this one is Node's fetch with one.
    transportConfig: {
      transportFn: (uri: string, init: { method: string; headers: Record<string, string>; body?: string }) =>
        fetch(uri, { method: init.method, headers: init.headers, body: init.body ?? null, signal: AbortSignal.timeout(timeoutMs) }),
      responseAdapter: (response: Response) => ({
        json: () => response.json(),
        status: response.status,
        headers: { get: (name: string) => response.headers.get(name) },
        statusText: response.statusText,
      }),
    },
  });
  return new ZendeskTicketingConnector(client, endpointUri, config);
}
