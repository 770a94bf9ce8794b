/**
 * The tickets every scenario submits: the four sample tickets in turn (two escalate, two do not),
 * each with its own id so the store never deduplicates them.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

type Fixture = { support: { ticket: Record<string, unknown> } };

const FIXTURES: readonly Fixture[] = ['complex-technical', 'enterprise-critical', 'frustrated-repeat', 'standard-password-reset'].map(
  (name) => JSON.parse(readFileSync(path.join(ROOT, 'fixtures', 'tickets', `${name}.json`), 'utf8')) as Fixture,
);

export const FIXTURE_COUNT = FIXTURES.length;

/** Ticket `i` of a run: fixture `i mod 4` with id `BENCH-<run>-<i>`. */
export function ticket(i: number, run: string): Fixture {
  const base = structuredClone(FIXTURES[i % FIXTURES.length]!);
  base.support.ticket.id = `BENCH-${run}-${i}`;
  base.support.ticket.customerId = `CUST-${i % 41}`;
  return base;
}
