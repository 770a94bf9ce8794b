/**
 * Checks a policy file completely in one pass: YAML, the schema, references between sections,
 * conditions and templates against the task data's schema, and settings nothing reads. Every
 * problem is reported at once with its line, column and a hint, so a user fixes them in one edit
 * instead of discovering them one at a time.
 */
import path from 'node:path';
import { taskDataSchema } from '../../domain/task-data.ts';
import { errorMessage } from '../../errors.ts';
import { compileAt, compilePolicy, PolicyError, type CompiledPolicy } from '../compile.ts';
import { policySchema } from '../schema.ts';
import { checkCondition, pathProblem } from './conditions.ts';
import { createLocator, type Locator } from './locate.ts';
import { isError, severityOf, type CheckProblem, type LocatedProblem } from './problem.ts';
import { referenceProblems } from './references.ts';
import { resolveDataPath, type Schema } from './schema-walk.ts';
import { policySites } from './sites.ts';
import { checkPlainText, checkTemplate } from './templates.ts';
import { unreadSettingProblems } from './unread.ts';
import { zodProblems } from './zod-issues.ts';

export interface CheckOptions {
  /** The registered step ids, for HANDOFF targets; unchecked when absent. */
  stepIds?: string[];
  /** The schema of the task's `data` that condition and template paths are checked against. */
  dataSchema?: Schema;
}

export interface PolicyCheck {
  /** The compiled policy, when there is no error (warnings allowed). */
  compiled?: CompiledPolicy;
  /** Errors and warnings, in file order. */
  problems: LocatedProblem[];
}

const prefixed = (problems: CheckProblem[], at: (string | number)[]): CheckProblem[] => problems.map((p) => ({ ...p, path: [...at, ...p.path] }));

/** The checks that read the policy as written (valid or not) against the data schema. */
function meaningProblems(input: unknown, options: CheckOptions): CheckProblem[] {
  const schema = options.dataSchema ?? taskDataSchema;
  const sites = policySites(input);
  const problems: CheckProblem[] = [...referenceProblems(input, options)];
  for (const { path: at, condition } of sites.conditions) {
    const result = compileAt(condition, at);
    // A condition the matcher refuses is reported as such; its paths are checked once it compiles.
    if ('problem' in result) problems.push(result.problem);
    else problems.push(...prefixed(checkCondition(condition, schema), at));
  }
  for (const { path: at, text } of sites.templates) problems.push(...checkTemplate(text, at, schema));
  for (const { path: at, dataPath } of sites.dataPaths) {
    const lookup = resolveDataPath(schema, dataPath);
    const problem = pathProblem(lookup, dataPath, schema, at);
    if (problem) problems.push(problem);
    else if (lookup.status === 'known' && lookup.throughArray) {
      problems.push({ path: at, message: `"${dataPath}" reads a field inside a list, which shows nothing`, hint: 'name one item by its position, as in list.0.field' });
    }
  }
  for (const { path: at, text } of sites.plainTexts) problems.push(...checkPlainText(text, at));
  problems.push(...unreadSettingProblems(input));
  return problems;
}

const isPrefix = (prefix: readonly (string | number)[], path: readonly (string | number)[]): boolean =>
  prefix.length <= path.length && prefix.every((segment, i) => String(segment) === String(path[i]));

/**
 * One report per problem: exact repeats (a check that runs both on the file and on the compiled
 * policy) are dropped, and so are problems inside a value the schema already rejected.
 */
function merge(schemaProblems: CheckProblem[], others: CheckProblem[]): CheckProblem[] {
  const rejected = schemaProblems.filter((p) => !p.atKey).map((p) => p.path);
  const seen = new Set<string>();
  return [...schemaProblems, ...others.filter((p) => !rejected.some((r) => isPrefix(r, p.path)))].filter((p) => {
    const key = `${JSON.stringify(p.path.map(String))} ${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function place(problem: CheckProblem, locator: Locator): LocatedProblem {
  const { atKey, excerpt, ...rest } = problem;
  const position = excerpt !== undefined ? locator.inside(problem.path, excerpt) : atKey ? locator.key(problem.path) : locator.at(problem.path);
  return { ...rest, severity: severityOf(problem), ...position };
}

/** Checks policy `text` (read from `file`); never throws for a problem in the policy. */
export function checkPolicyText(text: string, file: string, options: CheckOptions = {}): PolicyCheck {
  const locator = createLocator(text);
  if (locator.doc.errors.length > 0) {
    return { problems: locator.doc.errors.map((e) => ({ path: [], severity: 'error', message: `YAML syntax: ${e.message.split('\n')[0]}`, hint: 'check the indentation and quoting on this line', ...locator.offset(e.pos[0]) })) };
  }
  const input: unknown = locator.doc.toJS();
  const parsed = policySchema.safeParse(input);
  const schemaProblems: CheckProblem[] = parsed.success ? [] : zodProblems(parsed.error.issues, input, policySchema);
  const others = meaningProblems(input, options);
  let compiled: CompiledPolicy | undefined;
  if (parsed.success) {
    // Folders named by the policy are relative to the policy file, wherever the command runs from.
    const base = path.dirname(path.resolve(file));
    if (parsed.data.knowledge_base) parsed.data.knowledge_base.dir = path.resolve(base, parsed.data.knowledge_base.dir);
    parsed.data.languages.replies = path.resolve(base, parsed.data.languages.replies);
    try {
      compiled = compilePolicy(parsed.data, options);
    } catch (error) {
      others.push(...(error instanceof PolicyError ? error.problems : [{ path: [], message: errorMessage(error) }]));
    }
  }
  const problems = merge(schemaProblems, others)
    .map((p) => place(p, locator))
    .sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  const failed = problems.some(isError);
  return { ...(compiled && !failed ? { compiled: { ...compiled, warnings: problems } } : {}), problems };
}
