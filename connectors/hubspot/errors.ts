/**
 * HubSpot failures as triage's error classes. The SDK throws `ApiException { code, body, headers }`
 * for every non-2xx status, and node-fetch's `FetchError` (with a system `code`) when there is no response.
 */
import { redact, type Config } from '../../src/config.ts';
import { NonRetryableError, RetryAfterError } from '../../src/errors.ts';

type HubspotConfig = Pick<Config, 'HUBSPOT_ACCESS_TOKEN' | 'HUBSPOT_API_URL'>;

/** HubSpot's error body: `{ status: 'error', message, category, correlationId, policyName?, errors? }`. */
interface HubspotErrorBody {
  message?: string;
  category?: string;
  policyName?: string;
  correlationId?: string;
}

function retryAfterMs(header: string | undefined, fallbackMs: number): number {
  if (!header) return fallbackMs;
  if (/^\d+(\.\d+)?$/.test(header.trim())) return Math.ceil(Number(header.trim()) * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? fallbackMs : Math.max(0, at - Date.now());
}

function safeCause(error: unknown, config: HubspotConfig): Error {
  const original = error instanceof Error ? error : new Error(String(error));
  const copy = new Error(redact(original.message, config));
  copy.name = original.name;
  copy.stack = redact(original.stack ?? '', config);
  const { code } = original as { code?: unknown };
  return Object.assign(copy, code === undefined ? {} : { code });
}

function parseBody(body: unknown): HubspotErrorBody {
  if (typeof body === 'string') {
    try {
      return JSON.parse(body) as HubspotErrorBody;
    } catch {
      return { message: body.slice(0, 200) };
    }
  }
  return body && typeof body === 'object' ? (body as HubspotErrorBody) : {};
}

/** Maps an error from `@hubspot/api-client` to an error naming the fix. */
export function mapHubspotError(error: unknown, contactId: string, config: HubspotConfig): Error {
  const cause = safeCause(error, config);
  const code = (error as { code?: unknown } | undefined)?.code;
  const base = config.HUBSPOT_API_URL ?? 'https://api.hubapi.com';
  if (typeof code !== 'number') {
    const reason = (error as Error | undefined)?.name === 'TimeoutError' ? 'timed out' : typeof code === 'string' ? code : cause.message;
    return new Error(`the HubSpot API at ${base} could not be reached (${redact(reason, config)}); check HUBSPOT_API_URL and the network`, {
      cause,
    });
  }
  const headers = ((error as { headers?: Record<string, string> }).headers ?? {}) as Record<string, string>;
  const body = parseBody((error as { body?: unknown }).body);
  const said = body.message ? `: ${redact(body.message, config)}` : '';
  const category = body.category ? ` ${body.category}` : '';
  if (code === 429) {
    // HubSpot sends Retry-After only sometimes; its policy name says which window ran out.
    const fallback = body.policyName === 'DAILY' ? 60 * 60_000 : 10_000;
    const delay = retryAfterMs(headers['retry-after'], fallback);
    return new RetryAfterError(`HubSpot rate limit reached (HTTP 429${category}); retry in ${Math.ceil(delay / 1000)}s`, delay, { cause });
  }
  if (code === 401) return new NonRetryableError(`HUBSPOT_ACCESS_TOKEN was rejected (HTTP 401${category}${said})`, { cause });
  if (code === 403) {
    return new NonRetryableError(
      `HUBSPOT_ACCESS_TOKEN lacks a scope (HTTP 403${category}${said}); grant crm.objects.contacts.write to the private app`,
      { cause },
    );
  }
  if (code === 404) return new NonRetryableError(`HubSpot contact ${contactId} was not found (HTTP 404${said})`, { cause });
  if (code >= 500 || code === 408 || code === 409) return new Error(`HubSpot answered HTTP ${code}${said}; will retry`, { cause });
  return new NonRetryableError(
    `HubSpot refused the contact update (HTTP ${code}${category}${said}); check the property names in the policy`,
    { cause },
  );
}
