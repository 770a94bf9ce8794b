/**
 * Every environment variable triage reads, validated once. Nothing else reads `process.env`.
 *
 * Secrets (tokens, keys, passwords inside URLs) are marked in SECRET_KEYS so that logs and
 * error messages can redact them.
 */
import { z } from 'zod';

const optionalString = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();
const optionalUrl = optionalString.pipe(z.url().optional());

export const configSchema = z.object({
  /** Folder of the embedded store, the outbox and reports. */
  TRIAGE_DATA_DIR: z.string().min(1).default('./.triage'),
  /** Policy file; the example at the repository root by default. */
  TRIAGE_POLICY: optionalString,
  TRIAGE_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Selects the mongodb store when set. */
  MONGODB_URI: optionalString,
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: optionalUrl,
  OPENAI_MODEL: z.string().min(1).default('gpt-4o-mini'),
  OPENAI_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  OPENAI_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
  SMTP_URL: optionalUrl,
  EMAIL_FROM: optionalString.pipe(z.string().optional()),
  SLACK_BOT_TOKEN: optionalString,
  SLACK_API_URL: optionalUrl,
  ZENDESK_SUBDOMAIN: optionalString,
  ZENDESK_API_URL: optionalUrl,
  ZENDESK_EMAIL: optionalString,
  ZENDESK_API_TOKEN: optionalString,
  HUBSPOT_ACCESS_TOKEN: optionalString,
  HUBSPOT_API_URL: optionalUrl,
  /** Base URL of the server, used for links in handoff messages. */
  TRIAGE_PUBLIC_URL: z.url().default('http://127.0.0.1:3000'),
  /**
   * Signs the callback links customers get by email (HMAC-SHA256). Unset: a local deployment generates
   * one in TRIAGE_DATA_DIR/link-secret; with MONGODB_URI callbacks stay off until it is set.
   */
  TRIAGE_LINK_SECRET: optionalString.pipe(z.string().min(32, 'at least 32 characters (e.g. openssl rand -base64 32)').optional()),
  /** Bearer token of the REST API (`/api/...`, `/metrics`); the API refuses everyone when unset. */
  TRIAGE_API_TOKEN: optionalString,
  /** Bearer token of `POST /webhooks/tickets`. */
  TRIAGE_WEBHOOK_TOKEN: optionalString,
  /** Signing secret of the Zendesk webhook (`X-Zendesk-Webhook-Signature`). */
  ZENDESK_WEBHOOK_SECRET: optionalString,
  /** Signing secret of the Slack app (`X-Slack-Signature`). */
  SLACK_SIGNING_SECRET: optionalString,
  TRIAGE_PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  TRIAGE_HOST: z.string().trim().min(1).default('127.0.0.1'),
  /**
   * How long a worker's claim on a task lasts without a commit (each commit renews it). A worker that
   * dies loses its tasks to the others once this runs out; keep it well above the slowest step.
   */
  TRIAGE_LEASE_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(60_000),
  /**
   * Tasks one worker drives at once. While one waits (for a mail server, Slack, the outbox's thread,
   * the database) the others go on; 1 drives them one after another.
   */
  TRIAGE_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  /**
   * Whether a worker driving several tasks composes and writes the outbox's files on a thread of its
   * own, where that work overlaps with the other tasks' steps instead of holding up the event loop:
   * about a quarter more tickets/s through the outbox in the benchmark, for 10-20 MiB more resident
   * memory (docs/benchmarks.md). `false` keeps it on the main thread.
   */
  TRIAGE_OUTBOX_THREAD: z.stringbool().default(true),
  /**
   * Longest a whole request (headers and body) may take from its first byte; a slow or stalled client
   * is answered 408 and disconnected after it, so trickling connections cannot pile up.
   */
  TRIAGE_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  /** Longest the request headers may take to arrive; capped at TRIAGE_REQUEST_TIMEOUT_MS. */
  TRIAGE_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  /** A connection on which nothing is sent or received for this long is closed. */
  TRIAGE_CONNECTION_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  /** How long an idle keep-alive connection is kept for the client's next request. */
  TRIAGE_KEEP_ALIVE_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
  /**
   * On shutdown, how long in-flight requests may take to finish before their connections are
   * destroyed; below Docker's 10 s stop timeout so the process exits before SIGKILL.
   */
  TRIAGE_SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(8_000),
  /**
   * Requests per minute per credential on the API, `/metrics` and `/openapi.json` (the API token is
   * one credential; callers without a token count per IP); 429 with Retry-After beyond it. 0 = off.
   */
  TRIAGE_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).max(1_000_000).default(600),
  /**
   * The same for each webhook on its own (the webhook token; Zendesk and Slack per IP), so a busy API
   * client never starves them; higher because one Zendesk account delivers a whole help desk's tickets.
   */
  TRIAGE_WEBHOOK_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).max(1_000_000).default(6_000),
  /** `1` serves `/metrics` without the API token (for a scraper inside a private network). */
  TRIAGE_METRICS_PUBLIC: z.stringbool().default(false),
  /** A browser session unused for this many hours ends (fractions allowed). */
  TRIAGE_SESSION_IDLE_HOURS: z.coerce.number().positive().max(24 * 30).default(12),
  /** A browser session ends this many days after sign-in, however active (fractions allowed). */
  TRIAGE_SESSION_MAX_DAYS: z.coerce.number().positive().max(365).default(7),
  /** Failed sign-ins per username within TRIAGE_SIGNIN_WINDOW_MINUTES before further attempts wait (per process). */
  TRIAGE_SIGNIN_MAX_FAILURES_PER_USER: z.coerce.number().int().min(1).max(1_000).default(5),
  /** Failed sign-ins per client address within the window before further attempts wait (per process). */
  TRIAGE_SIGNIN_MAX_FAILURES_PER_IP: z.coerce.number().int().min(1).max(100_000).default(20),
  TRIAGE_SIGNIN_WINDOW_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(15),
});

export type Config = z.infer<typeof configSchema>;

export const SECRET_KEYS = [
  'OPENAI_API_KEY',
  'SMTP_URL',
  'SLACK_BOT_TOKEN',
  'ZENDESK_API_TOKEN',
  'HUBSPOT_ACCESS_TOKEN',
  'MONGODB_URI',
  'TRIAGE_API_TOKEN',
  'TRIAGE_WEBHOOK_TOKEN',
  'ZENDESK_WEBHOOK_SECRET',
  'SLACK_SIGNING_SECRET',
  'TRIAGE_LINK_SECRET',
] as const satisfies readonly (keyof Config)[];

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Validates `env` (process.env by default); throws a ConfigError naming each bad key. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const result = configSchema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  throw new ConfigError(`invalid environment:\n  ${problems.join('\n  ')}`);
}

/** Replaces every configured secret value, and passwords in URLs, inside `text`. */
export function redact(text: string, config: Partial<Config>): string {
  let out = text.replace(/(\/\/[^:/@\s]+:)[^@/\s]+@/g, '$1***@');
  for (const key of SECRET_KEYS) {
    const value = config[key];
    if (typeof value === 'string' && value.length >= 4) out = out.split(value).join('***');
  }
  return out;
}
