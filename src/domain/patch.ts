/**
 * Checking a step's patch against what the step declares it writes, before the runner commits it.
 *
 * A patch is deep-merged into `data` (objects merge key by key, arrays and scalars replace), so a patch
 * may name only some keys of an object it writes into, while an array or a scalar it writes must be
 * whole. `patchSchemaOf` turns a data schema into that shape: every object key becomes optional,
 * closed objects refuse unknown keys, open (`looseObject`) ones keep accepting them, and everything
 * else (arrays, enums, numbers) is checked as it is.
 */
import { z } from 'zod';
import { taskDataSchema, type TaskDataKey } from './task-data.ts';

type AnySchema = z.ZodType;

/** The schema a patch writing into `schema` must fit (see the module comment). */
export function patchSchemaOf(schema: AnySchema): AnySchema {
  if (schema instanceof z.ZodOptional) return patchSchemaOf(schema.unwrap() as AnySchema).optional();
  if (schema instanceof z.ZodNullable) return patchSchemaOf(schema.unwrap() as AnySchema).nullable();
  if (schema instanceof z.ZodObject) {
    const shape: Record<string, AnySchema> = {};
    for (const [key, field] of Object.entries(schema.shape as Record<string, AnySchema>)) shape[key] = patchSchemaOf(field).optional();
    const catchall = schema._zod.def.catchall as AnySchema | undefined;
    // A plain z.object (no catchall) tolerates unknown keys when parsing; a patch must not add them.
    return catchall && !(catchall instanceof z.ZodNever) ? z.object(shape).catchall(catchall) : z.strictObject(shape);
  }
  return schema;
}

/**
 * The top-level keys of `data` a step may write, as a patch schema (other keys are refused). Built once
 * per step at start-up and compiled there: every run's patch is checked against it, and zod's compiled
 * fast path accepts a valid patch in a fraction of the interpreted parse (an invalid one falls back to
 * the interpreted parse, so the problems reported are the same).
 */
export function writesSchema(keys: readonly TaskDataKey[]): AnySchema {
  const shape: Record<string, AnySchema> = {};
  for (const key of keys) shape[key] = taskDataSchema.shape[key];
  return z.compile(patchSchemaOf(z.object(shape)));
}

/** Keys a `writes` list names that are not fields of the task data (for the registry's start-up check). */
export function unknownWriteKeys(keys: readonly string[]): string[] {
  return keys.filter((key) => !Object.hasOwn(taskDataSchema.shape, key));
}

/**
 * A step returned a patch that does not fit what it declares it writes. Retryable like any step error
 * (a model answer may be well-formed next time); after the retries the step's fallback applies.
 */
export class PatchSchemaError extends Error {
  override name = 'PatchSchemaError';
  constructor(
    readonly stepId: string,
    /** One line per problem, each starting with the dotted path in `data`. */
    readonly problems: string[],
  ) {
    super(`step ${stepId} wrote data that does not fit its schema (nothing was written): ${problems.join('; ')}`);
  }
}

function describeIssue(issue: z.core.$ZodIssue, declared: readonly string[]): string[] {
  const path = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => {
      const full = path ? `${path}.${key}` : key;
      return path
        ? `${full}: not a field of the task data; add it to the schema in src/domain or drop it`
        : `${full}: the step does not declare it in writes (declared: ${declared.join(', ') || 'none'})`;
    });
  }
  if (issue.code === 'invalid_type') return [`${path || '(patch)'}: expected ${issue.expected}`];
  if (issue.code === 'invalid_value') return [`${path}: expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`];
  return [`${path || '(patch)'}: ${issue.message}`];
}

/** Throws a PatchSchemaError naming every path of `patch` that does not fit `schema`. */
export function checkPatch(stepId: string, schema: AnySchema, declared: readonly string[], patch: unknown): void {
  // Nearly every patch fits: ask the compiled validator, which builds no parsed copy, and parse (for
  // the problems to report) only when it says no.
  if (schema.validate(patch)) return;
  const result = schema.safeParse(patch);
  if (result.success) return;
  throw new PatchSchemaError(stepId, result.error.issues.flatMap((issue) => describeIssue(issue, declared)));
}
