/**
 * Builds the OpenAI SDK client with every retry and timeout setting chosen here, not left to defaults.
 */
import OpenAI from 'openai';

/** Milliseconds a `retry-after-ms` or `Retry-After` (seconds or HTTP date) header asks for, if any. */
export function retryAfterMs(headers: Headers | undefined): number | undefined {
  const ms = Number.parseFloat(headers?.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms)) return ms;
  const raw = headers?.get('retry-after');
  if (!raw) return undefined;
  const seconds = Number.parseFloat(raw);
  if (Number.isFinite(seconds)) return seconds * 1000;
  const at = Date.parse(raw);
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : undefined;
}

type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/**
 * openai 6 sleeps for whatever `Retry-After` says, however long. A step waiting an hour for a rate limit
 * is worse than answering from the heuristic now, so a wait beyond `maxWaitMs` turns off the SDK's retry
 * (through its own `x-should-retry` header) and the call fails fast to the fallback.
 */
export function capRetryAfter(maxWaitMs: number, inner: Fetch = globalThis.fetch): Fetch {
  return async (input, init) => {
    const response = await inner(input, init);
    if (response.ok) return response;
    const wait = retryAfterMs(response.headers);
    if (wait === undefined || wait <= maxWaitMs) return response;
    const headers = new Headers(response.headers);
    headers.set('x-should-retry', 'false');
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  };
}

export interface ClientOptions {
  apiKey: string;
  baseURL?: string;
  timeoutMs: number;
  maxRetries: number;
  maxRetryAfterMs: number;
}

/** Creates the client; no request is made until the first call. */
export function createClient(options: ClientOptions): OpenAI {
  return new OpenAI({
    apiKey: options.apiKey,
    // `undefined` would let the SDK read OPENAI_BASE_URL from process.env itself; config.ts is the only reader.
    baseURL: options.baseURL ?? 'https://api.openai.com/v1',
    organization: null,
    project: null,
    timeout: options.timeoutMs,
    maxRetries: options.maxRetries,
    fetch: capRetryAfter(options.maxRetryAfterMs),
  });
}
