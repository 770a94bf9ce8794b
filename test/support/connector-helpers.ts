/**
 * Small helpers shared by the connector integration tests (test/integration/connectors-*.test.ts).
 */
import { createServer } from 'node:net';
import { expect } from 'vitest';

/** The error a promise rejects with; fails the test if it resolves instead. */
export async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a failure');
}

/** A port with nothing listening. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Neither the error nor its cause (message or stack) mentions the secret. */
export function expectNoSecret(error: Error, secret: string): void {
  expect(error.message).not.toContain(secret);
  const cause = error.cause as Error | undefined;
  expect(String(cause?.message ?? '')).not.toContain(secret);
  expect(String(cause?.stack ?? '')).not.toContain(secret);
}
