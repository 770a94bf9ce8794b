import { ErrorCode } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import { mapSmtpError } from '../../../connectors/email/smtp.ts';
import { mapHubspotError } from '../../../connectors/hubspot/errors.ts';
import { mapSlackError } from '../../../connectors/slack/errors.ts';
import { isRetryable, NonRetryableError, RetryAfterError } from '../../../src/errors.ts';

function platform(error: string, extra: Record<string, unknown> = {}) {
  return Object.assign(new Error(`An API error occurred: ${error}`), { code: ErrorCode.PlatformError, data: { ok: false, error, ...extra } });
}

describe('mapSlackError', () => {
  const config = { SLACK_BOT_TOKEN: 'xoxb-secret-abc', SLACK_API_URL: undefined };

  it('classifies Slack error codes', () => {
    expect(mapSlackError(platform('token_revoked'), config)).toBeInstanceOf(NonRetryableError);
    const scope = mapSlackError(platform('missing_scope', { needed: 'chat:write' }), config);
    expect(scope.message).toMatch(/SLACK_BOT_TOKEN was rejected \(missing_scope\); add the chat:write scope/);
    expect(mapSlackError(platform('not_in_channel'), config, 'C1').message).toMatch(/C1.*invite the bot/);
    const limited = mapSlackError(platform('ratelimited', { response_metadata: { retryAfter: 4 } }), config);
    expect(limited).toBeInstanceOf(RetryAfterError);
    expect((limited as RetryAfterError).retryAfterMs).toBe(4_000);
    const transient = mapSlackError(platform('internal_error'), config);
    expect(isRetryable(transient)).toBe(true);
    expect(mapSlackError(platform('invalid_blocks'), config)).toBeInstanceOf(NonRetryableError);
  });

  it('keeps the token out of the message and the cause', () => {
    const error = mapSlackError(new Error('boom with xoxb-secret-abc inside'), config);
    expect(error.message).not.toContain('xoxb-secret-abc');
    expect((error.cause as Error).message).not.toContain('xoxb-secret-abc');
  });
});

describe('mapSmtpError', () => {
  const config = { SMTP_URL: 'smtp://u:pa55word@h:25', EMAIL_FROM: 'a@b.c' };
  const smtpError = (code: string | undefined, responseCode?: number, response?: string) =>
    Object.assign(new Error(response ?? code ?? 'x'), { code, responseCode, response });

  it('follows RFC 5321: 5yz permanent (but 503), 4yz transient', () => {
    expect(mapSmtpError(smtpError('EAUTH', 535, '535 bad pa55word'), config)).toBeInstanceOf(NonRetryableError);
    expect(mapSmtpError(smtpError('EAUTH', 535, '535 bad pa55word'), config).message).not.toContain('pa55word');
    expect(mapSmtpError(smtpError('EENVELOPE', 550, '550 no such user'), config).message).toMatch(/sender or recipient/);
    expect(mapSmtpError(smtpError('EMESSAGE', 552, '552 too big'), config)).toBeInstanceOf(NonRetryableError);
    expect(isRetryable(mapSmtpError(smtpError('EMESSAGE', 503, '503 bad sequence'), config))).toBe(true);
    expect(isRetryable(mapSmtpError(smtpError('EENVELOPE', 452, '452 mailbox full'), config))).toBe(true);
    expect(isRetryable(mapSmtpError(smtpError('ESOCKET'), config))).toBe(true);
    expect(mapSmtpError(smtpError('ETLS'), config)).toBeInstanceOf(NonRetryableError);
  });
});

describe('mapHubspotError', () => {
  const config = { HUBSPOT_ACCESS_TOKEN: 'pat-secret-1', HUBSPOT_API_URL: undefined };
  const api = (code: number, body: unknown, headers: Record<string, string> = {}) =>
    Object.assign(new Error(`HTTP-Code: ${code}`), { code, body, headers });

  it('waits for the daily window when the daily limit is hit', () => {
    const error = mapHubspotError(api(429, { policyName: 'DAILY', category: 'RATE_LIMITS' }), '1', config);
    expect((error as RetryAfterError).retryAfterMs).toBe(3_600_000);
  });

  it('treats 409 and 5xx as retryable, other 4xx as not', () => {
    expect(isRetryable(mapHubspotError(api(409, {}), '1', config))).toBe(true);
    expect(isRetryable(mapHubspotError(api(504, 'gateway'), '1', config))).toBe(true);
    expect(mapHubspotError(api(400, '{"message":"bad","category":"VALIDATION_ERROR"}'), '1', config).message).toMatch(/VALIDATION_ERROR: bad/);
  });
});
