/**
 * Credentials: bearer tokens for the API and the generic webhook, HMAC signatures for Zendesk and
 * Slack. Every comparison is constant-time so a caller cannot find a secret byte by byte from timings.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { HttpError } from './errors.ts';

/** How far a signed request's timestamp may be from now before it counts as a replay. */
export const REPLAY_WINDOW_MS = 5 * 60 * 1000;

/** Constant-time string equality; hashing first makes the lengths equal without leaking them. */
export function safeEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb) && a.length === b.length;
}

/**
 * Throws 401 unless the request carries `Authorization: Bearer <expected>`; 403 when the server has
 * no token configured (`key` names the variable), since no credential could then be accepted.
 */
export function requireBearer(request: FastifyRequest, expected: string | undefined, key: string): void {
  if (!expected) throw new HttpError(403, `this endpoint is disabled: the server has no ${key} configured`);
  const header = request.headers.authorization;
  const challenge = { 'www-authenticate': 'Bearer realm="triage"' };
  if (!header) throw new HttpError(401, 'missing credentials: send Authorization: Bearer <token>', challenge);
  const match = /^Bearer\s+(.+)$/i.exec(header.trim());
  if (!match?.[1] || !safeEqual(match[1].trim(), expected)) {
    throw new HttpError(401, 'invalid credentials: the bearer token is not accepted', challenge);
  }
}

/** A header's single value, or undefined. */
export function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Throws 401 when `at` is not within the replay window around `now`. */
export function requireFresh(at: Date, now: Date, what: string): void {
  if (Number.isNaN(at.getTime())) throw new HttpError(401, `${what} is not a valid timestamp`);
  if (Math.abs(now.getTime() - at.getTime()) > REPLAY_WINDOW_MS) {
    throw new HttpError(401, `${what} is more than ${REPLAY_WINDOW_MS / 60_000} minutes from the server's clock; the request is refused as a replay`);
  }
}

/** HMAC-SHA256 of `message` with `secret`. */
export function hmac(secret: string, message: string, encoding: 'hex' | 'base64'): string {
  return createHmac('sha256', secret).update(message, 'utf8').digest(encoding);
}

/**
 * Zendesk: `X-Zendesk-Webhook-Signature` is base64 HMAC-SHA256 of `timestamp + rawBody`, where the
 * timestamp is `X-Zendesk-Webhook-Signature-Timestamp` (ISO 8601).
 */
export function verifyZendesk(request: FastifyRequest, rawBody: string, secret: string | undefined, now: Date): void {
  if (!secret) throw new HttpError(403, 'the Zendesk webhook is disabled: the server has no ZENDESK_WEBHOOK_SECRET configured');
  const signature = header(request, 'x-zendesk-webhook-signature');
  const timestamp = header(request, 'x-zendesk-webhook-signature-timestamp');
  if (!signature || !timestamp) {
    throw new HttpError(401, 'missing X-Zendesk-Webhook-Signature or X-Zendesk-Webhook-Signature-Timestamp');
  }
  // Check the signature before the clock so a forged request learns nothing about our time window.
  if (!safeEqual(signature.trim(), hmac(secret, timestamp + rawBody, 'base64'))) {
    throw new HttpError(401, 'invalid X-Zendesk-Webhook-Signature');
  }
  requireFresh(new Date(timestamp), now, 'X-Zendesk-Webhook-Signature-Timestamp');
}

/**
 * Slack: `X-Slack-Signature` is `v0=` + hex HMAC-SHA256 of `v0:<X-Slack-Request-Timestamp>:<rawBody>`;
 * the timestamp is Unix seconds.
 */
export function verifySlack(request: FastifyRequest, rawBody: string, secret: string | undefined, now: Date): void {
  if (!secret) throw new HttpError(403, 'Slack interactivity is disabled: the server has no SLACK_SIGNING_SECRET configured');
  const signature = header(request, 'x-slack-signature');
  const timestamp = header(request, 'x-slack-request-timestamp');
  if (!signature || !timestamp) throw new HttpError(401, 'missing X-Slack-Signature or X-Slack-Request-Timestamp');
  if (!/^\d{1,12}$/.test(timestamp.trim())) throw new HttpError(401, 'X-Slack-Request-Timestamp must be Unix seconds');
  if (!safeEqual(signature.trim(), `v0=${hmac(secret, `v0:${timestamp.trim()}:${rawBody}`, 'hex')}`)) {
    throw new HttpError(401, 'invalid X-Slack-Signature');
  }
  requireFresh(new Date(Number(timestamp) * 1000), now, 'X-Slack-Request-Timestamp');
}

/**
 * An `onRequest` hook requiring the bearer token: it runs before the body is read, so an
 * unauthenticated caller gets 401 whatever it sent and its body is never parsed.
 */
export function bearerHook(expected: () => string | undefined, key: string): (request: FastifyRequest) => Promise<void> {
  return async (request) => requireBearer(request, expected(), key);
}
