/**
 * Input nested thousands of levels deep is refused with a clear error before any recursive reader
 * (JSON.stringify, the filter checks, structuredClone) can overflow the stack.
 */
import { describe, expect, it } from 'vitest';
import { nestedDeeperThan } from '../../../src/engine/depth.ts';
import { InputError } from '../../../src/errors.ts';
import { parseTicketSubmission } from '../../../src/intake/ticket.ts';
import { validateDataFilter } from '../../../src/store/filter.ts';

function nested(levels: number, leaf: unknown = 'x'): unknown {
  let value: unknown = leaf;
  for (let i = 0; i < levels; i++) value = { a: value };
  return value;
}

describe('nesting depth', () => {
  it('counts levels without recursion', () => {
    // nested(3) is three objects inside each other.
    expect(nestedDeeperThan(nested(3), 2)).toBe(true);
    expect(nestedDeeperThan(nested(3), 3)).toBe(false);
    expect(nestedDeeperThan(nested(100_000), 10)).toBe(true);
    expect(nestedDeeperThan('plain', 0)).toBe(false);
  });

  it('a ticket field nested 10,000 deep is an InputError, not a stack overflow', () => {
    const input = { support: { ticket: { description: 'hello', extra: nested(10_000) } } };
    expect(() => parseTicketSubmission(input)).toThrow(InputError);
    expect(() => parseTicketSubmission(input)).toThrow(/nested deeper than/);
  });

  it('a filter nested 5,000 deep is an InputError', () => {
    let filter: unknown = { 'support.ticket.id': 'T-1' };
    for (let i = 0; i < 5_000; i++) filter = { $and: [filter] };
    expect(() => validateDataFilter(filter)).toThrow(InputError);
  });
});
