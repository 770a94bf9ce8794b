/**
 * The ordered step registry, validated and compiled once at start-up. An invalid registry refuses to start.
 */
import type { z } from 'zod';
import { unknownWriteKeys, writesSchema } from '../domain/patch.ts';
import { InputError, errorMessage } from '../errors.ts';
import { compileCondition, type CompiledCondition } from './matcher.ts';
import type { StepDefinition } from './step.ts';
import type { JsonObject } from './types.ts';

export interface RegisteredStep extends StepDefinition {
  compiled: CompiledCondition;
  /** What a patch of this step must fit: the task-data schemas of its `writes` (null: unchecked). */
  patchSchema: z.ZodType | null;
}

export interface Registry {
  readonly steps: readonly RegisteredStep[];
  /** The first step, in registry order, whose condition matches `data`. */
  match(data: JsonObject): RegisteredStep | undefined;
  get(id: string): RegisteredStep | undefined;
  ids(): string[];
}

const STEP_ID = /^[a-z][a-z0-9_]*$/;

export function compileRegistry(steps: readonly StepDefinition[]): Registry {
  const problems: string[] = [];
  const seen = new Set<string>();
  const compiled: RegisteredStep[] = [];
  steps.forEach((step, index) => {
    const where = `steps[${index}]${step?.id ? ` (${step.id})` : ''}`;
    if (!step || typeof step.run !== 'function') {
      problems.push(`${where}: not a step; export default defineStep({ id, title, condition, run })`);
      return;
    }
    if (!STEP_ID.test(step.id)) problems.push(`${where}: id must be lower_snake_case`);
    if (seen.has(step.id)) problems.push(`${where}: duplicate id "${step.id}"`);
    seen.add(step.id);
    if (step.writes !== undefined && (!Array.isArray(step.writes) || step.writes.length === 0)) {
      problems.push(`${where}.writes: list the top-level fields of data the step writes, e.g. writes: ['escalationDecision']`);
      return;
    }
    const unknown = unknownWriteKeys(step.writes ?? []);
    if (unknown.length > 0) problems.push(`${where}.writes: ${unknown.join(', ')} not in the task-data schema (src/domain/task-data.ts); add it there first`);
    try {
      const patchSchema = step.writes && unknown.length === 0 ? writesSchema(step.writes) : null;
      compiled.push({ ...step, compiled: compileCondition(step.condition, `${where}.condition`), patchSchema });
    } catch (error) {
      problems.push(errorMessage(error));
    }
  });
  if (problems.length > 0) throw new InputError(`the step registry is invalid:\n  ${problems.join('\n  ')}`);
  return {
    steps: compiled,
    match: (data) => compiled.find((step) => step.compiled.test(data)),
    get: (id) => compiled.find((step) => step.id === id),
    ids: () => compiled.map((step) => step.id),
  };
}
