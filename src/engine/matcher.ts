/**
 * Compiles MongoDB-style conditions over `data` (step conditions, policy triggers, on_human_complete
 * rules) with sift, once, at start-up.
 */
import sift, { createEqualsOperation } from 'sift';
import { InputError, errorMessage } from '../errors.ts';
import { validateDataFilter } from '../store/filter.ts';
import type { JsonObject } from './types.ts';

export type Condition = Record<string, unknown>;

export interface CompiledCondition {
  readonly source: Condition;
  /** The condition as compact JSON, recorded in run records to say what matched. */
  readonly text: string;
  test(data: JsonObject): boolean;
}

/**
 * MongoDB's `$type` names. sift's own `$type` only knows a few aliases and no `object`, which step
 * conditions need to say "this field holds a sub-document" as the spec's `Object` does.
 */
const TYPE_TESTS: Record<string, (value: unknown) => boolean> = {
  object: (v) => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date),
  array: Array.isArray,
  string: (v) => typeof v === 'string',
  number: (v) => typeof v === 'number',
  double: (v) => typeof v === 'number',
  int: (v) => Number.isInteger(v),
  bool: (v) => typeof v === 'boolean',
  null: (v) => v === null,
  date: (v) => v instanceof Date,
};

const operations = {
  $type: (params: unknown, ownerQuery: unknown, options: never) => {
    const names = Array.isArray(params) ? params : [params];
    const tests = names.map((name) => {
      const test = typeof name === 'string' ? TYPE_TESTS[name] : undefined;
      if (!test) throw new InputError(`unknown $type "${String(name)}"; use one of ${Object.keys(TYPE_TESTS).join(', ')}`);
      return test;
    });
    return createEqualsOperation((value: unknown) => tests.some((test) => test(value)), ownerQuery, options);
  },
};

/**
 * Validates and compiles a condition. `where` names it in errors (e.g. `triggers[2].when`).
 * Refuses operators outside the allow-list, so a policy or filter can never run code.
 */
export function compileCondition(condition: Condition, where: string): CompiledCondition {
  if (typeof condition !== 'object' || condition === null || Array.isArray(condition)) {
    throw new InputError(`${where}: a condition must be an object such as { "support.classification": { "$exists": true } }`);
  }
  try {
    validateDataFilter(condition as JsonObject);
  } catch (error) {
    throw new InputError(`${where}: ${errorMessage(error)}`, [where], { cause: error });
  }
  let tester: (data: unknown) => boolean;
  try {
    tester = sift(condition as never, { operations: operations as never });
  } catch (error) {
    throw new InputError(`${where}: ${errorMessage(error)}`, [where], { cause: error });
  }
  return {
    source: condition,
    text: JSON.stringify(condition),
    test: (data) => tester(data),
  };
}
