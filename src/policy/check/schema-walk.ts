/**
 * Reading a zod 4 schema as a map of fields: what lives at a dotted path of the task data (its type,
 * allowed values, number range), which paths exist at all, and which part of the schema a policy path
 * points at. Generic over any zod schema, so the checks test it with small local schemas and the
 * loader hands it the real task-data schema.
 *
 * Paths are read as MongoDB reads them: a segment after an array applies to each element
 * (`items.price`), a numeric segment picks one element (`items.0.price`).
 */
import type { z } from 'zod';
import { splitPath } from '../../store/keys.ts';

export type Schema = z.core.$ZodType;

/** The JSON-level kinds of value a field can hold. `any` means the schema does not say. */
export type ValueType = 'string' | 'number' | 'boolean' | 'null' | 'object' | 'array' | 'date' | 'any';
export type Scalar = string | number | boolean | null;

/** What the schema says about one field. */
export interface FieldShape {
  types: Set<ValueType>;
  /** The closed set of allowed values (enum or literals); undefined when any value of the type is allowed. */
  values?: readonly Scalar[];
  min?: { value: number; inclusive: boolean };
  max?: { value: number; inclusive: boolean };
  /** The shape of the elements when the field is an array. */
  element?: FieldShape;
  /** The concrete (unwrapped) schemas behind this shape, to look further inside it (`$elemMatch`). */
  schemas: Schema[];
}

/** Where a dotted data path leads. */
export type PathLookup =
  | { status: 'known'; field: FieldShape; throughArray: boolean }
  /** Beneath an open object (loose object, record of unknown, untyped value): it may exist, nothing says. */
  | { status: 'open'; openAt: string }
  /** Nothing in the schema can be at this path; `knownUpTo` is the longest prefix that exists. */
  | { status: 'unknown'; knownUpTo: string };

// Zod 4 keeps everything a schema says in `_zod.def`; only the members read here are typed.
interface Def {
  type: string;
  innerType?: Schema;
  shape?: Record<string, Schema>;
  catchall?: Schema;
  element?: Schema;
  options?: Schema[];
  entries?: Record<string, string | number>;
  values?: unknown[];
  keyType?: Schema;
  valueType?: Schema;
  in?: Schema;
  out?: Schema;
  getter?: () => Schema;
  left?: Schema;
  right?: Schema;
  items?: Schema[];
  rest?: Schema | null;
  format?: string;
  checks?: { _zod: { def: { check: string; value?: unknown; inclusive?: boolean; format?: string } } }[];
}

export const defOf = (schema: Schema): Def => schema._zod.def as unknown as Def;

/** Wrappers that do not change what the stored value looks like. */
const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'catch', 'readonly', 'nonoptional', 'success']);
/** Lazy schemas can recurse forever; no real document is this deep. */
const MAX_DEPTH = 12;

/** The concrete alternatives behind wrappers, unions, pipes and lazies (a nullable adds `null`). */
export function alternatives(schema: Schema, depth = 0): Schema[] {
  if (depth > MAX_DEPTH) return [];
  const def = defOf(schema);
  if (WRAPPERS.has(def.type) && def.innerType) {
    const inner = alternatives(def.innerType, depth + 1);
    return def.type === 'nullable' ? [...inner, schema] : inner;
  }
  if (def.type === 'lazy' && def.getter) return alternatives(def.getter(), depth + 1);
  // A pipe stores what comes out of it, unless that is a transform (then only its input is known).
  if (def.type === 'pipe' && def.in && def.out) return alternatives(defOf(def.out).type === 'transform' ? def.in : def.out, depth + 1);
  if (def.type === 'union' && def.options) return def.options.flatMap((option) => alternatives(option, depth + 1));
  if (def.type === 'intersection' && def.left && def.right) return [...alternatives(def.left, depth + 1), ...alternatives(def.right, depth + 1)];
  return [schema];
}

const isNumericSegment = (segment: string): boolean => /^\d+$/.test(segment);

/** The element schemas of an array or tuple alternative, or undefined when it is not one. */
function elementsOf(schema: Schema): Schema[] | undefined {
  const def = defOf(schema);
  if (def.type === 'array' && def.element) return [def.element];
  if (def.type === 'tuple') return [...(def.items ?? []), ...(def.rest ? [def.rest] : [])];
  return undefined;
}

/** True when values beneath this schema are not described (unknown keys are allowed and untyped). */
function isUntyped(schema: Schema): boolean {
  const type = defOf(schema).type;
  return type === 'unknown' || type === 'any';
}

/** The schemas found at `key` inside one concrete alternative; `open` when the key may exist undescribed. */
function child(schema: Schema, key: string): { found: Schema[]; open: boolean } {
  const def = defOf(schema);
  if (def.type === 'object') {
    const own = def.shape?.[key];
    if (own) return { found: [own], open: false };
    if (def.catchall && defOf(def.catchall).type !== 'never') {
      return isUntyped(def.catchall) ? { found: [], open: true } : { found: [def.catchall], open: false };
    }
    return { found: [], open: false };
  }
  if (def.type === 'record' && def.valueType) {
    const keys = def.keyType ? closedValues(alternatives(def.keyType)) : undefined;
    if (keys && !keys.includes(key)) return { found: [], open: false };
    return isUntyped(def.valueType) ? { found: [], open: true } : { found: [def.valueType], open: false };
  }
  if (isUntyped(schema)) return { found: [], open: true };
  return { found: [], open: false };
}

/**
 * What lives at `path` (dotted, relative to `root`). `root` is a schema or a field shape found
 * earlier (to resolve `$elemMatch` sub-queries against an array's elements).
 */
export function resolveDataPath(root: Schema | FieldShape, path: string): PathLookup {
  let current = 'schemas' in root ? root.schemas : alternatives(root);
  let throughArray = false;
  const segments = splitPath(path);
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    const next: Schema[] = [];
    let open = false;
    for (const alternative of current) {
      const elements = elementsOf(alternative);
      if (elements) {
        const within = elements.flatMap((element) => alternatives(element));
        if (isNumericSegment(segment)) next.push(...within);
        else {
          // MongoDB reads `list.field` in each element of `list`.
          throughArray = true;
          for (const element of within) {
            const found = child(element, segment);
            next.push(...found.found.flatMap((s) => alternatives(s)));
            open ||= found.open;
          }
        }
        continue;
      }
      const found = child(alternative, segment);
      next.push(...found.found.flatMap((s) => alternatives(s)));
      open ||= found.open;
    }
    const prefix = segments.slice(0, i).join('.');
    if (next.length === 0) return open ? { status: 'open', openAt: prefix } : { status: 'unknown', knownUpTo: prefix };
    current = next;
  }
  return { status: 'known', field: shapeOf(current), throughArray };
}

function closedValues(schemas: Schema[]): Scalar[] | undefined {
  const values: Scalar[] = [];
  for (const schema of schemas) {
    const def = defOf(schema);
    if (def.type === 'enum' && def.entries) values.push(...Object.values(def.entries));
    else if (def.type === 'literal' && def.values) values.push(...(def.values as Scalar[]));
    else if (def.type === 'nullable' || def.type === 'null') values.push(null);
    else return undefined;
  }
  return values;
}

function valueTypeOf(schema: Schema): ValueType[] {
  const def = defOf(schema);
  switch (def.type) {
    case 'string':
    case 'template_literal':
      return ['string'];
    case 'number':
    case 'bigint':
    case 'int':
      return ['number'];
    case 'boolean':
      return ['boolean'];
    case 'null':
    case 'nullable':
      return ['null'];
    case 'date':
      return ['date'];
    case 'object':
    case 'record':
    case 'map':
      return ['object'];
    case 'array':
    case 'tuple':
    case 'set':
      return ['array'];
    case 'enum':
      return [...new Set(Object.values(def.entries ?? {}).map((v) => (typeof v === 'number' ? 'number' : 'string') as ValueType))];
    case 'literal':
      return [...new Set((def.values ?? []).map((v) => (v === null ? 'null' : (typeof v as ValueType))))];
    case 'never':
    case 'undefined':
    case 'void':
      return [];
    default:
      return ['any'];
  }
}

/** The number range a number schema allows (from its min/max, gt/lt and positive/nonnegative checks). */
function rangeOf(schema: Schema): Pick<FieldShape, 'min' | 'max'> {
  const range: Pick<FieldShape, 'min' | 'max'> = {};
  for (const check of defOf(schema).checks ?? []) {
    const { check: kind, value, inclusive } = check._zod.def;
    if (typeof value !== 'number') continue;
    if (kind === 'greater_than') range.min = { value, inclusive: inclusive ?? false };
    if (kind === 'less_than') range.max = { value, inclusive: inclusive ?? false };
  }
  return range;
}

/** The field shape of a set of concrete alternatives. */
export function shapeOf(schemas: Schema[]): FieldShape {
  const types = new Set(schemas.flatMap(valueTypeOf));
  const shape: FieldShape = { types, schemas };
  const values = closedValues(schemas);
  if (values) shape.values = [...new Set(values)];
  const numbers = schemas.filter((s) => valueTypeOf(s).includes('number') && defOf(s).type === 'number');
  // A range is only meaningful when one number schema describes the field.
  if (numbers.length === 1) Object.assign(shape, rangeOf(numbers[0]!));
  const elements = schemas.flatMap((s) => elementsOf(s) ?? []);
  if (elements.length > 0) shape.element = shapeOf(elements.flatMap((element) => alternatives(element)));
  return shape;
}

/**
 * Every dotted path the schema names (objects' keys at every depth; arrays are read through, as
 * MongoDB does), for suggesting the nearest one to a mistyped path. Records add no paths: their keys
 * are data.
 */
const knownPathsCache = new WeakMap<Schema, string[]>();

export function knownDataPaths(root: Schema): string[] {
  const cached = knownPathsCache.get(root);
  if (cached) return cached;
  const paths = new Set<string>();
  const visit = (schema: Schema, prefix: string, depth: number, stack: Set<Schema>) => {
    if (depth > MAX_DEPTH) return;
    for (const alternative of alternatives(schema)) {
      if (stack.has(alternative)) continue;
      const inner = new Set(stack).add(alternative);
      const elements = elementsOf(alternative);
      if (elements) {
        elements.forEach((element) => visit(element, prefix, depth + 1, inner));
        continue;
      }
      const def = defOf(alternative);
      if (def.type !== 'object' || !def.shape) continue;
      for (const [key, value] of Object.entries(def.shape)) {
        const path = prefix ? `${prefix}.${key}` : key;
        paths.add(path);
        visit(value, path, depth + 1, inner);
      }
    }
  };
  visit(root, '', 0, new Set());
  // Every suggestion needs the list; a schema does not change while the process runs.
  const list = [...paths];
  knownPathsCache.set(root, list);
  return list;
}

/**
 * The concrete schemas at a path of the policy document itself (keys and array indexes, as zod
 * reports issue paths), for wording messages about what belongs there.
 */
export function schemaAtPolicyPath(root: Schema, path: readonly (string | number)[]): Schema[] {
  let current = alternatives(root);
  for (const segment of path) {
    current = current.flatMap((schema) => {
      const elements = elementsOf(schema);
      if (elements) return typeof segment === 'number' || isNumericSegment(segment) ? elements.flatMap((e) => alternatives(e)) : [];
      return child(schema, String(segment)).found.flatMap((s) => alternatives(s));
    });
  }
  return current;
}

/** The keys an object schema (among `schemas`) defines, for suggesting the right spelling of a key. */
export function keysOf(schemas: Schema[]): string[] {
  return [...new Set(schemas.flatMap((schema) => Object.keys(defOf(schema).shape ?? {})))];
}

/** "a number", "a string or null", for messages. */
export function describeTypes(types: Iterable<ValueType>): string {
  // "a number or null" reads as if null were a choice the author made; the field is a number.
  const all = [...types].filter((t) => t !== 'any');
  const names = (all.length > 1 ? all.filter((t) => t !== 'null') : all).map((t) => (t === 'null' ? 'null' : t === 'array' ? 'a list' : t === 'object' ? 'an object' : `a ${t}`));
  if (names.length === 0) return 'any value';
  return names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
}
