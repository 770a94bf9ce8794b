/**
 * What a condition looked at: the data paths a MongoDB-style condition names and the values found
 * there, so a decision record can say "this trigger fired because frustrationLevel was 100" or
 * "this one did not: tier was standard".
 */
import { compileCondition, type CompiledCondition } from '../engine/matcher.ts';
import type { Json, JsonObject } from '../engine/types.ts';

const LOGICAL = new Set(['$and', '$or', '$nor']);
/** Long text seen by a condition is cut in the record; the task still holds all of it. */
const MAX_TEXT = 160;
const MAX_ITEMS = 10;

/** The dotted data paths a condition tests, in the order written, without duplicates. */
export function conditionPaths(condition: unknown): string[] {
  const paths: string[] = [];
  const visit = (node: unknown) => {
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    for (const [key, value] of Object.entries(node)) {
      if (LOGICAL.has(key)) visit(value);
      else if (!key.startsWith('$') && !paths.includes(key)) paths.push(key);
    }
  };
  visit(condition);
  return paths;
}

/** The value at a dotted path; through an array, the values of its elements (as MongoDB reads it). */
export function valueAt(data: Readonly<JsonObject>, path: string): Json | undefined {
  let current: Json | undefined = data as Json;
  const parts = path.split('.');
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (Array.isArray(current)) {
      if (/^\d+$/.test(part)) {
        current = current[Number(part)];
        continue;
      }
      const rest = parts.slice(i).join('.');
      const values = current
        .filter((item): item is JsonObject => typeof item === 'object' && item !== null && !Array.isArray(item))
        .map((item) => valueAt(item, rest))
        .filter((v): v is Json => v !== undefined);
      return values;
    }
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as JsonObject)[part];
  }
  return current;
}

/** A value short enough for a decision record. */
export function summarise(value: Json | undefined): Json {
  if (value === undefined) return null;
  if (typeof value === 'string') return value.length > MAX_TEXT ? `${value.slice(0, MAX_TEXT - 1)}…` : value;
  if (Array.isArray(value)) return value.slice(0, MAX_ITEMS).map((v) => summarise(v));
  if (typeof value === 'object' && value !== null) return `{${Object.keys(value).slice(0, MAX_ITEMS).join(', ')}}`;
  return value;
}

/** `{ path: value }` for every path `condition` tests; a path absent from the data is null. */
export function valuesSeen(condition: unknown, data: Readonly<JsonObject>): JsonObject {
  const seen: JsonObject = {};
  for (const path of conditionPaths(condition)) seen[path] = summarise(valueAt(data, path));
  return seen;
}

/** One leaf of a condition (a path, an operator, its operand), the value it saw and whether it held. */
export type ClauseResult = { path: string; op: string; operand: Json; saw: Json; held: boolean };
/** `$and`/`$or`/`$nor` with each branch's clauses (a branch holds when all its clauses hold). */
export type GroupResult = { op: '$and' | '$or' | '$nor'; held: boolean; branches: ClauseExplanation[][] };
export type ClauseExplanation = ClauseResult | GroupResult;

type Plan = { path: string; op: string; operand: Json; test: CompiledCondition } | { op: GroupResult['op']; branches: Plan[][] };

const isOperatorExpression = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length > 0 && Object.keys(value).every((k) => k.startsWith('$'));

/** Splits a condition into leaves, each compiled on its own by the matcher (same operators, same meaning). */
function plan(query: Record<string, unknown>): Plan[] {
  const plans: Plan[] = [];
  for (const [key, value] of Object.entries(query)) {
    if (LOGICAL.has(key)) {
      plans.push({ op: key as GroupResult['op'], branches: (value as Record<string, unknown>[]).map(plan) });
      continue;
    }
    const leaf = (op: string, operand: unknown, clause: Record<string, unknown>) =>
      plans.push({ path: key, op, operand: operand as Json, test: compileCondition({ [key]: clause }, `${key} ${op}`) });
    if (!isOperatorExpression(value)) {
      leaf('$eq', value, { $eq: value });
      continue;
    }
    for (const [op, operand] of Object.entries(value)) {
      // `$options` belongs to its `$regex`: it is tested with it, not as a clause of its own.
      if (op === '$options') continue;
      leaf(op, operand, op === '$regex' && '$options' in value ? { $regex: operand, $options: value.$options } : { [op]: operand });
    }
  }
  return plans;
}

function run(plans: Plan[], data: Readonly<JsonObject>): ClauseExplanation[] {
  return plans.map((p): ClauseExplanation => {
    if ('test' in p) return { path: p.path, op: p.op, operand: p.operand, saw: summarise(valueAt(data, p.path)), held: p.test.test(data as JsonObject) };
    const branches = p.branches.map((branch) => run(branch, data));
    const holding = branches.filter((branch) => branch.every((clause) => clause.held)).length;
    const held = p.op === '$and' ? holding === branches.length : p.op === '$or' ? holding > 0 : holding === 0;
    return { op: p.op, held, branches };
  });
}

// Conditions come from the compiled policy and live as long as it: each is split and compiled once.
const plans = new WeakMap<object, Plan[]>();

/**
 * The condition evaluated clause by clause against `data`: for each leaf (e.g.
 * `sentimentAnalysis.frustrationLevel $gte 70`) the value it saw and whether it held, with
 * `$and`/`$or`/`$nor` kept as groups. The condition holds when every top-level entry holds; that is
 * the same answer the compiled condition gives. `condition` must already be valid (a compiled
 * policy's `compiled.source`).
 */
export function explainCondition(condition: Readonly<Record<string, unknown>>, data: Readonly<JsonObject>): ClauseExplanation[] {
  let planned = plans.get(condition);
  if (!planned) {
    planned = plan(condition as Record<string, unknown>);
    plans.set(condition, planned);
  }
  return run(planned, data);
}

/** One line for a decision's explanation: `a $gte 70 (saw 45): no; b $eq true (saw true): yes`. */
export function describeClauses(clauses: readonly ClauseExplanation[]): string {
  return clauses
    .map((clause) =>
      'path' in clause
        ? `${clause.path} ${clause.op} ${JSON.stringify(clause.operand)} (saw ${JSON.stringify(clause.saw)}): ${clause.held ? 'yes' : 'no'}`
        : `${clause.op} [${clause.branches.map((branch) => describeClauses(branch)).join(' | ')}]: ${clause.held ? 'yes' : 'no'}`,
    )
    .join('; ');
}

/*
 * Compact decision records. A trigger's record keeps its clauses (each leaf with the value it saw);
 * the per-trigger `saw` map (path -> value) repeated those values, and `condition` (the trigger's JSON)
 * repeated the clauses' paths, operators and operands. Since records are written without them, readers
 * derive both from the clauses; records written before keep theirs and are read as they are.
 */

const isLeaf = (clause: unknown): clause is ClauseResult =>
  typeof clause === 'object' && clause !== null && typeof (clause as ClauseResult).path === 'string' && 'op' in clause;
const isGroup = (clause: unknown): clause is GroupResult =>
  typeof clause === 'object' && clause !== null && LOGICAL.has((clause as GroupResult).op) && Array.isArray((clause as GroupResult).branches);

/**
 * `{ path: value }` from a trigger's clauses, in the order written, the first value of each path: the
 * same map `valuesSeen` gives for the condition and the data the clauses were evaluated on.
 */
export function valuesFromClauses(clauses: readonly unknown[]): JsonObject {
  const seen: JsonObject = {};
  const visit = (list: readonly unknown[]) => {
    for (const clause of list) {
      if (isLeaf(clause)) {
        if (!clause.path.startsWith('$') && !(clause.path in seen)) seen[clause.path] = clause.saw === undefined ? null : clause.saw;
      } else if (isGroup(clause)) for (const branch of clause.branches) if (Array.isArray(branch)) visit(branch);
    }
  };
  visit(clauses);
  return seen;
}

/**
 * The condition the clauses were split from, rebuilt in its usual spelling (`{path: value}` for
 * equality, `{path: {$op: operand, ...}}` otherwise); undefined when the clauses are not well formed.
 * A writer keeps `condition` whenever this is not exactly the trigger's text (an explicit `$eq`,
 * `$options`, a path repeated apart), so reading it back is lossless.
 */
export function conditionFromClauses(clauses: readonly unknown[]): Record<string, unknown> | undefined {
  const query: Record<string, unknown> = {};
  // Operator objects built here; a recorded operand is never written into.
  const built = new Set<unknown>();
  for (const clause of clauses) {
    if (isGroup(clause)) {
      if (clause.op in query) return undefined;
      const branches: Record<string, unknown>[] = [];
      for (const branch of clause.branches) {
        const rebuilt = Array.isArray(branch) ? conditionFromClauses(branch) : undefined;
        if (!rebuilt) return undefined;
        branches.push(rebuilt);
      }
      query[clause.op] = branches;
    } else if (isLeaf(clause)) {
      const existing = query[clause.path];
      if (clause.op === '$eq') {
        if (clause.path in query) return undefined;
        query[clause.path] = clause.operand;
      } else if (existing === undefined) {
        const expression = { [clause.op]: clause.operand };
        built.add(expression);
        query[clause.path] = expression;
      } else if (built.has(existing) && !(clause.op in (existing as object))) (existing as Record<string, unknown>)[clause.op] = clause.operand;
      else return undefined;
    } else return undefined;
  }
  return query;
}

/** What a trigger's record must keep: `condition` only when the clauses do not spell it exactly. */
export function compactTriggerRecord(text: string, clauses: ClauseExplanation[]): { condition?: string; clauses: ClauseExplanation[] } {
  const rebuilt = conditionFromClauses(clauses);
  return rebuilt !== undefined && JSON.stringify(rebuilt) === text ? { clauses } : { condition: text, clauses };
}

/** A trigger's recorded `saw` map: the stored one (older records) or derived from its clauses. */
export function recordedValuesSeen(entry: Readonly<Record<string, unknown>>): JsonObject | undefined {
  const saw = entry.saw;
  if (typeof saw === 'object' && saw !== null && !Array.isArray(saw)) return saw as JsonObject;
  return Array.isArray(entry.clauses) ? valuesFromClauses(entry.clauses) : undefined;
}

/** A trigger's recorded condition (JSON text): the stored one, or rebuilt from its clauses. */
export function recordedCondition(entry: Readonly<Record<string, unknown>>): string | undefined {
  if (typeof entry.condition === 'string') return entry.condition;
  if (!Array.isArray(entry.clauses)) return undefined;
  const rebuilt = conditionFromClauses(entry.clauses);
  return rebuilt === undefined ? undefined : JSON.stringify(rebuilt);
}
