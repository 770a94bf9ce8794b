/**
 * Checks a MongoDB-style condition against the schema of the task data: every path must exist, and
 * every operand must be something the field can hold. A typo here does not fail at run time, the rule
 * just never fires, so these are caught when the policy is checked.
 *
 * Only meaning is checked here; the allowed operators and their forms are checked by the matcher
 * (src/store/filter.ts), which runs first.
 */
import type { CheckProblem } from './problem.ts';
import { didYouMean, nearest } from './nearest.ts';
import { describeTypes, knownDataPaths, resolveDataPath, type FieldShape, type PathLookup, type Scalar, type Schema, type ValueType } from './schema-walk.ts';

type At = (string | number)[];
const LOGICAL = new Set(['$and', '$or', '$nor']);
const COMPARISONS = new Set(['$gt', '$gte', '$lt', '$lte']);
/** `$type` names (see TYPE_TESTS in src/store/filter.ts) and the kind of value each one holds for. */
const TYPE_NAMES: Record<string, ValueType> = { object: 'object', array: 'array', string: 'string', number: 'number', double: 'number', int: 'number', bool: 'boolean', null: 'null', date: 'date' };

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isOperatorExpression = (value: unknown): value is Record<string, unknown> => isPlainObject(value) && Object.keys(value).length > 0 && Object.keys(value).every((k) => k.startsWith('$'));

function kindOf(value: unknown): ValueType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (value instanceof Date) return 'date';
  const type = typeof value;
  return type === 'string' || type === 'number' || type === 'boolean' ? type : 'object';
}

/** `the string "70"`, `the number 70`, `a list`, for messages. */
function describeValue(value: unknown): string {
  const kind = kindOf(value);
  if (kind === 'string' || kind === 'number' || kind === 'boolean') return `the ${kind} ${JSON.stringify(value)}`;
  return kind === 'array' ? 'a list' : kind === 'object' ? 'an object' : 'null';
}

/** How to write `value` so that it has one of `types`, when there is an obvious way. */
function rewrite(value: unknown, types: Set<ValueType>): string | undefined {
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (types.has('number') && trimmed !== '' && Number.isFinite(Number(trimmed))) return `write ${Number(trimmed)} without quotes`;
    if (types.has('boolean') && (trimmed === 'true' || trimmed === 'false')) return `write ${trimmed} without quotes`;
  }
  if ((typeof value === 'number' || typeof value === 'boolean') && types.has('string')) return `write "${String(value)}" in quotes`;
  return undefined;
}

/**
 * A problem for a path that does not resolve, or undefined when it does. Shared with template and
 * field-list checks so every unknown path reads the same.
 */
export function pathProblem(lookup: PathLookup, path: string, schema: Schema, at: At): CheckProblem | undefined {
  if (lookup.status === 'known') return undefined;
  const known = knownDataPaths(schema);
  // Only paths as deep as the one written: a shorter one ("a" for "a.typo") is never the fix.
  const depth = path.split('.').length;
  const suggestion = didYouMean(path, known.filter((p) => p.split('.').length === depth));
  if (lookup.status === 'open') {
    return {
      path: at,
      atKey: true,
      severity: 'warning',
      message: `"${path}" is not a known field, but "${lookup.openAt}" is open (it also keeps fields the schema does not list, from the ticket payload or a form), so it may exist`,
      hint: suggestion ?? 'check the spelling; if your tickets or forms carry this field, this warning can stay',
    };
  }
  const siblings = known.filter((p) => (lookup.knownUpTo ? p.startsWith(`${lookup.knownUpTo}.`) && !p.slice(lookup.knownUpTo.length + 1).includes('.') : !p.includes('.')));
  return {
    path: at,
    atKey: true,
    message: `unknown path "${path}"`,
    hint: suggestion ?? (siblings.length ? `known fields${lookup.knownUpTo ? ` under "${lookup.knownUpTo}"` : ''}: ${siblings.slice(0, 15).join(', ')}` : `"${lookup.knownUpTo}" has no fields inside it`),
  };
}

/** Problems with comparing `field` for equality with `value` (a literal, `$eq`, `$ne`, an `$in` item). */
function equalityProblems(value: unknown, field: FieldShape, at: At): CheckProblem[] {
  if (value === null || field.types.has('any')) return [];
  // An array field equals a whole list, or contains a matching element.
  const kind = kindOf(value);
  if (field.element) {
    if (Array.isArray(value)) return value.flatMap((item, i) => equalityProblems(item, field.element!, [...at, i]));
    if (!field.types.has(kind)) return equalityProblems(value, field.element, at);
  }
  if (!field.types.has(kind)) {
    const fix = rewrite(value, field.types);
    return [{ path: at, message: `compares ${describeTypes(field.types)} with ${describeValue(value)}, so it never holds`, ...(fix ? { hint: fix } : {}) }];
  }
  if (field.values && !field.values.includes(value as Scalar)) {
    const allowed = field.values.filter((v) => v !== null).map((v) => String(v));
    const close = typeof value === 'string' ? nearest(value, allowed) : undefined;
    return [{ path: at, message: `unknown value ${JSON.stringify(value)}, so it never holds`, hint: `${close ? `did you mean "${close}"? ` : ''}allowed: ${allowed.join(', ')}` }];
  }
  if (typeof value === 'number' && outOfRange(value, field)) {
    return [{ path: at, severity: 'warning', message: `${value} is outside the field's range (${rangeText(field)}), so it never holds`, hint: 'check the number' }];
  }
  return [];
}

function outOfRange(value: number, field: FieldShape): boolean {
  const { min, max } = field;
  if (min && (min.inclusive ? value < min.value : value <= min.value)) return true;
  return max !== undefined && (max.inclusive ? value > max.value : value >= max.value);
}

function rangeText(field: FieldShape): string {
  const parts = [field.min ? `${field.min.inclusive ? '>=' : '>'} ${field.min.value}` : '', field.max ? `${field.max.inclusive ? '<=' : '<'} ${field.max.value}` : ''];
  return parts.filter(Boolean).join(' and ');
}

/** `$gt` and friends: both sides must be the same kind; a bound past the field's range never holds. */
function comparisonProblems(op: string, value: unknown, field: FieldShape, at: At): CheckProblem[] {
  const target = field.element && !field.types.has(kindOf(value)) ? field.element : field;
  if (target.types.has('any')) return [];
  const kind = kindOf(value);
  if (!target.types.has(kind)) {
    const fix = rewrite(value, target.types);
    return [{ path: at, message: `compares ${describeTypes(target.types)} with ${describeValue(value)}, so it never holds`, ...(fix ? { hint: fix } : {}) }];
  }
  if (typeof value === 'number') {
    const { min, max } = target;
    const never =
      ((op === '$gt' || op === '$gte') && max && (op === '$gt' || !max.inclusive ? value >= max.value : value > max.value)) ||
      ((op === '$lt' || op === '$lte') && min && (op === '$lt' || !min.inclusive ? value <= min.value : value < min.value));
    if (never) return [{ path: at, severity: 'warning', message: `${op} ${value} never holds: the field is ${rangeText(target)}`, hint: 'check the number' }];
  }
  return [];
}

/** Problems with the operand(s) of one field condition (a literal or an operator expression). */
function operandProblems(value: unknown, field: FieldShape, throughArray: boolean, schema: Schema, at: At): CheckProblem[] {
  if (!isOperatorExpression(value)) return equalityProblems(value, field, at);
  const problems: CheckProblem[] = [];
  const isList = field.types.has('array') || field.types.has('any') || throughArray;
  for (const [op, operand] of Object.entries(value)) {
    const here = [...at, op];
    if (op === '$eq' || op === '$ne') problems.push(...equalityProblems(operand, field, here));
    else if (COMPARISONS.has(op)) problems.push(...comparisonProblems(op, operand, field, here));
    else if ((op === '$in' || op === '$nin') && Array.isArray(operand)) operand.forEach((item, i) => problems.push(...equalityProblems(item, field, [...here, i])));
    else if (op === '$all' && Array.isArray(operand)) {
      if (!isList) problems.push({ path: here, message: `$all tests a list, but the field is ${describeTypes(field.types)}`, hint: 'use $in to match one of several values' });
      else if (field.element) operand.forEach((item, i) => problems.push(...(isOperatorExpression(item) ? [] : equalityProblems(item, field.element!, [...here, i]))));
    } else if (op === '$size' && !isList) {
      problems.push({ path: here, message: `$size counts a list's items, but the field is ${describeTypes(field.types)}`, hint: 'compare the value itself, or test $exists' });
    } else if (op === '$regex' && !field.types.has('string') && !field.types.has('any') && !field.element?.types.has('string')) {
      problems.push({ path: here, message: `$regex matches text, but the field is ${describeTypes(field.types)}`, hint: field.types.has('number') ? 'use $gt/$gte/$lt/$lte or $in for numbers' : 'compare with a value instead' });
    } else if (op === '$type') problems.push(...typeProblems(operand, field, here));
    else if (op === '$not' && isPlainObject(operand)) problems.push(...operandProblems(operand, field, throughArray, schema, here));
    else if (op === '$elemMatch' && isPlainObject(operand)) {
      if (!field.element) {
        if (!field.types.has('any')) problems.push({ path: here, message: `$elemMatch tests a list's items, but the field is ${describeTypes(field.types)}`, hint: 'write the condition on the field directly' });
      } else if (isOperatorExpression(operand)) problems.push(...operandProblems(operand, field.element, false, schema, here));
      else problems.push(...queryProblems(operand, field.element, schema, here));
    }
  }
  return problems;
}

function typeProblems(operand: unknown, field: FieldShape, at: At): CheckProblem[] {
  if (field.types.has('any')) return [];
  const names = (Array.isArray(operand) ? operand : [operand]).filter((n): n is string => typeof n === 'string');
  const holds = names.some((name) => {
    const kind = TYPE_NAMES[name];
    return kind !== undefined && (field.types.has(kind) || field.element?.types.has(kind) === true);
  });
  if (holds || names.length === 0) return [];
  return [{ path: at, message: `$type ${names.join(', ')} never holds: the field is ${describeTypes(field.types)}`, hint: 'use $exists to test that the field is there' }];
}

/**
 * Problems in a query (`{ path: condition, $or: [...] }`) whose paths are relative to `root`: the task
 * data's schema, or an array element's shape inside `$elemMatch`. `schema` is the whole data schema,
 * for suggestions.
 */
function queryProblems(query: unknown, root: Schema | FieldShape, schema: Schema, at: At): CheckProblem[] {
  if (!isPlainObject(query)) return [];
  const problems: CheckProblem[] = [];
  for (const [key, value] of Object.entries(query)) {
    if (LOGICAL.has(key)) {
      if (Array.isArray(value)) value.forEach((sub, i) => problems.push(...queryProblems(sub, root, schema, [...at, key, i])));
      continue;
    }
    if (key.startsWith('$')) continue;
    const lookup = resolveDataPath(root, key);
    if (lookup.status !== 'known') {
      // Suggestions inside $elemMatch come from the element's own shape.
      const problem = pathProblem(lookup, key, 'schemas' in root ? root.schemas[0] ?? schema : root, [...at, key]);
      if (problem) problems.push(problem);
      continue;
    }
    problems.push(...operandProblems(value, lookup.field, lookup.throughArray, schema, [...at, key]));
  }
  return problems;
}

/**
 * Every problem in `condition` against the task-data `schema`, with paths relative to the condition
 * (prefix them with where the condition sits in the policy). Unknown paths are errors, paths under
 * open objects warnings.
 */
export function checkCondition(condition: unknown, schema: Schema): CheckProblem[] {
  return queryProblems(condition, schema, schema, []);
}
