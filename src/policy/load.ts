/**
 * Reading a policy file: YAML -> zod -> compiled, with every problem reported at its line in the file.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LineCounter, parseDocument, isMap, isNode, isScalar } from 'yaml';
import { errorMessage } from '../errors.ts';
import { compilePolicy, PolicyError, type CompiledPolicy, type PolicyProblem } from './compile.ts';
import { policySchema } from './schema.ts';

/** The example policy shipped at the repository root. */
export const DEFAULT_POLICY_FILE = fileURLToPath(new URL('../../triage.policy.yaml', import.meta.url));

export interface LocatedProblem extends PolicyProblem {
  line?: number;
  column?: number;
}

export class PolicyFileError extends PolicyError {
  constructor(
    readonly located: LocatedProblem[],
    file: string,
  ) {
    super(located, file);
    this.message = `${file} is not a valid policy:\n${located.map((p) => `  ${formatProblem(file, p)}`).join('\n')}`;
  }
}

export function formatProblem(file: string, problem: LocatedProblem): string {
  const where = problem.line ? `${path.basename(file)}:${problem.line}:${problem.column ?? 1}` : path.basename(file);
  const at = problem.path.length ? ` at ${problem.path.join('.')}` : '';
  return `${where}${at}: ${problem.message}`;
}

/** Parses and validates policy text; throws PolicyFileError listing every problem with its line. */
export function parsePolicy(text: string, file: string, options: { stepIds?: string[] } = {}): CompiledPolicy {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const locate = (problemPath: (string | number)[], offset?: number): { line?: number; column?: number } => {
    let at = offset;
    if (at === undefined) {
      // Walk up the path until a node exists: a missing key is reported at its parent.
      for (let depth = problemPath.length; depth >= 0 && at === undefined; depth--) {
        const node = doc.getIn(problemPath.slice(0, depth), true);
        if (isNode(node) && node.range) at = node.range[0];
      }
    }
    if (at === undefined) return {};
    const { line, col } = lineCounter.linePos(at);
    return { line, column: col };
  };

  // An unknown key is reported where the key is written, not where its value starts.
  const locateKey = (mapPath: (string | number)[], key: string): { line?: number; column?: number } => {
    const map = doc.getIn(mapPath, true);
    const pair = isMap(map) ? map.items.find((item) => isScalar(item.key) && item.key.value === key) : undefined;
    const start = pair && isNode(pair.key) ? pair.key.range?.[0] : undefined;
    return start === undefined ? locate([...mapPath, key]) : locate([], start);
  };

  if (doc.errors.length > 0) {
    throw new PolicyFileError(
      doc.errors.map((e) => ({ path: [], message: `YAML syntax: ${e.message.split('\n')[0]}`, ...locate([], e.pos[0]) })),
      file,
    );
  }
  const parsed = policySchema.safeParse(doc.toJS());
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const issuePath = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
      let message = issue.message;
      if (issue.code === 'invalid_type' && /received undefined/.test(issue.message)) message = `required: add "${String(issuePath.at(-1))}" (${issue.expected}); see triage.policy.yaml for an example`;
      if (issue.code === 'unrecognized_keys') message = `unknown key(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}; check the spelling`;
      return { path: issuePath, message, ...(issue.code === 'unrecognized_keys' ? locateKey(issuePath, issue.keys[0] ?? '') : locate(issuePath)) };
    });
    throw new PolicyFileError(problems, file);
  }
  // Folders named by the policy are relative to the policy file, wherever the command runs from.
  const base = path.dirname(path.resolve(file));
  if (parsed.data.knowledge_base) parsed.data.knowledge_base.dir = path.resolve(base, parsed.data.knowledge_base.dir);
  parsed.data.languages.replies = path.resolve(base, parsed.data.languages.replies);
  try {
    return compilePolicy(parsed.data, options);
  } catch (error) {
    if (error instanceof PolicyError) {
      throw new PolicyFileError(error.problems.map((p) => ({ ...p, ...locate(p.path) })), file);
    }
    throw new PolicyFileError([{ path: [], message: errorMessage(error) }], file);
  }
}

export async function loadPolicy(file: string = DEFAULT_POLICY_FILE, options: { stepIds?: string[] } = {}): Promise<CompiledPolicy> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new PolicyFileError([{ path: [], message: `cannot read the policy file (${errorMessage(error)}); check the path given as the argument or in TRIAGE_POLICY` }], file);
  }
  return parsePolicy(text, file, options);
}
