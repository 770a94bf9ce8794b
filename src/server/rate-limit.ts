/**
 * Per-credential rate limits (@fastify/rate-limit, in memory, one fixed window per minute). A request
 * is counted against its credential: the API token and the webhook token each have their own budget,
 * and a caller without one is counted by IP and route. Webhooks have their own, larger, budget so a
 * busy API client can never starve Zendesk, Slack or the inbox; `/healthz` is never limited.
 */
import type { RateLimitPluginOptions } from '@fastify/rate-limit';
import type { FastifyContextConfig, FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';
import { header, safeEqual } from './auth.ts';
import { HttpError } from './errors.ts';

const MINUTE_MS = 60_000;

/** The bucket a request counts against; never the token itself, which must not sit in memory maps or logs. */
export function rateLimitKey(request: FastifyRequest, config: Config): string {
  const token = /^Bearer\s+(.+)$/i.exec((header(request, 'authorization') ?? '').trim())?.[1]?.trim();
  // Only a configured token earns its own bucket; an invented one would otherwise be a fresh budget.
  if (token && config.TRIAGE_API_TOKEN && safeEqual(token, config.TRIAGE_API_TOKEN)) return 'token:api';
  if (token && config.TRIAGE_WEBHOOK_TOKEN && safeEqual(token, config.TRIAGE_WEBHOOK_TOKEN)) return 'token:webhook';
  return `ip:${request.ip} ${request.routeOptions.url ?? ''}`;
}

/** Plugin options, or null when TRIAGE_RATE_LIMIT_PER_MINUTE and the webhook limit are both 0 (off). */
export function rateLimitOptions(config: Config): RateLimitPluginOptions | null {
  if (config.TRIAGE_RATE_LIMIT_PER_MINUTE === 0 && config.TRIAGE_WEBHOOK_RATE_LIMIT_PER_MINUTE === 0) return null;
  return {
    global: config.TRIAGE_RATE_LIMIT_PER_MINUTE > 0,
    max: config.TRIAGE_RATE_LIMIT_PER_MINUTE,
    timeWindow: MINUTE_MS,
    keyGenerator: (request) => rateLimitKey(request, config),
    errorResponseBuilder: (_request, context) => {
      const seconds = Math.max(1, Math.ceil(context.ttl / 1000));
      return new HttpError(429, `rate limit exceeded: at most ${context.max} requests per minute for this credential; retry in ${seconds} s`, { 'retry-after': String(seconds) });
    },
  };
}

/** The route config of a webhook: its own budget (TRIAGE_WEBHOOK_RATE_LIMIT_PER_MINUTE, 0 = none). */
export function webhookRateLimit(config: Config): FastifyContextConfig {
  const max = config.TRIAGE_WEBHOOK_RATE_LIMIT_PER_MINUTE;
  return { rateLimit: max > 0 ? { max, timeWindow: MINUTE_MS } : false };
}
