/**
 * Zendesk failures as triage's error classes. node-zendesk throws for most 4xx/5xx but *returns*
 * 429 (any response with Retry-After) and statuses it has no name for (502, 504), so callers check
 * the response status as well as catching.
 */
import { redact, type Config } from '../../src/config.ts';
import { NonRetryableError, RetryAfterError } from '../../src/errors.ts';

type ZendeskConfig = Pick<Config, 'ZENDESK_SUBDOMAIN' | 'ZENDESK_API_URL' | 'ZENDESK_EMAIL' | 'ZENDESK_API_TOKEN'>;

/** Delay in ms from a Retry-After header (seconds or an HTTP date); `fallbackMs` when absent or unreadable. */
export function retryAfterMs(header: string | null | undefined, fallbackMs: number, now = Date.now()): number {
  if (!header) return fallbackMs;
  const trimmed = header.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.ceil(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? fallbackMs : Math.max(0, at - now);
}

function safeCause(error: unknown, config: ZendeskConfig): Error {
  const original = error instanceof Error ? error : new Error(String(error));
  const copy = new Error(redact(original.message, config));
  copy.name = original.name;
  copy.stack = redact(original.stack ?? '', config);
  const { statusCode, code } = original as { statusCode?: unknown; code?: unknown };
  return Object.assign(copy, statusCode === undefined ? {} : { statusCode }, code === undefined ? {} : { code });
}

/** What Zendesk said, from its error body (`{ error, description, details }` or `{ error: { title, message } }`). */
function describe(body: unknown): string {
  if (!body || typeof body !== 'object') return '';
  const { error, description, details } = body as { error?: unknown; description?: unknown; details?: unknown };
  const parts: string[] = [];
  if (typeof error === 'string') parts.push(error);
  else if (error && typeof error === 'object') {
    const { title, message } = error as { title?: unknown; message?: unknown };
    parts.push([title, message].filter((part) => typeof part === 'string').join(': '));
  }
  if (typeof description === 'string') parts.push(description);
  if (details && typeof details === 'object') parts.push(JSON.stringify(details).slice(0, 300));
  return parts.filter(Boolean).join(' - ');
}

/** Maps an HTTP status from Zendesk (with its body and Retry-After) to an error naming the fix. */
export function mapZendeskStatus(
  status: number,
  context: { ticketId: string; retryAfter?: string | null; body?: unknown; cause?: unknown },
  config: ZendeskConfig,
): Error {
  const cause = safeCause(context.cause ?? new Error(`HTTP ${status}`), config);
  const said = redact(describe(context.body), config);
  const suffix = said ? `: ${said}` : '';
  if (status === 429 || (status === 503 && context.retryAfter)) {
    const delay = retryAfterMs(context.retryAfter, 60_000);
    return new RetryAfterError(`Zendesk rate limit reached (HTTP ${status}); retry in ${Math.ceil(delay / 1000)}s`, delay, { cause });
  }
  if (status === 401) {
    return new NonRetryableError(`ZENDESK_EMAIL / ZENDESK_API_TOKEN were rejected (HTTP 401${suffix})`, { cause });
  }
  if (status === 403) {
    return new NonRetryableError(`ZENDESK_API_TOKEN is not allowed to update tickets (HTTP 403${suffix}); use an agent or admin account`, { cause });
  }
  if (status === 404) {
    return new NonRetryableError(
      `Zendesk ticket ${context.ticketId} was not found (HTTP 404); check ZENDESK_SUBDOMAIN / ZENDESK_API_URL point at the account the ticket came from`,
      { cause },
    );
  }
  // 409: another update won a race on the ticket; Zendesk asks clients to retry.
  if (status >= 500 || status === 409 || status === 408) {
    return new Error(`Zendesk answered HTTP ${status}${suffix}; will retry`, { cause });
  }
  return new NonRetryableError(
    `Zendesk refused the update of ticket ${context.ticketId} (HTTP ${status}${suffix}); check the group id and values in the policy`,
    { cause },
  );
}

/** Maps a failure that produced no HTTP response (refused, reset, timed out). */
export function mapZendeskNetworkError(error: unknown, baseUrl: string, config: ZendeskConfig): Error {
  const original = error instanceof Error ? error : new Error(String(error));
  const code = (original.cause as { code?: unknown } | undefined)?.code ?? (original as { code?: unknown }).code;
  const reason = original.name === 'TimeoutError' ? 'timed out' : typeof code === 'string' ? code : original.message;
  return new Error(
    `the Zendesk API at ${baseUrl} could not be reached (${redact(reason, config)}); check ZENDESK_SUBDOMAIN / ZENDESK_API_URL and the network`,
    { cause: safeCause(original, config) },
  );
}
