/**
 * Typed errors shared by connectors, the engine and the interfaces. Messages name the fix and the key.
 */

/** Retrying will not help (bad credentials, invalid request, unknown channel). */
export class NonRetryableError extends Error {
  override name = 'NonRetryableError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The service asked us to come back later; `retryAfterMs` says when. */
export class RetryAfterError extends Error {
  override name = 'RetryAfterError';
  constructor(
    message: string,
    readonly retryAfterMs: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Input from outside (a ticket, a filter, a policy) is invalid; `path` says where. */
export class InputError extends Error {
  override name = 'InputError';
  constructor(
    message: string,
    readonly path: string[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isRetryable(error: unknown): boolean {
  return !(error instanceof NonRetryableError) && !(error instanceof InputError);
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
