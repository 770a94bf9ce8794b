import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.ts';
import { compileStoredFilter, toStoredFilter, validateDataFilter } from '../../../src/store/filter.ts';
import { encodeDoc } from '../../../src/store/keys.ts';

function refusal(filter: unknown): InputError {
  try {
    validateDataFilter(filter);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error(`filter was accepted: ${JSON.stringify(filter)}`);
}

describe('validateDataFilter', () => {
  it('accepts every allowed operator', () => {
    validateDataFilter({
      a: 1, 'b.c': { $eq: 'x', $ne: 'y' }, n: { $gt: 1, $gte: 1, $lt: 9, $lte: 9 },
      t: { $in: ['a'], $nin: ['b'], $all: ['a'], $size: 1 }, e: { $exists: false },
      r: { $regex: '^a', $options: 'i' }, x: { $not: { $gt: 3 } }, y: { $type: ['object', 'null'] },
      items: { $elemMatch: { sku: 'A', $or: [{ qty: 1 }, { qty: { $gt: 5 } }] } }, z: { $elemMatch: { $gt: 1 } },
      $and: [{ a: 1 }], $or: [{ a: 1 }, { $nor: [{ b: 2 }] }], lit: { plain: { nested: [1, { k: 'v' }] } },
    });
  });

  it.each([
    [{ $where: 'true' }, '$where', ['$where']],
    [{ a: { $function: {} } }, '$function', ['a', '$function']],
    [{ $expr: {} }, '$expr', ['$expr']],
    [{ a: { $accumulator: {} } }, '$accumulator', ['a', '$accumulator']],
    [{ $jsonSchema: {} }, '$jsonSchema', ['$jsonSchema']],
    [{ a: { $foo: 1 } }, '$foo', ['a', '$foo']],
    [{ $or: [{ a: 1 }, { b: { $where: 'x' } }] }, '$where', ['$or', '1', 'b', '$where']],
    [{ a: { $elemMatch: { b: { $expr: 1 } } } }, '$expr', ['a', '$elemMatch', 'b', '$expr']],
    [{ a: { $not: { $where: 'x' } } }, '$where', ['a', '$not', '$where']],
    [{ a: { $all: [{ $elemMatch: { $function: 1 } }] } }, '$function', ['a', '$all', '0', '$elemMatch', '$function']],
    [{ a: { b: { $where: 'x' } } }, '$where', ['a', 'b', '$where']],
    [{ a: { $or: [] } }, '$or', ['a', '$or']],
    [{ $not: { a: 1 } }, '$not', ['$not']],
  ])('refuses %j naming the operator and its path', (filter, op, path) => {
    const error = refusal(filter);
    expect(error.message).toContain(op);
    expect(error.path).toEqual(path);
  });

  it.each([
    [null, 'expected an object'],
    [[{ a: 1 }], 'expected an object'],
    [{ a: { $in: 'x' } }, '$in expects an array'],
    [{ a: { $exists: 1 } }, '$exists expects true or false'],
    [{ a: { $size: -1 } }, '$size'],
    [{ a: { $regex: '(' } }, 'a > $regex'],
    [{ a: { $options: 'i' } }, '$options needs $regex'],
    [{ a: { $regex: 'x', $options: 'g' } }, '"ims"'],
    [{ a: { $gt: 1, b: 2 } }, 'cannot mix'],
    [{ $and: [] }, 'non-empty array'],
    [{ 'a..b': 1 }, 'empty segment'],
    [{ a: { $type: 'function' } }, '$type expects'],
    [{ a: Number.NaN }, 'finite'],
  ])('refuses the malformed %j', (filter, message) => {
    expect(refusal(filter).message).toContain(message);
  });
});

describe('toStoredFilter', () => {
  it('prefixes and encodes field paths, recursing into logical operators and $elemMatch', () => {
    expect(
      toStoredFilter({
        'customer.tier': 'gold',
        'headers.x\\.fwd': { $exists: true },
        $or: [{ '\\$src': 'mail' }, { 'a.~': { $in: [1, { 'k.1': 2 }] } }],
        items: { $elemMatch: { 'sku.id': 'A', $and: [{ '\\$q\\.x': 1 }] } },
        nums: { $elemMatch: { $gt: 1 } },
        obj: { 'inner.key': 1 },
      }),
    ).toEqual({
      'data.customer.tier': 'gold',
      'data.headers.x~pfwd': { $exists: true },
      $or: [{ 'data.~dsrc': 'mail' }, { 'data.a.~~': { $in: [1, { 'k~p1': 2 }] } }],
      'data.items': { $elemMatch: { 'sku.id': 'A', $and: [{ '~dq~px': 1 }] } },
      'data.nums': { $elemMatch: { $gt: 1 } },
      'data.obj': { 'inner~pkey': 1 },
    });
  });

  it('refuses what validateDataFilter refuses', () => {
    expect(() => toStoredFilter({ $where: 'true' })).toThrow(InputError);
  });
});

describe('compileStoredFilter', () => {
  const doc = (data: object) => ({ _id: '1', data: encodeDoc(data), meta: { state: 'ready' } });

  it('matches stored documents like sift matches the decoded data', () => {
    const stored = doc({ 'a.b': { '$c': [{ d: 1 }, { d: 5 }] }, tier: 'gold', obj: { 'k.1': 2 } });
    expect(compileStoredFilter({ 'a\\.b.\\$c': { $elemMatch: { d: { $gt: 3 } } } })(stored)).toBe(true);
    expect(compileStoredFilter({ 'a\\.b.\\$c.d': 5 })(stored)).toBe(true);
    expect(compileStoredFilter({ 'a\\.b.\\$c.d': 4 })(stored)).toBe(false);
    expect(compileStoredFilter({ obj: { 'k.1': 2 } })(stored)).toBe(true);
    expect(compileStoredFilter({ obj: { $type: 'object' }, tier: { $type: 'string' } })(stored)).toBe(true);
    expect(compileStoredFilter({ tier: { $type: 'object' } })(stored)).toBe(false);
    // Only `data` is reachable: meta fields are not filterable through a data filter.
    expect(compileStoredFilter({ 'meta.state': 'ready' })(stored)).toBe(false);
  });
});

describe('regular expressions that could freeze the process', () => {
  it.each([['^(\\w+\\s?)*$'], ['^(a+)+$'], ['(x+x+)+y']])('refuses %s, naming the path', (pattern) => {
    const error = refusal({ 'support.ticket.description': { $regex: pattern } });
    expect(error.message).toMatch(/nested repetition/);
    expect(error.message).toContain('support.ticket.description');
  });

  it('accepts ordinary patterns, refuses over-long ones and the "x" option', () => {
    expect(() => validateDataFilter({ 'support.ticket.id': { $regex: '^INV-[0-9]+$', $options: 'i' } })).not.toThrow();
    expect(refusal({ 'support.ticket.id': { $regex: 'a'.repeat(201) } }).message).toMatch(/limited to 200/);
    expect(refusal({ 'support.ticket.id': { $regex: 'a', $options: 'x' } }).message).toMatch(/letters from "ims"/);
  });
});
