/**
 * Compiles MongoDB-style conditions over `data` (step conditions, policy triggers, on_human_complete
 * rules) with sift, once, at start-up.
 */
import sift from 'sift';
import { InputError, errorMessage } from '../errors.ts';
import { SIFT_OPERATIONS, validateDataFilter } from '../store/filter.ts';
import type { JsonObject } from './types.ts';

export type Condition = Record<string, unknown>;

export interface CompiledCondition {
  readonly source: Condition;
  /** The condition as compact JSON, recorded in run records to say what matched. */
  readonly text: string;
  test(data: JsonObject): boolean;
}

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
    tester = sift(condition as never, { operations: SIFT_OPERATIONS as never });
  } catch (error) {
    throw new InputError(`${where}: ${errorMessage(error)}`, [where], { cause: error });
  }
  return {
    source: condition,
    text: JSON.stringify(condition),
    test: (data) => tester(data),
  };
}
