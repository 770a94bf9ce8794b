/**
 * Reading a policy file: YAML -> zod -> compiled, with every problem reported at its line in the file.
 * The checks themselves live in check/; this module turns their findings into a loaded policy or an error.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { errorMessage } from '../errors.ts';
import { checkPolicyText, type CheckOptions, type PolicyCheck } from './check/index.ts';
import { isError, type LocatedProblem } from './check/problem.ts';
import { PolicyError, type CompiledPolicy } from './compile.ts';

export type { LocatedProblem } from './check/problem.ts';

/** The example policy shipped at the repository root. */
export const DEFAULT_POLICY_FILE = fileURLToPath(new URL('../../triage.policy.yaml', import.meta.url));

/** A policy file with at least one error; `located` lists every problem found (warnings too). */
export class PolicyFileError extends PolicyError {
  constructor(
    readonly located: LocatedProblem[],
    file: string,
  ) {
    super(located, file);
    const errors = located.filter(isError).length;
    this.message = `${file} is not a valid policy (${errors} error${errors === 1 ? '' : 's'}):\n${located.map((p) => `  ${formatProblem(file, p)}`).join('\n')}`;
  }
}

/** `file:line:col at path: message (hint)`, as `policy check` prints each problem. */
export function formatProblem(file: string, problem: LocatedProblem): string {
  const where = problem.line ? `${path.basename(file)}:${problem.line}:${problem.column ?? 1}` : path.basename(file);
  const at = problem.path.length ? ` at ${problem.path.join('.')}` : '';
  const label = problem.severity === 'warning' ? 'warning: ' : '';
  return `${where}${at}: ${label}${problem.message}${problem.hint ? ` (${problem.hint})` : ''}`;
}

/** Parses and validates policy text; throws PolicyFileError listing every problem with its line. */
export function parsePolicy(text: string, file: string, options: CheckOptions = {}): CompiledPolicy {
  const { compiled, problems } = checkPolicyText(text, file, options);
  if (!compiled) throw new PolicyFileError(problems, file);
  return compiled;
}

/** Checks the policy file at `file` without throwing: an unreadable file is one problem. */
export async function checkPolicyFile(file: string, options: CheckOptions = {}): Promise<PolicyCheck> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return { problems: [{ path: [], severity: 'error', message: `cannot read the policy file (${errorMessage(error)})`, hint: 'check the path given as the argument or in TRIAGE_POLICY' }] };
  }
  return checkPolicyText(text, file, options);
}

/**
 * Loads and compiles the policy at `file`; throws PolicyFileError listing every problem when it has
 * an error. Warnings do not stop it: they are on the result's `warnings`.
 */
export async function loadPolicy(file: string = DEFAULT_POLICY_FILE, options: CheckOptions = {}): Promise<CompiledPolicy> {
  const { compiled, problems } = await checkPolicyFile(file, options);
  if (!compiled) throw new PolicyFileError(problems, file);
  return compiled;
}
