/**
 * Turns whatever went wrong with a model call into one short, secret-free sentence for the run record.
 * Each sentence names the setting that would fix it, where one exists.
 */
import OpenAI from 'openai';
import type { z } from 'zod';
import { retryAfterMs } from './client.ts';

const MAX_DETAIL = 160;

/** Removes the API key and anything that looks like a bearer token or `sk-` key from `text`. */
export function scrub(text: string, apiKey: string): string {
  let out = text;
  if (apiKey.length >= 4) out = out.split(apiKey).join('***');
  out = out.replace(/\bsk-[A-Za-z0-9_*-]{6,}/g, 'sk-***').replace(/(Bearer\s+)\S+/gi, '$1***');
  return out.length > MAX_DETAIL ? `${out.slice(0, MAX_DETAIL)}…` : out;
}

function serverDetail(error: InstanceType<typeof OpenAI.APIError>, apiKey: string): string {
  const body = (error.error ?? {}) as { message?: unknown; code?: unknown; type?: unknown };
  const code = typeof body.code === 'string' ? body.code : typeof body.type === 'string' ? body.type : undefined;
  const message = typeof body.message === 'string' ? scrub(body.message, apiKey) : undefined;
  return [code, message].filter(Boolean).join(': ');
}

/** Why an HTTP/transport error ended the call, after the SDK's own retries. */
export function describeRequestError(
  error: unknown,
  settings: { apiKey: string; timeoutMs: number; maxRetries: number },
): string {
  const retried = settings.maxRetries > 0 ? ` after ${settings.maxRetries + 1} attempts` : '';
  if (error instanceof OpenAI.APIConnectionTimeoutError) {
    return `request timed out after ${settings.timeoutMs} ms${retried} (raise OPENAI_TIMEOUT_MS if the model is slow)`;
  }
  if (error instanceof OpenAI.APIConnectionError) {
    return `could not reach the API${retried} (check OPENAI_BASE_URL): ${scrub(error.message, settings.apiKey)}`;
  }
  if (error instanceof OpenAI.APIError && error.status !== undefined) {
    const detail = serverDetail(error, settings.apiKey);
    const suffix = detail ? `: ${detail}` : '';
    if (error.status === 401 || error.status === 403) {
      return `HTTP ${error.status}, not authorised (check OPENAI_API_KEY)${suffix}`;
    }
    if (error.status === 404) return `HTTP 404 (check OPENAI_MODEL and OPENAI_BASE_URL)${suffix}`;
    if (error.status === 429) {
      const wait = retryAfterMs(error.headers);
      const after = wait === undefined ? '' : `, server asked to retry after ${Math.ceil(wait / 1000)} s`;
      return `HTTP 429, rate limited${retried}${after}${suffix}`;
    }
    if (error.status >= 500) return `HTTP ${error.status} from the API${retried}${suffix}`;
    return `HTTP ${error.status}${suffix}`;
  }
  return `unexpected error: ${scrub(error instanceof Error ? error.message : String(error), settings.apiKey)}`;
}

/** Why a reply that arrived could not be used: the schema's first few complaints, with their paths. */
export function describeSchemaError(schemaName: string, error: z.ZodError): string {
  const issues = error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message.slice(0, 100)}`)
    .join('; ');
  const more = error.issues.length > 3 ? ` (+${error.issues.length - 3} more)` : '';
  return `reply did not match the ${schemaName} schema: ${issues}${more}`;
}
