/**
 * Turns a validated policy into what the steps use: compiled conditions and resolved routes.
 * Every cross-reference (teams named by routes, triggers, chains; steps named by HANDOFF) is checked here.
 */
import { compileCondition, type CompiledCondition } from '../engine/matcher.ts';
import type { LocatedProblem } from './check/problem.ts';
import { referenceProblems } from './check/references.ts';
import { InputError, errorMessage } from '../errors.ts';
import { compileLanguageSections, type ReplyCatalog } from '../knowledge/catalog.ts';
import type { KnowledgeBase } from '../knowledge/index.ts';
import type { Policy, Route, Team, Trigger } from './schema.ts';
import { policyVersion } from './version.ts';

export interface CompiledTrigger extends Trigger {
  compiled: CompiledCondition;
}

export interface CompiledHumanRule {
  compiled: CompiledCondition;
  then: Policy['on_human_complete'][number]['then'];
}

export interface CompiledPolicy {
  readonly source: Policy;
  /**
   * A content hash of the validated policy (defaults applied, so formatting and comments do not
   * change it); every decision records the version it was made under.
   */
  readonly version: string;
  readonly triggers: CompiledTrigger[];
  readonly onHumanComplete: CompiledHumanRule[];
  /** The route for a category, falling back to the default route. */
  route(category: string): Route;
  team(id: string): Team & { id: string };
  /** The indexed articles and the confidence an answer needs; null when the policy names none. */
  readonly knowledge: { base: KnowledgeBase; minConfidence: number } | null;
  /** Customer-facing templates per language. */
  readonly replies: ReplyCatalog;
  /** What the policy check found worth saying that does not stop the policy from loading. */
  readonly warnings: readonly LocatedProblem[];
}

/** `error` stops the policy from loading; `warning` is reported and the policy still loads. */
export type Severity = 'error' | 'warning';

/** A problem found in a policy, with the path of the offending value. */
export interface PolicyProblem {
  path: (string | number)[];
  message: string;
  /** How to fix it, when the message alone does not say. */
  hint?: string;
  /** `error` when absent. */
  severity?: Severity;
}

export class PolicyError extends InputError {
  override name = 'PolicyError';
  constructor(
    readonly problems: PolicyProblem[],
    readonly file?: string,
  ) {
    super(`${file ?? 'policy'} has ${problems.length} problem(s):\n${problems.map((p) => `  ${p.path.join('.')}: ${p.message}`).join('\n')}`);
  }
}

/**
 * Compiles the condition found at `path` in the policy, or says why it cannot be compiled (an
 * operator outside the allow-list, a malformed operand), in the words the policy check reports.
 */
export function compileAt(condition: unknown, path: (string | number)[]): { compiled: CompiledCondition } | { problem: PolicyProblem } {
  const where = path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
  try {
    return { compiled: compileCondition(condition as Record<string, unknown>, where) };
  } catch (error) {
    return { problem: { path, message: errorMessage(error).replace(`${where}: `, '') } };
  }
}

export function compilePolicy(policy: Policy, options: { stepIds?: string[] } = {}): CompiledPolicy {
  const problems: PolicyProblem[] = referenceProblems(policy, options);

  const triggers: CompiledTrigger[] = [];
  policy.triggers.forEach((trigger, i) => {
    const result = compileAt(trigger.when, ['triggers', i, 'when']);
    if ('problem' in result) problems.push(result.problem);
    else triggers.push({ ...trigger, compiled: result.compiled });
  });

  const onHumanComplete: CompiledHumanRule[] = [];
  policy.on_human_complete.forEach((rule, i) => {
    const result = compileAt(rule.if, ['on_human_complete', i, 'if']);
    if ('problem' in result) problems.push(result.problem);
    else onHumanComplete.push({ compiled: result.compiled, then: rule.then });
  });

  const languageSections = compileLanguageSections(policy);
  problems.push(...languageSections.problems);

  if (problems.length > 0) throw new PolicyError(problems);

  return {
    source: policy,
    version: policyVersion(policy),
    warnings: [],
    triggers,
    onHumanComplete,
    knowledge: languageSections.knowledge,
    replies: languageSections.replies as ReplyCatalog,
    route: (category) => policy.routing.categories[category as keyof typeof policy.routing.categories] ?? policy.routing.default,
    team: (id) => {
      const team = policy.teams[id];
      if (!team) throw new InputError(`unknown team "${id}"`);
      return { id, ...team };
    },
  };
}
