/**
 * zod's issues about a policy, reworded for the person editing the file: what is wrong in their
 * terms ("completed" is not an action) and the fix (use complete, continue, or {handoff: <step id>}),
 * with the nearest correct spelling where there is one.
 */
import { z } from 'zod';
import type { CheckProblem } from './problem.ts';
import { didYouMean, nearest } from './nearest.ts';
import { alternatives, defOf, keysOf, schemaAtPolicyPath, type Schema } from './schema-walk.ts';

type Path = (string | number)[];

function valueAt(input: unknown, path: readonly (string | number)[]): unknown {
  let current = input;
  for (const segment of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

const show = (value: unknown): string => (typeof value === 'string' ? `"${value}"` : JSON.stringify(value) ?? String(value));
const describe = (schema: Schema): string | undefined => z.globalRegistry.get(schema)?.description;

/** One way to write an alternative of a union: `complete`, `{handoff: <step id>}`, `a number`. */
function spell(schema: Schema): string[] {
  const def = defOf(schema);
  if (def.type === 'literal') return (def.values ?? []).map((v) => String(v));
  if (def.type === 'enum') return Object.values(def.entries ?? {}).map(String);
  if (def.type === 'object') {
    const keys = Object.entries(def.shape ?? {}).map(([key, value]) => `${key}: <${describe(value) ?? 'value'}>`);
    return [`{${keys.join(', ')}}`];
  }
  return [describe(schema) ?? `a ${def.type}`];
}

/** `a, b, or c`. */
const oneOf = (items: string[]): string => (items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')}, or ${items.at(-1)}`);

/** The schema written at `path`, before unwrapping (where a union's own description lives). */
function declaredAt(root: Schema, path: Path): Schema | undefined {
  const parents = schemaAtPolicyPath(root, path.slice(0, -1));
  const last = path.at(-1);
  for (const parent of parents) {
    const def = defOf(parent);
    if (def.type === 'object' && typeof last === 'string' && def.shape?.[last]) return def.shape[last];
    if (def.type === 'array' && typeof last === 'number' && def.element) return def.element;
    if (def.type === 'record' && def.valueType) return def.valueType;
  }
  return undefined;
}

function unionProblems(issue: Extract<z.core.$ZodIssue, { code: 'invalid_union' }>, path: Path, input: unknown, root: Schema): CheckProblem[] {
  const value = valueAt(input, path);
  const declared = declaredAt(root, path);
  const options = declared ? alternatives(declared) : [];
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    // An object was meant: report what is wrong inside it, against the branch(es) that take objects.
    const branches = issue.errors.filter((branch) => !branch.some((i) => i.code === 'invalid_type' && i.path.length === 0) && !branch.some((i) => i.code === 'invalid_value' && i.path.length === 0));
    if (branches.length === 1) return branches[0]!.flatMap((inner) => issueProblems(inner, path, input, root));
  }
  const spelled = options.flatMap(spell);
  const noun = declared ? describe(declared) : undefined;
  const close = typeof value === 'string' ? nearest(value, options.flatMap((o) => (['literal', 'enum'].includes(defOf(o).type) ? spell(o) : []))) : undefined;
  if (spelled.length === 0) return [{ path, message: issue.message }];
  return [{ path, message: `${show(value)} is not ${noun ?? 'allowed here'}`, hint: `${close ? `did you mean "${close}"? ` : ''}use ${oneOf(spelled)}` }];
}

/** What `issue` (at `prefix` + its own path) means for the policy `input` validated by `root`. */
export function issueProblems(issue: z.core.$ZodIssue, prefix: Path, input: unknown, root: Schema): CheckProblem[] {
  const path: Path = [...prefix, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))];
  const value = valueAt(input, path);
  switch (issue.code) {
    case 'invalid_union':
      return unionProblems(issue, path, input, root);
    case 'unrecognized_keys': {
      const known = keysOf(schemaAtPolicyPath(root, path));
      return issue.keys.map((key) => ({
        path: [...path, key],
        atKey: true,
        message: `unknown key "${key}"`,
        hint: didYouMean(key, known) ?? `known keys here: ${known.join(', ')}`,
      }));
    }
    case 'invalid_type': {
      if (value === undefined) {
        return [{ path, message: `required: add "${String(path.at(-1))}" (${issue.expected})`, hint: 'see triage.policy.yaml for an example' }];
      }
      const numeric = typeof value === 'string' && issue.expected === 'number' && value.trim() !== '' && Number.isFinite(Number(value));
      return [{ path, message: `expected ${issue.expected}, got ${show(value)}`, ...(numeric ? { hint: `write ${Number(value)} without quotes` } : {}) }];
    }
    case 'invalid_value': {
      const allowed = issue.values.map((v) => String(v));
      const close = typeof value === 'string' ? nearest(value, allowed) : undefined;
      if (allowed.length === 1) return [{ path, message: `expected ${show(issue.values[0])}, got ${show(value)}` }];
      return [{ path, message: `unknown value ${show(value)}`, hint: `${close ? `did you mean "${close}"? ` : ''}allowed: ${allowed.join(', ')}` }];
    }
    default:
      return [{ path, message: issue.message }];
  }
}

/** Every issue of a failed parse of the policy `input` against `root`, reworded. */
export function zodProblems(issues: readonly z.core.$ZodIssue[], input: unknown, root: Schema): CheckProblem[] {
  return issues.flatMap((issue) => issueProblems(issue, [], input, root));
}
