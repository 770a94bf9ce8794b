/**
 * Slack failures as triage's error classes. Slack answers most problems with HTTP 200 and
 * `{ ok: false, error }`; those codes are deterministic, so only a known few are worth retrying.
 */
import { ErrorCode, type WebAPICallError } from '@slack/web-api';
import { redact, type Config } from '../../src/config.ts';
import { NonRetryableError, RetryAfterError } from '../../src/errors.ts';

type SlackConfig = Pick<Config, 'SLACK_BOT_TOKEN' | 'SLACK_API_URL'>;

const TOKEN_ERRORS = new Set([
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'not_allowed_token_type',
  'no_permission',
  'missing_scope',
  'ekm_access_denied',
  'team_access_not_granted',
]);
const CHANNEL_ERRORS = new Set(['channel_not_found', 'not_in_channel', 'is_archived', 'channel_is_archived']);
const TRANSIENT_ERRORS = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);

/** Copies what is useful for debugging from `error`, with secrets removed, to serve as a `cause`. */
function safeCause(error: unknown, config: SlackConfig): Error {
  const original = error instanceof Error ? error : new Error(String(error));
  const copy = new Error(redact(original.message, config));
  copy.name = original.name;
  copy.stack = redact(original.stack ?? '', config);
  const code = (original as { code?: unknown }).code;
  return Object.assign(copy, code === undefined ? {} : { code });
}

function networkReason(error: Error): string {
  const original = (error as { original?: unknown }).original;
  const inner = original instanceof Error ? original : error;
  if (inner.name === 'TimeoutError' || inner.name === 'AbortError') return 'timed out';
  const code = (inner.cause as { code?: unknown } | undefined)?.code ?? (inner as { code?: unknown }).code;
  return typeof code === 'string' ? code : inner.message;
}

/**
 * Maps an error thrown by `@slack/web-api` (after its own quick retries) to NonRetryableError,
 * RetryAfterError or a plain retryable Error, naming the setting to fix.
 */
export function mapSlackError(error: unknown, config: SlackConfig, channel?: string): Error {
  const cause = safeCause(error, config);
  const coded = error as Partial<WebAPICallError> | undefined;
  switch (coded?.code) {
    case ErrorCode.PlatformError: {
      const data = (error as { data: { error: string; needed?: string; response_metadata?: { retryAfter?: number } } }).data;
      const code = data.error;
      if (TOKEN_ERRORS.has(code)) {
        const scope = code === 'missing_scope' && data.needed ? `; add the ${data.needed} scope to the app` : '';
        return new NonRetryableError(`SLACK_BOT_TOKEN was rejected (${code})${scope}`, { cause });
      }
      if (CHANNEL_ERRORS.has(code)) {
        return new NonRetryableError(
          `Slack channel ${channel ?? ''} cannot be posted to (${code}); check the team's slack channel in the policy and invite the bot`,
          { cause },
        );
      }
      if (code === 'ratelimited') {
        const seconds = data.response_metadata?.retryAfter ?? 30;
        return new RetryAfterError(`Slack rate limit reached (ratelimited); retry in ${seconds}s`, seconds * 1000, { cause });
      }
      if (TRANSIENT_ERRORS.has(code)) return new Error(`Slack failed temporarily (${code})`, { cause });
      return new NonRetryableError(`Slack refused the request (${code})`, { cause });
    }
    case ErrorCode.RateLimitedError: {
      const seconds = (error as { retryAfter: number }).retryAfter;
      return new RetryAfterError(`Slack rate limit reached (HTTP 429); retry in ${seconds}s`, seconds * 1000, { cause });
    }
    case ErrorCode.HTTPError: {
      const status = (error as { statusCode: number }).statusCode;
      if (status >= 500) return new Error(`Slack answered HTTP ${status}; will retry`, { cause });
      return new NonRetryableError(
        `Slack answered HTTP ${status}; check SLACK_API_URL (${config.SLACK_API_URL ?? 'https://slack.com/api/'})`,
        { cause },
      );
    }
    case ErrorCode.RequestError:
      return new Error(
        `the Slack API at ${config.SLACK_API_URL ?? 'https://slack.com/api/'} could not be reached (${networkReason(error as Error)}); check SLACK_API_URL and the network`,
        { cause },
      );
    default:
      return new Error(`Slack call failed: ${redact(cause.message, config)}`, { cause });
  }
}
