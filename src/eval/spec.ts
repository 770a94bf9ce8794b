/**
 * The eval spec: a YAML file saying where the labelled data is, how a row becomes a ticket, and what
 * to measure. Validated with zod; every problem is reported at its `file:line:col` with the key, the
 * way the policy loader reports policy problems.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { LineCounter, isMap, isNode, isScalar, parseDocument, type Document } from 'yaml';
import { z } from 'zod';
import { compileCondition, type Condition } from '../engine/matcher.ts';
import { InputError, errorMessage } from '../errors.ts';
import { formatProblem } from '../policy/load.ts';
import { TRANSFORMS } from './tickets.ts';
import { GOAL_PATTERN, metricNamesFor } from './goals.ts';

const condition = z.record(z.string(), z.unknown());
const goal = z.string().regex(GOAL_PATTERN, 'a goal is a comparison such as ">= 0.8", "<= 0.05" or ">= 80%"');
const transform = z.enum(Object.keys(TRANSFORMS) as [string, ...string[]]);
const column = z.strictObject({
  column: z.string().min(1),
  transform: z.union([transform, z.array(transform)]).optional(),
});
const classMap = z.record(z.string(), z.string().min(1));

const measureBase = {
  id: z.string().regex(/^[a-z][a-z0-9_]*$/, 'lower_snake_case, e.g. negative_detection'),
  title: z.string().min(1),
  /** Goal on the headline number. */
  goal: goal.optional(),
  /** Goals on named numbers, e.g. `accuracy`, `recall.high`. */
  goals: z.record(z.string(), goal).optional(),
  /** Dotted paths into the task data shown as "why" beside each miss. */
  why: z.array(z.string().min(1)).optional(),
};

const binary = z.strictObject({ ...measureBase, kind: z.literal('binary'), positive: condition, predicted: condition, rows: condition.optional() });
const rate = z.strictObject({ ...measureBase, kind: z.literal('rate'), rows: condition, hit: condition });
const multiclass = z.strictObject({
  ...measureBase,
  kind: z.literal('multiclass'),
  label: z.strictObject({ column: z.string().min(1), map: classMap.optional() }),
  predicted: z.strictObject({ path: z.string().min(1), map: classMap.optional() }),
  rows: condition.optional(),
});
const measure = z.discriminatedUnion('kind', [binary, rate, multiclass]);

export const evalSpecSchema = z.strictObject({
  title: z.string().optional(),
  /** The labelled file, relative to the spec file. */
  data: z.string().min(1),
  format: z.enum(['csv', 'jsonl']).optional(),
  where: condition.optional(),
  ticket: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), column])),
  measures: z.array(measure).min(1),
});

export type EvalSpec = z.infer<typeof evalSpecSchema>;
export type MeasureSpec = z.infer<typeof measure>;
export type TicketFieldSpec = EvalSpec['ticket'][string];

export interface LoadedSpec {
  spec: EvalSpec;
  file: string;
  /** The data file, resolved against the spec file's folder. */
  dataFile: string;
  format: 'csv' | 'jsonl';
  /** Prefixes a message with `file:line:col at key` for problems found after parsing (e.g. an unknown column). */
  locate(keyPath: (string | number)[], message: string): string;
}

type Located = { path: (string | number)[]; message: string; line?: number; column?: number };

/** One line: the first problem, and how many more there are (the CLI prints errors on one line). */
function specError(file: string, problems: Located[]): InputError {
  const first = problems[0]!;
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : '';
  return new InputError(`${formatProblem(file, first)}${more}`, first.path.map(String));
}

function locator(doc: Document, lines: LineCounter) {
  return (keyPath: (string | number)[]): { line?: number; column?: number } => {
    // Walk up until a node exists: a missing key is reported at its parent.
    for (let depth = keyPath.length; depth >= 0; depth--) {
      const node = doc.getIn(keyPath.slice(0, depth), true);
      if (isNode(node) && node.range) {
        const { line, col } = lines.linePos(node.range[0]);
        return { line, column: col };
      }
    }
    return {};
  };
}

type Issue = z.core.$ZodIssue;

/**
 * A ticket field is a constant or `{ column }`: when an object fails, zod reports "invalid input" for
 * the whole union; the object branch's own issue (e.g. an unknown transform) is the useful one.
 */
function unwrapUnion(issue: Issue): Issue {
  if (issue.code !== 'invalid_union') return issue;
  const branch = issue.errors.find((errors) => errors.length > 0 && !(errors[0]!.code === 'invalid_type' && errors[0]!.path.length === 0));
  const inner = branch?.[0];
  return inner ? unwrapUnion({ ...inner, path: [...issue.path, ...inner.path] } as Issue) : issue;
}

/** Problems zod cannot see: conditions (operator allow-list), goal names, duplicate ids, a ticket body. */
function semanticProblems(spec: EvalSpec): Located[] {
  const problems: Located[] = [];
  const check = (cond: Condition | undefined, at: (string | number)[]) => {
    if (cond === undefined) return;
    try {
      compileCondition(cond, at.join('.'));
    } catch (error) {
      problems.push({ path: at, message: errorMessage(error).replace(`${at.join('.')}: `, '') });
    }
  };
  check(spec.where, ['where']);
  if (!('description' in spec.ticket) && !('message' in spec.ticket)) {
    problems.push({ path: ['ticket'], message: 'required: add "description" (e.g. { column: text }), the customer\'s message' });
  }
  const seen = new Set<string>();
  spec.measures.forEach((m, i) => {
    if (seen.has(m.id)) problems.push({ path: ['measures', i, 'id'], message: `duplicate measure id "${m.id}"` });
    seen.add(m.id);
    check(m.rows, ['measures', i, 'rows']);
    if (m.kind === 'binary') {
      check(m.positive, ['measures', i, 'positive']);
      check(m.predicted, ['measures', i, 'predicted']);
    }
    if (m.kind === 'rate') check(m.hit, ['measures', i, 'hit']);
    const known = metricNamesFor(m);
    for (const name of Object.keys(m.goals ?? {})) {
      const problem = known.check(name);
      if (problem) problems.push({ path: ['measures', i, 'goals', name], message: problem });
    }
    if (m.goal !== undefined && m.goals?.[known.headline] !== undefined) {
      problems.push({ path: ['measures', i, 'goal'], message: `give the ${known.headline} goal once: as goal or as goals.${known.headline}` });
    }
  });
  return problems;
}

/** Parses and validates spec text; throws an InputError naming the first problem's line and key. */
export function parseSpec(text: string, file: string): LoadedSpec {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const locate = locator(doc, lines);
  // An unknown key is reported where the key is written, not where its value starts.
  const locateKey = (mapPath: (string | number)[], key: string) => {
    const map = doc.getIn(mapPath, true);
    const pair = isMap(map) ? map.items.find((item) => isScalar(item.key) && item.key.value === key) : undefined;
    const start = pair && isNode(pair.key) ? pair.key.range?.[0] : undefined;
    if (start === undefined) return locate([...mapPath, key]);
    const { line, col } = lines.linePos(start);
    return { line, column: col };
  };
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const { line, col } = lines.linePos(e.pos[0]);
    throw specError(file, [{ path: [], message: `YAML syntax: ${e.message.split('\n')[0]}`, line, column: col }]);
  }
  const parsed = evalSpecSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    throw specError(file, parsed.error.issues.map(unwrapUnion).map((issue) => {
      const at = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
      let message = issue.message;
      if (issue.code === 'invalid_type' && /received undefined/.test(message)) message = `required: add "${String(at.at(-1))}" (${issue.expected})`;
      if (issue.code === 'unrecognized_keys') {
        const key = issue.keys[0] ?? '';
        return { path: [...at, key], message: `unknown key "${key}"; check the spelling`, ...locateKey(at, key) };
      }
      return { path: at, message, ...locate(at) };
    }));
  }
  const spec = parsed.data;
  const problems = semanticProblems(spec).map((p) => ({ ...p, ...locate(p.path) }));
  if (problems.length > 0) throw specError(file, problems);

  const dataFile = path.resolve(path.dirname(file), spec.data);
  const ext = path.extname(dataFile).toLowerCase();
  const format = spec.format ?? (ext === '.csv' ? 'csv' : ext === '.jsonl' || ext === '.ndjson' ? 'jsonl' : undefined);
  if (!format) throw specError(file, [{ path: ['format'], message: `cannot tell the format of ${path.basename(dataFile)} from its extension; add format: csv or format: jsonl`, ...locate(['data']) }]);
  return {
    spec,
    file,
    dataFile,
    format,
    locate: (keyPath, message) => formatProblem(file, { path: keyPath, message, ...locate(keyPath) }),
  };
}

export async function loadSpec(file: string): Promise<LoadedSpec> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read the eval spec ${file}: ${errorMessage(error)}`);
  }
  return parseSpec(text, file);
}
